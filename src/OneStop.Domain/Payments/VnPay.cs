using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace OneStop.Domain.Payments;

/// <summary>
/// VNPay payment gateway, API 2.1.0 (docs/domain.md §11): the parameters sorted by key (ordinal), each key and value
/// URL-encoded, joined as a query string and signed with HMAC-SHA512 under the merchant's secret
/// (<c>vnp_SecureHash</c>, lowercase hex); amounts are whole VND × 100. Pure functions: no I/O.
/// </summary>
public static class VnPay
{
    public const string Version = "2.1.0";
    public const string SecureHash = "vnp_SecureHash";
    public const string SecureHashType = "vnp_SecureHashType";

    /// <summary>The canonical string that is signed: sorted, URL-encoded key=value pairs joined by '&amp;', hash fields left out.</summary>
    public static string Canonical(IEnumerable<KeyValuePair<string, string>> fields) => string.Join('&',
        fields.Where(f => f.Key.StartsWith("vnp_", StringComparison.Ordinal) && f.Key is not SecureHash and not SecureHashType && !string.IsNullOrEmpty(f.Value))
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => WebUtility.UrlEncode(f.Key) + "=" + WebUtility.UrlEncode(f.Value)));

    public static string Sign(IEnumerable<KeyValuePair<string, string>> fields, string secret) =>
        Convert.ToHexStringLower(HMACSHA512.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(Canonical(fields))));

    /// <summary>True when <c>vnp_SecureHash</c> is the signature of the other fields (constant-time comparison).</summary>
    public static bool Verify(IReadOnlyDictionary<string, string> fields, string secret)
    {
        if (!fields.TryGetValue(SecureHash, out var given) || string.IsNullOrEmpty(given))
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(fields, secret));
        var actual = Encoding.ASCII.GetBytes(given.ToLowerInvariant());
        return CryptographicOperations.FixedTimeEquals(expected, actual);
    }

    /// <summary>The signed address the payer's browser is sent to.</summary>
    public static Uri PaymentUrl(Uri gateway, VnPayOrder order, string secret)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vnp_Version"] = Version,
            ["vnp_Command"] = "pay",
            ["vnp_TmnCode"] = order.MerchantCode,
            ["vnp_Amount"] = ToVnPayAmount(order.AmountVnd).ToString(CultureInfo.InvariantCulture),
            ["vnp_CurrCode"] = "VND",
            ["vnp_TxnRef"] = order.Reference,
            ["vnp_OrderInfo"] = order.Description,
            ["vnp_OrderType"] = "other",
            ["vnp_Locale"] = "vn",
            ["vnp_ReturnUrl"] = order.ReturnUrl.AbsoluteUri,
            ["vnp_IpAddr"] = order.ClientAddress,
            ["vnp_CreateDate"] = order.CreatedAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            ["vnp_ExpireDate"] = order.ExpiresAt.ToOffset(TimeSpan.FromHours(7)).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
        };
        var query = Canonical(fields) + "&" + SecureHash + "=" + Sign(fields, secret);
        return new Uri(gateway.GetLeftPart(UriPartial.Path) + "?" + query);
    }

    /// <summary>VND amounts travel multiplied by 100.</summary>
    public static long ToVnPayAmount(long vnd) => checked(vnd * 100);

    /// <summary>The VND amount of a <c>vnp_Amount</c> field, or null when it is not a whole multiple of 100.</summary>
    public static long? FromVnPayAmount(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v % 100 == 0 ? v / 100 : null;
}

/// <summary>What OneStop asks VNPay to collect.</summary>
public sealed record VnPayOrder(
    string MerchantCode, string Reference, long AmountVnd, string Description, Uri ReturnUrl, string ClientAddress,
    DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);
