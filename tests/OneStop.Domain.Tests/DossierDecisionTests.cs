using OneStop.Domain.Calendar;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Payments;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Tests;

/// <summary>
/// The dossier's decision (<see cref="DossierDecisions"/>) and its guard table (<see cref="DossierGuards"/>), checked
/// against cases an officer would recognise, with dates computed by hand on the Vietnamese working calendar
/// (07:00–11:30, 13:30–17:00; Monday 7 December 2026 is an ordinary working Monday).
/// </summary>
public class DossierDecisionTests
{
    private static readonly Guid Agency = Guid.Parse("00000000-0000-0000-0000-0000000000a1");
    private static readonly Guid OtherAgency = Guid.Parse("00000000-0000-0000-0000-0000000000a2");
    private static readonly Guid Owner = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    private static readonly Guid Stranger = Guid.Parse("00000000-0000-0000-0000-00000000c002");
    private static readonly Guid Officer1 = Guid.Parse("00000000-0000-0000-0000-00000000f001");
    private static readonly Guid Officer2 = Guid.Parse("00000000-0000-0000-0000-00000000f002");
    private static readonly TimeSpan Vn = TimeSpan.FromHours(7);
    private static readonly DateTimeOffset Monday9 = new(2026, 12, 7, 9, 0, 0, Vn);

    /// <summary>Desk (4 h), specialist (16 h), leader (4 h), desk return (4 h).</summary>
    private static readonly WorkflowStep[] Steps =
    [
        new("Tiếp nhận", StaffRole.DeskOfficer, 4),
        new("Thẩm định", StaffRole.Specialist, 16),
        new("Phê duyệt", StaffRole.AgencyLeader, 4),
        new("Trả kết quả", StaffRole.DeskOfficer, 4),
    ];

    private static DossierState At(DossierStatus status, int step = 1) => new()
    {
        Status = status,
        Steps = Steps,
        Step = step,
        CurrentRole = WorkflowNavigator.RoleFor(status, Steps, step),
        AgencyId = Agency,
        ApplicantId = Owner,
        TimeLimit = new TimeLimit(TimeLimitUnit.WorkingDays, 3, true, "03 ngày làm việc"),
        ReceivedAt = status is DossierStatus.Draft or DossierStatus.Registered ? null : Monday9,
        DueAt = status is DossierStatus.Draft or DossierStatus.Registered ? null : new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn),
    };

    private static DossierActor Staff(params StaffRole[] roles) => new(ActorKind.Staff, Officer1, "Cán bộ", Agency, roles.ToHashSet());

    private static DossierActor Applicant(Guid id) => new(ActorKind.Applicant, id, "Công dân", null, new HashSet<StaffRole>());

    private static DecisionContext Ctx(DateTimeOffset now) => new(now, WorkingCalendar.Vietnam, "000.00.01.H26-261207-0001");

    private static readonly DossierActor Desk = Staff(StaffRole.DeskOfficer);
    private static readonly DossierActor Specialist = Staff(StaffRole.Specialist);
    private static readonly DossierActor DivisionHead = Staff(StaffRole.DivisionHead);
    private static readonly DossierActor Leader = Staff(StaffRole.AgencyLeader);

    // ----- Who may: cases, each with the answer an officer expects ----------------------------------------------

    public sealed record Case(string Name, DossierState State, DossierActor Actor, DossierAction Action, RefusalKind? Refused, DateTimeOffset? Now = null)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<Case> Cases() =>
    [
        new("the desk receives a registered dossier", At(DossierStatus.Registered, 0), Desk, DossierAction.Receive, null),
        new("the desk does not receive before fees due at submission are paid", At(DossierStatus.Registered, 0) with { FeeDueVnd = 50_000 }, Desk, DossierAction.Receive, RefusalKind.Conflict),
        new("a specialist may not receive", At(DossierStatus.Registered, 0), Specialist, DossierAction.Receive, RefusalKind.Forbidden),
        new("a desk officer of another agency may not receive", At(DossierStatus.Registered, 0), Desk with { AgencyId = OtherAgency }, DossierAction.Receive, RefusalKind.Forbidden),
        new("nothing is received twice", At(DossierStatus.Processing), Desk, DossierAction.Receive, RefusalKind.Status),
        new("the desk refuses a transferred dossier it cannot take", At(DossierStatus.Registered, 0) with { IsTransferred = true }, Desk, DossierAction.Refuse, null),
        new("the owner withdraws while processing", At(DossierStatus.Processing), Applicant(Owner), DossierAction.Withdraw, null),
        new("another citizen may not withdraw it", At(DossierStatus.Processing), Applicant(Stranger), DossierAction.Withdraw, RefusalKind.Forbidden),
        new("no withdrawal once a result exists", At(DossierStatus.Processing) with { ResultCount = 1 }, Applicant(Owner), DossierAction.Withdraw, RefusalKind.Conflict),
        new("no withdrawal of a transferred dossier", At(DossierStatus.Processing) with { IsTransferred = true }, Applicant(Owner), DossierAction.Withdraw, RefusalKind.Conflict),
        new("no withdrawal once resolved", At(DossierStatus.Resolved, 3), Applicant(Owner), DossierAction.Withdraw, RefusalKind.Status),
        new("the specialist forwards an unassigned step", At(DossierStatus.Processing), Specialist, DossierAction.Forward, null),
        new("a specialist may not forward a step assigned to a colleague", At(DossierStatus.Processing) with { AssigneeId = Officer2, AssigneeName = "Chị B" }, Specialist, DossierAction.Forward, RefusalKind.Conflict),
        new("a specialist takes up a step assigned to a colleague", At(DossierStatus.Processing) with { AssigneeId = Officer2, AssigneeName = "Chị B" }, Specialist, DossierAction.Claim, null),
        new("the assignee does not take up their own step again", At(DossierStatus.Processing) with { AssigneeId = Officer1 }, Specialist, DossierAction.Claim, RefusalKind.Forbidden),
        new("a leader may not forward a specialist's step", At(DossierStatus.Processing), Leader, DossierAction.Forward, RefusalKind.Forbidden),
        new("nothing is forwarded while another agency holds the dossier", At(DossierStatus.Processing) with { HasOpenTransfer = true }, Specialist, DossierAction.Forward, RefusalKind.Conflict),
        new("a step done by another agency is transferred before it is forwarded",
            At(DossierStatus.Processing) with { Steps = [Steps[0], Steps[1] with { TransferTo = "X" }, Steps[2], Steps[3]] }, Specialist, DossierAction.Forward, RefusalKind.Conflict),
        new("the step is forwarded once the other agency returned it",
            At(DossierStatus.Processing) with { Steps = [Steps[0], Steps[1] with { TransferTo = "X" }, Steps[2], Steps[3]], StepTransferDone = true }, Specialist, DossierAction.Forward, null),
        new("the leader does not approve without a result", At(DossierStatus.Processing, 2), Leader, DossierAction.Forward, RefusalKind.Conflict),
        new("the leader approves with a result", At(DossierStatus.Processing, 2) with { ResultCount = 1 }, Leader, DossierAction.Forward, null),
        new("a late approval needs the apology first", At(DossierStatus.Processing, 2) with { ResultCount = 1 }, Leader, DossierAction.Forward, RefusalKind.Conflict, new DateTimeOffset(2026, 12, 10, 9, 0, 1, Vn)),
        new("not late at the very minute of the appointment", At(DossierStatus.Processing, 2) with { ResultCount = 1 }, Leader, DossierAction.Forward, null, new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn)),
        new("a late approval after the apology", At(DossierStatus.Processing, 2) with { ResultCount = 1, ApologyCount = 1 }, Leader, DossierAction.Forward, null, new DateTimeOffset(2026, 12, 11, 9, 0, 0, Vn)),
        new("a late transferred dossier answers to its sender, not with an apology", At(DossierStatus.Processing, 2) with { ResultCount = 1, IsTransferred = true }, Leader, DossierAction.Forward, null, new DateTimeOffset(2026, 12, 11, 9, 0, 0, Vn)),
        new("a late result is not returned before the apology", At(DossierStatus.Resolved, 3), Desk, DossierAction.ReturnResult, RefusalKind.Conflict, new DateTimeOffset(2026, 12, 11, 9, 0, 0, Vn)),
        new("the desk apologises for a late dossier", At(DossierStatus.Resolved, 3), Desk, DossierAction.Apologise, null, new DateTimeOffset(2026, 12, 11, 9, 0, 0, Vn)),
        new("no apology on a transferred dossier", At(DossierStatus.Processing) with { IsTransferred = true }, Desk, DossierAction.Apologise, RefusalKind.Conflict),
        new("no payment request on a transferred dossier", At(DossierStatus.Processing) with { IsTransferred = true }, Specialist, DossierAction.RequestPayment, RefusalKind.Conflict),
        new("no supplement request on a transferred dossier", At(DossierStatus.Processing) with { IsTransferred = true }, Specialist, DossierAction.RequestSupplement, RefusalKind.Conflict),
        new("a transferred dossier is not passed on to a third agency", At(DossierStatus.Processing) with { IsTransferred = true }, Specialist, DossierAction.Transfer, RefusalKind.Conflict),
        new("an original dossier is transferred by the acting officer", At(DossierStatus.Processing), Specialist, DossierAction.Transfer, null),
        new("nothing to send back from the first processing step", At(DossierStatus.Processing, 1), Specialist, DossierAction.SendBack, RefusalKind.Conflict),
        new("the leader sends back to the specialist", At(DossierStatus.Processing, 2), Leader, DossierAction.SendBack, null),
        new("the desk may not stop processing", At(DossierStatus.Processing), Desk, DossierAction.Stop, RefusalKind.Forbidden),
        new("a head of division stops processing", At(DossierStatus.Processing), DivisionHead, DossierAction.Stop, null),
        new("the gateway confirms a payment awaited", At(DossierStatus.AwaitingPayment) with { FeeDueVnd = 50_000 }, DossierActor.System, DossierAction.ConfirmPayment, null),
        new("a specialist does not take money", At(DossierStatus.AwaitingPayment) with { FeeDueVnd = 50_000 }, Specialist, DossierAction.ConfirmPayment, RefusalKind.Forbidden),
        new("no payment is confirmed when nothing is due", At(DossierStatus.Registered, 0), Desk, DossierAction.ConfirmPayment, RefusalKind.Conflict),
        new("the system is never a desk officer", At(DossierStatus.Registered, 0), DossierActor.System, DossierAction.Receive, RefusalKind.Forbidden),
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Who_may_take_an_action(Case c)
    {
        var refusal = DossierGuards.Check(c.State, c.Actor, c.Action, c.Now ?? Monday9);
        Assert.Equal(c.Refused, refusal?.Kind);
        // What a person is offered is exactly what is accepted.
        if (c.Actor.Kind != ActorKind.System)
        {
            Assert.Equal(refusal is null, DossierGuards.Offered(c.State, c.Actor, c.Now ?? Monday9).Contains(c.Action));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Only_actions_that_count_working_time_need_the_calendar(Case c)
    {
        var args = new ActionArgs
        {
            Note = "Lý do", Missing = ["Giấy tờ"], Assignee = new Person(Officer2, "Chị B"), ReturnChannel = ReturnChannel.Online,
            Target = new TransferTarget(OtherAgency, "X", "Cơ quan X", "X-261207-0001"), NewDueAt = (c.State.DueAt ?? Monday9).AddDays(2),
            Fees = new FeeQuote([new FeeLine(0, "Lệ phí", 8_000, 1, null)], 8_000, true), Payment = new(8_000, "R-BL1", "R", "desk"), SupplementGiven = true,
        };
        var withoutCalendar = new DecisionContext(c.Now ?? Monday9, null, "A-261207-0001");
        if (DossierDecisions.CountsWorkingTime(c.Action) && DossierGuards.Check(c.State, c.Actor, c.Action, withoutCalendar.Now) is null
            && !(c.Action == DossierAction.Supplement && c.State.ReceivedAt is null))
        {
            Assert.Throws<InvalidOperationException>(() => DossierDecisions.Decide(c.State, c.Actor, c.Action, args, withoutCalendar));
        }
        else
        {
            var outcome = DossierDecisions.Decide(c.State, c.Actor, c.Action, args, withoutCalendar);
            Assert.Equal(c.Refused is null, outcome.Decision is not null);
        }
    }

    [Fact]
    public void Nothing_is_offered_on_a_final_dossier_to_anyone()
    {
        DossierActor[] everyone = [Desk, Specialist, DivisionHead, Leader, Applicant(Owner), Staff(StaffRole.DeskOfficer, StaffRole.Specialist, StaffRole.DivisionHead, StaffRole.AgencyLeader)];
        foreach (var status in DossierStatuses.Final)
        {
            foreach (var actor in everyone)
            {
                Assert.Empty(DossierGuards.Offered(At(status), actor, Monday9));
            }
        }
    }

    [Fact]
    public void Every_status_edge_of_the_guard_table_leads_somewhere_the_state_machine_knows()
    {
        foreach (var g in DossierGuards.Table)
        {
            Assert.True(g.Action == DossierAction.Apologise || DossierStateMachine.Edges().Any(e => e.Action == g.Action && g.From.Contains(e.From)), $"{g.Action} leads nowhere");
            Assert.DoesNotContain(g.From, DossierStatuses.Final.Contains);
        }
    }

    // ----- What an action does: dates and steps computed by hand -------------------------------------------------

    [Fact]
    public void Reception_gives_the_appointment_in_working_time_and_the_first_processing_step_with_its_quota()
    {
        var d = Decide(At(DossierStatus.Registered, 0), Desk, DossierAction.Receive, new(), Monday9);
        Assert.Equal(DossierStatus.Received, d.To);
        Assert.Equal(1, d.Step);
        Assert.Equal(StaffRole.Specialist, d.Role);
        // 3 working days = 24 h: Monday 6 h (09:00–11:30, 13:30–17:00), Tuesday 8, Wednesday 8, Thursday 07:00 + 2 h.
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn), d.DueAt);
        Assert.Equal(d.DueAt, d.OriginalDueAt);
        // The specialist's 16 h: Monday 6, Tuesday 8, Wednesday 07:00 + 2 h.
        Assert.Equal((Monday9, new DateTimeOffset(2026, 12, 9, 9, 0, 0, Vn)), d.EnteredStep);
        Assert.Equal(DeskForm.Receipt, d.Form);
        Assert.Equal(ApplicantNotice.Received, d.Notice);
        Assert.Equal(new ReceivedDetails(d.DueAt!.Value), d.History.Details);
        Assert.Equal((0, 1), (d.History.FromStep, d.History.ToStep));
        Assert.Equal(StaffRole.DeskOfficer, d.History.ActingRole);
    }

    [Fact]
    public void A_dossier_received_after_15_00_counts_from_the_next_working_morning()
    {
        var state = At(DossierStatus.Registered, 0) with { TimeLimit = new TimeLimit(TimeLimitUnit.WorkingDays, 1, true, "01 ngày làm việc") };
        var d = Decide(state, Desk, DossierAction.Receive, new(), new DateTimeOffset(2026, 12, 7, 16, 0, 0, Vn));
        Assert.Equal(new DateTimeOffset(2026, 12, 8, 17, 0, 0, Vn), d.DueAt);
    }

    [Fact]
    public void Time_waiting_for_a_supplement_moves_the_appointment_and_the_step_deadline()
    {
        var state = At(DossierStatus.AwaitingSupplement) with
        {
            StepDueAt = new DateTimeOffset(2026, 12, 9, 9, 0, 0, Vn),
            SupplementRequestedAt = new DateTimeOffset(2026, 12, 7, 14, 0, 0, Vn),
        };
        var d = Decide(state, Applicant(Owner), DossierAction.Supplement, new() { SupplementGiven = true }, new DateTimeOffset(2026, 12, 8, 14, 0, 0, Vn));
        // Waited 8 working hours (Monday 14:00–17:00, Tuesday 07:00–11:30 and 13:30–14:00).
        Assert.Equal(new SupplementedDetails(8, new DateTimeOffset(2026, 12, 11, 9, 0, 0, Vn)), d.History.Details);
        Assert.Equal(DossierStatus.Processing, d.To);
        Assert.Equal(new DateTimeOffset(2026, 12, 11, 9, 0, 0, Vn), d.DueAt);
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn), d.StepDueAt);
        Assert.True(d.DeadlineReset);
    }

    [Fact]
    public void A_supplement_before_reception_goes_back_to_the_desk_without_moving_anything()
    {
        var d = Decide(At(DossierStatus.AwaitingSupplement, 0) with { ReceivedAt = null, DueAt = null }, Applicant(Owner), DossierAction.Supplement, new() { SupplementGiven = true }, Monday9);
        Assert.Equal((DossierStatus.Registered, StaffRole.DeskOfficer), (d.To, d.Role));
        Assert.Null(d.DueAt);
        Assert.Equal(RefusalKind.Invalid, Refuse(At(DossierStatus.AwaitingSupplement), Applicant(Owner), DossierAction.Supplement, new(), Monday9).Kind);
    }

    [Fact]
    public void Forwarding_moves_to_the_next_role_and_approval_releases_the_result_to_the_desk_signed()
    {
        var next = Decide(At(DossierStatus.Processing, 1), Specialist, DossierAction.Forward, new(), Monday9);
        Assert.Equal((DossierStatus.Processing, 2, StaffRole.AgencyLeader), (next.To, next.Step, next.Role));
        // The leader's 4 h: 09:00–11:30, then 13:30 + 1.5 h.
        Assert.Equal((Monday9, new DateTimeOffset(2026, 12, 7, 15, 0, 0, Vn)), next.EnteredStep);
        Assert.Equal(DossierEffects.None, next.Effects);
        Assert.Null(next.Notice);

        var approved = Decide(At(DossierStatus.Processing, 2) with { ResultCount = 1 }, Leader, DossierAction.Forward, new(), Monday9);
        Assert.Equal((DossierStatus.Resolved, 3, StaffRole.DeskOfficer), (approved.To, approved.Step, approved.Role));
        Assert.Equal(DossierEffects.SignResults, approved.Effects);
        Assert.Equal(ApplicantNotice.ResultReady, approved.Notice);
        Assert.Equal(Monday9, approved.ReleasedAt);

        var transferred = Decide(At(DossierStatus.Processing, 2) with { ResultCount = 1, IsTransferred = true }, Leader, DossierAction.Forward, new(), Monday9);
        Assert.Null(transferred.Notice); // the applicant hears about the original dossier only
    }

    [Fact]
    public void Results_are_numbered_after_the_ones_already_attached()
    {
        var d = Decide(At(DossierStatus.Processing, 1) with { ResultCount = 1 }, Specialist, DossierAction.AttachResult, new(), Monday9);
        Assert.Equal((2, "000.00.01.H26-261207-0001-KQ2"), d.Result);
    }

    [Fact]
    public void Stopping_ends_the_open_transfer_and_a_stopped_transfer_tells_its_sender()
    {
        var parent = Decide(At(DossierStatus.Processing) with { HasOpenTransfer = true }, DivisionHead, DossierAction.Stop, new() { Note = "Hồ sơ giả mạo" }, Monday9);
        Assert.Equal((DossierStatus.Stopped, DeskForm.StopNotice, StaffRole.DivisionHead), (parent.To, parent.Form, parent.History.ActingRole));
        Assert.Equal(DossierEffects.EndOpenTransfer, parent.Effects);
        Assert.Equal(Monday9, parent.CompletedAt);

        var child = Decide(At(DossierStatus.Processing) with { IsTransferred = true }, Leader, DossierAction.Stop, new() { Note = "Không thuộc thẩm quyền" }, Monday9);
        Assert.Equal(DossierEffects.ReleaseParent, child.Effects);
        Assert.Null(child.Notice);
        Assert.Equal(RefusalKind.Invalid, Refuse(At(DossierStatus.Processing), Leader, DossierAction.Stop, new() { Note = "  " }, Monday9).Kind);
    }

    [Theory]
    [InlineData(DossierAction.Stop, DossierStatus.Registered, DossierAction.Refuse, DossierStatus.Refused)]
    [InlineData(DossierAction.Stop, DossierStatus.Processing, DossierAction.Stop, DossierStatus.Stopped)]
    [InlineData(DossierAction.Withdraw, DossierStatus.Registered, DossierAction.Withdraw, DossierStatus.Withdrawn)]
    [InlineData(DossierAction.Withdraw, DossierStatus.Received, DossierAction.Withdraw, DossierStatus.Withdrawn)]
    public void An_ended_original_ends_its_transfer(DossierAction parentAction, DossierStatus childStatus, DossierAction childAction, DossierStatus childTo)
    {
        var outcome = DossierDecisions.EndTransferred(At(childStatus) with { IsTransferred = true }, Leader, parentAction, "P-1", "lý do", Ctx(Monday9));
        Assert.Equal((childAction, childTo), (outcome.Decision!.History.Action, outcome.Decision.To));
        Assert.Equal("Hồ sơ gốc P-1 đã kết thúc: lý do", outcome.Decision.History.Note);
    }

    [Fact]
    public void The_apology_needs_a_reason_and_a_later_date_and_sets_form_04()
    {
        var late = new DateTimeOffset(2026, 12, 11, 9, 0, 0, Vn);
        var state = At(DossierStatus.Processing);
        Assert.Equal("note", Refuse(state, Desk, DossierAction.Apologise, new() { NewDueAt = late.AddDays(3) }, late).Field);
        Assert.Equal("newDueAt", Refuse(state, Desk, DossierAction.Apologise, new() { Note = "Chờ xác minh", NewDueAt = state.DueAt }, late).Field);
        Assert.Equal("newDueAt", Refuse(state, Desk, DossierAction.Apologise, new() { Note = "Chờ xác minh", NewDueAt = late.AddMinutes(-1) }, late).Field);
        var d = Decide(state, Desk, DossierAction.Apologise, new() { Note = "Chờ xác minh", NewDueAt = late.AddDays(3) }, late);
        Assert.Equal((DossierStatus.Processing, DeskForm.Apology, true), (d.To, d.Form, d.Apologised));
        Assert.Equal(new ApologyDetails(state.DueAt!.Value, late.AddDays(3)), d.History.Details);
        Assert.Equal(ApplicantNotice.Apology, d.Notice);
    }

    [Fact]
    public void A_payment_request_needs_every_amount_and_a_total_above_zero()
    {
        var incomplete = new FeeQuote([new FeeLine(0, "Lệ phí", null, 1, null)], 0, Complete: false);
        var zero = new FeeQuote([new FeeLine(0, "Lệ phí", 0, 1, null)], 0, Complete: true);
        var due = new FeeQuote([new FeeLine(0, "Lệ phí", 25_000, 2, null)], 50_000, Complete: true);
        Assert.Equal("fees", Refuse(At(DossierStatus.Processing), Specialist, DossierAction.RequestPayment, new() { Fees = incomplete }, Monday9).Field);
        Assert.Equal("fees", Refuse(At(DossierStatus.Processing), Specialist, DossierAction.RequestPayment, new() { Fees = zero }, Monday9).Field);
        // Typed-in quantities and amounts that overflow add up to a total held at long.MaxValue: bad input, refused.
        var absurd = Fees.Quote([new Fee("Theo quy định", null)], new Dictionary<int, int> { [0] = int.MaxValue }, new Dictionary<int, long> { [0] = long.MaxValue });
        Assert.Equal("fees", Refuse(At(DossierStatus.Processing), Specialist, DossierAction.RequestPayment, new() { Fees = absurd }, Monday9).Field);
        var d = Decide(At(DossierStatus.Processing), Specialist, DossierAction.RequestPayment, new() { Fees = due }, Monday9);
        Assert.Equal((DossierStatus.AwaitingPayment, ApplicantNotice.PaymentRequested), (d.To, d.Notice));
        var requested = Assert.IsType<PaymentRequestedDetails>(d.History.Details);
        Assert.Equal(50_000, requested.AmountVnd);
        Assert.Equal(["Lệ phí × 2"], requested.Lines);

        var paid = Decide(At(DossierStatus.AwaitingPayment) with { FeeDueVnd = 50_000 }, DossierActor.System, DossierAction.ConfirmPayment, new() { Payment = new(50_000, "X-BL1", "R", "vnpay") }, Monday9);
        Assert.Equal((DossierStatus.Processing, 50_000L, (StaffRole?)null), (paid.To, paid.FeesPaidVnd, paid.History.ActingRole));
        var atDesk = Decide(At(DossierStatus.Registered, 0) with { FeeDueVnd = 50_000 }, Leader, DossierAction.ConfirmPayment, new() { Payment = new(50_000, "X-BL1", "R", "desk") }, Monday9);
        Assert.Equal((DossierStatus.Registered, (StaffRole?)StaffRole.AgencyLeader), (atDesk.To, atDesk.History.ActingRole));
    }

    [Fact]
    public void Fees_due_at_submission_are_asked_at_once_and_free_procedures_are_not()
    {
        var fees = new FeeQuote([new FeeLine(0, "Lệ phí", 8_000, 1, null)], 8_000, Complete: true);
        var draft = At(DossierStatus.Draft, 0);
        var asked = Decide(draft, Applicant(Owner), DossierAction.Submit, new() { FeesAtSubmission = fees }, Monday9);
        Assert.Equal((DossierStatus.Registered, StaffRole.DeskOfficer, ApplicantNotice.PaymentRequested), (asked.To, asked.Role, asked.Notice));
        Assert.Equal(fees, asked.FeesRequested);
        Assert.True(asked.Effects.HasFlag(DossierEffects.GiveCode));
        var free = Decide(draft, Applicant(Owner), DossierAction.Submit, new() { FeesAtSubmission = new FeeQuote([], 0, true) }, Monday9);
        Assert.Null(free.Notice);
        Assert.Null(free.FeesRequested);
    }

    [Fact]
    public void Returning_a_transferred_dossier_hands_it_back_and_an_original_needs_the_return_channel()
    {
        Assert.Equal("returnChannel", Refuse(At(DossierStatus.Resolved, 3), Desk, DossierAction.ReturnResult, new(), Monday9).Field);
        var original = Decide(At(DossierStatus.Resolved, 3), Desk, DossierAction.ReturnResult, new() { ReturnChannel = ReturnChannel.AtDesk }, Monday9);
        Assert.Equal((DossierStatus.Returned, DossierEffects.KeepResultsInWallet, (ReturnChannel?)ReturnChannel.AtDesk), (original.To, original.Effects, original.ReturnChannel));
        var child = Decide(At(DossierStatus.Resolved, 3) with { IsTransferred = true }, Desk, DossierAction.ReturnResult, new(), Monday9);
        Assert.Equal((DossierEffects.HandBackToParent, (ReturnChannel?)ReturnChannel.Online), (child.Effects, child.ReturnChannel));
    }

    // ----- Lateness, one rule -------------------------------------------------------------------------------------

    [Theory]
    [InlineData("2026-12-10T09:00:00+07:00", null, DossierStatus.Processing, false)]
    [InlineData("2026-12-10T09:00:01+07:00", null, DossierStatus.Processing, true)]
    [InlineData("2026-12-11T09:00:00+07:00", "2026-12-10T08:00:00+07:00", DossierStatus.Returned, false)]
    [InlineData("2026-12-11T09:00:00+07:00", "2026-12-10T10:00:00+07:00", DossierStatus.Returned, true)]
    [InlineData("2026-12-11T09:00:00+07:00", "2026-12-10T10:00:00+07:00", DossierStatus.Withdrawn, false)]
    [InlineData("2026-12-11T09:00:00+07:00", "2026-12-10T10:00:00+07:00", DossierStatus.Refused, false)]
    [InlineData("2026-12-11T09:00:00+07:00", "2026-12-10T10:00:00+07:00", DossierStatus.Stopped, true)]
    public void A_dossier_is_late_when_it_ends_or_is_still_open_after_its_appointment(string now, string? completed, DossierStatus status, bool late)
    {
        var due = new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn);
        Assert.Equal(late, Deadlines.WasLate(status, due, completed is null ? null : DateTimeOffset.Parse(completed), DateTimeOffset.Parse(now)));
    }

    [Fact]
    public void The_deadline_state_is_overdue_after_the_appointment_and_due_soon_before_it()
    {
        var due = new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn);
        Assert.Equal(DeadlineState.Overdue, Deadlines.StateAt(due, due.AddSeconds(1), due.AddDays(1)));
        Assert.Equal(DeadlineState.DueSoon, Deadlines.StateAt(due, due.AddHours(-2), due));
        Assert.Equal(DeadlineState.OnTime, Deadlines.StateAt(due, due.AddDays(-3), due.AddDays(-2)));
        Assert.Equal(DeadlineState.OnTime, Deadlines.StateAt(null, due, due));
    }

    // ----- History details and codes ----------------------------------------------------------------------------

    public static TheoryData<DossierAction, EventDetails> DetailSamples() => new()
    {
        { DossierAction.Receive, new ReceivedDetails(Monday9) },
        { DossierAction.RequestSupplement, new SupplementRequestedDetails(["Giấy chứng sinh", "Căn cước"]) },
        { DossierAction.Supplement, new SupplementedDetails(8.5, Monday9) },
        { DossierAction.Assign, new AssignedDetails("Nguyễn Văn A") },
        { DossierAction.Transfer, new TransferredDetails("B-261207-0001", "UBND phường B", "B") },
        { DossierAction.TransferReturned, new TransferredFromDetails("B-261207-0001", "UBND phường B") },
        { DossierAction.AttachResult, new ResultAttachedDetails("A-261207-0001-KQ1") },
        { DossierAction.Apologise, new ApologyDetails(Monday9, Monday9.AddDays(2)) },
        { DossierAction.ConfirmPayment, new PaymentConfirmedDetails(50_000, "A-BL1", "REF", "vnpay") },
        { DossierAction.ReturnResult, new ResultReturnedDetails(ReturnChannel.Post) },
    };

    [Theory]
    [MemberData(nameof(DetailSamples))]
    public void History_details_read_back_as_written(DossierAction action, EventDetails details)
    {
        var read = EventDetails.Read(action, details.ToData());
        Assert.Equal(details.GetType(), read!.GetType());
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize((object)details), System.Text.Json.JsonSerializer.Serialize((object)read));
    }

    [Fact]
    public void History_written_before_typed_details_still_reads()
    {
        // A row of the first wave: keys written by hand, lines separated by new lines.
        var old = new Dictionary<string, string> { ["missing"] = "Giấy chứng sinh\nCăn cước", ["dueAt"] = "2026-12-10T02:00:00.0000000+00:00" };
        Assert.Equal(["Giấy chứng sinh", "Căn cước"], ((SupplementRequestedDetails)EventDetails.Read(DossierAction.RequestSupplement, old)!).Missing);
        Assert.Equal(new DateTimeOffset(2026, 12, 10, 9, 0, 0, Vn), ((ReceivedDetails)EventDetails.Read(DossierAction.Receive, old)!).DueAt);
        Assert.Null(EventDetails.Read(DossierAction.Claim, old));
    }

    [Theory]
    [InlineData("000.00.01.H26", "2026-12-07T23:30:00+07:00", 7, "000.00.01.H26-261207-0007")]
    [InlineData("000.00.01.H26", "2026-12-07T17:30:00+00:00", 12345, "000.00.01.H26-261208-12345")]
    public void Dossier_codes_use_the_Vietnam_day_and_four_digits(string agency, string at, int n, string code) =>
        Assert.Equal(code, DossierCodes.Format(agency, DossierCodes.Day(DateTimeOffset.Parse(at)), n));

    [Fact]
    public void Result_and_receipt_numbers_and_the_tracking_link_derive_from_the_code()
    {
        Assert.Equal("A-261207-0001-KQ3", DossierCodes.ResultCode("A-261207-0001", 3));
        Assert.Equal("A-261207-0001-BL2", DossierCodes.ReceiptNumber("A-261207-0001", 2));
        Assert.Equal("https://dichvucong.hanoi.gov.vn/tra-cuu?ma=A%20B&k=abc", DossierCodes.TrackingLink("https://dichvucong.hanoi.gov.vn/", "A B", "abc"));
    }

    private static Decision Decide(DossierState s, DossierActor a, DossierAction action, ActionArgs args, DateTimeOffset now)
    {
        var outcome = DossierDecisions.Decide(s, a, action, args, Ctx(now));
        Assert.True(outcome.Decision is not null, outcome.Refusal?.English);
        return outcome.Decision!;
    }

    private static Refusal Refuse(DossierState s, DossierActor a, DossierAction action, ActionArgs args, DateTimeOffset now) =>
        DossierDecisions.Decide(s, a, action, args, Ctx(now)).Refusal ?? throw new Xunit.Sdk.XunitException($"{action} was not refused");
}
