using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Ratings;
using OneStop.Web.Data;
using OneStop.Web.Features.Notifications;
using OneStop.Web.Features.Ratings;

namespace OneStop.Browser.Tests;

/// <summary>
/// Issue 14 in the browser: a walk-in applicant rates at the desk's kiosk on a phone-sized screen, a citizen opens the
/// rating link of their result notification, and a question is sent, answered by the commune with its leader's approval,
/// published and read on the procedure's page. axe on every new page.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class CitizensVoiceJourneyTests(BrowserFixture fx)
{
    [Fact]
    public async Task A_dossier_is_rated_at_the_kiosk_on_a_phone_and_changed_from_the_notification_link()
    {
        // A returned dossier of citizen A, not yet rated (the demo's), its kiosk code and the result notification's e-mail.
        Guid id;
        string code, mail;
        using (var scope = fx.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var rated = db.Set<DossierRating>().Select(r => r.DossierId);
            // Other journeys in this fixture also return dossiers of citizen A: take one whose result e-mail was written.
            var mailed = db.NotificationOutbox.Where(m => m.EventKey == NotificationTemplates.ResultReady && m.Channel == NotificationChannel.Email).Select(m => m.DossierId);
            var d = await db.Dossiers.Where(x => x.Status == DossierStatus.Returned && x.ApplicantEmail == "congdan.a@onestop.test" && !rated.Contains(x.Id) && mailed.Contains(x.Id))
                .OrderBy(x => x.Code).Select(x => new { x.Id, x.TrackingKey }).FirstAsync();
            (id, code) = (d.Id, RatingRules.KioskCode(d.TrackingKey)!);
            mail = await db.NotificationOutbox.Where(m => m.DossierId == d.Id && m.EventKey == NotificationTemplates.ResultReady && m.Channel == NotificationChannel.Email)
                .Select(m => m.Body).FirstAsync();
        }

        // The tablet at the desk: a phone-sized screen, no sign-in; the code as printed on form 01.
        var kiosk = await fx.NewPageAsync(360, 800);
        await kiosk.GotoAsync("/danh-gia");
        await CheckAsync(kiosk, "kiosk-code");
        await kiosk.GetByLabel("Mã đánh giá").FillAsync(RatingRules.FormatKioskCode(code));
        await kiosk.GetByRole(AriaRole.Button, new() { Name = "Mở phiếu đánh giá" }).ClickAsync();
        await Assertions.Expect(kiosk.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" })).ToBeVisibleAsync();
        await CheckAsync(kiosk, "kiosk-slip");
        await kiosk.GetByLabel("Hài lòng", new() { Exact = true }).CheckAsync();
        await kiosk.GetByRole(AriaRole.Button, new() { Name = "Gửi đánh giá" }).ClickAsync();
        await Assertions.Expect(kiosk.GetByRole(AriaRole.Status)).ToContainTextAsync("Cảm ơn");
        await CheckAsync(kiosk, "kiosk-thanks");
        // Once: the same code now only thanks.
        await kiosk.GotoAsync($"/danh-gia/{code}");
        await Assertions.Expect(kiosk.GetByRole(AriaRole.Status)).ToContainTextAsync("đã được đánh giá");
        Assert.Equal(0, await kiosk.Locator("input[name=answer]").CountAsync());

        // The citizen follows the link of the result e-mail and changes the rating within the 7 days.
        var link = System.Text.RegularExpressions.Regex.Match(mail, @"https?://\S+/danh-gia").Value;
        Assert.EndsWith($"/ho-so-cua-toi/{id}/danh-gia", link, StringComparison.Ordinal);
        var citizen = await SignInAsync("congdan.a@onestop.test");
        await citizen.GotoAsync(link);
        await Assertions.Expect(citizen.Locator(".summary-list")).ToContainTextAsync("Hài lòng");
        await CheckAsync(citizen, "rating-page");
        await citizen.GetByLabel("Rất hài lòng", new() { Exact = true }).CheckAsync();
        await citizen.GetByLabel("Ý kiến góp ý (không bắt buộc)").FillAsync("Cán bộ hướng dẫn tận tình");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Lưu thay đổi" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Cảm ơn");
        await Assertions.Expect(citizen.Locator(".summary-list")).ToContainTextAsync("Rất hài lòng");
    }

    [Fact]
    public async Task A_question_is_sent_answered_with_approval_published_and_shown_on_the_procedures_faq()
    {
        string communeCode;
        using (var scope = fx.Services.CreateScope())
        {
            communeCode = (await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().DemoCommuneAsync(CancellationToken.None))!.Code;
        }

        var title = "Khai sinh cho con sinh tại nhà " + Guid.NewGuid().ToString("N")[..6];
        var sender = await fx.NewPageAsync(360, 800);
        await sender.GotoAsync("/thu-tuc/1.001193");
        await sender.GetByRole(AriaRole.Link, new() { Name = "Đặt câu hỏi về thủ tục này" }).ClickAsync();
        // Nothing filled: the error summary names what is missing.
        await sender.GetByRole(AriaRole.Button, new() { Name = "Gửi", Exact = true }).ClickAsync();
        await Assertions.Expect(sender.Locator(".error-summary")).ToContainTextAsync("Nhập tiêu đề");
        await CheckAsync(sender, "feedback-send-errors");
        await sender.GetByLabel("Họ và tên").FillAsync("Lê Văn Cường");
        await sender.GetByLabel("Số điện thoại").FillAsync("0977000111");
        await sender.GetByLabel("Thư điện tử").FillAsync("cuong@example.vn");
        await sender.GetByLabel("Tiêu đề").FillAsync(title);
        await sender.GetByLabel("Nội dung").FillAsync("Con tôi sinh tại nhà, không có giấy chứng sinh thì cần giấy tờ gì?");
        await sender.GetByLabel("Mã cơ quan nhận (không bắt buộc)").FillAsync(communeCode);
        await sender.GetByLabel("Tôi đồng ý công khai", new() { Exact = false }).CheckAsync();
        await sender.GetByRole(AriaRole.Button, new() { Name = "Gửi", Exact = true }).ClickAsync();
        await Assertions.Expect(sender.GetByRole(AriaRole.Status)).ToContainTextAsync("Hạn trả lời");
        var code = (await sender.Locator("#feedback-code").InnerTextAsync()).Trim();
        await CheckAsync(sender, "feedback-sent");
        await sender.GotoAsync($"/hoi-dap/tra-cuu?ma={code}&dienThoai=0977000111");
        await Assertions.Expect(sender.Locator(".summary-list")).ToContainTextAsync("Chờ xử lý");
        await CheckAsync(sender, "feedback-tracked");

        // The commune's specialist answers, the leader approves, the specialist publishes.
        var specialist = await SignInAsync("chuyenvien.xa@onestop.test");
        await specialist.GotoAsync("/can-bo/hoi-dap");
        await CheckAsync(specialist, "feedback-inbox");
        await specialist.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await CheckAsync(specialist, "feedback-staff");
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Nhận xử lý" }).ClickAsync();
        await specialist.GetByLabel("Nội dung trả lời").FillAsync("Nộp văn bản xác nhận của người làm chứng thay giấy chứng sinh.");
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Trình lãnh đạo duyệt câu trả lời" }).ClickAsync();
        var leader = await SignInAsync("lanhdao.xa@onestop.test");
        await leader.GotoAsync($"/can-bo/hoi-dap/{code}");
        await leader.GetByRole(AriaRole.Button, new() { Name = "Duyệt và trả lời người gửi" }).ClickAsync();
        await Assertions.Expect(leader.Locator(".caption")).ToContainTextAsync("Đã trả lời");
        await specialist.GotoAsync($"/can-bo/hoi-dap/{code}");
        await specialist.GetByRole(AriaRole.Button, new() { Name = "Công khai câu trả lời" }).ClickAsync();
        await Assertions.Expect(specialist.Locator(".caption")).ToContainTextAsync("Đã công khai");

        // On the procedure's page (its FAQ) and in /hoi-dap searched without accents; never the sender's name.
        await sender.GotoAsync("/thu-tuc/1.001193");
        await Assertions.Expect(sender.Locator("#faq-title ~ .faq-item", new() { HasText = title })).ToContainTextAsync("người làm chứng");
        await Assertions.Expect(sender.Locator("body")).Not.ToContainTextAsync("Lê Văn Cường");
        await sender.GotoAsync("/hoi-dap?q=khai+sinh+tai+nha");
        await Assertions.Expect(sender.Locator(".faq-item", new() { HasText = title })).ToBeVisibleAsync();
        await CheckAsync(sender, "feedback-published");
        await sender.Locator(".faq-item", new() { HasText = title }).GetByRole(AriaRole.Button, new() { Name = "Hữu ích (0)", Exact = true }).ClickAsync();
        await Assertions.Expect(sender.Locator(".faq-item", new() { HasText = title }).GetByRole(AriaRole.Button, new() { Name = "Hữu ích (1)", Exact = true })).ToBeVisibleAsync();

        // The commune leader's satisfaction report.
        await leader.GotoAsync("/can-bo/hai-long");
        await Assertions.Expect(leader.Locator("h1")).ToContainTextAsync("Báo cáo mức độ hài lòng");
        await CheckAsync(leader, "satisfaction-report");
    }

    private async Task<IPage> SignInAsync(string email)
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/dang-nhap");
        await page.GetByLabel("Thư điện tử").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dang-nhap"));
        return page;
    }

    /// <summary>axe-core with the WCAG 2.2 AA tags, no sideways scrolling, and a screenshot.</summary>
    private async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fx.ScreenshotDir, $"{name}.png"), FullPage = true });
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
        Assert.True(results.Violations.Length == 0, $"{name}: " + string.Join("; ", results.Violations.Select(v => $"{v.Id}: {v.Help} → {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
        var overflow = await page.EvaluateAsync<string>(BrowserFixture.OverflowScript);
        Assert.True(overflow.Length == 0, $"{name} scrolls sideways: {overflow}");
    }
}
