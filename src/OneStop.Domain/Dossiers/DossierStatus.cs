using System.Text.Json.Serialization;

namespace OneStop.Domain.Dossiers;

/// <summary>
/// The externally visible state of a dossier: the ten statuses synced to the national portal (docs/domain.md §6), plus
/// <see cref="Draft"/>, which exists only inside OneStop before the applicant submits.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DossierStatus>))]
public enum DossierStatus
{
    Draft = 0,
    /// <summary>1 Mới đăng ký: filed, waiting for the desk (national: receiving).</summary>
    Registered = 1,
    /// <summary>2 Được tiếp nhận: received by the desk, not yet taken up (new).</summary>
    Received = 2,
    /// <summary>3 Không được tiếp nhận: refused at the desk (denied).</summary>
    Refused = 3,
    /// <summary>4 Đang xử lý (processing).</summary>
    Processing = 4,
    /// <summary>5 Yêu cầu bổ sung giấy tờ: waiting for the applicant's supplement (waiting).</summary>
    AwaitingSupplement = 5,
    /// <summary>6 Yêu cầu thực hiện nghĩa vụ tài chính: waiting for the fees (paying).</summary>
    AwaitingPayment = 6,
    /// <summary>7 Công dân yêu cầu rút hồ sơ: withdrawn by the applicant (cancelled).</summary>
    Withdrawn = 7,
    /// <summary>8 Dừng xử lý: stopped by the agency (unresolved).</summary>
    Stopped = 8,
    /// <summary>9 Đã xử lý xong: resolved, the result waits at the desk (releasing).</summary>
    Resolved = 9,
    /// <summary>10 Đã trả kết quả: the result was returned (done).</summary>
    Returned = 10,
}

/// <summary>Kênh nộp: how a dossier arrived.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Channel>))]
public enum Channel
{
    Online = 0,
    InPerson = 1,
    Post = 2,
    /// <summary>Created by an inter-agency transfer (liên thông) from another agency's dossier.</summary>
    Transfer = 3,
}

/// <summary>How the result goes back to the applicant.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ReturnChannel>))]
public enum ReturnChannel
{
    Online = 0,
    AtDesk = 1,
    Post = 2,
}

/// <summary>Deadline state kept up to date by the deadline job.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DeadlineState>))]
public enum DeadlineState
{
    OnTime = 0,
    DueSoon = 1,
    Overdue = 2,
}

/// <summary>Names of the statuses: Vietnamese, English and the national-portal string.</summary>
public static class DossierStatuses
{
    public sealed record Info(DossierStatus Status, int Number, string Vietnamese, string English, string National);

    public static IReadOnlyList<Info> All { get; } =
    [
        new(DossierStatus.Registered, 1, "Mới đăng ký", "Registered", "receiving"),
        new(DossierStatus.Received, 2, "Được tiếp nhận", "Received", "new"),
        new(DossierStatus.Refused, 3, "Không được tiếp nhận", "Refused", "denied"),
        new(DossierStatus.Processing, 4, "Đang xử lý", "Processing", "processing"),
        new(DossierStatus.AwaitingSupplement, 5, "Yêu cầu bổ sung giấy tờ", "Supplement requested", "waiting"),
        new(DossierStatus.AwaitingPayment, 6, "Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested", "paying"),
        new(DossierStatus.Withdrawn, 7, "Công dân yêu cầu rút hồ sơ", "Withdrawn by the applicant", "cancelled"),
        new(DossierStatus.Stopped, 8, "Dừng xử lý", "Processing stopped", "unresolved"),
        new(DossierStatus.Resolved, 9, "Đã xử lý xong", "Processed, result ready", "releasing"),
        new(DossierStatus.Returned, 10, "Đã trả kết quả", "Result returned", "done"),
    ];

    private static readonly Info DraftInfo = new(DossierStatus.Draft, 0, "Bản nháp", "Draft", "");

    public static Info Of(DossierStatus status) => status == DossierStatus.Draft ? DraftInfo : All[(int)status - 1];

    /// <summary>
    /// Open: received and not yet ended — the agency owes the applicant a result, so the appointment runs (the deadline
    /// job watches these; a result waiting at the desk is still owed). The one list for queries, jobs and pages.
    /// </summary>
    public static IReadOnlyList<DossierStatus> Open { get; } =
        [DossierStatus.Received, DossierStatus.Processing, DossierStatus.AwaitingSupplement, DossierStatus.AwaitingPayment, DossierStatus.Resolved];

    /// <summary>Final: no action leads out of these.</summary>
    public static IReadOnlyList<DossierStatus> Final { get; } = [DossierStatus.Refused, DossierStatus.Withdrawn, DossierStatus.Stopped, DossierStatus.Returned];

    /// <summary>Submitted and not ended: in an agency's queues (registered or open).</summary>
    public static IReadOnlyList<DossierStatus> Pending { get; } = [DossierStatus.Registered, .. Open];

    public static bool IsOpen(DossierStatus s) => Open.Contains(s);

    public static bool IsFinal(DossierStatus s) => Final.Contains(s);

    /// <summary>The string the national public-service portal uses for a status (empty for a draft).</summary>
    public static string National(DossierStatus status) => Of(status).National;
}
