using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Tests;

public class CatalogueStatisticsTests
{
    [Fact]
    public void The_seeds_figure_552_of_1922_is_28_point_7_percent()
    {
        // 31/8/2018: 382 procedures at level 3 and 170 at level 4 out of 1,922.
        var procedures = Enumerable.Repeat(new CountedProcedure(ServiceLevel.OnlineSubmission, [AgencyLevel.Department], "A"), 382)
            .Concat(Enumerable.Repeat(new CountedProcedure(ServiceLevel.OnlinePayment, [AgencyLevel.Department], "A"), 170))
            .Concat(Enumerable.Repeat(new CountedProcedure(ServiceLevel.Download, [AgencyLevel.District], "B"), 1922 - 552));
        var report = CatalogueStatistics.Compute(procedures);
        Assert.Equal(1922, report.All.Total);
        Assert.Equal(552, report.All.Online);
        Assert.Equal(28.7m, report.All.OnlineShare);
    }

    [Fact]
    public void Groups_by_agency_level_and_field_count_multi_level_procedures_in_each_level()
    {
        CountedProcedure[] fixture =
        [
            new(ServiceLevel.Information, [AgencyLevel.Commune], "Hộ tịch"),
            new(ServiceLevel.OnlinePayment, [AgencyLevel.Commune], "Hộ tịch"),
            new(ServiceLevel.OnlineSubmission, [AgencyLevel.Commune, AgencyLevel.District], "Hộ tịch"),
            new(ServiceLevel.Download, [AgencyLevel.District], "Xây dựng"),
            new(ServiceLevel.OnlinePayment, [AgencyLevel.Department], "Lý lịch tư pháp"),
        ];
        var r = CatalogueStatistics.Compute(fixture);
        Assert.Equal(new LevelBreakdown("All", 5, 1, 1, 1, 2), r.All);
        Assert.Equal(60.0m, r.All.OnlineShare);
        var commune = Assert.Single(r.ByAgencyLevel, b => b.Group == "Commune");
        Assert.Equal(new LevelBreakdown("Commune", 3, 1, 0, 1, 1), commune);
        Assert.Equal(66.7m, commune.OnlineShare);
        Assert.Equal(new LevelBreakdown("District", 2, 0, 1, 1, 0), Assert.Single(r.ByAgencyLevel, b => b.Group == "District"));
        Assert.Equal(["Hộ tịch", "Lý lịch tư pháp", "Xây dựng"], r.ByField.Select(f => f.Group));
        Assert.Equal(3, r.ByField[0].Total);
        Assert.DoesNotContain(r.ByAgencyLevel, b => b.Group == "City");
    }

    [Fact]
    public void An_empty_catalogue_has_zero_share() =>
        Assert.Equal(0m, CatalogueStatistics.Compute([]).All.OnlineShare);
}
