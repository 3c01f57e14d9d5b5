using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace OneStop.Browser.Tests;

/// <summary>The public quality page and the staff operations centre: drill-down city → district → commune, axe on each, at 1280 and 360 px.</summary>
[Collection(BrowserGroup.Name)]
public sealed class OperationsDashboardTests(BrowserFixture fx)
{
    [Fact]
    public async Task The_public_page_drills_down_from_the_city_to_a_commune_and_each_step_passes_axe()
    {
        var (districtName, communeName) = await DemoUnitsAsync();
        foreach (var width in new[] { 1280, 360 })
        {
            var page = await fx.NewPageAsync(width, 800);
            await page.GotoAsync("/danh-gia-chat-luong");
            await AxeAsync(page, $"city-{width}");
            await page.GetByRole(AriaRole.Link, new() { Name = districtName, Exact = true }).First.ClickAsync();
            await Assertions.Expect(page.Locator("nav.breadcrumbs [aria-current=page]")).ToHaveTextAsync(districtName);
            await AxeAsync(page, $"district-{width}");
            await page.GetByRole(AriaRole.Link, new() { Name = communeName, Exact = true }).First.ClickAsync();
            await Assertions.Expect(page.Locator("nav.breadcrumbs [aria-current=page]")).ToHaveTextAsync(communeName);
            await Assertions.Expect(page.Locator("figure.chart svg[role=img]").First).ToBeVisibleAsync();
            await AxeAsync(page, $"commune-{width}");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_operations_centre_passes_axe_for_a_city_wide_report_viewer()
    {
        foreach (var width in new[] { 1280, 360 })
        {
            var page = await fx.NewPageAsync(width, 800);
            await page.GotoAsync("/dang-nhap");
            await page.GetByLabel("Thư điện tử").FillAsync("baocao@onestop.test");
            await page.GetByLabel("Mật khẩu").FillAsync(BrowserFixture.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
            await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap"));
            await page.GotoAsync("/trung-tam-dieu-hanh?ky=" + DateTime.UtcNow.AddHours(7).ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Điều gì làm mất điểm" })).ToBeVisibleAsync();
            await AxeAsync(page, $"operations-centre-{width}");
            await page.Context.CloseAsync();
        }
    }

    private async Task AxeAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fx.ScreenshotDir, $"dashboard-{name}.png"), FullPage = true });
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
        Assert.True(results.Violations.Length == 0, $"{page.Url}: " + string.Join("; ", results.Violations.Select(v => $"{v.Id}: {v.Help} → {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
        var overflow = await page.EvaluateAsync<string>(BrowserFixture.OverflowScript);
        Assert.True(overflow.Length == 0, $"{page.Url} scrolls sideways: {overflow}");
    }

    private async Task<(string District, string Commune)> DemoUnitsAsync()
    {
        using var scope = fx.Services.CreateScope();
        var commune = (await scope.ServiceProvider.GetRequiredService<OneStop.Web.Data.DatabaseInitializer>().DemoCommuneAsync(CancellationToken.None))!;
        var db = scope.ServiceProvider.GetRequiredService<OneStop.Web.Data.OneStopDbContext>();
        var district = await db.Agencies.AsNoTracking().SingleAsync(a => a.Id == commune.ParentId);
        return (district.Name, commune.Name);
    }
}
