namespace OneStop.Web.Features.Identity.Sso;

/// <summary>Settings under "OneStop:Sso".</summary>
public sealed class SsoOptions
{
    /// <summary>
    /// Run the built-in development identity provider (demo citizens) and offer it on the sign-in page. Refused in
    /// Production.
    /// </summary>
    public bool DevelopmentProvider { get; set; }

    /// <summary>
    /// Address at which this portal reaches the development provider (itself). Empty: the first address the server
    /// listens on.
    /// </summary>
    public string? DevelopmentAuthority { get; set; }

    /// <summary>Configured providers by key (the key names the callback path /signin-{key}).</summary>
    public Dictionary<string, SsoProvider> Providers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>One OpenID Connect provider, such as the national public-service portal's SSO or VNeID.</summary>
public sealed class SsoProvider
{
    public bool Enabled { get; set; }
    public string DisplayName { get; set; } = "";
    public string? DisplayNameEn { get; set; }
    public string Authority { get; set; } = "";
    public string ClientId { get; set; } = "";
    /// <summary>From the environment (e.g. ONESTOP__SSO__PROVIDERS__VNEID__CLIENTSECRET), never the repository.</summary>
    public string? ClientSecret { get; set; }
    public List<string> Scopes { get; set; } = ["openid", "profile"];
    /// <summary>acr_values sent with the request (the national portal: LoA1).</summary>
    public string? AcrValues { get; set; }
    /// <summary>Read the profile from the userinfo endpoint (besides the ID token).</summary>
    public bool UserInfo { get; set; } = true;
    /// <summary>Which claim of this provider carries each profile field.</summary>
    public SsoClaimMap Claims { get; set; } = new();
}

/// <summary>
/// Claim names of a provider for each field of the applicant profile. The defaults are the names of the national
/// portal's userinfo (docs/domain.md §14) as the development provider issues them.
/// </summary>
public sealed class SsoClaimMap
{
    public string Subject { get; set; } = "sub";
    public string PersonalId { get; set; } = "SoDinhDanh";
    public string FullName { get; set; } = "HoVaTen";
    public string BirthDate { get; set; } = "NgaySinh";
    public string Phone { get; set; } = "SoDienThoai";
    public string Email { get; set; } = "ThuDienTu";
    public string Address { get; set; } = "DiaChiThuongTru";
    public string TaxCode { get; set; } = "MaSoThue";
    public string AccountType { get; set; } = "LoaiTaiKhoan";
    public string AssuranceLevel { get; set; } = "acr";

    public IEnumerable<string> All() => [Subject, PersonalId, FullName, BirthDate, Phone, Email, Address, TaxCode, AccountType, AssuranceLevel];
}
