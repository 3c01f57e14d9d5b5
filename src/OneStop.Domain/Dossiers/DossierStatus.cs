using System.Text.Json.Serialization;

namespace OneStop.Domain.Dossiers;

/// <summary>
/// The externally visible state of a dossier: the ten statuses synced to the national portal (DOMAIN.md §4), plus
/// <see cref="Draft"/>, which exists only inside OneStop before the applicant submits.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<DossierStatus>))]
public enum DossierStatus
{
    Draft = 0,
    /// <summary>1 Mới đăng ký (national: receiving).</summary>
    Receiving = 1,
    /// <summary>2 Được tiếp nhận (new).</summary>
    New = 2,
    /// <summary>3 Không được tiếp nhận (denied).</summary>
    Denied = 3,
    /// <summary>4 Đang xử lý (processing).</summary>
    Processing = 4,
    /// <summary>5 Yêu cầu bổ sung giấy tờ (waiting).</summary>
    Waiting = 5,
    /// <summary>6 Yêu cầu thực hiện nghĩa vụ tài chính (paying).</summary>
    Paying = 6,
    /// <summary>7 Công dân yêu cầu rút hồ sơ (cancelled).</summary>
    Cancelled = 7,
    /// <summary>8 Dừng xử lý (unresolved).</summary>
    Unresolved = 8,
    /// <summary>9 Đã xử lý xong (releasing).</summary>
    Releasing = 9,
    /// <summary>10 Đã trả kết quả (done).</summary>
    Done = 10,
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
        new(DossierStatus.Receiving, 1, "Mới đăng ký", "Registered", "receiving"),
        new(DossierStatus.New, 2, "Được tiếp nhận", "Received", "new"),
        new(DossierStatus.Denied, 3, "Không được tiếp nhận", "Refused", "denied"),
        new(DossierStatus.Processing, 4, "Đang xử lý", "Processing", "processing"),
        new(DossierStatus.Waiting, 5, "Yêu cầu bổ sung giấy tờ", "Supplement requested", "waiting"),
        new(DossierStatus.Paying, 6, "Yêu cầu thực hiện nghĩa vụ tài chính", "Payment requested", "paying"),
        new(DossierStatus.Cancelled, 7, "Công dân yêu cầu rút hồ sơ", "Withdrawn by the applicant", "cancelled"),
        new(DossierStatus.Unresolved, 8, "Dừng xử lý", "Processing stopped", "unresolved"),
        new(DossierStatus.Releasing, 9, "Đã xử lý xong", "Processed, result ready", "releasing"),
        new(DossierStatus.Done, 10, "Đã trả kết quả", "Result returned", "done"),
    ];

    private static readonly Info DraftInfo = new(DossierStatus.Draft, 0, "Bản nháp", "Draft", "");

    public static Info Of(DossierStatus status) => status == DossierStatus.Draft ? DraftInfo : All[(int)status - 1];

    /// <summary>Statuses in which the agency still owes the applicant something (counted against the deadline).</summary>
    public static bool IsActive(DossierStatus s) => s is DossierStatus.New or DossierStatus.Processing or DossierStatus.Waiting or DossierStatus.Paying;

    public static bool IsFinal(DossierStatus s) => s is DossierStatus.Denied or DossierStatus.Cancelled or DossierStatus.Unresolved or DossierStatus.Done;
}
