using System.Globalization;
using System.Text;

namespace OneStop.Web.Features.Notifications;

/// <summary>The values a template may use; dates are shown in Vietnam time (dd/MM/yyyy HH:mm).</summary>
public sealed record NotificationValues(
    string ApplicantName,
    string DossierCode,
    string ProcedureName,
    string Agency,
    string TrackingUrl,
    DateTimeOffset? Date = null,
    string? Details = null,
    long? Amount = null,
    string RatingUrl = "");

/// <summary>One message: Vietnamese first, English second (e-mail); SMS and the in-app list carry the Vietnamese text only.</summary>
public sealed record NotificationTemplate(string SubjectVi, string SubjectEn, string BodyVi, string BodyEn, string Sms);

/// <summary>A rendered message for one channel.</summary>
public sealed record RenderedMessage(string Subject, string Body);

/// <summary>
/// Every notification text in one place. Placeholders: {ApplicantName}, {DossierCode}, {ProcedureName}, {Agency},
/// {Date} (Vietnam time, dd/MM/yyyy HH:mm), {Details} (what is missing, the reason), {Amount} (VND), {TrackingUrl},
/// {RatingUrl} (where the applicant rates the dossier: Features/Ratings/RatingLinks).
/// Edit the texts here; the keys are stored in the outbox (<see cref="OutboxMessage.EventKey"/>), so never rename one.
/// </summary>
public static class NotificationTemplates
{
    public const string Received = "received";
    public const string SupplementRequested = "supplement-requested";
    public const string ResultReady = "result-ready";
    public const string Apology = "apology";
    public const string Refused = "refused";
    public const string Stopped = "stopped";
    public const string PaymentRequested = "payment-requested";
    public const string PaymentReceived = "payment-received";
    /// <summary>Account messages (no dossier): the password reset link, removed from the stored row once sent.</summary>
    public const string PasswordReset = "password-reset";
    public const string PasswordChanged = "password-changed";
    /// <summary>A new officer's invitation to set a first password (the link, like a reset link, is removed once sent).</summary>
    public const string StaffInvitation = "staff-invitation";

    private const string SignatureVi = "\n\nTra cứu hồ sơ: {TrackingUrl}\n\n{Agency}\nCổng Dịch vụ công Hà Nội — thư tự động, vui lòng không trả lời.";
    private const string SignatureEn = "\n\nTrack the dossier: {TrackingUrl}\n\n{Agency}\nHà Nội public services portal — automatic message, please do not reply.";

    public static readonly IReadOnlyDictionary<string, NotificationTemplate> All = new Dictionary<string, NotificationTemplate>
    {
        [Received] = new(
            "Hồ sơ {DossierCode} đã được tiếp nhận",
            "Dossier {DossierCode} has been received",
            "Kính gửi {ApplicantName},\n\n{Agency} đã tiếp nhận hồ sơ {DossierCode} (thủ tục: {ProcedureName}).\nNgày hẹn trả kết quả: {Date}.",
            "Dear {ApplicantName},\n\n{Agency} has received dossier {DossierCode} ({ProcedureName}).\nThe result is due on {Date}.",
            "{Agency} da tiep nhan ho so {DossierCode}. Hen tra ket qua: {Date}. Tra cuu: {TrackingUrl}"),
        [SupplementRequested] = new(
            "Hồ sơ {DossierCode} cần bổ sung giấy tờ",
            "Dossier {DossierCode} needs more documents",
            "Kính gửi {ApplicantName},\n\nHồ sơ {DossierCode} (thủ tục: {ProcedureName}) cần bổ sung, hoàn thiện:\n{Details}\n\nVui lòng đăng nhập Cổng Dịch vụ công và bổ sung hồ sơ.",
            "Dear {ApplicantName},\n\nDossier {DossierCode} ({ProcedureName}) needs:\n{Details}\n\nPlease sign in to the portal and supplement the dossier.",
            "Ho so {DossierCode} can bo sung giay to. Chi tiet: {TrackingUrl}"),
        [ResultReady] = new(
            "Hồ sơ {DossierCode} đã có kết quả",
            "The result of dossier {DossierCode} is ready",
            "Kính gửi {ApplicantName},\n\nHồ sơ {DossierCode} (thủ tục: {ProcedureName}) đã có kết quả giải quyết. Mời ông/bà nhận kết quả tại {Agency} hoặc theo hình thức đã đăng ký.\nSau khi nhận kết quả, mời ông/bà đánh giá mức độ hài lòng: {RatingUrl}",
            "Dear {ApplicantName},\n\nThe result of dossier {DossierCode} ({ProcedureName}) is ready. Collect it at {Agency} or as you chose.\nOnce you have it, please rate your satisfaction: {RatingUrl}",
            "Ho so {DossierCode} da co ket qua. Moi nhan tai {Agency}. Danh gia: {RatingUrl}"),
        [Apology] = new(
            "Thư xin lỗi và hẹn lại ngày trả kết quả hồ sơ {DossierCode}",
            "Apology and new date for dossier {DossierCode}",
            "Kính gửi {ApplicantName},\n\n{Agency} xin lỗi vì hồ sơ {DossierCode} (thủ tục: {ProcedureName}) chưa giải quyết được đúng hẹn.\nLý do: {Details}\nNgày hẹn trả kết quả mới: {Date}.",
            "Dear {ApplicantName},\n\n{Agency} apologises that dossier {DossierCode} ({ProcedureName}) could not be handled on time.\nReason: {Details}\nThe new date is {Date}.",
            "{Agency} xin loi vi ho so {DossierCode} tre hen. Hen tra moi: {Date}. Tra cuu: {TrackingUrl}"),
        [Refused] = new(
            "Hồ sơ {DossierCode} không được tiếp nhận",
            "Dossier {DossierCode} was not accepted",
            "Kính gửi {ApplicantName},\n\n{Agency} từ chối tiếp nhận hồ sơ {DossierCode} (thủ tục: {ProcedureName}).\nLý do: {Details}\n\nĐánh giá mức độ hài lòng: {RatingUrl}",
            "Dear {ApplicantName},\n\n{Agency} did not accept dossier {DossierCode} ({ProcedureName}).\nReason: {Details}\n\nRate your satisfaction: {RatingUrl}",
            "Ho so {DossierCode} khong duoc tiep nhan. Ly do: {TrackingUrl} Danh gia: {RatingUrl}"),
        [Stopped] = new(
            "Hồ sơ {DossierCode} bị dừng xử lý",
            "Handling of dossier {DossierCode} has stopped",
            "Kính gửi {ApplicantName},\n\n{Agency} dừng xử lý hồ sơ {DossierCode} (thủ tục: {ProcedureName}).\nLý do: {Details}\n\nĐánh giá mức độ hài lòng: {RatingUrl}",
            "Dear {ApplicantName},\n\n{Agency} has stopped handling dossier {DossierCode} ({ProcedureName}).\nReason: {Details}\n\nRate your satisfaction: {RatingUrl}",
            "Ho so {DossierCode} bi dung xu ly. Ly do: {TrackingUrl} Danh gia: {RatingUrl}"),
        [PaymentRequested] = new(
            "Hồ sơ {DossierCode}: đề nghị nộp phí, lệ phí",
            "Dossier {DossierCode}: payment requested",
            "Kính gửi {ApplicantName},\n\nHồ sơ {DossierCode} (thủ tục: {ProcedureName}) cần nộp phí, lệ phí {Amount} đồng:\n{Details}\n\nVui lòng đăng nhập Cổng Dịch vụ công để thanh toán trực tuyến, hoặc nộp tại Bộ phận Một cửa của {Agency}.",
            "Dear {ApplicantName},\n\nDossier {DossierCode} ({ProcedureName}) needs a payment of {Amount} VND:\n{Details}\n\nPlease sign in to the portal to pay online, or pay at the one-stop desk of {Agency}.",
            "Ho so {DossierCode} can nop phi, le phi {Amount} dong. Chi tiet: {TrackingUrl}"),
        [PaymentReceived] = new(
            "Hồ sơ {DossierCode}: đã nhận phí, lệ phí",
            "Dossier {DossierCode}: payment received",
            "Kính gửi {ApplicantName},\n\n{Agency} đã nhận {Amount} đồng phí, lệ phí của hồ sơ {DossierCode} (thủ tục: {ProcedureName}).\nBiên lai điện tử số {Details} có chữ ký số của cơ quan, tải tại trang hồ sơ trên Cổng Dịch vụ công.",
            "Dear {ApplicantName},\n\n{Agency} has received {Amount} VND in fees for dossier {DossierCode} ({ProcedureName}).\nThe signed electronic receipt {Details} is on the dossier's page in the portal.",
            "Da nhan {Amount} dong phi ho so {DossierCode}. Bien lai {Details}. Tra cuu: {TrackingUrl}"),
    };

    /// <summary>Messages whose body holds a link that sets a password: delivery blanks the stored body once it is sent.</summary>
    public static bool CarriesPasswordLink(string key) => key is PasswordReset or StaffInvitation;

    /// <summary>An e-mail about the account itself: the reset link (<paramref name="link"/>) or the notice that the password changed.</summary>
    public static RenderedMessage AccountEmail(string key, string name, string link, DateTimeOffset at)
    {
        var when = Shared.VietnamTime.Format(at);
        var (subject, vi, en) = key switch
        {
            PasswordReset => (
                "Đặt lại mật khẩu tài khoản Cổng Dịch vụ công / Reset your portal password",
                $"Kính gửi {name},\n\nCó yêu cầu đặt lại mật khẩu cho tài khoản này lúc {when}. Để đặt mật khẩu mới, mở liên kết sau trong vòng 30 phút (liên kết chỉ dùng được một lần):\n{link}\n\nNếu không phải bạn yêu cầu, hãy bỏ qua thư này: mật khẩu hiện tại vẫn giữ nguyên.",
                $"Dear {name},\n\nA password reset for this account was asked for at {when}. To set a new password, open this link within 30 minutes (it works once):\n{link}\n\nIf you did not ask for it, ignore this message: your password stays as it is."),
            PasswordChanged => (
                "Mật khẩu tài khoản Cổng Dịch vụ công đã được đổi / Your portal password was changed",
                $"Kính gửi {name},\n\nMật khẩu tài khoản của bạn đã được đổi lúc {when}; mọi phiên đăng nhập khác đã kết thúc.\n\nNếu không phải bạn, hãy đặt lại mật khẩu ngay tại {link} và báo cho Bộ phận Một cửa.",
                $"Dear {name},\n\nThe password of your account was changed at {when}; every other session has ended.\n\nIf this was not you, reset the password now at {link} and tell the one-stop desk."),
            StaffInvitation => (
                "Mời đặt mật khẩu tài khoản cán bộ trên Hệ thống một cửa điện tử / Set the password of your officer account",
                $"Kính gửi {name},\n\nQuản trị hệ thống đã tạo tài khoản cán bộ cho bạn trên Hệ thống một cửa điện tử thành phố Hà Nội. Để đặt mật khẩu và bắt đầu sử dụng, mở liên kết sau trong vòng 7 ngày (liên kết chỉ dùng được một lần):\n{link}\n\nHết hạn? Dùng \"Quên mật khẩu\" ở trang đăng nhập để nhận thư mời mới.",
                $"Dear {name},\n\nThe system administrator has created an officer account for you in Hà Nội's electronic one-stop system. To set your password and start, open this link within 7 days (it works once):\n{link}\n\nExpired? Use \"Forgotten password\" on the sign-in page to get a new invitation."),
            _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Not an account message."),
        };
        const string signature = "\n\nCổng Dịch vụ công Hà Nội — thư tự động, vui lòng không trả lời. / Hà Nội public services portal — automatic message, please do not reply.";
        return new(subject, vi + "\n\n---------- English ----------\n\n" + en + signature);
    }

    /// <summary>The e-mail: Vietnamese subject and body first, the English translation after it.</summary>
    public static RenderedMessage Email(string key, NotificationValues v)
    {
        var t = All[key];
        var body = new StringBuilder()
            .Append(Fill(t.BodyVi + SignatureVi, v))
            .Append("\n\n---------- English ----------\n\n")
            .Append(Fill(t.BodyEn + SignatureEn, v));
        return new(Fill(t.SubjectVi, v) + " / " + Fill(t.SubjectEn, v), body.ToString());
    }

    /// <summary>The SMS: short, Vietnamese without diacritics (one 160-character GSM segment where possible).</summary>
    public static RenderedMessage Sms(string key, NotificationValues v) => new(Fill(All[key].SubjectVi, v), Fill(All[key].Sms, v));

    /// <summary>The in-app notification: the Vietnamese subject and body.</summary>
    public static RenderedMessage InApp(string key, NotificationValues v) => new(Fill(All[key].SubjectVi, v), Fill(All[key].BodyVi, v));

    public static string Fill(string template, NotificationValues v) => template
        .Replace("{ApplicantName}", v.ApplicantName, StringComparison.Ordinal)
        .Replace("{DossierCode}", v.DossierCode, StringComparison.Ordinal)
        .Replace("{ProcedureName}", v.ProcedureName, StringComparison.Ordinal)
        .Replace("{Agency}", v.Agency, StringComparison.Ordinal)
        .Replace("{TrackingUrl}", v.TrackingUrl, StringComparison.Ordinal)
        .Replace("{RatingUrl}", v.RatingUrl, StringComparison.Ordinal)
        .Replace("{Date}", v.Date is { } d ? Shared.VietnamTime.Format(d) : "", StringComparison.Ordinal)
        .Replace("{Details}", v.Details ?? "", StringComparison.Ordinal)
        .Replace("{Amount}", v.Amount is { } a ? a.ToString("#,0", CultureInfo.InvariantCulture).Replace(',', '.') : "", StringComparison.Ordinal);
}
