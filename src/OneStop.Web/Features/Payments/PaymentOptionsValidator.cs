using Microsoft.Extensions.Options;

namespace OneStop.Web.Features.Payments;

/// <summary>
/// Payment settings the host refuses to start with. Everywhere: an agency or default pointing at a gateway that is not
/// configured, a gateway without merchant code, secret or payment address. In Production: the sandbox bank.
/// </summary>
public sealed class PaymentOptionsValidator(IHostEnvironment env) : IValidateOptions<PaymentOptions>
{
    public ValidateOptionsResult Validate(string? name, PaymentOptions o)
    {
        var failures = new List<string>();
        foreach (var (agency, key) in o.Agencies.Select(kv => (kv.Key, kv.Value)).Append(("(DefaultGateway)", o.DefaultGateway)).Where(x => !string.IsNullOrEmpty(x.Item2)))
        {
            if (o.Gateway(key) is null)
            {
                failures.Add($"OneStop:Payments: {agency} dùng cổng \"{key}\" chưa được cấu hình trong OneStop:Payments:Gateways. / {agency} uses gateway \"{key}\", which is not configured.");
            }
        }

        foreach (var (key, g) in o.Gateways)
        {
            if (string.IsNullOrWhiteSpace(g.MerchantCode) || string.IsNullOrWhiteSpace(g.Secret) || string.IsNullOrWhiteSpace(g.PayUrl))
            {
                failures.Add($"OneStop:Payments:Gateways:{key}: cần MerchantCode, Secret và PayUrl. / needs MerchantCode, Secret and PayUrl.");
            }
        }

        if (env.IsProduction() && (o.Sandbox || o.Gateways.Values.Any(g => g.Secret == PaymentOptions.SandboxSecret)))
        {
            failures.Add("OneStop:Payments:Sandbox=true bị từ chối trong Production (ngân hàng thử nghiệm xác nhận thanh toán không có tiền thật); đặt false và cấu hình cổng thật. / " +
                         "OneStop:Payments:Sandbox=true is refused in Production (the sandbox bank confirms payments without real money); set it to false and configure a real gateway.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
