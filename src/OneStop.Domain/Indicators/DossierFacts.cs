using OneStop.Domain.Dossiers;

namespace OneStop.Domain.Indicators;

/// <summary>A supplement request (yêu cầu bổ sung) and, once given, the applicant's answer.</summary>
public sealed record SupplementRequest(DateTimeOffset AskedAt, DateTimeOffset? AnsweredAt);

/// <summary>
/// What the indicators need to know of one dossier, read by the host from the dossier, its history and its files. Times
/// are instants; days are counted in Vietnam time (UTC+7).
/// </summary>
public sealed record DossierFacts
{
    public Channel Channel { get; init; }
    public DossierStatus Status { get; init; }
    /// <summary>Tiếp nhận: when the desk received it (null: never received — registered only, or refused at the desk).</summary>
    public DateTimeOffset? ReceivedAt { get; init; }
    /// <summary>Ngày hẹn trả now (already moved by supplement waits and apology letters).</summary>
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>Đã xử lý xong: when the result was approved and waits at the desk.</summary>
    public DateTimeOffset? ReleasedAt { get; init; }
    /// <summary>When the dossier reached a final status (returned, stopped, withdrawn, refused).</summary>
    public DateTimeOffset? CompletedAt { get; init; }
    public IReadOnlyList<SupplementRequest> Supplements { get; init; } = [];
    /// <summary>Fees were asked of the applicant (a non-zero amount).</summary>
    public bool FeeBearing { get; init; }
    /// <summary>At least one fee payment went through an online gateway.</summary>
    public bool PaidOnline { get; init; }
    /// <summary>The dossier's components have files (uploaded online or scanned at the desk).</summary>
    public bool HasComponentFiles { get; init; }
    /// <summary>At least one component was reused from the applicant's document wallet.</summary>
    public bool HasReusedDocument { get; init; }
    /// <summary>At least one electronic result file was issued.</summary>
    public bool HasElectronicResult { get; init; }
    public ReturnChannel? ReturnChannel { get; init; }
}

/// <summary>How a dossier counts in the indicators of a period.</summary>
public enum IndicatorOutcome
{
    /// <summary>Not ended: in progress.</summary>
    Open = 0,
    /// <summary>Resolved before the day of its appointment (trước hạn).</summary>
    Early = 1,
    /// <summary>Resolved on the day of its appointment, no later than its time (đúng hạn).</summary>
    OnTime = 2,
    /// <summary>Resolved after its appointment, or after a second supplement request (quá hạn).</summary>
    Late = 3,
    /// <summary>Withdrawn by its applicant: leaves the agency's work without a resolution.</summary>
    Withdrawn = 4,
}
