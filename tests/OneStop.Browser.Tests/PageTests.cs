using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace OneStop.Browser.Tests;

[Collection(BrowserGroup.Name)]
public sealed class PageTests(BrowserFixture fx)
{
    // Every public and staff page, at a desktop width and on a 360 px phone.
    public static TheoryData<string, string, string?> Pages => new()
    {
        { "home", "/", null },
        { "catalogue", "/thu-tuc", null },
        { "catalogue-search", "/thu-tuc?q=dang+ky+khai+sinh", null },
        { "catalogue-filtered", "/thu-tuc?mucDo=4&cap=Commune", null },
        { "procedure", "/thu-tuc/1.001193", null },
        { "procedure-department", "/thu-tuc?coQuan=000.00.01.H26", null },
        { "statistics", "/thong-ke", null },
        { "agencies", "/co-quan", null },
        { "agency-district", "/co-quan/000.00.21.H26", null },
        { "api-reference", "/tai-lieu-api", null },
        { "sign-in", "/dang-nhap", null },
        { "sign-in-sso-failed", "/dang-nhap?loi=sso", null },
        { "dev-identity-provider", "/dev-sso/dang-nhap", null },
        { "not-found", "/khong-co-trang-nay", null },
        { "admin-list", "/quan-tri/thu-tuc", BrowserFixture.AdminEmail },
        { "admin-manage", "/quan-tri/thu-tuc/1.001193", BrowserFixture.AdminEmail },
        { "admin-edit", "/quan-tri/soan-thao/1.001193", BrowserFixture.AdminEmail },
        { "admin-new", "/quan-tri/soan-thao", BrowserFixture.AdminEmail },
        { "admin-import", "/quan-tri/nhap-xuat", BrowserFixture.AdminEmail },
        { "tracking", "/tra-cuu", null },
        { "verify-document", "/xac-minh-van-ban", null },
        { "tracking-not-found", "/tra-cuu?ma=000.00.00.H26-260101-0001&dienThoai=0900000000", null },
        { "register", "/dang-ky", null },
        { "forgot-password", "/quen-mat-khau", null },
        { "change-password", "/doi-mat-khau", "motcua.xa@onestop.test" },
        { "calendar", "/lich-lam-viec?nam=2026&tiepNhan=2026-02-12T10:00&soNgay=5", null },
        { "file-online", "/nop-ho-so/HN-LIENTHONG-KS-TT-BHYT", "congdan.b@onestop.test" },
        { "my-dossiers", "/ho-so-cua-toi", "congdan.b@onestop.test" },
        { "notifications", "/thong-bao", "congdan.a@onestop.test" },
        { "wallet", "/kho-giay-to", "congdan.a@onestop.test" },
        { "my-dossier", "/ho-so-cua-toi/{dossier}", "congdan.a@onestop.test" },
        { "file-online-wallet", "/nop-ho-so/1.001193", "congdan.a@onestop.test" },
        { "officer-inbox", "/can-bo", "motcua.xa@onestop.test" },
        { "officer-walk-in", "/can-bo/tiep-nhan-truc-tiep?thuTuc=1.001193", "motcua.xa@onestop.test" },
        { "officer-book", "/can-bo/so-theo-doi", "motcua.xa@onestop.test" },
        { "reconciliation", "/can-bo/doi-soat", "motcua.xa@onestop.test" },
        { "reconciliation-city", "/can-bo/doi-soat", "baocao@onestop.test" },
        { "calendar-admin", "/quan-tri/lich-lam-viec?nam=2026", "quantri.hethong@onestop.test" },
        { "audit-log", "/quan-tri/nhat-ky?kiemTra=true", "quantri.hethong@onestop.test" },
        { "staff-admin", "/quan-tri/can-bo", "quantri.hethong@onestop.test" },
        { "reauthenticate", "/xac-thuc-lai?returnUrl=%2Fquan-tri%2Fcan-bo", "quantri.hethong@onestop.test" },
        { "supervision", "/can-bo/giam-sat", "baocao@onestop.test" },
        { "supervision-district", "/can-bo/giam-sat?trangThai=Processing", "lanhdao.quan@onestop.test" },
        { "supervision-dossier", "/can-bo/ho-so/{dossier}", "lanhdao.quan@onestop.test" },
        { "questions-and-answers", "/hoi-dap?q=khai+sinh", null },
        { "feedback-send", "/hoi-dap/gui?thuTuc=1.001193", null },
        { "feedback-track", "/hoi-dap/tra-cuu", null },
        { "kiosk", "/danh-gia", null },
        { "officer-feedback", "/can-bo/hoi-dap", "motcua.xa@onestop.test" },
        { "satisfaction-report", "/can-bo/hai-long", "lanhdao.xa@onestop.test" },
    };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_page_passes_axe_on_desktop_and_phone(string name, string path, string? account)
    {
        foreach (var (width, suffix) in new[] { (1280, "desktop"), (360, "phone") })
        {
            var page = await fx.NewPageAsync(width, 800);
            if (account is not null)
            {
                await SignInAsync(page, account);
            }

            await page.GotoAsync(path.Replace("{dossier}", (await DemoDossierIdAsync()).ToString(), StringComparison.Ordinal));
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fx.ScreenshotDir, $"{name}-{suffix}.png"), FullPage = true });
            var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
            Assert.True(results.Violations.Length == 0, $"{path} ({suffix}): " + string.Join("; ", results.Violations.Select(v => $"{v.Id}: {v.Help} → {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));

            // Nothing is wider than the phone: no horizontal scrolling of the page itself.
            var overflow = await page.EvaluateAsync<string>(BrowserFixture.OverflowScript);
            Assert.True(overflow.Length == 0, $"{path} scrolls sideways at {width}px: {overflow}");
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_citizen_finds_birth_registration_without_accents_and_reads_it_in_both_languages()
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/");
        await page.GetByLabel("Tìm thủ tục").FillAsync("dang ky khai sinh");
        await page.GetByRole(AriaRole.Button, new() { Name = "Tìm kiếm" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Thủ tục đăng ký khai sinh", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thủ tục đăng ký khai sinh");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Thành phần hồ sơ" })).ToBeVisibleAsync();
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Tải ") }).First.ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename, StringComparison.Ordinal);

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Required documents" })).ToBeVisibleAsync();
        Assert.Equal("en", await page.GetAttributeAsync("html", "lang"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Tiếng Việt" }).ClickAsync();
        Assert.Equal("vi", await page.GetAttributeAsync("html", "lang"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fx.ScreenshotDir, "journey-procedure.png"), FullPage = true });
    }

    [Fact]
    public async Task A_catalogue_administrator_drafts_publishes_and_sees_the_new_version_while_bad_input_shows_an_error_summary()
    {
        var page = await fx.NewPageAsync();
        await SignInAsync(page);
        await page.GotoAsync("/quan-tri/soan-thao");
        await page.GetByLabel("Mã thủ tục").FillAsync("HN-BROWSER-1");
        await page.GetByLabel("Tên thủ tục").FillAsync("Thủ tục thử nghiệm trình duyệt");
        await page.GetByLabel("Lĩnh vực").FillAsync("Thử nghiệm");
        await page.GetByLabel("Phí, lệ phí (JSON)").FillAsync("[{\"name\": \"Lệ phí\", \"amountVnd\": -5}]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu bản nháp" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Có lỗi cần sửa" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".error-summary")).ToContainTextAsync("agencyLevels");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fx.ScreenshotDir, "journey-admin-errors.png"), FullPage = true });

        await page.GetByLabel("Cấp xã, phường").CheckAsync();
        await page.GetByLabel("Phí, lệ phí (JSON)").FillAsync("[{\"name\": \"Lệ phí\", \"amountVnd\": 20000}]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu bản nháp" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã lưu bản nháp.")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Công bố" }).ClickAsync();
        await Assertions.Expect(page.GetByText("Đã công bố phiên bản mới.")).ToBeVisibleAsync();

        await page.GotoAsync("/thu-tuc?q=thu+nghiem+trinh+duyet");
        await page.GetByRole(AriaRole.Link, new() { Name = "Thủ tục thử nghiệm trình duyệt" }).ClickAsync();
        await Assertions.Expect(page.GetByText("20.000 đồng")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_header_sign_out_button_signs_out_and_a_copy_of_the_old_cookie_opens_nothing()
    {
        var page = await fx.NewPageAsync();
        await SignInAsync(page, "congdan.b@onestop.test");
        var before = (await page.Context.CookiesAsync()).Where(c => c.Name.StartsWith("onestop.staff", StringComparison.Ordinal))
            .Select(c => new Cookie { Name = c.Name, Value = c.Value, Domain = c.Domain, Path = c.Path, HttpOnly = c.HttpOnly, Secure = c.Secure, SameSite = c.SameSite })
            .ToList();
        Assert.NotEmpty(before);

        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng xuất" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập", Exact = true }).First).ToBeVisibleAsync();
        await page.GotoAsync("/ho-so-cua-toi");
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap"));

        // Another browser given the cookie copied before sign-out is sent to sign in.
        var thief = await fx.NewPageAsync();
        await thief.Context.AddCookiesAsync(before);
        await thief.GotoAsync("/ho-so-cua-toi");
        await Assertions.Expect(thief).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap"));
    }

    /// <summary>A demo dossier of the demo commune that is being worked on (the supervision pages open it read-only).</summary>
    private async Task<Guid> DemoDossierIdAsync()
    {
        using var scope = fx.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStop.Web.Data.OneStopDbContext>();
        return await db.Dossiers.Where(d => d.Status == OneStop.Domain.Dossiers.DossierStatus.Processing).OrderBy(d => d.Code).Select(d => d.Id).FirstAsync();
    }

    private static async Task SignInAsync(IPage page, string email = BrowserFixture.AdminEmail)
    {
        await page.GotoAsync("/dang-nhap");
        await page.GetByLabel("Thư điện tử").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        // Polls the address rather than waiting for a load event that may already have fired.
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap"));
    }
}
