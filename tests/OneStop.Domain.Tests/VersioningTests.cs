using OneStop.Domain.Agencies;
using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Tests;

public class VersioningTests
{
    private static readonly DateOnly Jan = new(2026, 1, 1);
    private static readonly DateOnly Jul = new(2026, 7, 1);

    [Theory]
    [InlineData(ProcedureStatus.Published, true)]
    [InlineData(ProcedureStatus.Superseded, true)]
    [InlineData(ProcedureStatus.Draft, false)]
    [InlineData(ProcedureStatus.Suspended, false)]
    public void Only_published_or_superseded_versions_are_in_force(ProcedureStatus status, bool expected) =>
        Assert.Equal(expected, ProcedureVersioning.InForce(status, Jan, null, Jul));

    [Fact]
    public void A_superseded_version_is_in_force_until_its_successor_starts()
    {
        Assert.True(ProcedureVersioning.InForce(ProcedureStatus.Superseded, Jan, Jul, Jul.AddDays(-1)));
        Assert.False(ProcedureVersioning.InForce(ProcedureStatus.Superseded, Jan, Jul, Jul));
    }

    [Fact]
    public void A_new_version_never_starts_before_the_current_one() =>
        Assert.Equal(Jul, ProcedureVersioning.EffectiveFrom(Jan, Jul));

    [Fact]
    public void Only_drafts_are_edited_or_published()
    {
        Assert.True(ProcedureVersioning.CanEdit(ProcedureStatus.Draft));
        Assert.False(ProcedureVersioning.CanEdit(ProcedureStatus.Published));
        Assert.False(ProcedureVersioning.CanPublish(ProcedureStatus.Superseded));
        Assert.True(ProcedureVersioning.CanSuspend(ProcedureStatus.Published));
        Assert.False(ProcedureVersioning.CanSuspend(ProcedureStatus.Draft));
        Assert.True(ProcedureVersioning.CanResume(ProcedureStatus.Suspended));
    }

    [Fact]
    public void A_rollout_batch_raises_the_level_from_its_date_and_never_lowers_it()
    {
        var batch = new RolloutBatchRule(Jul, ServiceLevel.OnlineSubmission, new HashSet<string> { "1.001193" });
        Assert.Equal(ServiceLevel.Download, Rollout.LevelOn("1.001193", ServiceLevel.Download, [batch], Jan));
        Assert.Equal(ServiceLevel.OnlineSubmission, Rollout.LevelOn("1.001193", ServiceLevel.Download, [batch], Jul));
        Assert.Equal(ServiceLevel.OnlinePayment, Rollout.LevelOn("1.001193", ServiceLevel.OnlinePayment, [batch], Jul));
        Assert.Equal(ServiceLevel.Download, Rollout.LevelOn("2.000815", ServiceLevel.Download, [batch], Jul));
    }

    [Theory]
    [InlineData("000.00.00.H26", true)]
    [InlineData("000.05.21.H26", true)]
    [InlineData("000.00.21", false)]
    [InlineData("H26", false)]
    public void Agency_identifiers_have_the_national_shape(string id, bool valid) =>
        Assert.Equal(valid, AgencyIdentifier.IsValid(id));

    [Fact]
    public void Identifiers_are_built_from_units()
    {
        Assert.Equal("000.00.01.H26", AgencyIdentifier.Level1(1));
        Assert.Equal("000.07.21.H26", AgencyIdentifier.Level2(21, 7));
        Assert.Equal("126.00.00.H26", AgencyIdentifier.Commune(126));
    }

    [Fact]
    public void In_the_two_level_model_communes_take_over_district_procedures()
    {
        Assert.Equal([AgencyLevel.District, AgencyLevel.Commune], AgencyModelRules.LevelsServedBy(AgencyLevel.Commune, twoLevelModel: true));
        Assert.Equal([AgencyLevel.Commune], AgencyModelRules.LevelsServedBy(AgencyLevel.Commune, twoLevelModel: false));
    }
}
