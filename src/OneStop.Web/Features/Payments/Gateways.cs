using System.Globalization;
using System.Net;
using OneStop.Domain.Payments;

namespace OneStop.Web.Features.Payments;

/// <summary>What OneStop asks a gateway to collect.</summary>
public sealed record PaymentOrder(string Reference, long AmountVnd, string Description, Uri ReturnUrl, string ClientAddress, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>A gateway's notification (or browser return) as OneStop reads it, after checking its signature.</summary>
public sealed record GatewayMessage(string? Reference, PaymentNotice Notice, string? TransactionNo, string? BankCode, string? ResponseCode, string Raw);

/// <summary>
/// One payment protocol. Implementations are pure: they build the signed redirect, read and check a notification, and
/// word the answer the gateway expects. What a notification changes is decided by <see cref="PaymentRules"/> alone.
/// </summary>
public interface IPaymentProtocol
{
    PaymentProtocol Protocol { get; }

    /// <summary>The address the payer's browser is sent to. <paramref name="baseUri"/> resolves a relative pay URL (the sandbox bank).</summary>
    Uri PaymentUrl(GatewayOptions gateway, PaymentOrder order, Uri baseUri);

    GatewayMessage Read(GatewayOptions gateway, IReadOnlyDictionary<string, string> fields);

    /// <summary>The HTTP answer to a notification.</summary>
    IResult Answer(PaymentDecision decision);
}

/// <summary>Gateways read field names exactly as their specifications spell them ("RspCode", not "rspCode").</summary>
public static class PaymentJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Verbatim = new() { PropertyNamingPolicy = null };
}

/// <summary>VNPay API 2.1.0: redirect signed with HMAC-SHA512, IPN by GET, JSON answer {RspCode, Message}.</summary>
public sealed class VnPayProtocol : IPaymentProtocol
{
    public PaymentProtocol Protocol => PaymentProtocol.VnPay;

    public Uri PaymentUrl(GatewayOptions gateway, PaymentOrder order, Uri baseUri) =>
        VnPay.PaymentUrl(new Uri(baseUri, gateway.PayUrl), new VnPayOrder(gateway.MerchantCode, order.Reference, order.AmountVnd, order.Description, order.ReturnUrl, order.ClientAddress, order.CreatedAt, order.ExpiresAt), gateway.Secret);

    public GatewayMessage Read(GatewayOptions gateway, IReadOnlyDictionary<string, string> fields)
    {
        var valid = VnPay.Verify(fields, gateway.Secret) && fields.GetValueOrDefault("vnp_TmnCode") == gateway.MerchantCode;
        var response = fields.GetValueOrDefault("vnp_ResponseCode");
        // Money is taken only when both the response code and the transaction status say so.
        var succeeded = response == "00" && fields.GetValueOrDefault("vnp_TransactionStatus", "00") == "00";
        return new GatewayMessage(fields.GetValueOrDefault("vnp_TxnRef"), new PaymentNotice(valid, VnPay.FromVnPayAmount(fields.GetValueOrDefault("vnp_Amount")), succeeded),
            fields.GetValueOrDefault("vnp_TransactionNo"), fields.GetValueOrDefault("vnp_BankCode"), response, VnPay.Canonical(fields));
    }

    public IResult Answer(PaymentDecision decision) => Results.Json(new { decision.RspCode, decision.Message }, PaymentJson.Verbatim);
}

/// <summary>
/// The national payment platform as far as docs/domain.md §11 describes it (details unconfirmed): INIT redirect and NOTIFY
/// messages whose MaXacThuc is SHA-256 over the pipe-joined fields and the partner's key; amounts in whole VND;
/// answer {MaLoi, MoTaLoi} with the same codes as VNPay. Replace this class when the official specification arrives.
/// </summary>
public sealed class NationalPlatformProtocol : IPaymentProtocol
{
    public PaymentProtocol Protocol => PaymentProtocol.NationalPlatform;

    public Uri PaymentUrl(GatewayOptions gateway, PaymentOrder order, Uri baseUri)
    {
        var o = order;
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["LoaiBanTin"] = "INIT",
            ["PhienBan"] = NationalPaymentPlatform.Version,
            ["MaDoiTac"] = gateway.MerchantCode,
            ["MaThamChieu"] = o.Reference,
            ["SoTien"] = o.AmountVnd.ToString(CultureInfo.InvariantCulture),
        };
        fields["MaXacThuc"] = NationalPaymentPlatform.MaXacThuc(NationalPaymentPlatform.InitFields.Select(f => fields[f]), gateway.Secret);
        fields["ThongTinGiaoDich"] = o.Description;
        fields["UrlTraVe"] = o.ReturnUrl.AbsoluteUri;
        fields["ThoiGianHetHan"] = o.ExpiresAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var target = new Uri(baseUri, gateway.PayUrl);
        return new Uri(target.GetLeftPart(UriPartial.Path) + "?" + string.Join('&', fields.Select(f => WebUtility.UrlEncode(f.Key) + "=" + WebUtility.UrlEncode(f.Value))));
    }

    public GatewayMessage Read(GatewayOptions gateway, IReadOnlyDictionary<string, string> fields)
    {
        var valid = fields.GetValueOrDefault("LoaiBanTin") == "NOTIFY" && fields.GetValueOrDefault("MaDoiTac") == gateway.MerchantCode &&
                    NationalPaymentPlatform.Verify(fields, NationalPaymentPlatform.NotifyFields, gateway.Secret);
        long? amount = long.TryParse(fields.GetValueOrDefault("SoTien"), NumberStyles.None, CultureInfo.InvariantCulture, out var a) ? a : null;
        var result = fields.GetValueOrDefault("MaKetQua");
        var raw = string.Join('&', NationalPaymentPlatform.NotifyFields.Select(f => f + "=" + WebUtility.UrlEncode(fields.GetValueOrDefault(f) ?? "")));
        return new GatewayMessage(fields.GetValueOrDefault("MaThamChieu"), new PaymentNotice(valid, amount, result == "00"), fields.GetValueOrDefault("MaGiaoDich"), null, result, raw);
    }

    public IResult Answer(PaymentDecision decision) => Results.Json(new { MaLoi = decision.RspCode, MoTaLoi = decision.Message }, PaymentJson.Verbatim);
}
