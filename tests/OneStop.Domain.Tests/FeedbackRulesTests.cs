using OneStop.Domain.Calendar;
using OneStop.Domain.Feedback;

namespace OneStop.Domain.Tests;

public class FeedbackRulesTests
{
    private static DateTimeOffset Vn(int y, int m, int d, int h, int min = 0) => new(y, m, d, h, min, 0, TimeSpan.FromHours(7));

    public static TheoryData<DateTimeOffset, DateTimeOffset, DateTimeOffset, DateTimeOffset> Deadlines => new()
    {
        // Tuesday 1/12/2026 10:00: 2, 5 and 15 working days later at the same hour (weekends skipped).
        { Vn(2026, 12, 1, 10), Vn(2026, 12, 3, 10), Vn(2026, 12, 8, 10), Vn(2026, 12, 22, 10) },
        // Across Tết 2026 (Mon 16/2 – Fri 20/2 off): received Thursday 12/2 at 10:00.
        { Vn(2026, 2, 12, 10), Vn(2026, 2, 23, 10), Vn(2026, 2, 26, 10), Vn(2026, 3, 12, 10) },
        // Across 30/4 and 1/5/2026 (Thursday and Friday): received Tuesday 28/4 at 9:00.
        { Vn(2026, 4, 28, 9), Vn(2026, 5, 4, 9), Vn(2026, 5, 7, 9), Vn(2026, 5, 21, 9) },
    };

    [Theory]
    [MemberData(nameof(Deadlines))]
    public void Deadlines_are_counted_in_working_days_on_the_calendar(DateTimeOffset received, DateTimeOffset refuse, DateTimeOffset info, DateTimeOffset answer)
    {
        var d = FeedbackRules.DeadlinesFrom(WorkingCalendar.Vietnam, received);
        Assert.Equal((refuse, info, answer), (d.RefuseBy, d.RequestInfoBy, d.AnswerBy));
    }

    [Fact]
    public void Publication_is_due_two_working_days_after_the_answer() =>
        Assert.Equal(Vn(2026, 12, 7, 15), FeedbackRules.PublishBy(WorkingCalendar.Vietnam, Vn(2026, 12, 3, 15))); // Thursday → Monday

    public static TheoryData<FeedbackStatus, bool, bool, FeedbackAction, string?, FeedbackStatus?> Transitions => new()
    {
        { FeedbackStatus.Received, false, false, FeedbackAction.Claim, null, FeedbackStatus.Processing },
        { FeedbackStatus.Received, false, false, FeedbackAction.Refuse, "Khiếu nại, không phải phản ánh", FeedbackStatus.Refused },
        { FeedbackStatus.Received, false, false, FeedbackAction.Refuse, " ", null },
        { FeedbackStatus.Received, false, false, FeedbackAction.Transfer, null, FeedbackStatus.Received },
        { FeedbackStatus.Processing, false, false, FeedbackAction.RequestInfo, "Số hồ sơ?", FeedbackStatus.AwaitingSupplement },
        { FeedbackStatus.AwaitingSupplement, false, false, FeedbackAction.Resume, null, FeedbackStatus.Processing },
        { FeedbackStatus.Processing, false, false, FeedbackAction.SubmitAnswer, "Trả lời", FeedbackStatus.AwaitingApproval },
        { FeedbackStatus.Processing, false, false, FeedbackAction.SubmitAnswer, null, null },
        { FeedbackStatus.Received, false, false, FeedbackAction.SubmitAnswer, "Trả lời", null },
        { FeedbackStatus.AwaitingApproval, false, true, FeedbackAction.Approve, null, FeedbackStatus.Answered },
        { FeedbackStatus.AwaitingApproval, false, false, FeedbackAction.Approve, null, null },
        { FeedbackStatus.AwaitingApproval, false, true, FeedbackAction.SendBack, "Bổ sung căn cứ", FeedbackStatus.Processing },
        { FeedbackStatus.Answered, true, true, FeedbackAction.Publish, null, FeedbackStatus.Published },
        { FeedbackStatus.Answered, false, true, FeedbackAction.Publish, null, null }, // no consent: never published
        { FeedbackStatus.AwaitingApproval, true, true, FeedbackAction.Publish, null, null },
        { FeedbackStatus.Published, true, true, FeedbackAction.Publish, null, null },
        { FeedbackStatus.Refused, true, false, FeedbackAction.Claim, null, null },
        { FeedbackStatus.Answered, true, true, FeedbackAction.Transfer, null, null },
    };

    [Theory]
    [MemberData(nameof(Transitions))]
    public void Each_action_is_allowed_only_where_the_rules_say(FeedbackStatus from, bool consent, bool draft, FeedbackAction action, string? note, FeedbackStatus? to)
    {
        var d = FeedbackRules.Decide(new FeedbackState(from, consent, draft), action, note);
        Assert.Equal(to, d.To);
        Assert.Equal(to is null, d.Refusal is not null);
    }

    [Theory]
    [InlineData(FeedbackStatus.Received, FeedbackGroup.Waiting)]
    [InlineData(FeedbackStatus.Processing, FeedbackGroup.InProgress)]
    [InlineData(FeedbackStatus.AwaitingSupplement, FeedbackGroup.InProgress)]
    [InlineData(FeedbackStatus.AwaitingApproval, FeedbackGroup.InProgress)]
    [InlineData(FeedbackStatus.Answered, FeedbackGroup.Done)]
    [InlineData(FeedbackStatus.Published, FeedbackGroup.Done)]
    [InlineData(FeedbackStatus.Refused, FeedbackGroup.Done)]
    public void Statuses_group_into_waiting_in_progress_and_done(FeedbackStatus status, FeedbackGroup group) => Assert.Equal(group, FeedbackRules.GroupOf(status));

    [Theory]
    [InlineData("Tiêu đề", "Nội dung", "An", "0912345678", "a@b.vn", false, new string[0])]
    [InlineData("", "", "", "", "", true, new[] { "title", "content" })]
    [InlineData("T", "N", "", "12345", "khong-hop-le", false, new[] { "name", "phone", "email" })]
    [InlineData("T", "N", null, null, null, true, new string[0])]
    public void A_submission_needs_content_and_a_contact(string? title, string? content, string? name, string? phone, string? email, bool signedIn, string[] paths) =>
        Assert.Equal(paths, FeedbackRules.ValidateSubmission(title, content, name, phone, email, signedIn).Select(e => e.Path));

    [Theory]
    [InlineData("2026-12-01T10:00:00+07:00", "2026-12-22T10:00:00+07:00", null, "2026-12-10T10:00:00+07:00", true)]
    [InlineData("2026-12-01T10:00:00+07:00", "2026-12-22T10:00:00+07:00", null, "2026-12-23T10:00:00+07:00", false)]
    [InlineData("2026-12-01T10:00:00+07:00", "2026-12-22T10:00:00+07:00", "2026-12-22T10:00:00+07:00", "2027-01-10T10:00:00+07:00", true)]
    [InlineData("2026-12-01T10:00:00+07:00", "2026-12-22T10:00:00+07:00", "2026-12-22T10:00:01+07:00", "2027-01-10T10:00:00+07:00", false)]
    public void On_time_means_ended_or_judged_now_by_the_deadline(string received, string due, string? ended, string now, bool onTime)
    {
        _ = received;
        Assert.Equal(onTime, FeedbackRules.OnTime(DateTimeOffset.Parse(due, null), ended is null ? null : DateTimeOffset.Parse(ended, null), DateTimeOffset.Parse(now, null)));
    }

    [Fact]
    public void The_code_carries_the_Vietnam_date() =>
        Assert.Equal("PAKN-261201-ABC123", FeedbackRules.Code(new DateTimeOffset(2026, 11, 30, 18, 0, 0, TimeSpan.Zero), "ABC123"));
}
