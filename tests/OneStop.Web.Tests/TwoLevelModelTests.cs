using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;

namespace OneStop.Web.Tests;

public sealed class TwoLevelApp() : OneStopAppFactory(postgres: false, seed: true)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OneStop:AgencyModel", "TwoLevel");
    }
}

/// <summary>The 2025 two-level model chosen by configuration: no districts, 126 communes that also serve district-level procedures.</summary>
public sealed class TwoLevelModelTests(TwoLevelApp app) : IClassFixture<TwoLevelApp>
{
    [Fact]
    public async Task The_city_has_126_communes_and_no_districts_and_a_commune_serves_district_procedures()
    {
        var client = app.Client();
        using var children = JsonDocument.Parse(await client.GetStringAsync(new Uri("/api/v1/agencies?parent=000.00.00.H26", UriKind.Relative)));
        var list = children.RootElement.EnumerateArray().ToList();
        Assert.Equal(126, list.Count(a => a.GetProperty("level").GetString() == "Commune"));
        Assert.DoesNotContain(list, a => a.GetProperty("level").GetString() == "District");
        var commune = list.First(a => a.GetProperty("level").GetString() == "Commune").GetProperty("code").GetString();
        var served = await client.GetFromJsonAsync<PagedResult<ProcedureSummary>>(new Uri($"/api/v1/procedures?pageSize=100&agency={commune}", UriKind.Relative), OneStopDbContext.Json);
        Assert.Contains(served!.Items, p => p.AgencyLevels.Contains(AgencyLevel.District));
        Assert.Contains(served.Items, p => p.AgencyLevels.Contains(AgencyLevel.Commune));
        Assert.DoesNotContain(served.Items, p => p.AgencyLevels.SequenceEqual([AgencyLevel.Department]));
    }
}
