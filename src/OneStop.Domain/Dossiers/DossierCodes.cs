using System.Globalization;

namespace OneStop.Domain.Dossiers;

/// <summary>
/// The numbers a dossier carries, said once: its code {agency identifier}-{yyMMdd}-{NNNN} (docs/domain.md §7; the day in
/// Vietnam time), the code of its n-th result {code}-KQ{n}, the number of its n-th payment receipt {code}-BL{n},
/// and the public tracking link printed on form 01 and sent in notifications.
/// </summary>
public static class DossierCodes
{
    private static readonly TimeSpan Vietnam = TimeSpan.FromHours(7);

    /// <summary>The day part of codes given at <paramref name="at"/>.</summary>
    public static string Day(DateTimeOffset at) => at.ToOffset(Vietnam).ToString("yyMMdd", CultureInfo.InvariantCulture);

    /// <summary>The dossier code: four digits of the day's sequence, five past 9,999.</summary>
    public static string Format(string agencyCode, string day, int number) =>
        $"{agencyCode}-{day}-{number.ToString(number > 9999 ? "D5" : "D4", CultureInfo.InvariantCulture)}";

    public static string ResultCode(string dossierCode, int number) => $"{dossierCode}-KQ{number.ToString(CultureInfo.InvariantCulture)}";

    public static string ReceiptNumber(string dossierCode, int number) => $"{dossierCode}-BL{number.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The public tracking page of a dossier, opened without the phone number by its random key (the QR code on form 01).</summary>
    public static string TrackingLink(string baseUrl, string dossierCode, string trackingKey) =>
        $"{baseUrl.TrimEnd('/')}/tra-cuu?ma={Uri.EscapeDataString(dossierCode)}&k={Uri.EscapeDataString(trackingKey)}";
}
