using System.Globalization;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Roles;

namespace OneStop.Web.Shared;

/// <summary>
/// Words shown to people, Vietnamese first. Pages call <see cref="T"/> with both languages side by side, so a reader
/// of a view sees the English meaning of every Vietnamese string where it is used.
/// </summary>
public static class Ui
{
    public static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    public static string T(string vietnamese, string english) => English ? english : vietnamese;

    public static string Lang => English ? "en" : "vi";

    public static string StatusTitle(int status) => status switch
    {
        400 => "Yêu cầu không hợp lệ / Bad request",
        401 => "Cần đăng nhập / Sign-in required",
        403 => "Không có quyền / Forbidden",
        404 => "Không tìm thấy / Not found",
        405 => "Phương thức không được phép / Method not allowed",
        409 => "Xung đột trạng thái / Conflict",
        413 => "Dữ liệu quá lớn / Payload too large",
        415 => "Kiểu dữ liệu không hỗ trợ / Unsupported media type",
        429 => "Quá nhiều yêu cầu / Too many requests",
        503 => "Dịch vụ tạm thời gián đoạn / Service temporarily unavailable",
        507 => "Kho lưu trữ đầy / Insufficient storage",
        _ when status >= 500 => "Lỗi hệ thống / Server error",
        _ => "Lỗi / Error",
    };

    public static string Level(ServiceLevel level) => T($"Mức độ {(int)level}", $"Level {(int)level}");

    public static string LevelDescription(ServiceLevel level) => level switch
    {
        ServiceLevel.Information => T("Thông tin đầy đủ về thủ tục", "Full information on the procedure"),
        ServiceLevel.Download => T("Tải mẫu đơn, tờ khai; nộp hồ sơ giấy", "Download forms; hand in on paper"),
        ServiceLevel.OnlineSubmission => T("Điền và nộp hồ sơ trực tuyến", "Fill in and submit online"),
        _ => T("Nộp, thanh toán phí và nhận kết quả trực tuyến", "Submit, pay and receive the result online"),
    };

    public static string Scope(OnlineScope scope) => scope switch
    {
        OnlineScope.Full => T("Toàn trình", "Fully online"),
        OnlineScope.Partial => T("Một phần", "Partly online"),
        _ => T("Không trực tuyến", "Not online"),
    };

    public static string AgencyLevelName(AgencyLevel level) => level switch
    {
        AgencyLevel.City => T("Cấp thành phố", "City"),
        AgencyLevel.Department => T("Cấp sở, ngành", "Department"),
        AgencyLevel.District => T("Cấp quận, huyện", "District"),
        AgencyLevel.Ministry => T("Cấp bộ (trung ương)", "Ministry (national)"),
        _ => T("Cấp xã, phường", "Commune"),
    };

    public static string SubmissionChannelName(SubmissionChannel c) => c switch
    {
        SubmissionChannel.InPerson => T("Nộp trực tiếp", "In person"),
        SubmissionChannel.Post => T("Qua dịch vụ bưu chính", "By post"),
        _ => T("Nộp trực tuyến", "Online"),
    };

    public static string TimeLimitText(TimeLimit t) => t.Unit switch
    {
        TimeLimitUnit.WorkingDays => T($"{t.Amount} ngày làm việc", $"{t.Amount} working days"),
        TimeLimitUnit.WorkingHours => T($"{t.Amount} giờ làm việc", $"{t.Amount} working hours"),
        TimeLimitUnit.SameDay => T("Trong ngày", "Same day"),
        TimeLimitUnit.NotStated => T("Chưa xác định", "Not stated"),
        _ => T($"{t.Amount} ngày", $"{t.Amount} calendar days"),
    };

    public static string Role(StaffRole role)
    {
        var (vi, en) = Features.Identity.StaffRoles.Name(role);
        return T(vi, en);
    }

    public static string Status(ProcedureStatus s) => s switch
    {
        ProcedureStatus.Draft => T("Bản nháp", "Draft"),
        ProcedureStatus.Published => T("Đang công bố", "Published"),
        ProcedureStatus.Suspended => T("Tạm dừng", "Suspended"),
        _ => T("Đã thay thế", "Superseded"),
    };

    public static string Money(long? vnd) => vnd switch
    {
        null => T("Chưa xác định", "Not known"),
        0 => T("Miễn phí", "Free"),
        _ => Domain.Text.VietnameseMoney.Figures(vnd.Value) + " đồng",
    };

    /// <summary>An amount of money as such ("0 đồng", never "free"): payments and reconciliation.</summary>
    public static string Vnd(long vnd) => Domain.Text.VietnameseMoney.Figures(vnd) + T(" đồng", " VND");

    public static string PaymentStatusName(OneStop.Domain.Payments.PaymentStatus s)
    {
        var (vi, en) = Features.Payments.PaymentLedger.StatusName(s);
        return T(vi, en);
    }

    public static string DossierStatusName(OneStop.Domain.Dossiers.DossierStatus s)
    {
        var info = OneStop.Domain.Dossiers.DossierStatuses.Of(s);
        return T(info.Vietnamese, info.English);
    }

    public static string ActionName(OneStop.Domain.Dossiers.DossierAction a)
    {
        var (vi, en) = OneStop.Domain.Dossiers.DossierStateMachine.Name(a);
        return T(vi, en);
    }

    public static string ChannelName(OneStop.Domain.Dossiers.Channel c) => c switch
    {
        OneStop.Domain.Dossiers.Channel.Online => T("Trực tuyến", "Online"),
        OneStop.Domain.Dossiers.Channel.InPerson => T("Trực tiếp", "In person"),
        OneStop.Domain.Dossiers.Channel.Post => T("Bưu chính", "By post"),
        _ => T("Liên thông", "Inter-agency transfer"),
    };

    public static string ReturnChannelName(OneStop.Domain.Dossiers.ReturnChannel c) => c switch
    {
        OneStop.Domain.Dossiers.ReturnChannel.Online => T("Nhận trực tuyến", "Online download"),
        OneStop.Domain.Dossiers.ReturnChannel.AtDesk => T("Nhận tại Bộ phận Một cửa", "At the desk"),
        _ => T("Qua bưu chính", "By post"),
    };

    public static string ActorRoleName(string role) => Enum.TryParse<StaffRole>(role, out var r) ? Role(r) : role switch
    {
        "Applicant" => T("Chủ hồ sơ", "Applicant"),
        "System" => T("Hệ thống", "System"),
        _ => role,
    };

    /// <summary>CSS class of a status tag: finished, waiting on the applicant, or in progress.</summary>
    public static string StatusClass(OneStop.Domain.Dossiers.DossierStatus s) => s switch
    {
        OneStop.Domain.Dossiers.DossierStatus.Returned or OneStop.Domain.Dossiers.DossierStatus.Resolved => "tag tag-done",
        OneStop.Domain.Dossiers.DossierStatus.AwaitingSupplement or OneStop.Domain.Dossiers.DossierStatus.AwaitingPayment => "tag tag-waiting",
        OneStop.Domain.Dossiers.DossierStatus.Refused or OneStop.Domain.Dossiers.DossierStatus.Withdrawn or OneStop.Domain.Dossiers.DossierStatus.Stopped => "tag tag-stopped",
        _ => "tag tag-status",
    };

    public static string Time(DateTimeOffset? t) => t is { } v ? VietnamTime.Format(v) : "—";

    public static string FileSize(long bytes) => bytes >= 1024 * 1024
        ? (bytes / 1024d / 1024d).ToString("0.0", CultureInfo.InvariantCulture) + " MB"
        : Math.Max(1, bytes / 1024).ToString(CultureInfo.InvariantCulture) + " KB";

    public static string Percent(decimal value) => value.ToString("0.0", English ? CultureInfo.InvariantCulture : CultureInfo.GetCultureInfo("vi-VN")) + "%";
}
