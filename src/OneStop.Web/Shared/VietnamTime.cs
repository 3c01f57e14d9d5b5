namespace OneStop.Web.Shared;

/// <summary>Times are stored in UTC and shown in Vietnam time (UTC+7, no daylight saving).</summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateTimeOffset Now(TimeProvider clock) => clock.GetUtcNow().ToOffset(Offset);

    public static DateTimeOffset ToVietnam(DateTimeOffset t) => t.ToOffset(Offset);

    public static string Format(DateTimeOffset t) => t.ToOffset(Offset).ToString("dd/MM/yyyy HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    public static string Format(DateOnly d) => d.ToString("dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture);
}
