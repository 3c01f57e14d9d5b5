namespace OneStop.Web.Features.Identity.Tokens;

/// <summary>Settings under "OneStop:Tokens".</summary>
public sealed class TokenServerOptions
{
    /// <summary>PKCS#12 file with the certificate and private key that sign tokens. Required in Production.</summary>
    public string? SigningCertificate { get; set; }
    public string? SigningCertificatePassword { get; set; }

    /// <summary>PKCS#12 file whose key encrypts authorisation codes and other server-only tokens. Required in Production.</summary>
    public string? EncryptionCertificate { get; set; }
    public string? EncryptionCertificatePassword { get; set; }

    /// <summary>Lifetime of access tokens issued to API clients.</summary>
    public int AccessTokenMinutes { get; set; } = 60;

    /// <summary>Lifetime of an authorisation code of the development identity provider.</summary>
    public int AuthorizationCodeSeconds { get; set; } = 120;

    public bool HasCertificates => !string.IsNullOrWhiteSpace(SigningCertificate) && !string.IsNullOrWhiteSpace(EncryptionCertificate);
}

/// <summary>One machine client under "OneStop:ApiClients" (secrets come from the environment, never the repository).</summary>
public sealed class ApiClientOptions
{
    public string ClientId { get; set; } = "";
    public string? DisplayName { get; set; }
    public string? Secret { get; set; }
    /// <summary>Scopes the client may ask for (see <see cref="ApiScopes"/>).</summary>
    public List<string> Scopes { get; set; } = [];
    /// <summary>Agency codes whose dossiers the client may read; empty: every agency (the national portal).</summary>
    public List<string> Agencies { get; set; } = [];
}

/// <summary>What a machine client may be allowed to do.</summary>
public static class ApiScopes
{
    /// <summary>Read dossier statuses and their changes (synchronisation with the national portal).</summary>
    public const string DossiersRead = "onestop.dossiers.read";

    /// <summary>The client's agencies, carried in its access tokens.</summary>
    public const string AgencyClaim = "onestop:client_agency";

    /// <summary>Authorisation policy of the machine API.</summary>
    public const string SyncPolicy = "api-dossiers-read";

    public static readonly IReadOnlyList<string> All = [DossiersRead];
}
