using System.Text.RegularExpressions;

namespace OneStop.Domain.Agencies;

/// <summary>
/// Agency identifiers in the shape of the national electronic identifier of agencies (QĐ 20/2020/QĐ-TTg):
/// "XXX.YY.ZZ.H26", read right to left: province (H26 = Hà Nội), level-1 unit (department or district),
/// level-2 unit, level-3 unit. They prefix dossier codes.
/// </summary>
public static partial class AgencyIdentifier
{
    public const string HanoiSuffix = "H26";

    [GeneratedRegex(@"^[0-9]{3}\.[0-9]{2}\.[0-9]{2}\.[A-Z][0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool IsValid(string? identifier) => identifier is not null && Pattern().IsMatch(identifier);

    public static string City() => $"000.00.00.{HanoiSuffix}";

    /// <summary>A level-1 unit: a department (Sở) or, in the three-level model, a district.</summary>
    public static string Level1(int unit) => Format(0, 0, unit);

    /// <summary>A unit under a level-1 unit (a commune of a district).</summary>
    public static string Level2(int parentUnit, int unit) => Format(0, unit, parentUnit);

    /// <summary>A commune of the two-level model (from 1/7/2025), numbered 1..999 directly under the city.</summary>
    public static string Commune(int unit) => Format(unit, 0, 0);

    private static string Format(int level3, int level2, int level1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level3);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level3, 999);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level2, 99);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(level1, 99);
        return $"{level3:000}.{level2:00}.{level1:00}.{HanoiSuffix}";
    }
}
