namespace OneStop.Domain.Catalogue;

/// <summary>A procedure as counted by the statistics: its level in force, the agency levels that implement it and its field.</summary>
public sealed record CountedProcedure(ServiceLevel Level, IReadOnlyList<AgencyLevel> AgencyLevels, string Field);

/// <summary>Counts at each service level for one group (all, an agency level or a field).</summary>
public sealed record LevelBreakdown(string Group, int Total, int Level1, int Level2, int Level3, int Level4)
{
    /// <summary>Procedures online at level 3 or 4 (the seeds' "552 of 1,922").</summary>
    public int Online => Level3 + Level4;

    /// <summary>Share in per cent, rounded half away from zero to one decimal ("28.7").</summary>
    public static decimal Share(int part, int total) =>
        total == 0 ? 0m : Math.Round(part * 100m / total, 1, MidpointRounding.AwayFromZero);

    public decimal OnlineShare => Share(Online, Total);

    public int At(ServiceLevel level) => level switch
    {
        ServiceLevel.Information => Level1,
        ServiceLevel.Download => Level2,
        ServiceLevel.OnlineSubmission => Level3,
        _ => Level4,
    };
}

public sealed record CatalogueStatisticsReport(
    LevelBreakdown All,
    IReadOnlyList<LevelBreakdown> ByAgencyLevel,
    IReadOnlyList<LevelBreakdown> ByField);

public static class CatalogueStatistics
{
    /// <summary>
    /// Computes the report. A procedure implemented at several agency levels counts once in each of those groups
    /// and once in the total.
    /// </summary>
    public static CatalogueStatisticsReport Compute(IEnumerable<CountedProcedure> procedures)
    {
        var list = procedures as IReadOnlyCollection<CountedProcedure> ?? procedures.ToList();
        var byAgency = Enum.GetValues<AgencyLevel>()
            .Select(level => Breakdown(level.ToString(), list.Where(p => p.AgencyLevels.Contains(level))))
            .Where(b => b.Total > 0)
            .ToList();
        var byField = list.GroupBy(p => p.Field, StringComparer.Ordinal)
            .Select(g => Breakdown(g.Key, g))
            .OrderByDescending(b => b.Total)
            .ThenBy(b => b.Group, StringComparer.Ordinal)
            .ToList();
        return new CatalogueStatisticsReport(Breakdown("All", list), byAgency, byField);
    }

    private static LevelBreakdown Breakdown(string group, IEnumerable<CountedProcedure> items)
    {
        int l1 = 0, l2 = 0, l3 = 0, l4 = 0;
        foreach (var p in items)
        {
            switch (p.Level)
            {
                case ServiceLevel.Information: l1++; break;
                case ServiceLevel.Download: l2++; break;
                case ServiceLevel.OnlineSubmission: l3++; break;
                default: l4++; break;
            }
        }

        return new LevelBreakdown(group, l1 + l2 + l3 + l4, l1, l2, l3, l4);
    }
}
