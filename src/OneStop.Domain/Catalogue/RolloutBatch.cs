namespace OneStop.Domain.Catalogue;

/// <summary>Đợt triển khai: a set of procedures goes online at a service level on an effective date.</summary>
public sealed record RolloutBatchRule(DateOnly EffectiveOn, ServiceLevel Level, IReadOnlySet<string> ProcedureCodes);

public static class Rollout
{
    /// <summary>
    /// The service level in force on a date: the version's own level, raised by any batch in force that includes the
    /// procedure. A batch never lowers a level: withdrawing a service is done by publishing a new version.
    /// </summary>
    public static ServiceLevel LevelOn(string procedureCode, ServiceLevel versionLevel, IEnumerable<RolloutBatchRule> batches, DateOnly date)
    {
        var level = versionLevel;
        foreach (var b in batches)
        {
            if (b.EffectiveOn <= date && b.Level > level && b.ProcedureCodes.Contains(procedureCode))
            {
                level = b.Level;
            }
        }

        return level;
    }
}
