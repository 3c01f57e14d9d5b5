namespace OneStop.Web.Shared;

/// <summary>
/// Where to send someone back to, for handlers without an <c>IUrlHelper</c> (pages use <c>Url.IsLocalUrl</c>): a path
/// on this site ("/…"), never another site ("//host", "/\host"), otherwise the fallback.
/// </summary>
public static class LocalUrl
{
    public static string Or(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
            ? url
            : fallback;
}
