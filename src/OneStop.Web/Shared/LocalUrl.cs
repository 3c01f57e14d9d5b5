namespace OneStop.Web.Shared;

/// <summary>
/// Where to send someone back to, for handlers without an <c>IUrlHelper</c> (pages use <c>Url.IsLocalUrl</c>): a path
/// on this site ("/…"), never another site ("//host", "/\host"), and only as the site writes its own links: visible
/// ASCII, percent-encoded beyond. Anything else (a tab, a line break, a space, a raw non-ASCII letter, which no Location
/// header may carry and which once made a 500) gives the fallback.
/// </summary>
public static class LocalUrl
{
    public static string Or(string? url, string fallback) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal)
        && url.All(c => c is > ' ' and < '\u007f')
            ? url
            : fallback;
}
