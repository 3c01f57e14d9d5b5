using Microsoft.Extensions.Options;

namespace OneStop.Web.Data;

/// <summary>
/// Settings the host refuses to start with (checked at start-up, before any database work). In every environment:
/// trusted proxies that are not addresses, a public address that is not one. In Production only: no public address, demo accounts, the development demo password, the
/// embedded SQLite database, the development identity provider and development token keys.
/// </summary>
public sealed class OneStopOptionsValidator(IHostEnvironment env) : IValidateOptions<OneStopOptions>
{
    /// <summary>The demo password of <c>appsettings.Development.json</c> (a test checks that they agree).</summary>
    public const string DevelopmentDemoPassword = "Demo-OneStop-2026";

    public ValidateOptionsResult Validate(string? name, OneStopOptions options)
    {
        var failures = new List<string>();
        foreach (var entry in options.TrustedProxies.Where(e => !Shared.Transport.IsProxyEntry(e)))
        {
            failures.Add($"OneStop:TrustedProxies: \"{entry}\" không phải địa chỉ IP hay mạng CIDR. / is neither an IP address nor a CIDR network (10.0.0.5, 10.0.0.0/16).");
        }

        if (env.IsProduction() && !OneStopOptions.IsPublicUrl(options.PublicUrl))
        {
            failures.Add("OneStop:PublicUrl phải là địa chỉ công khai của cổng (https://…): mã QR của văn bản ký số, đường dẫn trong thư và địa chỉ trả về của thanh toán " +
                "được tạo từ nó, không bao giờ từ tiêu đề Host của yêu cầu. / OneStop:PublicUrl must be the portal's public address (https://…): signed documents' QR codes, " +
                "links in messages and payment return addresses are built from it, never from the request's Host header.");
        }
        else if (!string.IsNullOrWhiteSpace(options.PublicUrl) && !OneStopOptions.IsPublicUrl(options.PublicUrl))
        {
            failures.Add($"OneStop:PublicUrl: \"{options.PublicUrl}\" không phải địa chỉ http(s) tuyệt đối. / is not an absolute http(s) address.");
        }

        if (env.IsProduction())
        {
            if (options.DemoAccounts)
            {
                failures.Add("OneStop:DemoAccounts=true bị từ chối trong Production (tài khoản mẫu có mật khẩu công khai); đặt OneStop:DemoAccounts=false. / " +
                    "OneStop:DemoAccounts=true is refused in Production (demo accounts have a published password); set OneStop:DemoAccounts=false.");
            }

            if (options.DemoPassword == DevelopmentDemoPassword)
            {
                failures.Add("OneStop:DemoPassword là mật khẩu mẫu của appsettings.Development.json; hãy bỏ nó trong Production. / " +
                    "OneStop:DemoPassword is the development default from appsettings.Development.json; remove it in Production.");
            }

            if (string.IsNullOrWhiteSpace(options.Database))
            {
                failures.Add("OneStop:Database (hoặc ONESTOP_DATABASE) trống: SQLite nhúng chỉ dùng khi phát triển; đặt chuỗi kết nối PostgreSQL. / " +
                    "OneStop:Database (or ONESTOP_DATABASE) is empty: the embedded SQLite database is for development; set a PostgreSQL connection string.");
            }

            if (options.Sso.DevelopmentProvider)
            {
                failures.Add("OneStop:Sso:DevelopmentProvider=true bị từ chối trong Production (nhà cung cấp định danh thử nghiệm cho đăng nhập bất kỳ ai); đặt false. / " +
                    "OneStop:Sso:DevelopmentProvider=true is refused in Production (the development identity provider signs anyone in); set it to false.");
            }

            if (!options.Tokens.HasCertificates)
            {
                failures.Add(Features.Identity.Tokens.TokenKeyConfigurator.MissingCertificates);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
