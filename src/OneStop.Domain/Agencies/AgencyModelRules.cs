using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Agencies;

/// <summary>How the local-government model changes which procedures an agency implements.</summary>
public static class AgencyModelRules
{
    /// <summary>
    /// The procedure levels an agency of a level serves. Under the two-level model (from 1/7/2025) there are no
    /// districts: communes take over district-level procedures.
    /// </summary>
    public static IReadOnlyList<AgencyLevel> LevelsServedBy(AgencyLevel agencyLevel, bool twoLevelModel) =>
        agencyLevel == AgencyLevel.Commune && twoLevelModel
            ? [AgencyLevel.District, AgencyLevel.Commune]
            : [agencyLevel];
}
