using System.ComponentModel.DataAnnotations;

namespace OneStop.Web.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>Settings under "OneStop" (or the ONESTOP_DATABASE environment variable for the connection string).</summary>
public sealed class OneStopOptions
{
    public const string Section = "OneStop";

    /// <summary>
    /// Connection string. Empty: an embedded SQLite file under <see cref="DataDirectory"/>. A PostgreSQL connection
    /// string ("Host=…;Database=…") selects PostgreSQL.
    /// </summary>
    public string? Database { get; set; }

    /// <summary>Where the embedded database and stored files live (relative to the working directory).</summary>
    [Required]
    public string DataDirectory { get; set; } = "data";

    public AgencyModel AgencyModel { get; set; } = AgencyModel.ThreeLevel;

    /// <summary>Seed the Hanoi demo configuration (agencies, catalogue) into an empty database.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary>
    /// Import the national procedure catalogue (2,642 procedures, Features/Catalogue/Seed) once, on the first start that
    /// finds it missing. Later starts only see that it was imported. Tests turn it off and import it where they need it.
    /// </summary>
    public bool SeedNationalCatalogue { get; set; } = true;

    /// <summary>Create demo staff accounts (refused in Production, see <see cref="OneStopOptionsValidator"/>).</summary>
    public bool DemoAccounts { get; set; }

    /// <summary>Password of the demo staff accounts; must come from configuration, never from the repository, outside Development.</summary>
    public string? DemoPassword { get; set; }

    /// <summary>Apply migrations at start-up (operators may prefer the "migrate" command).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>Requests per client address on sign-in, registration, public tracking and document verification.</summary>
    public Shared.RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>Upload quotas: files per document and per dossier, bytes per draft and per applicant per day.</summary>
    public Domain.Dossiers.UploadQuota Uploads { get; set; } = new();

    /// <summary>The longest one public document verification may take before the file is refused.</summary>
    public TimeSpan VerificationTimeBudget { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Single sign-on providers for citizens and businesses (national portal, VNeID, the development provider).</summary>
    public Features.Identity.Sso.SsoOptions Sso { get; set; } = new();

    /// <summary>OneStop's own token server: signing certificates and token lifetimes (API clients, development SSO).</summary>
    public Features.Identity.Tokens.TokenServerOptions Tokens { get; set; } = new();

    /// <summary>Machine clients (national portal synchronisation, mobile app) that obtain tokens with client credentials.</summary>
    public List<Features.Identity.Tokens.ApiClientOptions> ApiClients { get; set; } = [];

    /// <summary>
    /// Staff and calendar administration changes need the password confirmed within this many minutes (at sign-in or
    /// at /xac-thuc-lai).
    /// </summary>
    [Range(1, 720)]
    public int ReauthenticateAfterMinutes { get; set; } = 10;

    /// <summary>
    /// Addresses ("10.0.0.5") and CIDR networks ("10.0.0.0/16") of the load balancers whose X-Forwarded-For and
    /// X-Forwarded-Proto headers are believed. Empty: the headers are ignored.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// The public address of the portal ("https://dichvucong.hanoi.gov.vn"): every absolute address OneStop writes (the
    /// tracking QR code of signed forms and receipts, links in e-mails and SMS, payment return addresses, the sandbox
    /// bank's notifications) is built from it, never from the request's Host header. Required in Production, where it also
    /// gives the allowed Host names (<see cref="Shared.Transport"/>); elsewhere it defaults to <see cref="DevelopmentPublicUrl"/>.
    /// </summary>
    public string PublicUrl { get; set; } = "";

    /// <summary>The address of a developer's machine (<c>dotnet run</c>), the default outside Production.</summary>
    public const string DevelopmentPublicUrl = "http://localhost:5000";

    /// <summary><see cref="PublicUrl"/> as a base address ending in "/", for resolving the portal's own paths.</summary>
    public Uri PublicBase() => new(PublicUrl.TrimEnd('/') + "/", UriKind.Absolute);

    /// <summary>Whether <paramref name="url"/> can serve as <see cref="PublicUrl"/>: an absolute http(s) address without query or fragment.</summary>
    public static bool IsPublicUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || u.Scheme == Uri.UriSchemeHttp) &&
        u.Query.Length == 0 && u.Fragment.Length == 0 && u.UserInfo.Length == 0;

    /// <summary>Outgoing e-mail (notifications). An empty host writes e-mails to the log instead.</summary>
    public Features.Notifications.SmtpOptions Smtp { get; set; } = new();

    /// <summary>Run the background jobs (deadline marking, notification delivery) in this instance.</summary>
    public bool RunBackgroundJobs { get; set; } = true;

    public DatabaseProvider Provider => IsPostgres(Database) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;

    public string SqliteConnectionString() =>
        string.IsNullOrWhiteSpace(Database)
            ? $"Data Source={Path.Combine(DataDirectory, "onestop.db")}"
            : Database!;

    private static bool IsPostgres(string? cs) =>
        !string.IsNullOrWhiteSpace(cs) &&
        (cs.Contains("Host=", StringComparison.OrdinalIgnoreCase) || cs.StartsWith("postgres", StringComparison.OrdinalIgnoreCase));
}
