using System.Text.Json.Serialization;
using OneStop.Domain.Calendar;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Feedback;

/// <summary>A question (hỏi đáp) or a piece of feedback (phản ánh, kiến nghị).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedbackKind>))]
public enum FeedbackKind
{
    Question = 0,
    Feedback = 1,
}

/// <summary>The statuses of DOMAIN.md §13, grouped into waiting, in progress and done (<see cref="FeedbackRules.GroupOf"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedbackStatus>))]
public enum FeedbackStatus
{
    /// <summary>Chờ xử lý: received (or transferred in), not yet taken up.</summary>
    Received = 0,
    /// <summary>Đang xử lý: a specialist is working on the answer.</summary>
    Processing = 1,
    /// <summary>Chờ bổ sung thông tin: the sender was asked for more.</summary>
    AwaitingSupplement = 2,
    /// <summary>Chờ lãnh đạo duyệt: the answer waits for the leader.</summary>
    AwaitingApproval = 3,
    /// <summary>Đã trả lời: answered; waits for publication when the sender agreed to it.</summary>
    Answered = 4,
    /// <summary>Đã công khai: the answer is public.</summary>
    Published = 5,
    /// <summary>Từ chối tiếp nhận: not feedback on rules or procedures (a complaint, a denunciation…).</summary>
    Refused = 6,
}

public enum FeedbackGroup
{
    Waiting,
    InProgress,
    Done,
}

/// <summary>What staff (or the sender) do to a question or feedback.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FeedbackAction>))]
public enum FeedbackAction
{
    /// <summary>A specialist takes it up.</summary>
    Claim,
    /// <summary>Refused (≤ 2 working days), with the reason.</summary>
    Refuse,
    /// <summary>More information asked of the sender (≤ 5 working days).</summary>
    RequestInfo,
    /// <summary>The sender's information arrived (or the officer resumes).</summary>
    Resume,
    /// <summary>Sent to the agency responsible; its clock starts again.</summary>
    Transfer,
    /// <summary>The specialist's draft answer goes to the leader.</summary>
    SubmitAnswer,
    /// <summary>The leader approves: the sender is answered.</summary>
    Approve,
    /// <summary>The leader sends the draft back.</summary>
    SendBack,
    /// <summary>The answer is made public (only with the sender's consent, ≤ 2 working days after answering).</summary>
    Publish,
}

/// <summary>The legal deadlines of one question or feedback, counted from receipt or the latest transfer.</summary>
public sealed record FeedbackDeadlines(DateTimeOffset RefuseBy, DateTimeOffset RequestInfoBy, DateTimeOffset AnswerBy);

/// <summary>What a question or feedback is now, as the rules need it.</summary>
public sealed record FeedbackState(FeedbackStatus Status, bool ConsentToPublish, bool HasDraftAnswer);

/// <summary>An allowed action: the new status. A refusal: the reason (409 or 400 with a path).</summary>
public sealed record FeedbackDecision(FeedbackStatus? To, RuleError? Refusal)
{
    public static FeedbackDecision Go(FeedbackStatus to) => new(to, null);

    public static FeedbackDecision No(string path, string vi, string en) => new(null, new RuleError(path, $"{vi} / {en}"));
}

/// <summary>
/// Questions and feedback (PAKN, DOMAIN.md §13): legal deadlines in working days from receipt or the latest transfer —
/// refuse ≤ 2, first request for more information ≤ 5, answer ≤ 15, publish ≤ 2 after answering — and who may take which
/// action in which status.
/// </summary>
public static class FeedbackRules
{
    public const int RefuseDays = 2;
    public const int RequestInfoDays = 5;
    public const int AnswerDays = 15;
    public const int PublishDays = 2;

    private static TimeLimit Days(int n) => new(TimeLimitUnit.WorkingDays, n, false, $"{n} ngày làm việc");

    /// <summary>The deadlines counted from <paramref name="start"/> (receipt or the latest transfer) on the working calendar.</summary>
    public static FeedbackDeadlines DeadlinesFrom(WorkingCalendar calendar, DateTimeOffset start)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return new(calendar.DueAt(start, Days(RefuseDays)), calendar.DueAt(start, Days(RequestInfoDays)), calendar.DueAt(start, Days(AnswerDays)));
    }

    /// <summary>The answer must be published by then (when the sender agreed).</summary>
    public static DateTimeOffset PublishBy(WorkingCalendar calendar, DateTimeOffset answeredAt)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        return calendar.DueAt(answeredAt, Days(PublishDays));
    }

    public static FeedbackGroup GroupOf(FeedbackStatus status) => status switch
    {
        FeedbackStatus.Received => FeedbackGroup.Waiting,
        FeedbackStatus.Processing or FeedbackStatus.AwaitingSupplement or FeedbackStatus.AwaitingApproval => FeedbackGroup.InProgress,
        _ => FeedbackGroup.Done,
    };

    /// <summary>The agency still owes the sender an answer (the deadline job watches these).</summary>
    public static bool IsOpen(FeedbackStatus status) => status is FeedbackStatus.Received or FeedbackStatus.Processing or FeedbackStatus.AwaitingApproval;

    public static IReadOnlyList<FeedbackStatus> Open { get; } = [FeedbackStatus.Received, FeedbackStatus.Processing, FeedbackStatus.AwaitingApproval];

    /// <summary>Handled on time (indicator 5.2): answered or refused by the deadline, or still open and not yet due.</summary>
    public static bool OnTime(DateTimeOffset dueAt, DateTimeOffset? endedAt, DateTimeOffset now) => (endedAt ?? now) <= dueAt;

    public static (string Vietnamese, string English) StatusName(FeedbackStatus status) => status switch
    {
        FeedbackStatus.Received => ("Chờ xử lý", "Waiting"),
        FeedbackStatus.Processing => ("Đang xử lý", "In progress"),
        FeedbackStatus.AwaitingSupplement => ("Chờ bổ sung thông tin", "Waiting for more information"),
        FeedbackStatus.AwaitingApproval => ("Chờ lãnh đạo duyệt", "Waiting for approval"),
        FeedbackStatus.Answered => ("Đã trả lời", "Answered"),
        FeedbackStatus.Published => ("Đã công khai", "Published"),
        _ => ("Từ chối tiếp nhận", "Refused"),
    };

    /// <summary>The role an action needs: specialists handle, leaders approve; the desk and leaders route.</summary>
    public static IReadOnlyList<StaffRole> RolesFor(FeedbackAction action) => action switch
    {
        FeedbackAction.Approve or FeedbackAction.SendBack => [StaffRole.AgencyLeader, StaffRole.DivisionHead],
        FeedbackAction.Transfer or FeedbackAction.Refuse => [StaffRole.DeskOfficer, StaffRole.Specialist, StaffRole.AgencyLeader, StaffRole.DivisionHead],
        FeedbackAction.Publish => [StaffRole.DeskOfficer, StaffRole.Specialist, StaffRole.AgencyLeader, StaffRole.DivisionHead],
        _ => [StaffRole.Specialist, StaffRole.AgencyLeader, StaffRole.DivisionHead],
    };

    /// <summary>What <paramref name="action"/> does to a question or feedback in <paramref name="state"/>; a refusal names why.</summary>
    public static FeedbackDecision Decide(FeedbackState state, FeedbackAction action, string? note)
    {
        ArgumentNullException.ThrowIfNull(state);
        var s = state.Status;
        var blank = string.IsNullOrWhiteSpace(note);
        return action switch
        {
            FeedbackAction.Claim when s is FeedbackStatus.Received => FeedbackDecision.Go(FeedbackStatus.Processing),
            FeedbackAction.Refuse when s is FeedbackStatus.Received or FeedbackStatus.Processing => blank
                ? FeedbackDecision.No("note", "Ghi rõ lý do từ chối.", "Give the reason for refusing.")
                : FeedbackDecision.Go(FeedbackStatus.Refused),
            FeedbackAction.RequestInfo when s is FeedbackStatus.Received or FeedbackStatus.Processing => blank
                ? FeedbackDecision.No("note", "Ghi rõ thông tin cần bổ sung.", "Say what information is needed.")
                : FeedbackDecision.Go(FeedbackStatus.AwaitingSupplement),
            FeedbackAction.Resume when s is FeedbackStatus.AwaitingSupplement => FeedbackDecision.Go(FeedbackStatus.Processing),
            FeedbackAction.Transfer when s is FeedbackStatus.Received or FeedbackStatus.Processing => FeedbackDecision.Go(FeedbackStatus.Received),
            FeedbackAction.SubmitAnswer when s is FeedbackStatus.Processing => blank
                ? FeedbackDecision.No("answer", "Nhập nội dung trả lời.", "Write the answer.")
                : FeedbackDecision.Go(FeedbackStatus.AwaitingApproval),
            FeedbackAction.Approve when s is FeedbackStatus.AwaitingApproval && state.HasDraftAnswer => FeedbackDecision.Go(FeedbackStatus.Answered),
            FeedbackAction.SendBack when s is FeedbackStatus.AwaitingApproval => blank
                ? FeedbackDecision.No("note", "Ghi rõ lý do trả lại.", "Say why it is sent back.")
                : FeedbackDecision.Go(FeedbackStatus.Processing),
            FeedbackAction.Publish when s is FeedbackStatus.Answered && !state.ConsentToPublish => FeedbackDecision.No("",
                "Người gửi không đồng ý công khai nên không được công khai câu trả lời.", "The sender did not agree to publication, so the answer may not be published."),
            FeedbackAction.Publish when s is FeedbackStatus.Answered => FeedbackDecision.Go(FeedbackStatus.Published),
            _ => FeedbackDecision.No("", $"Không thể thực hiện \"{action}\" khi đang ở trạng thái \"{StatusName(s).Vietnamese}\".",
                $"\"{action}\" is not possible while \"{StatusName(s).English}\"."),
        };
    }

    /// <summary>A question or feedback as sent: content and a way to reach the sender (or an account) are required.</summary>
    public static IReadOnlyList<RuleError> ValidateSubmission(string? title, string? content, string? name, string? phone, string? email, bool signedIn)
    {
        var errors = new List<RuleError>();
        if (string.IsNullOrWhiteSpace(title))
        {
            errors.Add(new("title", "Nhập tiêu đề. / Enter a title."));
        }
        else if (title.Length > 200)
        {
            errors.Add(new("title", "Tiêu đề tối đa 200 ký tự. / The title is at most 200 characters."));
        }

        if (string.IsNullOrWhiteSpace(content))
        {
            errors.Add(new("content", "Nhập nội dung câu hỏi hoặc phản ánh. / Enter the question or feedback."));
        }
        else if (content.Length > 5000)
        {
            errors.Add(new("content", "Nội dung tối đa 5000 ký tự. / The content is at most 5000 characters."));
        }

        if (!signedIn)
        {
            if (string.IsNullOrWhiteSpace(name))
            {
                errors.Add(new("name", "Nhập họ và tên. / Enter your name."));
            }

            if (string.IsNullOrWhiteSpace(phone) || !IsPhone(phone))
            {
                errors.Add(new("phone", "Nhập số điện thoại (10 chữ số, bắt đầu bằng 0). / Enter a phone number (10 digits starting with 0)."));
            }

            if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal) || email.Length > 256)
            {
                errors.Add(new("email", "Nhập địa chỉ thư điện tử. / Enter an e-mail address."));
            }
        }

        return errors;
    }

    /// <summary>A Vietnamese phone number as written: 10 digits starting with 0 (spaces allowed).</summary>
    public static bool IsPhone(string phone)
    {
        var digits = NormalisePhone(phone);
        return digits.Length == 10 && digits[0] == '0' && digits.All(char.IsAsciiDigit);
    }

    public static string NormalisePhone(string? phone) => (phone ?? "").Replace(" ", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Trim();

    /// <summary>"PAKN-{yyMMdd}-{6 random}" in Vietnam time: short enough to read out, not guessable.</summary>
    public static string Code(DateTimeOffset receivedAt, string random) =>
        $"PAKN-{receivedAt.ToOffset(WorkingCalendar.VietnamOffset):yyMMdd}-{random}";
}
