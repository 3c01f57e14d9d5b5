using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Tests;

public class DossierStateMachineTests
{
    private static readonly DossierStatus[] FinalStatuses = [DossierStatus.Refused, DossierStatus.Withdrawn, DossierStatus.Stopped, DossierStatus.Returned];

    // ----- The ten statuses -------------------------------------------------------------------------------------

    [Theory]
    [InlineData(DossierStatus.Registered, 1, "Mới đăng ký", "receiving")]
    [InlineData(DossierStatus.Received, 2, "Được tiếp nhận", "new")]
    [InlineData(DossierStatus.Refused, 3, "Không được tiếp nhận", "denied")]
    [InlineData(DossierStatus.Processing, 4, "Đang xử lý", "processing")]
    [InlineData(DossierStatus.AwaitingSupplement, 5, "Yêu cầu bổ sung giấy tờ", "waiting")]
    [InlineData(DossierStatus.AwaitingPayment, 6, "Yêu cầu thực hiện nghĩa vụ tài chính", "paying")]
    [InlineData(DossierStatus.Withdrawn, 7, "Công dân yêu cầu rút hồ sơ", "cancelled")]
    [InlineData(DossierStatus.Stopped, 8, "Dừng xử lý", "unresolved")]
    [InlineData(DossierStatus.Resolved, 9, "Đã xử lý xong", "releasing")]
    [InlineData(DossierStatus.Returned, 10, "Đã trả kết quả", "done")]
    public void Each_status_has_its_national_number_Vietnamese_name_and_string(DossierStatus status, int number, string vietnamese, string national)
    {
        var info = DossierStatuses.Of(status);
        Assert.Equal(status, info.Status);
        Assert.Equal(number, info.Number);
        Assert.Equal(number, (int)status);
        Assert.Equal(vietnamese, info.Vietnamese);
        Assert.Equal(national, info.National);
        Assert.False(string.IsNullOrWhiteSpace(info.English));
        Assert.Same(info, DossierStatuses.All[number - 1]);
    }

    [Fact]
    public void There_are_exactly_ten_national_statuses_in_order_and_draft_is_not_one_of_them()
    {
        Assert.Equal(10, DossierStatuses.All.Count);
        Assert.Equal(Enumerable.Range(1, 10), DossierStatuses.All.Select(i => i.Number));
        Assert.Equal(10, DossierStatuses.All.Select(i => i.National).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(DossierStatuses.All, i => i.Status == DossierStatus.Draft);
        Assert.Equal("", DossierStatuses.Of(DossierStatus.Draft).National);
        Assert.Equal(Enum.GetValues<DossierStatus>().Where(s => s != DossierStatus.Draft), DossierStatuses.All.Select(i => i.Status));
    }

    [Theory]
    [InlineData(DossierStatus.Draft, false, false)]
    [InlineData(DossierStatus.Registered, false, false)]
    [InlineData(DossierStatus.Received, true, false)]
    [InlineData(DossierStatus.Refused, false, true)]
    [InlineData(DossierStatus.Processing, true, false)]
    [InlineData(DossierStatus.AwaitingSupplement, true, false)]
    [InlineData(DossierStatus.AwaitingPayment, true, false)]
    [InlineData(DossierStatus.Withdrawn, false, true)]
    [InlineData(DossierStatus.Stopped, false, true)]
    [InlineData(DossierStatus.Resolved, true, false)]
    [InlineData(DossierStatus.Returned, false, true)]
    public void Open_and_final_statuses(DossierStatus status, bool open, bool final)
    {
        Assert.Equal(open, DossierStatuses.IsOpen(status));
        Assert.Equal(final, DossierStatuses.IsFinal(status));
        Assert.Equal(status != DossierStatus.Draft && !final, DossierStatuses.Pending.Contains(status));
    }

    // ----- Allowed and refused actions ---------------------------------------------------------------------------

    [Fact]
    public void The_main_journey_goes_from_draft_to_done()
    {
        (DossierAction Action, DossierStatus To)[] journey =
        [
            (DossierAction.SaveDraft, DossierStatus.Draft),
            (DossierAction.Submit, DossierStatus.Registered),
            (DossierAction.Receive, DossierStatus.Received),
            (DossierAction.Claim, DossierStatus.Processing),
            (DossierAction.AttachResult, DossierStatus.Processing),
            (DossierAction.Forward, DossierStatus.Processing),
            (DossierAction.Forward, DossierStatus.Resolved),
            (DossierAction.ReturnResult, DossierStatus.Returned),
        ];
        var status = DossierStatus.Draft;
        foreach (var (action, to) in journey)
        {
            Assert.True(DossierStateMachine.CanTake(status, action), $"{action} from {status}");
            Assert.True(DossierStateMachine.IsAllowed(status, action, to), $"{status} --{action}--> {to}");
            status = to;
        }

        Assert.Equal(DossierStatus.Returned, status);
        Assert.True(DossierStatuses.IsFinal(status));
    }

    [Fact]
    public void The_supplement_loop_returns_to_the_desk_and_the_desk_can_then_receive()
    {
        Assert.True(DossierStateMachine.IsAllowed(DossierStatus.Registered, DossierAction.RequestSupplement, DossierStatus.AwaitingSupplement));
        Assert.True(DossierStateMachine.IsAllowed(DossierStatus.AwaitingSupplement, DossierAction.Supplement, DossierStatus.Registered));
        Assert.True(DossierStateMachine.IsAllowed(DossierStatus.Registered, DossierAction.Receive, DossierStatus.Received));
    }

    public static TheoryData<DossierStatus, DossierAction, DossierStatus> AllowedTransitions => new()
    {
        { DossierStatus.Draft, DossierAction.SaveDraft, DossierStatus.Draft },
        { DossierStatus.Draft, DossierAction.Submit, DossierStatus.Registered },
        { DossierStatus.Draft, DossierAction.Register, DossierStatus.Registered },
        { DossierStatus.Draft, DossierAction.TransferIn, DossierStatus.Registered },
        { DossierStatus.Registered, DossierAction.Receive, DossierStatus.Received },
        { DossierStatus.Registered, DossierAction.RequestSupplement, DossierStatus.AwaitingSupplement },
        { DossierStatus.Received, DossierAction.RequestSupplement, DossierStatus.AwaitingSupplement },
        { DossierStatus.Processing, DossierAction.RequestSupplement, DossierStatus.AwaitingSupplement },
        { DossierStatus.AwaitingSupplement, DossierAction.Supplement, DossierStatus.Registered },
        { DossierStatus.AwaitingSupplement, DossierAction.Supplement, DossierStatus.Processing },
        { DossierStatus.Registered, DossierAction.Refuse, DossierStatus.Refused },
        { DossierStatus.Received, DossierAction.Claim, DossierStatus.Processing },
        { DossierStatus.Processing, DossierAction.Claim, DossierStatus.Processing },
        { DossierStatus.Received, DossierAction.Assign, DossierStatus.Processing },
        { DossierStatus.Processing, DossierAction.Assign, DossierStatus.Processing },
        { DossierStatus.Processing, DossierAction.Forward, DossierStatus.Processing },
        { DossierStatus.Processing, DossierAction.Forward, DossierStatus.Resolved },
        { DossierStatus.Processing, DossierAction.SendBack, DossierStatus.Processing },
        { DossierStatus.Processing, DossierAction.Transfer, DossierStatus.Processing },
        { DossierStatus.Processing, DossierAction.TransferReturned, DossierStatus.Processing },
        { DossierStatus.Processing, DossierAction.AttachResult, DossierStatus.Processing },
        { DossierStatus.Processing, DossierAction.RequestPayment, DossierStatus.AwaitingPayment },
        { DossierStatus.AwaitingPayment, DossierAction.ConfirmPayment, DossierStatus.Processing },
        { DossierStatus.Registered, DossierAction.ConfirmPayment, DossierStatus.Registered },
        { DossierStatus.Received, DossierAction.Stop, DossierStatus.Stopped },
        { DossierStatus.Processing, DossierAction.Stop, DossierStatus.Stopped },
        { DossierStatus.AwaitingSupplement, DossierAction.Stop, DossierStatus.Stopped },
        { DossierStatus.AwaitingPayment, DossierAction.Stop, DossierStatus.Stopped },
        { DossierStatus.Registered, DossierAction.Withdraw, DossierStatus.Withdrawn },
        { DossierStatus.Received, DossierAction.Withdraw, DossierStatus.Withdrawn },
        { DossierStatus.Processing, DossierAction.Withdraw, DossierStatus.Withdrawn },
        { DossierStatus.AwaitingSupplement, DossierAction.Withdraw, DossierStatus.Withdrawn },
        { DossierStatus.AwaitingPayment, DossierAction.Withdraw, DossierStatus.Withdrawn },
        { DossierStatus.Resolved, DossierAction.ReturnResult, DossierStatus.Returned },
    };

    [Theory]
    [MemberData(nameof(AllowedTransitions))]
    public void An_allowed_transition_is_allowed_and_is_an_edge(DossierStatus from, DossierAction action, DossierStatus to)
    {
        Assert.True(DossierStateMachine.CanTake(from, action));
        Assert.True(DossierStateMachine.IsAllowed(from, action, to));
        Assert.Contains((from, action, to), DossierStateMachine.Edges());
        Assert.Contains(action, DossierStateMachine.ActionsFrom(from));
    }

    [Fact]
    public void The_allowed_list_above_is_the_whole_table()
    {
        var listed = AllowedTransitions.Select(row => ((DossierStatus)row[0], (DossierAction)row[1], (DossierStatus)row[2])).ToHashSet();
        Assert.True(listed.SetEquals(DossierStateMachine.Edges()), "Edges() and the allowed list differ");
    }

    public static TheoryData<DossierStatus, DossierAction> RefusedActions => new()
    {
        { DossierStatus.Processing, DossierAction.ReturnResult },
        { DossierStatus.Received, DossierAction.ReturnResult },
        { DossierStatus.Registered, DossierAction.ReturnResult },
        { DossierStatus.Returned, DossierAction.Receive },
        { DossierStatus.Received, DossierAction.Receive },
        { DossierStatus.Draft, DossierAction.Receive },
        { DossierStatus.Resolved, DossierAction.Withdraw },
        { DossierStatus.Returned, DossierAction.Withdraw },
        { DossierStatus.Draft, DossierAction.Withdraw },
        { DossierStatus.Registered, DossierAction.Submit },
        { DossierStatus.Received, DossierAction.Submit },
        { DossierStatus.Registered, DossierAction.Register },
        { DossierStatus.Registered, DossierAction.SaveDraft },
        { DossierStatus.Received, DossierAction.Refuse },
        { DossierStatus.Processing, DossierAction.Refuse },
        { DossierStatus.Registered, DossierAction.Claim },
        { DossierStatus.AwaitingSupplement, DossierAction.Claim },
        { DossierStatus.Received, DossierAction.Forward },
        { DossierStatus.Resolved, DossierAction.Forward },
        { DossierStatus.Resolved, DossierAction.SendBack },
        { DossierStatus.Received, DossierAction.SendBack },
        { DossierStatus.Received, DossierAction.Transfer },
        { DossierStatus.Resolved, DossierAction.AttachResult },
        { DossierStatus.Processing, DossierAction.Supplement },
        { DossierStatus.Resolved, DossierAction.RequestSupplement },
        { DossierStatus.AwaitingSupplement, DossierAction.RequestSupplement },
        { DossierStatus.Processing, DossierAction.ConfirmPayment },
        { DossierStatus.AwaitingPayment, DossierAction.RequestPayment },
        { DossierStatus.Registered, DossierAction.Stop },
        { DossierStatus.Resolved, DossierAction.Stop },
        { DossierStatus.Registered, DossierAction.Apologise },
    };

    [Theory]
    [MemberData(nameof(RefusedActions))]
    public void A_refused_action_cannot_be_taken_towards_any_status(DossierStatus from, DossierAction action)
    {
        Assert.False(DossierStateMachine.CanTake(from, action));
        Assert.DoesNotContain(action, DossierStateMachine.ActionsFrom(from));
        Assert.All(Enum.GetValues<DossierStatus>(), to => Assert.False(DossierStateMachine.IsAllowed(from, action, to)));
    }

    public static TheoryData<DossierStatus, DossierAction> FinalStatusActions
    {
        get
        {
            var data = new TheoryData<DossierStatus, DossierAction>();
            foreach (var status in FinalStatuses)
            {
                foreach (var action in Enum.GetValues<DossierAction>())
                {
                    data.Add(status, action);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(FinalStatusActions))]
    public void Nothing_can_be_done_to_a_dossier_in_a_final_status(DossierStatus final, DossierAction action)
    {
        Assert.False(DossierStateMachine.CanTake(final, action));
        Assert.All(Enum.GetValues<DossierStatus>(), to => Assert.False(DossierStateMachine.IsAllowed(final, action, to)));
    }

    [Fact]
    public void Final_statuses_offer_no_actions()
    {
        Assert.All(FinalStatuses, s => Assert.Empty(DossierStateMachine.ActionsFrom(s)));
        Assert.All(FinalStatuses, s => Assert.True(DossierStatuses.IsFinal(s)));
    }

    [Theory]
    [InlineData(DossierStatus.Registered, DossierAction.Receive, DossierStatus.Processing)]
    [InlineData(DossierStatus.Registered, DossierAction.Receive, DossierStatus.Registered)]
    [InlineData(DossierStatus.Draft, DossierAction.Submit, DossierStatus.Received)]
    [InlineData(DossierStatus.Processing, DossierAction.Forward, DossierStatus.Returned)]
    [InlineData(DossierStatus.Processing, DossierAction.Forward, DossierStatus.Received)]
    [InlineData(DossierStatus.Resolved, DossierAction.ReturnResult, DossierStatus.Withdrawn)]
    [InlineData(DossierStatus.AwaitingSupplement, DossierAction.Supplement, DossierStatus.Received)]
    [InlineData(DossierStatus.AwaitingSupplement, DossierAction.Supplement, DossierStatus.AwaitingSupplement)]
    [InlineData(DossierStatus.Registered, DossierAction.Refuse, DossierStatus.Withdrawn)]
    [InlineData(DossierStatus.Processing, DossierAction.Withdraw, DossierStatus.Stopped)]
    [InlineData(DossierStatus.Processing, DossierAction.Stop, DossierStatus.Withdrawn)]
    [InlineData(DossierStatus.Processing, DossierAction.RequestPayment, DossierStatus.Processing)]
    [InlineData(DossierStatus.AwaitingPayment, DossierAction.ConfirmPayment, DossierStatus.Resolved)]
    [InlineData(DossierStatus.AwaitingPayment, DossierAction.ConfirmPayment, DossierStatus.Registered)]
    [InlineData(DossierStatus.Registered, DossierAction.ConfirmPayment, DossierStatus.Processing)]
    [InlineData(DossierStatus.Received, DossierAction.Claim, DossierStatus.Received)]
    public void An_allowed_action_towards_the_wrong_status_is_refused(DossierStatus from, DossierAction action, DossierStatus wrongTarget)
    {
        Assert.True(DossierStateMachine.CanTake(from, action));
        Assert.False(DossierStateMachine.IsAllowed(from, action, wrongTarget));
    }

    [Theory]
    [InlineData(DossierAction.Apologise)]
    public void The_apology_only_keeps_the_status(DossierAction action)
    {
        DossierStatus[] open = [DossierStatus.Received, DossierStatus.Processing, DossierStatus.AwaitingSupplement, DossierStatus.AwaitingPayment, DossierStatus.Resolved];
        foreach (var from in Enum.GetValues<DossierStatus>())
        {
            Assert.Equal(open.Contains(from), DossierStateMachine.CanTake(from, action));
            foreach (var to in Enum.GetValues<DossierStatus>())
            {
                var expected = open.Contains(from) && to == from;
                Assert.True(expected == DossierStateMachine.IsAllowed(from, action, to), $"{from} --{action}--> {to} should be {(expected ? "allowed" : "refused")}");
            }
        }

        Assert.DoesNotContain(DossierStateMachine.Edges(), e => e.Action == action);
    }

    [Fact]
    public void ActionsFrom_agrees_with_CanTake_and_is_ordered()
    {
        foreach (var from in Enum.GetValues<DossierStatus>())
        {
            var actions = DossierStateMachine.ActionsFrom(from);
            Assert.Equal(Enum.GetValues<DossierAction>().Where(a => DossierStateMachine.CanTake(from, a)), actions);
        }

        Assert.Equal(
            [DossierAction.Receive, DossierAction.RequestSupplement, DossierAction.Refuse, DossierAction.ConfirmPayment, DossierAction.Withdraw],
            DossierStateMachine.ActionsFrom(DossierStatus.Registered));
        Assert.Equal(
            [DossierAction.SaveDraft, DossierAction.Submit, DossierAction.Register, DossierAction.TransferIn],
            DossierStateMachine.ActionsFrom(DossierStatus.Draft));
        Assert.Equal(
            [DossierAction.Apologise, DossierAction.ReturnResult],
            DossierStateMachine.ActionsFrom(DossierStatus.Resolved));
    }

    [Fact]
    public void Every_action_has_a_Vietnamese_and_an_English_name()
    {
        var names = Enum.GetValues<DossierAction>().Select(DossierStateMachine.Name).ToList();
        Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n.Vietnamese)));
        Assert.All(names, n => Assert.False(string.IsNullOrWhiteSpace(n.English)));
        Assert.Equal(names.Count, names.Select(n => n.Vietnamese).Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotContain(Enum.GetValues<DossierAction>(), a => DossierStateMachine.Name(a).Vietnamese == a.ToString());
    }

    // ----- The graph ------------------------------------------------------------------------------------------

    [Fact]
    public void No_edge_leaves_a_final_status()
    {
        Assert.DoesNotContain(DossierStateMachine.Edges(), e => DossierStatuses.IsFinal(e.From));
    }

    [Fact]
    public void Nothing_leads_back_to_draft_except_saving_a_draft()
    {
        Assert.All(DossierStateMachine.Edges().Where(e => e.To == DossierStatus.Draft), e =>
        {
            Assert.Equal(DossierStatus.Draft, e.From);
            Assert.Equal(DossierAction.SaveDraft, e.Action);
        });
    }

    [Fact]
    public void Every_edge_is_allowed_and_has_no_duplicate()
    {
        var edges = DossierStateMachine.Edges().ToList();
        Assert.Equal(edges.Count, edges.Distinct().Count());
        Assert.All(edges, e => Assert.True(DossierStateMachine.IsAllowed(e.From, e.Action, e.To)));
    }

    [Fact]
    public void Every_status_is_reachable_from_draft()
    {
        var edges = DossierStateMachine.Edges().ToList();
        var reached = new HashSet<DossierStatus> { DossierStatus.Draft };
        var queue = new Queue<DossierStatus>([DossierStatus.Draft]);
        while (queue.TryDequeue(out var s))
        {
            foreach (var e in edges.Where(e => e.From == s))
            {
                if (reached.Add(e.To))
                {
                    queue.Enqueue(e.To);
                }
            }
        }

        Assert.Equal(Enum.GetValues<DossierStatus>().ToHashSet(), reached);
    }

    [Fact]
    public void Every_non_final_status_except_draft_can_still_reach_a_final_status()
    {
        var edges = DossierStateMachine.Edges().ToList();
        foreach (var start in Enum.GetValues<DossierStatus>().Where(s => !DossierStatuses.IsFinal(s)))
        {
            var reached = new HashSet<DossierStatus> { start };
            var queue = new Queue<DossierStatus>([start]);
            while (queue.TryDequeue(out var s))
            {
                foreach (var e in edges.Where(e => e.From == s && reached.Add(e.To)))
                {
                    queue.Enqueue(e.To);
                }
            }

            Assert.True(reached.Any(DossierStatuses.IsFinal), $"{start} cannot end");
        }
    }

    // ----- Workflow navigation ------------------------------------------------------------------------------

    private static WorkflowStep[] Steps(params StaffRole[] roles) =>
        [.. roles.Select((r, i) => new WorkflowStep($"Bước {i + 1}", r, 8))];

    [Fact]
    public void Four_step_workflow_desk_specialist_leader_desk()
    {
        var steps = Steps(StaffRole.DeskOfficer, StaffRole.Specialist, StaffRole.AgencyLeader, StaffRole.DeskOfficer);
        Assert.Equal(1, WorkflowNavigator.FirstProcessingStep(steps));
        Assert.Equal(3, WorkflowNavigator.ReturnStep(steps));
        Assert.Equal(3, WorkflowNavigator.ReleaseStep(steps));
        Assert.False(WorkflowNavigator.ForwardReleases(steps, 1));
        Assert.True(WorkflowNavigator.ForwardReleases(steps, 2));
        Assert.False(WorkflowNavigator.CanSendBack(steps, 0));
        Assert.False(WorkflowNavigator.CanSendBack(steps, 1));
        Assert.True(WorkflowNavigator.CanSendBack(steps, 2));

        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Registered, steps, 0));
        Assert.Equal(StaffRole.Specialist, WorkflowNavigator.RoleFor(DossierStatus.Received, steps, 1));
        Assert.Equal(StaffRole.Specialist, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, 1));
        Assert.Equal(StaffRole.Specialist, WorkflowNavigator.RoleFor(DossierStatus.AwaitingSupplement, steps, 1));
        Assert.Equal(StaffRole.AgencyLeader, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, 2));
        Assert.Equal(StaffRole.AgencyLeader, WorkflowNavigator.RoleFor(DossierStatus.AwaitingPayment, steps, 2));
        // Released and registered dossiers are always the desk's, whatever step they are at.
        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Resolved, steps, 3));
        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Resolved, steps, 2));
        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Registered, steps, 1));
        // Out of range falls back to the desk.
        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, -1));
        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, 4));

        Assert.Equal(8, WorkflowNavigator.QuotaHours(steps, 1));
        Assert.Equal(0, WorkflowNavigator.QuotaHours(steps, 4));
        Assert.Equal(0, WorkflowNavigator.QuotaHours(steps, -1));
    }

    [Fact]
    public void Six_step_workflow_with_an_inter_agency_transfer_step()
    {
        WorkflowStep[] steps =
        [
            new("Tiếp nhận hồ sơ", StaffRole.DeskOfficer, 4),
            new("Thẩm định hồ sơ", StaffRole.Specialist, 16),
            new("Lấy ý kiến Sở Tài nguyên và Môi trường", StaffRole.Specialist, 40, TransferTo: "000.00.07.H26"),
            new("Trưởng phòng xem xét", StaffRole.DivisionHead, 8),
            new("Lãnh đạo phê duyệt", StaffRole.AgencyLeader, 8),
            new("Trả kết quả", StaffRole.DeskOfficer, 4),
        ];
        Assert.Equal(1, WorkflowNavigator.FirstProcessingStep(steps));
        Assert.Equal(5, WorkflowNavigator.ReturnStep(steps));
        Assert.Equal(5, WorkflowNavigator.ReleaseStep(steps));
        Assert.Equal([false, false, false, true], Enumerable.Range(1, 4).Select(i => WorkflowNavigator.ForwardReleases(steps, i)));
        Assert.Equal([false, false, true, true, true], Enumerable.Range(0, 5).Select(i => WorkflowNavigator.CanSendBack(steps, i)));
        Assert.Equal(StaffRole.Specialist, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, 2));
        Assert.Equal(StaffRole.DivisionHead, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, 3));
        Assert.Equal(StaffRole.AgencyLeader, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, 4));
        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Resolved, steps, 5));
        Assert.Equal(40, WorkflowNavigator.QuotaHours(steps, 2));
    }

    [Theory]
    [InlineData(StaffRole.Specialist)]
    [InlineData(StaffRole.AgencyLeader)]
    [InlineData(StaffRole.DeskOfficer)]
    public void One_step_workflow_is_processed_and_released_at_that_step(StaffRole role)
    {
        var steps = Steps(role);
        Assert.Equal(0, WorkflowNavigator.FirstProcessingStep(steps));
        Assert.Equal(-1, WorkflowNavigator.ReturnStep(steps));
        Assert.Equal(0, WorkflowNavigator.ReleaseStep(steps));
        Assert.True(WorkflowNavigator.ForwardReleases(steps, 0));
        Assert.False(WorkflowNavigator.CanSendBack(steps, 0));
        Assert.Equal(role, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, 0));
        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Resolved, steps, 0));
    }

    [Fact]
    public void Two_step_workflow_desk_then_specialist()
    {
        var steps = Steps(StaffRole.DeskOfficer, StaffRole.Specialist);
        Assert.Equal(1, WorkflowNavigator.FirstProcessingStep(steps));
        Assert.Equal(-1, WorkflowNavigator.ReturnStep(steps));
        Assert.Equal(1, WorkflowNavigator.ReleaseStep(steps));
        Assert.True(WorkflowNavigator.ForwardReleases(steps, 1));
        Assert.False(WorkflowNavigator.CanSendBack(steps, 1));
        Assert.Equal(StaffRole.Specialist, WorkflowNavigator.RoleFor(DossierStatus.Processing, steps, 1));
        Assert.Equal(StaffRole.DeskOfficer, WorkflowNavigator.RoleFor(DossierStatus.Resolved, steps, 1));
    }

    [Fact]
    public void Two_step_workflow_desk_then_desk_has_no_separate_return_step()
    {
        // The second desk step is the one that processes; it cannot also be the return step.
        var steps = Steps(StaffRole.DeskOfficer, StaffRole.DeskOfficer);
        Assert.Equal(1, WorkflowNavigator.FirstProcessingStep(steps));
        Assert.Equal(-1, WorkflowNavigator.ReturnStep(steps));
        Assert.Equal(1, WorkflowNavigator.ReleaseStep(steps));
        Assert.True(WorkflowNavigator.ForwardReleases(steps, 1));
        Assert.False(WorkflowNavigator.CanSendBack(steps, 1));
    }

    [Fact]
    public void Two_step_workflow_specialist_then_desk_returns_at_the_desk()
    {
        // The last step is a desk step after a processing step: it is the return step, so the specialist's forward
        // releases the result (rather than the desk officer having to process and approve it).
        var steps = Steps(StaffRole.Specialist, StaffRole.DeskOfficer);
        Assert.Equal(0, WorkflowNavigator.FirstProcessingStep(steps));
        Assert.Equal(1, WorkflowNavigator.ReturnStep(steps));
        Assert.Equal(1, WorkflowNavigator.ReleaseStep(steps));
        Assert.True(WorkflowNavigator.ForwardReleases(steps, 0));
        Assert.False(WorkflowNavigator.CanSendBack(steps, 0));
    }

    [Fact]
    public void Three_step_workflow_desk_specialist_desk()
    {
        var steps = Steps(StaffRole.DeskOfficer, StaffRole.Specialist, StaffRole.DeskOfficer);
        Assert.Equal(1, WorkflowNavigator.FirstProcessingStep(steps));
        Assert.Equal(2, WorkflowNavigator.ReturnStep(steps));
        Assert.Equal(2, WorkflowNavigator.ReleaseStep(steps));
        Assert.True(WorkflowNavigator.ForwardReleases(steps, 1));
        Assert.False(WorkflowNavigator.CanSendBack(steps, 1));
    }

    [Fact]
    public void Workflow_without_desk_steps_processes_from_the_first_step_and_releases_after_the_last()
    {
        var steps = Steps(StaffRole.Specialist, StaffRole.DivisionHead, StaffRole.AgencyLeader);
        Assert.Equal(0, WorkflowNavigator.FirstProcessingStep(steps));
        Assert.Equal(-1, WorkflowNavigator.ReturnStep(steps));
        Assert.Equal(2, WorkflowNavigator.ReleaseStep(steps));
        Assert.False(WorkflowNavigator.ForwardReleases(steps, 1));
        Assert.True(WorkflowNavigator.ForwardReleases(steps, 2));
        Assert.True(WorkflowNavigator.CanSendBack(steps, 1));
    }

    // ----- The lifecycle document cannot drift from the code -------------------------------------------------

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneStop.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("OneStop.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The trimmed lines of the first ```mermaid block of docs/dossier-lifecycle.md.</summary>
    private static List<string> MermaidLines()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "dossier-lifecycle.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == "```mermaid");
        Assert.True(start >= 0, "docs/dossier-lifecycle.md has no ```mermaid block");
        var end = Array.FindIndex(lines, start + 1, l => l.Trim() == "```");
        Assert.True(end > start, "the ```mermaid block is not closed");
        return [.. lines[(start + 1)..end].Select(l => l.Trim())];
    }

    [Fact]
    public void The_lifecycle_diagram_shows_every_edge_of_the_state_machine_and_no_other()
    {
        var lines = MermaidLines();
        Assert.Equal("stateDiagram-v2", lines[0]);
        Assert.Contains("[*] --> Draft", lines);

        var expected = DossierStateMachine.Edges().Select(e => $"{e.From} --> {e.To} : {e.Action}").ToList();
        var missing = expected.Where(e => !lines.Contains(e)).ToList();
        Assert.True(missing.Count == 0, "Missing from the diagram:\n" + string.Join('\n', missing));

        var drawn = lines.Where(l => l.Contains("-->", StringComparison.Ordinal) && !l.Contains("[*]", StringComparison.Ordinal)).ToList();
        var extra = drawn.Except(expected).ToList();
        Assert.True(extra.Count == 0, "In the diagram but not in DossierStateMachine.Edges():\n" + string.Join('\n', extra));
        Assert.Equal(drawn.Count, drawn.Distinct().Count());

        foreach (var final in FinalStatuses)
        {
            Assert.Contains($"{final} --> [*]", lines);
        }

        Assert.Equal(FinalStatuses.Length + 1, lines.Count(l => l.Contains("[*]", StringComparison.Ordinal)));
    }
}
