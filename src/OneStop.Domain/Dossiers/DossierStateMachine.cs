using System.Text.Json.Serialization;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Dossiers;

/// <summary>Everything that can happen to a dossier; each action is one history record.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DossierAction>))]
public enum DossierAction
{
    SaveDraft = 0,
    Submit = 1,
    Register = 2,
    Receive = 3,
    RequestSupplement = 4,
    Supplement = 5,
    Refuse = 6,
    Claim = 7,
    Assign = 8,
    Forward = 9,
    SendBack = 10,
    Transfer = 11,
    TransferReturned = 12,
    AttachResult = 13,
    RequestPayment = 14,
    ConfirmPayment = 15,
    Stop = 16,
    Withdraw = 17,
    Apologise = 18,
    ReturnResult = 19,
    // 20 was MarkOverdue, never written: the deadline job keeps DeadlineState, not the history.
    /// <summary>A dossier handed over by another agency (liên thông) enters this agency's desk queue.</summary>
    TransferIn = 21,
}

/// <summary>
/// Which status each action leads to. Which statuses it may start from, and who may take it, is the guard table
/// (<see cref="DossierGuards"/>); this table adds where it may lead. An action it refuses is answered with 409 naming the
/// current status, and nothing is stored.
/// </summary>
public static class DossierStateMachine
{
    private static readonly Dictionary<DossierAction, DossierStatus[]> Targets = new()
    {
        [DossierAction.SaveDraft] = [DossierStatus.Draft],
        [DossierAction.Submit] = [DossierStatus.Registered],
        [DossierAction.Register] = [DossierStatus.Registered],
        [DossierAction.TransferIn] = [DossierStatus.Registered],
        [DossierAction.Receive] = [DossierStatus.Received],
        [DossierAction.RequestSupplement] = [DossierStatus.AwaitingSupplement],
        // Back to the desk when the dossier had not been received yet, back to processing otherwise.
        [DossierAction.Supplement] = [DossierStatus.Registered, DossierStatus.Processing],
        [DossierAction.Refuse] = [DossierStatus.Refused],
        [DossierAction.Claim] = [DossierStatus.Processing],
        [DossierAction.Assign] = [DossierStatus.Processing],
        // Forwarding out of the last processing step releases the result (approval).
        [DossierAction.Forward] = [DossierStatus.Processing, DossierStatus.Resolved],
        [DossierAction.SendBack] = [DossierStatus.Processing],
        [DossierAction.Transfer] = [DossierStatus.Processing],
        [DossierAction.TransferReturned] = [DossierStatus.Processing],
        [DossierAction.AttachResult] = [DossierStatus.Processing],
        [DossierAction.RequestPayment] = [DossierStatus.AwaitingPayment],
        // Paid while waiting (status 6) goes back to processing; paid right after submission (fees due at submission)
        // stays with the desk, which receives only paid dossiers.
        [DossierAction.ConfirmPayment] = [DossierStatus.Processing, DossierStatus.Registered],
        [DossierAction.Stop] = [DossierStatus.Stopped],
        [DossierAction.Withdraw] = [DossierStatus.Withdrawn],
        // The apology keeps the status.
        [DossierAction.Apologise] = [],
        [DossierAction.ReturnResult] = [DossierStatus.Returned],
    };

    /// <summary>May <paramref name="action"/> be taken in <paramref name="from"/> (by someone)?</summary>
    public static bool CanTake(DossierStatus from, DossierAction action) => DossierGuards.From(action).Contains(from);

    /// <summary>May <paramref name="action"/> take a dossier from <paramref name="from"/> to <paramref name="to"/>?</summary>
    public static bool IsAllowed(DossierStatus from, DossierAction action, DossierStatus to)
    {
        if (!CanTake(from, action))
        {
            return false;
        }

        return action switch
        {
            DossierAction.Apologise => to == from,
            DossierAction.ConfirmPayment => (from, to) is (DossierStatus.AwaitingPayment, DossierStatus.Processing) or (DossierStatus.Registered, DossierStatus.Registered),
            _ => Targets[action].Contains(to),
        };
    }

    /// <summary>Actions possible in a status (before guards such as roles, results or deadlines).</summary>
    public static IReadOnlyList<DossierAction> ActionsFrom(DossierStatus from) =>
        Targets.Keys.Where(a => CanTake(from, a)).Order().ToList();

    /// <summary>Every (from, action, to) edge, for the lifecycle diagram and its test.</summary>
    public static IEnumerable<(DossierStatus From, DossierAction Action, DossierStatus To)> Edges() =>
        from kv in Targets
        where kv.Key is not DossierAction.Apologise
        from f in DossierGuards.From(kv.Key).Order()
        from t in kv.Value
        where IsAllowed(f, kv.Key, t)
        select (f, kv.Key, t);

    public static (string Vietnamese, string English) Name(DossierAction action) => action switch
    {
        DossierAction.SaveDraft => ("Lưu bản nháp", "Save draft"),
        DossierAction.Submit => ("Nộp hồ sơ trực tuyến", "Submit online"),
        DossierAction.Register => ("Đăng ký hồ sơ tại Bộ phận Một cửa", "Register at the desk"),
        DossierAction.Receive => ("Tiếp nhận hồ sơ", "Receive"),
        DossierAction.RequestSupplement => ("Yêu cầu bổ sung, hoàn thiện hồ sơ", "Request supplement"),
        DossierAction.Supplement => ("Bổ sung hồ sơ", "Supplement"),
        DossierAction.Refuse => ("Từ chối tiếp nhận", "Refuse"),
        DossierAction.Claim => ("Nhận xử lý", "Claim"),
        DossierAction.Assign => ("Phân công xử lý", "Assign"),
        DossierAction.Forward => ("Chuyển bước tiếp theo", "Forward"),
        DossierAction.SendBack => ("Trả lại bước trước", "Send back"),
        DossierAction.Transfer => ("Chuyển liên thông", "Transfer to another agency"),
        DossierAction.TransferReturned => ("Nhận lại hồ sơ liên thông", "Transfer returned"),
        DossierAction.AttachResult => ("Đính kèm kết quả", "Attach result"),
        DossierAction.RequestPayment => ("Yêu cầu thực hiện nghĩa vụ tài chính", "Request payment"),
        DossierAction.ConfirmPayment => ("Xác nhận đã thanh toán", "Confirm payment"),
        DossierAction.Stop => ("Dừng xử lý", "Stop processing"),
        DossierAction.Withdraw => ("Rút hồ sơ", "Withdraw"),
        DossierAction.Apologise => ("Xin lỗi và hẹn lại ngày trả", "Apologise and set a new date"),
        DossierAction.ReturnResult => ("Trả kết quả", "Return the result"),
        DossierAction.TransferIn => ("Nhận hồ sơ liên thông từ cơ quan khác", "Received by transfer from another agency"),
        _ => (action.ToString(), action.ToString()),
    };
}

/// <summary>
/// Where a dossier stands in its workflow. Steps come from the procedure version it was filed under (or, for a
/// dossier created by a transfer, from the transfer). The first step is the desk's reception when it is a desk step;
/// the last is the desk's return when it is a desk step.
/// </summary>
public static class WorkflowNavigator
{
    /// <summary>The step a received dossier goes to.</summary>
    public static int FirstProcessingStep(IReadOnlyList<WorkflowStep> steps) =>
        steps.Count > 1 && steps[0].Role == StaffRole.DeskOfficer ? 1 : 0;

    /// <summary>
    /// The desk's return step (the dossier waits there in status Đã xử lý xong), or -1 if the workflow has none: the
    /// last step when it is a desk step that comes after the first processing step (a desk step that is itself the
    /// processing step, as in [desk, desk] or [desk], is not a return step).
    /// </summary>
    public static int ReturnStep(IReadOnlyList<WorkflowStep> steps) =>
        steps.Count > 1 && steps[^1].Role == StaffRole.DeskOfficer && steps.Count - 1 > FirstProcessingStep(steps) ? steps.Count - 1 : -1;

    /// <summary>Does forwarding out of <paramref name="step"/> release the result (the next step is the return, or there is none)?</summary>
    public static bool ForwardReleases(IReadOnlyList<WorkflowStep> steps, int step) =>
        step + 1 >= steps.Count || step + 1 == ReturnStep(steps);

    /// <summary>The step a dossier waits in once released.</summary>
    public static int ReleaseStep(IReadOnlyList<WorkflowStep> steps) =>
        ReturnStep(steps) is var r and >= 0 ? r : steps.Count - 1;

    public static bool CanSendBack(IReadOnlyList<WorkflowStep> steps, int step) => step > FirstProcessingStep(steps);

    /// <summary>The role that acts on a dossier in a status at a step.</summary>
    public static StaffRole RoleFor(DossierStatus status, IReadOnlyList<WorkflowStep> steps, int step) => status switch
    {
        DossierStatus.Registered or DossierStatus.Resolved => StaffRole.DeskOfficer,
        _ when step >= 0 && step < steps.Count => steps[step].Role,
        _ => StaffRole.DeskOfficer,
    };

    /// <summary>Working hours allowed at a step (its quota).</summary>
    public static int QuotaHours(IReadOnlyList<WorkflowStep> steps, int step) => step >= 0 && step < steps.Count ? steps[step].QuotaHours : 0;
}
