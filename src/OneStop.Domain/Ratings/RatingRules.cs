using System.Text.Json.Serialization;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;

namespace OneStop.Domain.Ratings;

/// <summary>The three answers of the satisfaction slip (Thông tư 01/2018/TT-VPCP, chương III).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RatingAnswer>))]
public enum RatingAnswer
{
    [JsonStringEnumMemberName("very-satisfied")]
    VerySatisfied = 0,
    [JsonStringEnumMemberName("satisfied")]
    Satisfied = 1,
    [JsonStringEnumMemberName("dissatisfied")]
    Dissatisfied = 2,
}

/// <summary>Where the rating was given: on the portal (signed in, or the link of a notification) or at the desk's kiosk.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RatingChannel>))]
public enum RatingChannel
{
    [JsonStringEnumMemberName("online")]
    Online = 0,
    [JsonStringEnumMemberName("kiosk")]
    Kiosk = 1,
}

/// <summary>Why a rating may not be given or changed now.</summary>
public enum RatingRefusal
{
    /// <summary>Not the applicant's own dossier (answered as "not found", so existence is not revealed).</summary>
    NotTheApplicant,
    /// <summary>The dossier is not finished (returned, refused, stopped or withdrawn).</summary>
    NotFinished,
    /// <summary>A rating exists: change it instead (within the window).</summary>
    AlreadyRated,
    /// <summary>Nothing to change.</summary>
    NotRated,
    /// <summary>The change window (7 days from the first rating) has passed.</summary>
    WindowClosed,
    /// <summary>A kiosk code opens one rating only; changes are made signed in.</summary>
    KioskUsed,
}

/// <summary>
/// Who may rate a dossier and when: only its applicant, only once the dossier is finished (returned, refused, stopped,
/// withdrawn), once; a change within <see cref="ChangeWindow"/> of the first rating, never after. The satisfaction
/// rate is (very satisfied + satisfied) ÷ ratings (DOMAIN.md §11, the default while no official definition exists).
/// </summary>
public static class RatingRules
{
    /// <summary>How long after the first rating it may still be changed.</summary>
    public static readonly TimeSpan ChangeWindow = TimeSpan.FromDays(7);

    /// <summary>Kế hoạch 132: at least 85% satisfied.</summary>
    public const decimal TargetPercent = 85m;

    public const int CommentMaxLength = 1000;

    /// <summary>The criteria of the longer slip, each scored 2 (good), 1 (acceptable) or 0 (poor): key, Vietnamese, English.</summary>
    public static IReadOnlyList<(string Key, string Vietnamese, string English)> Criteria { get; } =
    [
        ("time", "Thời gian giải quyết so với quy định", "Time taken against the limit"),
        ("contacts", "Số lần phải liên hệ để hoàn thành hồ sơ", "Number of contacts needed"),
        ("attitude", "Thái độ của cán bộ, công chức", "Staff attitude"),
        ("information", "Thông tin, hướng dẫn rõ ràng, đầy đủ", "Clarity of information"),
    ];

    /// <summary>Statuses in which a dossier may be rated: the final ones.</summary>
    public static bool IsFinished(DossierStatus status) => DossierStatuses.IsFinal(status);

    public static bool IsSatisfied(RatingAnswer answer) => answer is RatingAnswer.VerySatisfied or RatingAnswer.Satisfied;

    /// <summary>May a first rating be given? Null when it may.</summary>
    public static RatingRefusal? MayRate(bool isApplicant, DossierStatus status, bool alreadyRated) =>
        !isApplicant ? RatingRefusal.NotTheApplicant
        : !IsFinished(status) ? RatingRefusal.NotFinished
        : alreadyRated ? RatingRefusal.AlreadyRated
        : null;

    /// <summary>May the rating given at <paramref name="firstRatedAt"/> be changed at <paramref name="now"/>? Null when it may.</summary>
    public static RatingRefusal? MayChange(bool isApplicant, DateTimeOffset? firstRatedAt, DateTimeOffset now) =>
        !isApplicant ? RatingRefusal.NotTheApplicant
        : firstRatedAt is not { } at ? RatingRefusal.NotRated
        : now < ChangeUntil(at) ? null
        : RatingRefusal.WindowClosed;

    /// <summary>The last moment (exclusive) a rating may be changed.</summary>
    public static DateTimeOffset ChangeUntil(DateTimeOffset firstRatedAt) => firstRatedAt + ChangeWindow;

    /// <summary>The answer as given in the API ("very-satisfied", "satisfied", "dissatisfied"); null if unknown.</summary>
    public static RatingAnswer? ParseAnswer(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "very-satisfied" => RatingAnswer.VerySatisfied,
        "satisfied" => RatingAnswer.Satisfied,
        "dissatisfied" => RatingAnswer.Dissatisfied,
        _ => null,
    };

    public static string AnswerKey(RatingAnswer answer) => answer switch
    {
        RatingAnswer.VerySatisfied => "very-satisfied",
        RatingAnswer.Satisfied => "satisfied",
        _ => "dissatisfied",
    };

    public static (string Vietnamese, string English) AnswerName(RatingAnswer answer) => answer switch
    {
        RatingAnswer.VerySatisfied => ("Rất hài lòng", "Very satisfied"),
        RatingAnswer.Satisfied => ("Hài lòng", "Satisfied"),
        _ => ("Không hài lòng", "Dissatisfied"),
    };

    /// <summary>
    /// Checks a rating as given: a known answer, known criteria scored 0–2, a comment of at most
    /// <see cref="CommentMaxLength"/> characters. Returns the errors (paths "answer", "criteria.{key}", "comment").
    /// </summary>
    public static IReadOnlyList<RuleError> Validate(string? answer, IReadOnlyDictionary<string, int>? criteria, string? comment)
    {
        var errors = new List<RuleError>();
        if (ParseAnswer(answer) is null)
        {
            errors.Add(new("answer", "Chọn một mức: very-satisfied, satisfied hoặc dissatisfied. / Choose very-satisfied, satisfied or dissatisfied."));
        }

        foreach (var (key, score) in criteria ?? new Dictionary<string, int>())
        {
            if (!Criteria.Any(c => c.Key == key))
            {
                errors.Add(new($"criteria.{key}", $"Tiêu chí không có trong phiếu: {key}. / Unknown criterion: {key}."));
            }
            else if (score is < 0 or > 2)
            {
                errors.Add(new($"criteria.{key}", "Điểm mỗi tiêu chí là 0, 1 hoặc 2. / Each criterion is scored 0, 1 or 2."));
            }
        }

        if (comment is { Length: > CommentMaxLength })
        {
            errors.Add(new("comment", $"Ý kiến tối đa {CommentMaxLength} ký tự. / The comment is at most {CommentMaxLength} characters."));
        }

        return errors;
    }

    /// <summary>Per cent satisfied, rounded to 2 decimals; null when nobody rated (N/A).</summary>
    public static decimal? SatisfiedPercent(int satisfied, int total) =>
        total <= 0 ? null : Math.Round(100m * satisfied / total, 2, MidpointRounding.AwayFromZero);

    /// <summary>Length of the kiosk code.</summary>
    public const int KioskCodeLength = 10;

    /// <summary>
    /// The short code printed on form 01 that opens the rating of that dossier at the desk's kiosk: the first
    /// <see cref="KioskCodeLength"/> hexadecimal characters (40 random bits) of the dossier's tracking key, which the same
    /// form already carries in its QR code, upper case. Null for a key too short to give one.
    /// </summary>
    public static string? KioskCode(string? trackingKey) =>
        trackingKey is { Length: >= KioskCodeLength } && trackingKey[..KioskCodeLength].All(char.IsAsciiHexDigit)
            ? trackingKey[..KioskCodeLength].ToUpperInvariant()
            : null;

    /// <summary>
    /// A typed code as the tracking-key prefix to look for (lower case), or null when it cannot be one: spaces and dashes
    /// are dropped, O is read as 0 and I or L as 1.
    /// </summary>
    public static string? TrackingKeyPrefix(string? typed)
    {
        var chars = (typed ?? "").ToUpperInvariant().Where(c => c is not (' ' or '-')).Select(c => c switch { 'O' => '0', 'I' or 'L' => '1', _ => c }).ToArray();
        return chars.Length == KioskCodeLength && chars.All(char.IsAsciiHexDigit) ? new string(chars).ToLowerInvariant() : null;
    }

    /// <summary>"ABCDE-FGHJK" for print.</summary>
    public static string FormatKioskCode(string code) => code.Length == KioskCodeLength ? code[..5] + "-" + code[5..] : code;
}
