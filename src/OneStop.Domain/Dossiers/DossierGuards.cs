using OneStop.Domain.Roles;
using OneStop.Domain.Text;

namespace OneStop.Domain.Dossiers;

/// <summary>Who may take an action in a row of <see cref="DossierGuards.Table"/>.</summary>
public enum Who
{
    /// <summary>The applicant who owns the dossier.</summary>
    Owner,
    /// <summary>An officer of the dossier's agency with the desk role.</summary>
    Desk,
    /// <summary>An officer with the role of the current step who is not its assignee (takes it up).</summary>
    StepRole,
    /// <summary>An officer with the role of the current step, while the dossier is unassigned or assigned to them.</summary>
    Acting,
    /// <summary>The head of division or the agency's leader.</summary>
    Supervisor,
    /// <summary>The desk or the agency's leader (money taken at the desk).</summary>
    DeskOrLeader,
    /// <summary>The desk, the head of division or the agency's leader (apology letter).</summary>
    DeskOrSupervisor,
    /// <summary>The desk, the agency's leader, or OneStop on the payment gateway's notification.</summary>
    DeskLeaderOrSystem,
    /// <summary>Only OneStop itself, as a consequence of another action (never offered to a person).</summary>
    System,
}

/// <summary>Which dossiers a row applies to: any, only the original (filed by the applicant), or only a transferred one.</summary>
public enum Link
{
    Any,
    Original,
    Transferred,
}

/// <summary>A fact beyond status, role and link that must hold; each has the reason given when it does not.</summary>
public enum Condition
{
    FeesPaid,
    FeesDue,
    NoResultYet,
    HasResult,
    NoOpenTransfer,
    StepTransferDoneIfNamed,
    NotLateWithoutApology,
    CanSendBack,
    TransferAllowedHere,
    HasAppointment,
}

/// <summary>One row of the guard table: an action, the statuses it may start from, who may take it, on which dossiers, and what must hold.</summary>
public sealed record Guard(DossierAction Action, IReadOnlyList<DossierStatus> From, Who Who, Link Link, IReadOnlyList<Condition> Conditions);

/// <summary>
/// Who may take each action on a dossier: ONE table (action × status × role × original or transferred, with the facts
/// that must hold). The buttons on the pages, the API's list of available actions and the refusal of an action all come
/// from it, so what is offered is exactly what is accepted.
/// </summary>
public static class DossierGuards
{
    private static readonly DossierStatus[] Working = [DossierStatus.Received, DossierStatus.Processing, DossierStatus.AwaitingSupplement, DossierStatus.AwaitingPayment];
    private static readonly DossierStatus[] Draft = [DossierStatus.Draft];
    private static readonly DossierStatus[] Registered = [DossierStatus.Registered];
    private static readonly DossierStatus[] Processing = [DossierStatus.Processing];

    private static Guard Row(DossierAction action, DossierStatus[] from, Who who, Link link = Link.Any, params Condition[] conditions) => new(action, from, who, link, conditions);

    public static IReadOnlyList<Guard> Table { get; } =
    [
        // The applicant files and follows their own dossier; a transferred dossier belongs to the agencies.
        Row(DossierAction.SaveDraft, Draft, Who.Owner, Link.Original),
        Row(DossierAction.Submit, Draft, Who.Owner, Link.Original),
        Row(DossierAction.Supplement, [DossierStatus.AwaitingSupplement], Who.Owner, Link.Original),
        Row(DossierAction.Withdraw, [DossierStatus.Registered, .. Working], Who.Owner, Link.Original, Condition.NoResultYet),
        // The desk registers walk-ins, receives (fees due at submission paid first), refuses, returns.
        Row(DossierAction.Register, Draft, Who.Desk, Link.Original),
        Row(DossierAction.TransferIn, Draft, Who.System, Link.Transferred),
        Row(DossierAction.Receive, Registered, Who.Desk, Link.Any, Condition.FeesPaid),
        Row(DossierAction.Refuse, Registered, Who.Desk),
        Row(DossierAction.RequestSupplement, Registered, Who.Desk, Link.Original),
        Row(DossierAction.RequestSupplement, [DossierStatus.Received, DossierStatus.Processing], Who.Acting, Link.Original, Condition.NoOpenTransfer),
        // Processing: the officer of the current step takes it up, forwards, sends back, attaches results, transfers.
        Row(DossierAction.Claim, [DossierStatus.Received], Who.StepRole),
        Row(DossierAction.Claim, Processing, Who.StepRole, Link.Any, Condition.NoOpenTransfer),
        Row(DossierAction.Assign, [DossierStatus.Received, DossierStatus.Processing], Who.Supervisor),
        Row(DossierAction.Forward, Processing, Who.Acting, Link.Any, Condition.NoOpenTransfer, Condition.StepTransferDoneIfNamed, Condition.HasResult, Condition.NotLateWithoutApology),
        Row(DossierAction.SendBack, Processing, Who.Acting, Link.Any, Condition.NoOpenTransfer, Condition.CanSendBack),
        Row(DossierAction.Transfer, Processing, Who.Acting, Link.Any, Condition.NoOpenTransfer, Condition.TransferAllowedHere),
        Row(DossierAction.AttachResult, Processing, Who.Acting, Link.Any, Condition.NoOpenTransfer),
        Row(DossierAction.RequestPayment, Processing, Who.Acting, Link.Original, Condition.NoOpenTransfer),
        Row(DossierAction.TransferReturned, Processing, Who.System, Link.Original),
        // Money: a gateway's notification or money taken at the desk.
        Row(DossierAction.ConfirmPayment, [DossierStatus.AwaitingPayment, DossierStatus.Registered], Who.DeskLeaderOrSystem, Link.Original, Condition.FeesDue),
        // Leaders stop; the desk or a leader apologises for a delay and sets a new date; the desk returns the result.
        Row(DossierAction.Stop, Working, Who.Supervisor),
        Row(DossierAction.Apologise, [.. Working, DossierStatus.Resolved], Who.DeskOrSupervisor, Link.Original, Condition.HasAppointment),
        Row(DossierAction.ReturnResult, [DossierStatus.Resolved], Who.Desk, Link.Any, Condition.NotLateWithoutApology),
    ];

    /// <summary>The statuses an action may start from, whoever asks.</summary>
    public static IReadOnlySet<DossierStatus> From(DossierAction action) => Table.Where(g => g.Action == action).SelectMany(g => g.From).ToHashSet();

    /// <summary>Every action a person (never the system) can be offered on this dossier now, in table order.</summary>
    public static IReadOnlyList<DossierAction> Offered(DossierState state, DossierActor actor, DateTimeOffset now) =>
        Table.Select(g => g.Action).Distinct().Where(a => a is not (DossierAction.SaveDraft or DossierAction.Register or DossierAction.TransferIn) && Check(state, actor, a, now) is null).ToList();

    /// <summary>Null when the actor may take the action now; otherwise the reason, checked in order: status, who, link, facts.</summary>
    public static Refusal? Check(DossierState state, DossierActor actor, DossierAction action, DateTimeOffset now)
    {
        var rows = Table.Where(g => g.Action == action && g.From.Contains(state.Status)).ToList();
        if (rows.Count == 0)
        {
            return Refusal.IllegalInStatus(action, state.Status);
        }

        var mine = rows.Where(g => May(g.Who, state, actor)).ToList();
        if (mine.Count == 0)
        {
            return rows.Any(g => g.Who == Who.Acting && actor.Has(state.CurrentRole) && state.AssigneeId is { } a && a != actor.Id)
                ? Refusal.Conflict($"Hồ sơ đang do {state.AssigneeName} xử lý.", $"The dossier is being handled by {state.AssigneeName}.")
                : Refusal.Forbidden(action, rows[0].Who, state);
        }

        var row = mine[0];
        if (row.Link == Link.Original && state.IsTransferred)
        {
            return Refusal.Conflict("Không thực hiện thao tác này với hồ sơ liên thông từ cơ quan khác.", "This is not done on a dossier transferred from another agency.");
        }

        if (row.Link == Link.Transferred && !state.IsTransferred)
        {
            return Refusal.IllegalInStatus(action, state.Status);
        }

        foreach (var c in row.Conditions)
        {
            if (Failed(c, state, action, now) is { } refusal)
            {
                return refusal;
            }
        }

        return null;
    }

    private static bool May(Who who, DossierState s, DossierActor a) => who switch
    {
        Who.Owner => a.Kind == ActorKind.Applicant && s.ApplicantId == a.Id,
        Who.System => a.Kind == ActorKind.System,
        Who.DeskLeaderOrSystem => a.Kind == ActorKind.System || (Officer(s, a) && (a.Has(StaffRole.DeskOfficer) || a.Has(StaffRole.AgencyLeader))),
        _ when !Officer(s, a) => false,
        Who.Desk => a.Has(StaffRole.DeskOfficer),
        Who.StepRole => a.Has(s.CurrentRole) && s.AssigneeId != a.Id,
        Who.Acting => a.Has(s.CurrentRole) && (s.AssigneeId is null || s.AssigneeId == a.Id),
        Who.Supervisor => a.Has(StaffRole.DivisionHead) || a.Has(StaffRole.AgencyLeader),
        Who.DeskOrLeader => a.Has(StaffRole.DeskOfficer) || a.Has(StaffRole.AgencyLeader),
        Who.DeskOrSupervisor => a.Has(StaffRole.DeskOfficer) || a.Has(StaffRole.DivisionHead) || a.Has(StaffRole.AgencyLeader),
        _ => false,
    };

    /// <summary>Every action on a dossier happens at its own agency, by an officer of that agency.</summary>
    private static bool Officer(DossierState s, DossierActor a) => a.Kind == ActorKind.Staff && a.AgencyId == s.AgencyId;

    private static Refusal? Failed(Condition c, DossierState s, DossierAction action, DateTimeOffset now) => c switch
    {
        Condition.FeesPaid when s.FeeDueVnd > 0 => Refusal.Conflict(
            $"Hồ sơ chưa nộp phí, lệ phí ({VietnameseMoney.Figures(s.FeeDueVnd)} đồng): chỉ tiếp nhận khi người nộp đã thanh toán trực tuyến hoặc đã nộp tại quầy (\"Xác nhận đã thanh toán\").",
            $"The fees ({s.FeeDueVnd:N0} VND) are unpaid: receive the dossier once they are paid online or at the desk (\"Confirm payment\")."),
        Condition.FeesDue when s.FeeDueVnd <= 0 => Refusal.Conflict("Hồ sơ không có khoản phí nào đang chờ nộp.", "No fees are due on this dossier."),
        Condition.NoResultYet when s.ResultCount > 0 => Refusal.Conflict("Không thể rút hồ sơ đã có kết quả.", "A dossier with a result cannot be withdrawn."),
        Condition.NoOpenTransfer when s.HasOpenTransfer => Refusal.Conflict("Hồ sơ đang chờ cơ quan liên thông trả lại.", "The dossier is waiting for the other agency."),
        Condition.StepTransferDoneIfNamed when s.CurrentStep?.TransferTo is not null && !s.StepTransferDone => Refusal.Conflict(
            $"Bước \"{s.CurrentStep.Name}\" do cơ quan khác thực hiện: hãy chuyển liên thông trước.", $"Step \"{s.CurrentStep.Name}\" is done by another agency: transfer the dossier first."),
        // Approval (forwarding out of the last processing step) needs a result, and a late dossier its apology.
        Condition.HasResult when Releases(s, action) && s.ResultCount == 0 => Refusal.Conflict(
            "Chưa có kết quả giải quyết: hãy đính kèm kết quả trước khi phê duyệt.", "No result yet: attach the result before approving."),
        Condition.NotLateWithoutApology when (action != DossierAction.Forward || Releases(s, action)) && Deadlines.NeedsApology(s, now) => Refusal.Conflict(
            "Hồ sơ đã quá hạn: phải ban hành văn bản xin lỗi và hẹn lại ngày trả (mẫu 04) trước khi trả kết quả.",
            "The dossier is late: issue the apology letter with a new date (form 04) before returning the result."),
        Condition.CanSendBack when !WorkflowNavigator.CanSendBack(s.Steps, s.Step) => Refusal.Conflict(
            "Hồ sơ đang ở bước xử lý đầu tiên, không thể trả lại.", "The dossier is at the first processing step."),
        // A step the workflow hands to a named agency is transferred there; elsewhere an original dossier may be
        // transferred to an agency the officer chooses. A transferred dossier is never passed on again.
        Condition.TransferAllowedHere when s.CurrentStep?.TransferTo is null && s.IsTransferred => Refusal.Conflict(
            "Không chuyển tiếp hồ sơ liên thông sang cơ quan thứ ba.", "A transferred dossier is not passed on to a third agency."),
        Condition.HasAppointment when s.DueAt is null => Refusal.Conflict("Hồ sơ chưa có ngày hẹn trả.", "The dossier has no appointment yet."),
        _ => null,
    };

    private static bool Releases(DossierState s, DossierAction action) =>
        action == DossierAction.Forward && WorkflowNavigator.ForwardReleases(s.Steps, s.Step);
}

/// <summary>Why an action is refused: the status does not allow it (409), the actor may not (403), a fact does not hold (409) or the input is wrong (400).</summary>
public sealed record Refusal(RefusalKind Kind, string Vietnamese, string English, string? Field = null)
{
    public static Refusal IllegalInStatus(DossierAction action, DossierStatus status)
    {
        var s = DossierStatuses.Of(status);
        var (vi, en) = DossierStateMachine.Name(action);
        return new(RefusalKind.Status, $"Không thể \"{vi}\" khi hồ sơ đang ở trạng thái \"{s.Vietnamese}\".", $"Cannot \"{en}\" while the dossier is \"{s.English}\" ({s.National}).");
    }

    public static Refusal Forbidden(DossierAction action, Who who, DossierState state) => who switch
    {
        Who.Owner => new(RefusalKind.Forbidden, "Chỉ chủ hồ sơ mới thực hiện được thao tác này.", "Only the applicant can do this."),
        Who.Desk or Who.Acting or Who.StepRole when RoleNeeded(who, state) is var role => new(RefusalKind.Forbidden,
            $"Cần vai trò {StaffRoleNames.Of(role).Vietnamese} để thực hiện thao tác này.", $"This needs the {StaffRoleNames.Of(role).English} role."),
        _ => new(RefusalKind.Forbidden, "Bạn không có quyền thực hiện thao tác này.", "You may not do this."),
    };

    private static StaffRole RoleNeeded(Who who, DossierState state) => who == Who.Desk ? StaffRole.DeskOfficer : state.CurrentRole;

    public static Refusal Conflict(string vi, string en) => new(RefusalKind.Conflict, vi, en);

    public static Refusal Invalid(string field, string vi, string en) => new(RefusalKind.Invalid, vi, en, field);
}

public enum RefusalKind
{
    /// <summary>Not possible in the dossier's status (409).</summary>
    Status,
    /// <summary>The actor lacks the role (403).</summary>
    Forbidden,
    /// <summary>A fact does not hold (409).</summary>
    Conflict,
    /// <summary>The input is incomplete or wrong (400, with the field).</summary>
    Invalid,
}
