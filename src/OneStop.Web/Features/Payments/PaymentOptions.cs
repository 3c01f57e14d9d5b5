namespace OneStop.Web.Features.Payments;

/// <summary>The message format a gateway speaks.</summary>
public enum PaymentProtocol
{
    /// <summary>VNPay API 2.1.0 (signed redirect, IPN by GET, RspCode answers).</summary>
    VnPay = 0,
    /// <summary>The national payment platform (Nền tảng thanh toán trực tuyến quốc gia): messages checked by MaXacThuc.</summary>
    NationalPlatform = 1,
}

/// <summary>One configured gateway (a merchant account): "OneStop:Payments:Gateways:{key}".</summary>
public sealed class GatewayOptions
{
    public PaymentProtocol Protocol { get; set; }
    /// <summary>Merchant code (vnp_TmnCode) or partner code (MaDoiTac).</summary>
    public string MerchantCode { get; set; } = "";
    /// <summary>The shared secret (vnp_HashSecret, or the platform's key). From a secret store in Production.</summary>
    public string Secret { get; set; } = "";
    /// <summary>The gateway's payment page, e.g. https://sandbox.vnpayment.vn/paymentv2/vpcpay.html. A relative path is OneStop's own sandbox bank.</summary>
    public string PayUrl { get; set; } = "";
    /// <summary>Shown to the payer and staff, e.g. "VNPay — Sở Tư pháp".</summary>
    public string DisplayName { get; set; } = "";
}

/// <summary>"OneStop:Payments": which gateway each agency collects with.</summary>
public sealed class PaymentOptions
{
    /// <summary>Key of the built-in sandbox bank; refused in Production.</summary>
    public const string SandboxKey = "sandbox";

    /// <summary>Fixed secret of the sandbox merchant: the sandbox only exists outside Production.</summary>
    public const string SandboxSecret = "ONESTOP-SANDBOX-BANK-NOT-A-REAL-SECRET-0000";

    /// <summary>The gateway of agencies not listed in <see cref="Agencies"/>; empty: online payment is off.</summary>
    public string DefaultGateway { get; set; } = "";

    /// <summary>Agency identifier (mã định danh) → gateway key.</summary>
    public Dictionary<string, string> Agencies { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, GatewayOptions> Gateways { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How long the payer has at the gateway (vnp_ExpireDate).</summary>
    [System.ComponentModel.DataAnnotations.Range(5, 1440)]
    public int ExpiryMinutes { get; set; } = 15;

    /// <summary>Enable OneStop's built-in sandbox bank (pages that play the bank, VNPay protocol). Development only.</summary>
    public bool Sandbox { get; set; }

    /// <summary>Seconds the sandbox bank holds a "delayed" notification.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int SandboxDelaySeconds { get; set; } = 20;

    /// <summary>The gateway key of an agency, or null when it takes no online payment.</summary>
    public string? GatewayFor(string agencyCode)
    {
        var key = Agencies.TryGetValue(agencyCode, out var k) ? k : DefaultGateway;
        return string.IsNullOrEmpty(key) ? null : key;
    }

    /// <summary>The configured gateways, the sandbox among them when it is on.</summary>
    public GatewayOptions? Gateway(string key) =>
        Gateways.TryGetValue(key, out var g) ? g
        : key == SandboxKey && Sandbox ? new GatewayOptions { Protocol = PaymentProtocol.VnPay, MerchantCode = "ONESTOP0", Secret = SandboxSecret, PayUrl = "/ngan-hang-thu-nghiem", DisplayName = "Ngân hàng thử nghiệm (sandbox)" }
        : null;
}
