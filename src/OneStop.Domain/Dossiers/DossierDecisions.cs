using OneStop.Domain.Catalogue;
using OneStop.Domain.Payments;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Dossiers;

/// <summary>
/// Decides an action on a dossier: a pure function of the dossier's state, the actor, the action's arguments and the
/// moment. It first asks the guard table (<see cref="DossierGuards"/>) whether this actor may take the action now, then
/// returns what the action does (<see cref="Decision"/>) or why it is refused (<see cref="Refusal"/>). The host loads,
/// asks, and persists the decision in one transaction.
/// </summary>
public static class DossierDecisions
{
    /// <summary>The actions that count working time (an appointment, a step's quota, a supplement's pause) and so need the calendar.</summary>
    public static bool CountsWorkingTime(DossierAction action) =>
        action is DossierAction.Receive or DossierAction.Forward or DossierAction.SendBack or DossierAction.Supplement;

    public static Outcome Decide(DossierState state, DossierActor actor, DossierAction action, ActionArgs args, DecisionContext ctx) =>
        DossierGuards.Check(state, actor, action, ctx.Now) is { } refusal ? refusal : Make(state, actor, action, args, ctx);

    /// <summary>
    /// An action that follows from another one and is never offered to anyone (a transfer arriving or coming back, a
    /// transfer ended because its original dossier ended): only the status is checked.
    /// </summary>
    public static Outcome Follow(DossierState state, DossierActor actor, DossierAction action, ActionArgs args, DecisionContext ctx) =>
        DossierGuards.From(action).Contains(state.Status) ? Make(state, actor, action, args, ctx) : Refusal.IllegalInStatus(action, state.Status);

    private static Outcome Make(DossierState s, DossierActor actor, DossierAction action, ActionArgs a, DecisionContext ctx)
    {
        var now = ctx.Now;
        var note = Text(a.Note);
        switch (action)
        {
            case DossierAction.SaveDraft:
                return To(s, actor, action, DossierStatus.Draft);
            case DossierAction.Submit or DossierAction.Register or DossierAction.TransferIn:
            {
                var filed = To(s, actor, action, DossierStatus.Registered, step: 0, acting: action == DossierAction.Register ? StaffRole.DeskOfficer : null, note: note, details: a.Other) with
                {
                    SubmittedAt = now,
                    Effects = DossierEffects.GiveCode | (action == DossierAction.Register ? DossierEffects.KeepDigitisedInWallet : DossierEffects.None),
                };
                // Fees due at submission: the applicant pays online next; the desk receives paid dossiers only.
                return a.FeesAtSubmission is { Complete: true, TotalVnd: > 0 } fees
                    ? filed with { FeesRequested = fees, Notice = ApplicantNotice.PaymentRequested }
                    : filed;
            }

            case DossierAction.Receive:
            {
                var due = ctx.WorkingTime.DueAt(now, s.TimeLimit);
                var first = WorkflowNavigator.FirstProcessingStep(s.Steps);
                return To(s, actor, action, DossierStatus.Received, first, StaffRole.DeskOfficer, form: DeskForm.IssuedBy(action), details: new ReceivedDetails(due), fromStep: 0) with
                {
                    EnteredStep = Enter(s, first, ctx),
                    ReceivedAt = now,
                    DueAt = due,
                    OriginalDueAt = due,
                    DeadlineReset = true,
                    Notice = Notify(s, ApplicantNotice.Received),
                };
            }

            case DossierAction.Refuse:
                return Required(note, "note", "Ghi rõ lý do từ chối.", "Give the reason for refusal.")
                    ?? To(s, actor, action, DossierStatus.Refused, form: DeskForm.IssuedBy(action), note: note, acting: StaffRole.DeskOfficer) with
                    {
                        CompletedAt = now,
                        Notice = Notify(s, ApplicantNotice.Refused),
                        Effects = s.IsTransferred ? DossierEffects.ReleaseParent : DossierEffects.None,
                    };
            case DossierAction.RequestSupplement:
            {
                var missing = a.Missing.Select(m => m.Trim()).Where(m => m.Length > 0).ToList();
                return missing.Count == 0
                    ? Refusal.Invalid("missing", "Ghi rõ giấy tờ cần bổ sung.", "List what must be supplemented.")
                    : To(s, actor, action, DossierStatus.AwaitingSupplement, form: DeskForm.IssuedBy(action), note: note,
                        acting: s.Status == DossierStatus.Registered ? StaffRole.DeskOfficer : null, details: new SupplementRequestedDetails(missing)) with
                    {
                        Notice = Notify(s, ApplicantNotice.SupplementRequested),
                    };
            }

            case DossierAction.Supplement:
                return a.SupplementGiven ? Supplemented(s, actor, note, ctx) : Refusal.Invalid("files", "Hãy đính kèm giấy tờ được yêu cầu bổ sung.", "Attach the documents asked for.");
            case DossierAction.Claim:
                return To(s, actor, action, DossierStatus.Processing) with { Assignee = new Person(actor.Id, actor.Name) };
            case DossierAction.Assign:
                return a.Assignee is not { } who
                    ? Refusal.Invalid("assigneeId", "Chọn cán bộ của cơ quan có vai trò ở bước này.", "Choose an officer of the agency with this step's role.")
                    : To(s, actor, action, DossierStatus.Processing, note: note, acting: actor.Has(StaffRole.DivisionHead) ? StaffRole.DivisionHead : StaffRole.AgencyLeader,
                        details: new AssignedDetails(who.Name)) with { Assignee = who };
            case DossierAction.Forward when WorkflowNavigator.ForwardReleases(s.Steps, s.Step):
            {
                // Approval: the results are signed and wait at the desk's return step.
                var release = WorkflowNavigator.ReleaseStep(s.Steps);
                return To(s, actor, action, DossierStatus.Resolved, release, note: note, fromStep: s.Step) with
                {
                    EnteredStep = Enter(s, release, ctx),
                    ReleasedAt = now,
                    Notice = Notify(s, ApplicantNotice.ResultReady),
                    Effects = DossierEffects.SignResults,
                };
            }

            case DossierAction.Forward:
                return To(s, actor, action, DossierStatus.Processing, s.Step + 1, note: note, fromStep: s.Step) with { EnteredStep = Enter(s, s.Step + 1, ctx) };
            case DossierAction.SendBack:
                return Required(note, "note", "Ghi rõ lý do trả lại.", "Say why it is sent back.")
                    ?? To(s, actor, action, DossierStatus.Processing, s.Step - 1, note: note, fromStep: s.Step) with { EnteredStep = Enter(s, s.Step - 1, ctx) };
            case DossierAction.Transfer:
                return a.Target is not { } target || target.AgencyId == s.AgencyId
                    ? Refusal.Invalid("targetAgencyCode", "Chọn cơ quan nhận liên thông (khác cơ quan hiện tại).", "Choose the agency to transfer to (another agency).")
                    : To(s, actor, action, DossierStatus.Processing, note: note, details: new TransferredDetails(target.NewDossierCode, target.AgencyName, target.AgencyCode)) with
                    {
                        Effects = DossierEffects.CreateTransfer,
                    };
            case DossierAction.TransferReturned:
                return To(s, actor, action, s.Status, note: note, details: a.Other) with { TransferClosed = true };
            case DossierAction.AttachResult:
            {
                var number = s.ResultCount + 1;
                var code = DossierCodes.ResultCode(ctx.DossierCode ?? "", number);
                return To(s, actor, action, DossierStatus.Processing, note: note, details: new ResultAttachedDetails(code)) with { Result = (number, code) };
            }

            case DossierAction.RequestPayment:
                return PaymentRequested(s, actor, note, a.Fees);
            case DossierAction.ConfirmPayment:
                return a.Payment is not { } paid
                    ? Refusal.Invalid("payment", "Chưa có khoản thanh toán.", "No payment given.")
                    : To(s, actor, action, s.Status == DossierStatus.AwaitingPayment ? DossierStatus.Processing : s.Status,
                        acting: actor.Kind != ActorKind.Staff ? null : actor.Has(StaffRole.DeskOfficer) ? StaffRole.DeskOfficer : StaffRole.AgencyLeader,
                        details: new PaymentConfirmedDetails(paid.AmountVnd, paid.ReceiptNumber ?? "", paid.Reference, paid.Gateway)) with
                    {
                        FeesPaidVnd = paid.AmountVnd,
                        Notice = Notify(s, ApplicantNotice.PaymentReceived),
                    };
            case DossierAction.Stop:
                return Required(note, "note", "Ghi rõ lý do dừng xử lý.", "Give the reason for stopping.")
                    ?? Ended(s, actor, action, DossierStatus.Stopped, note, ctx, DeskForm.IssuedBy(action),
                        actor.Kind != ActorKind.Staff ? null : actor.Has(StaffRole.AgencyLeader) ? StaffRole.AgencyLeader : StaffRole.DivisionHead) with
                    {
                        Notice = Notify(s, ApplicantNotice.Stopped),
                    };
            case DossierAction.Withdraw:
                return Ended(s, actor, action, DossierStatus.Withdrawn, note, ctx, null, null);
            case DossierAction.Apologise:
                return Apology(s, actor, note, a.NewDueAt, now);
            case DossierAction.ReturnResult when s.IsTransferred:
                // A transferred dossier goes back to the agency that sent it; its results join the parent's.
                return To(s, actor, action, DossierStatus.Returned, note: note) with
                {
                    CompletedAt = now,
                    ReturnChannel = ReturnChannel.Online,
                    Effects = DossierEffects.HandBackToParent,
                };
            case DossierAction.ReturnResult:
                return a.ReturnChannel is not { } channel
                    ? Refusal.Invalid("returnChannel", "Chọn hình thức trả kết quả.", "Choose how the result is returned.")
                    : To(s, actor, action, DossierStatus.Returned, note: note, details: new ResultReturnedDetails(channel)) with
                    {
                        CompletedAt = now,
                        ReturnChannel = channel,
                        Effects = DossierEffects.KeepResultsInWallet,
                    };
        }

        return Refusal.IllegalInStatus(action, s.Status);
    }

    /// <summary>
    /// The transferred dossier of an original that ended (withdrawn or stopped): the other agency stops working on it. A
    /// stopped original refuses a transfer its receiving desk has not taken in yet.
    /// </summary>
    public static Outcome EndTransferred(DossierState child, DossierActor actor, DossierAction parentAction, string parentCode, string? note, DecisionContext ctx)
    {
        var action = parentAction == DossierAction.Stop && child.Status == DossierStatus.Registered ? DossierAction.Refuse : parentAction;
        var why = $"Hồ sơ gốc {parentCode} đã kết thúc: {note}";
        if (!DossierGuards.From(action).Contains(child.Status))
        {
            return Refusal.IllegalInStatus(action, child.Status);
        }

        var to = action switch { DossierAction.Refuse => DossierStatus.Refused, DossierAction.Stop => DossierStatus.Stopped, _ => DossierStatus.Withdrawn };
        return To(child, actor, action, to, note: why) with { CompletedAt = ctx.Now };
    }

    private static Decision Ended(DossierState s, DossierActor actor, DossierAction action, DossierStatus to, string? note, DecisionContext ctx, string? form, StaffRole? acting) =>
        To(s, actor, action, to, form: form, note: note, acting: acting) with
        {
            CompletedAt = ctx.Now,
            Effects = (s.HasOpenTransfer ? DossierEffects.EndOpenTransfer : DossierEffects.None) | (s.IsTransferred ? DossierEffects.ReleaseParent : DossierEffects.None),
        };

    /// <summary>
    /// The applicant's supplement: back to the desk if the dossier had not been received yet, back to processing
    /// otherwise — and then the time spent waiting does not count against the agency: the appointment and the step's
    /// deadline move by the working hours of the wait.
    /// </summary>
    private static Decision Supplemented(DossierState s, DossierActor actor, string? note, DecisionContext ctx)
    {
        if (s.ReceivedAt is null)
        {
            return To(s, actor, DossierAction.Supplement, DossierStatus.Registered, note: note);
        }

        var back = To(s, actor, DossierAction.Supplement, DossierStatus.Processing, note: note);
        if (s.DueAt is not { } due)
        {
            return back;
        }

        var paused = s.SupplementRequestedAt is { } asked ? ctx.WorkingTime.PausedHours(asked, ctx.Now) : 0;
        var newDue = paused > 0 ? ctx.WorkingTime.AddWorkingHours(due, paused) : due;
        return back with
        {
            DueAt = newDue,
            StepDueAt = s.StepDueAt is { } stepDue && paused > 0 ? ctx.WorkingTime.AddWorkingHours(stepDue, paused) : null,
            DeadlineReset = true,
            History = back.History with { Details = new SupplementedDetails(paused, newDue) },
        };
    }

    /// <summary>Yêu cầu thực hiện nghĩa vụ tài chính: the fee lines that apply; the dossier waits for payment (status 6).</summary>
    private static Outcome PaymentRequested(DossierState s, DossierActor actor, string? note, FeeQuote? quote)
    {
        if (quote is not { Complete: true })
        {
            return Refusal.Invalid("fees", "Nhập số tiền cho các khoản chưa có mức thu trong danh mục.", "Enter the amount of the lines the catalogue has no amount for.");
        }

        if (quote.TotalVnd > Fees.MaxTotalVnd)
        {
            return Refusal.Invalid("fees", "Tổng phí, lệ phí vượt quá 1.000.000.000 đồng: kiểm tra lại số lượng và số tiền đã nhập.",
                "The fees add up to more than 1,000,000,000 VND: check the quantities and amounts entered.");
        }

        if (quote.TotalVnd <= 0)
        {
            return Refusal.Invalid("fees", "Chọn các khoản phí, lệ phí phải nộp (tổng lớn hơn 0 đồng). Hồ sơ được miễn thì không yêu cầu nộp.",
                "Choose the fee lines due (a total above 0 VND). An exempt dossier needs no payment request.");
        }

        return To(s, actor, DossierAction.RequestPayment, DossierStatus.AwaitingPayment, note: note,
            details: new PaymentRequestedDetails(quote.TotalVnd, quote.Lines.Select(l => $"{l.Name} × {l.Quantity}").ToList())) with
        {
            FeesRequested = quote,
            Notice = Notify(s, ApplicantNotice.PaymentRequested),
        };
    }

    /// <summary>Phiếu xin lỗi và hẹn lại ngày trả (form 04): a reason and a new date after the current one and after now.</summary>
    private static Outcome Apology(DossierState s, DossierActor actor, string? reason, DateTimeOffset? newDue, DateTimeOffset now)
    {
        if (Required(reason, "note", "Ghi rõ lý do chậm trễ.", "Give the reason for the delay.") is { } missing)
        {
            return missing;
        }

        if (newDue is not { } next || s.DueAt is not { } due || next <= due || next <= now)
        {
            return Refusal.Invalid("newDueAt", "Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại.", "The new date must be after the current appointment and after now.");
        }

        return To(s, actor, DossierAction.Apologise, s.Status, form: DeskForm.IssuedBy(DossierAction.Apologise), note: reason, details: new ApologyDetails(due, next)) with
        {
            Apologised = true,
            DueAt = next,
            DeadlineReset = true,
            Notice = Notify(s, ApplicantNotice.Apology),
        };
    }

    /// <summary>The common part: the new status at a step, the role that acts there, and the history record.</summary>
    private static Decision To(DossierState s, DossierActor actor, DossierAction action, DossierStatus to, int? step = null, StaffRole? acting = null,
        string? form = null, string? note = null, EventDetails? details = null, int? fromStep = null)
    {
        var at = step ?? s.Step;
        // Staff act in the role of the current step when they hold it, unless the action names another.
        var role = acting ?? (actor.Kind == ActorKind.Staff && actor.Has(s.CurrentRole) ? s.CurrentRole : null);
        return new Decision
        {
            To = to,
            Step = at,
            Role = WorkflowNavigator.RoleFor(to, s.Steps, at),
            History = new HistoryRecord(action, s.Status, to, fromStep ?? s.Step, at, role, note, form, details),
        };
    }

    private static (DateTimeOffset, DateTimeOffset) Enter(DossierState s, int step, DecisionContext ctx) =>
        (ctx.Now, ctx.WorkingTime.AddWorkingHours(ctx.Now, WorkflowNavigator.QuotaHours(s.Steps, step)));

    /// <summary>A transferred dossier belongs to the agencies; the applicant hears about the original one.</summary>
    private static ApplicantNotice? Notify(DossierState s, ApplicantNotice notice) => s.IsTransferred ? null : notice;

    private static Outcome? Required(string? text, string field, string vi, string en) => text is null ? new Outcome(null, Refusal.Invalid(field, vi, en)) : null;

    private static string? Text(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim() is { Length: > 2000 } t ? t[..2000] : s.Trim();
}

/// <summary>Transfers between agencies (liên thông): the workflow the receiving agency works a transferred step in.</summary>
public static class Transfers
{
    /// <summary>
    /// The receiving agency's dossier gets the step's quota (at least 4 working hours) as its time limit, and four steps:
    /// its desk takes it in, a specialist does the step, its leader approves, its desk hands it back to the sender.
    /// </summary>
    public static (IReadOnlyList<WorkflowStep> Steps, TimeLimit Limit) Workflow(WorkflowStep step, string senderName)
    {
        var quota = Math.Max(step.QuotaHours, 4);
        return (
        [
            new("Tiếp nhận hồ sơ liên thông", StaffRole.DeskOfficer, 1),
            new(step.Name, StaffRole.Specialist, Math.Max(quota - 3, 1)),
            new("Lãnh đạo phê duyệt", StaffRole.AgencyLeader, 1),
            new($"Trả hồ sơ cho {senderName}", StaffRole.DeskOfficer, 1),
        ], new TimeLimit(TimeLimitUnit.WorkingHours, quota, false, $"{quota} giờ làm việc (liên thông)"));
    }
}
