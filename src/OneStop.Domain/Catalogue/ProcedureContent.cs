using System.Text.Json.Serialization;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Catalogue;

/// <summary>Service level of Nghị định 43/2011 (1–4).</summary>
public enum ServiceLevel
{
    Information = 1,
    Download = 2,
    OnlineSubmission = 3,
    OnlinePayment = 4,
}

/// <summary>Nghị định 42/2022 classification: whole procedure online (toàn trình) or only part of it (một phần).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<OnlineScope>))]
public enum OnlineScope
{
    None = 0,
    Partial = 1,
    Full = 2,
}

/// <summary>Level of an agency in the tree; a procedure names the levels that implement it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AgencyLevel>))]
public enum AgencyLevel
{
    City = 0,
    Department = 1,
    District = 2,
    Commune = 3,
    /// <summary>Cấp bộ (or another central body): a national procedure handled outside Hanoi's agencies.</summary>
    Ministry = 4,
}

[JsonConverter(typeof(JsonStringEnumConverter<TimeLimitUnit>))]
public enum TimeLimitUnit
{
    /// <summary>N working days = N × 8 working hours.</summary>
    WorkingDays = 0,
    WorkingHours = 1,
    /// <summary>"Trong ngày": the result is due by the end of the working day of reception.</summary>
    SameDay = 2,
    /// <summary>Plain "ngày" as a source states it: calendar days.</summary>
    CalendarDays = 3,
    /// <summary>The source states no time limit (or one OneStop could not read): only information is published.</summary>
    NotStated = 4,
}

/// <summary>Hình thức nộp: how a dossier reaches the agency. Time limits and fees may differ by channel.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SubmissionChannel>))]
public enum SubmissionChannel
{
    /// <summary>Trực tiếp: at the one-stop desk.</summary>
    InPerson = 0,
    /// <summary>Dịch vụ bưu chính: by post.</summary>
    Post = 1,
    /// <summary>Trực tuyến: online.</summary>
    Online = 2,
}

/// <summary>A time limit that applies only to dossiers submitted through one channel (where the source states different ones).</summary>
public sealed record ChannelTimeLimit(SubmissionChannel Channel, TimeLimit TimeLimit);

/// <summary>Thời hạn giải quyết: an amount in a unit, the after-15:00 cut-off option, and the legal wording.</summary>
public sealed record TimeLimit(TimeLimitUnit Unit, int Amount, bool AfterCutoffNextDay, string Text)
{
    public const int WorkingHoursPerDay = 8;

    /// <summary>Working hours allowed, for units counted in working time; null for calendar days.</summary>
    [JsonIgnore]
    public int? WorkingHours => Unit switch
    {
        TimeLimitUnit.WorkingDays => Amount * WorkingHoursPerDay,
        TimeLimitUnit.WorkingHours => Amount,
        TimeLimitUnit.SameDay => 0,
        _ => null,
    };
}

/// <summary>Phí, lệ phí: a whole-VND amount (null when the amount is not known), with exemptions in words.</summary>
/// <param name="Default">Charged by default (quantity 1) on an online dossier: the amount asked at submission when the
/// procedure is paid then, and the officer's starting point when asking for payment before the result. The other lines
/// are alternatives (reductions, extra copies) the officer applies.</param>
/// <param name="Channel">The submission channel the line applies to (online fees are often lower); null: every channel.</param>
public sealed record Fee(string Name, long? AmountVnd, string? Exemption = null, string? Note = null, bool Sample = false, bool Default = false, SubmissionChannel? Channel = null);

/// <summary>When the applicant pays the fees of a procedure.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PaymentTiming>))]
public enum PaymentTiming
{
    /// <summary>The agency asks for payment while handling it (status 6, Yêu cầu thực hiện nghĩa vụ tài chính).</summary>
    BeforeResult = 0,
    /// <summary>The default fee lines are paid online right after submission; the desk receives only paid dossiers.</summary>
    AtSubmission = 1,
}

/// <summary>A field of an online form (level 3).</summary>
public sealed record FormField(
    string Key,
    string Label,
    FormFieldType Type,
    bool Required = false,
    string? Pattern = null,
    int? MaxLength = null,
    IReadOnlyList<string>? Choices = null,
    FormFieldCondition? VisibleWhen = null,
    string? Hint = null,
    string? LabelEn = null);

[JsonConverter(typeof(JsonStringEnumConverter<FormFieldType>))]
public enum FormFieldType
{
    Text = 0,
    TextArea = 1,
    Number = 2,
    Date = 3,
    Email = 4,
    Phone = 5,
    PersonalId = 6,
    Select = 7,
    Radio = 8,
    Checkbox = 9,
}

/// <summary>A field is shown (and validated) only when another, earlier field has this value.</summary>
public sealed record FormFieldCondition(string Field, string EqualsValue);

/// <summary>A fillable form definition: typed fields in order.</summary>
public sealed record FormDefinition(string Title, IReadOnlyList<FormField> Fields);

/// <summary>Mẫu đơn, tờ khai: a downloadable template (level 2) and/or a form to fill in online (level 3).</summary>
public sealed record FormTemplate(string Name, string? FileName = null, FormDefinition? Form = null, bool Sample = false);

/// <summary>Thành phần hồ sơ.</summary>
public sealed record RequiredDocument(string Name, bool Required = true, int Copies = 1, FormTemplate? Template = null);

/// <summary>
/// A step of the internal workflow: who does it and how many working hours it may take. A step with
/// <see cref="TransferTo"/> is worked by another agency (liên thông): the dossier is handed to that agency's queue for
/// the step's quota and comes back when that agency has finished its part.
/// </summary>
public sealed record WorkflowStep(string Name, StaffRole Role, int QuotaHours, string? TransferTo = null);

/// <summary>
/// Everything a version of a procedure says. A published version's content never changes; a change is a new version.
/// This record is also the unit of catalogue import and export.
/// </summary>
public sealed record ProcedureContent
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required string Field { get; init; }
    public required IReadOnlyList<AgencyLevel> AgencyLevels { get; init; }
    /// <summary>Identifiers of the specific agencies that implement it (empty: every agency of the levels).</summary>
    public IReadOnlyList<string> AgencyCodes { get; init; } = [];

    /// <summary>Does an agency handle this procedure: one of the agencies named, or, when none is named, one of its levels?</summary>
    public bool IsHandledBy(string agencyCode, AgencyLevel level) => AgencyCodes.Count > 0 ? AgencyCodes.Contains(agencyCode) : AgencyLevels.Contains(level);
    public ServiceLevel ServiceLevel { get; init; } = ServiceLevel.Information;
    public OnlineScope OnlineScope { get; init; } = OnlineScope.None;
    public required TimeLimit TimeLimit { get; init; }
    /// <summary>Time limits per submission channel, when the source states different ones; <see cref="TimeLimit"/> is then the desk's.</summary>
    public IReadOnlyList<ChannelTimeLimit> ChannelTimeLimits { get; init; } = [];
    public IReadOnlyList<Fee> Fees { get; init; } = [];
    public PaymentTiming PaymentTiming { get; init; } = PaymentTiming.BeforeResult;
    public IReadOnlyList<RequiredDocument> Documents { get; init; } = [];
    /// <summary>Rows of the source's document list that are notes rather than papers ("Trường hợp … thì không phải nộp …").</summary>
    public IReadOnlyList<string> DocumentNotes { get; init; } = [];
    /// <summary>The implementing agency as the source names it (Cơ quan thực hiện), verbatim.</summary>
    public string? ImplementingAgencyText { get; init; }
    /// <summary>
    /// What an import could not understand, one line each; a procedure with any is published at level 1–2 until a
    /// person completes it (a new version with this list emptied).
    /// </summary>
    public IReadOnlyList<string> ReviewIssues { get; init; } = [];
    public string? Result { get; init; }
    public string? LegalBasis { get; init; }
    public string? Steps { get; init; }
    public string? Conditions { get; init; }
    public IReadOnlyList<WorkflowStep> Workflow { get; init; } = [];
    public IReadOnlyList<string> Sources { get; init; } = [];
    /// <summary>Names of the values that are sample data filled in by OneStop, not taken from a source.</summary>
    public IReadOnlyList<string> SampleFields { get; init; } = [];
    public bool CodeIsSample { get; init; }
}
