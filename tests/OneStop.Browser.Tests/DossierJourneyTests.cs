using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OneStop.Web.Data;

namespace OneStop.Browser.Tests;

/// <summary>
/// The whole life of a dossier in Chromium, each person in their own browser: a citizen files online, the desk asks
/// for a supplement, the citizen supplements, the desk receives, a specialist transfers it to the city police and
/// back, attaches the result, the leader approves, the desk returns it, and anyone tracks it by code and phone.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class DossierJourneyTests(BrowserFixture fx)
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"u8.ToArray();

    [Fact]
    public async Task A_dossier_goes_from_online_filing_through_a_transfer_to_a_returned_result_and_is_tracked()
    {
        string commune;
        using (var scope = fx.Services.CreateScope())
        {
            commune = (await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().DemoCommuneAsync(CancellationToken.None))!.Name;
        }

        // The citizen files online; a missing field shows in the error summary and nothing is stored.
        var citizen = await SignInAsync("congdan.a@onestop.test", "/ho-so-cua-toi");
        await citizen.GotoAsync("/thu-tuc/1.001193");
        await citizen.GetByRole(AriaRole.Link, new() { Name = "Nộp hồ sơ trực tuyến" }).ClickAsync();
        await FillBirthFormAsync(citizen, commune, "0912345678");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(citizen.Locator(".error-summary")).ToContainTextAsync("Họ, chữ đệm, tên của trẻ");
        await CheckAsync(citizen, "journey-file-errors");

        await citizen.Locator("[name='f.childFullName']").FillAsync("Nguyễn Minh Khang");
        await citizen.Locator("#doc1").SetInputFilesAsync(new FilePayload { Name = "giay-chung-sinh.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.Locator("#doc4").SetInputFilesAsync(new FilePayload { Name = "can-cuoc.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã nộp hồ sơ");
        var code = (await citizen.Locator(".caption").InnerTextAsync()).Replace("Hồ sơ", "", StringComparison.Ordinal).Trim();
        Assert.Matches(@"^\d{3}\.\d{2}\.\d{2}\.H26-\d{6}-\d{4}$", code);
        var citizenUrl = citizen.Url;
        await CheckAsync(citizen, "journey-citizen-submitted");

        // The desk asks for a clearer birth certificate.
        var desk = await SignInAsync("motcua.xa@onestop.test", "/can-bo");
        await CheckAsync(desk, "journey-inbox");
        await desk.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await CheckAsync(desk, "journey-desk-dossier");
        await ActAsync(desk, "Yêu cầu bổ sung, hoàn thiện hồ sơ", f => f.GetByLabel("Giấy tờ, nội dung cần bổ sung").FillAsync("Giấy chứng sinh (bản chụp rõ nét)"));
        await Assertions.Expect(desk.Locator(".summary-list").First).ToContainTextAsync("Yêu cầu bổ sung giấy tờ");

        // The citizen supplements online; the dossier is back at the desk, which receives it.
        await citizen.GotoAsync(citizenUrl);
        await Assertions.Expect(citizen.Locator(".notice-warning")).ToContainTextAsync("bản chụp rõ nét");
        await citizen.Locator("#doc1").SetInputFilesAsync(new FilePayload { Name = "giay-chung-sinh-ro.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Gửi hồ sơ bổ sung" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã gửi hồ sơ bổ sung");
        await desk.ReloadAsync();
        await ActAsync(desk, "Tiếp nhận hồ sơ");
        await Assertions.Expect(desk.GetByRole(AriaRole.Link, new() { Name = "Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả" })).ToBeVisibleAsync();

        // The specialist takes it and transfers it to the city police.
        var specialist = await SignInAsync("chuyenvien.xa@onestop.test", "/can-bo");
        await specialist.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        var parentUrl = specialist.Url;
        await ActAsync(specialist, "Nhận xử lý");
        await ActAsync(specialist, "Chuyển liên thông", f => f.GetByLabel("Cơ quan nhận liên thông").SelectOptionAsync(new SelectOptionValue { Label = "Công an thành phố Hà Nội" }));
        await Assertions.Expect(specialist.GetByText("Hồ sơ đang được cơ quan khác xử lý liên thông")).ToBeVisibleAsync();

        // The police works its part in its own queue and sends it back with its result.
        var police = await SignInAsync("congan@onestop.test", "/can-bo");
        await police.Locator("tbody tr", new() { HasText = "Nguyễn Văn An" }).GetByRole(AriaRole.Link).First.ClickAsync();
        await ActAsync(police, "Tiếp nhận hồ sơ");
        await ActAsync(police, "Nhận xử lý");
        await AttachResultAsync(police, "xac-nhan-cu-tru.pdf");
        await ActAsync(police, "Chuyển bước tiếp theo");
        await ActAsync(police, "Chuyển bước tiếp theo");
        await ActAsync(police, "Trả kết quả");
        await Assertions.Expect(police.Locator(".summary-list").First).ToContainTextAsync("Đã trả kết quả");

        // Back at the commune: the result, the approval, the return.
        await specialist.GotoAsync(parentUrl);
        await Assertions.Expect(specialist.Locator("h2", new() { HasText = "Hồ sơ liên thông" })).ToBeVisibleAsync();
        await AttachResultAsync(specialist, "trich-luc-khai-sinh.pdf");
        await ActAsync(specialist, "Chuyển bước tiếp theo");
        var leader = await SignInAsync("lanhdao.xa@onestop.test", "/can-bo");
        await leader.GotoAsync("/can-bo?hop=cho-phe-duyet");
        await leader.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await ActAsync(leader, "Chuyển bước tiếp theo");
        await Assertions.Expect(leader.Locator(".summary-list").First).ToContainTextAsync("Đã xử lý xong");
        await desk.GotoAsync("/can-bo?hop=cho-tra-ket-qua");
        await desk.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await ActAsync(desk, "Trả kết quả", f => f.GetByLabel("Nhận trực tuyến").CheckAsync());
        await Assertions.Expect(desk.Locator(".summary-list").First).ToContainTextAsync("Đã trả kết quả");
        await desk.GotoAsync("/can-bo/so-theo-doi");
        await Assertions.Expect(desk.GetByRole(AriaRole.Link, new() { Name = code })).ToBeVisibleAsync();
        await CheckAsync(desk, "journey-book");

        // The citizen sees the whole history; anyone with the code and phone sees the status only.
        await citizen.GotoAsync(citizenUrl);
        await Assertions.Expect(citizen.Locator("table", new() { HasText = "Nhận lại hồ sơ liên thông" })).ToBeVisibleAsync();
        await CheckAsync(citizen, "journey-citizen-done");
        var anyone = await fx.NewPageAsync(360, 800);
        await anyone.GotoAsync("/tra-cuu");
        await anyone.GetByLabel("Mã hồ sơ").FillAsync(code);
        await anyone.GetByLabel("Số điện thoại người nộp").FillAsync("0912345678");
        await anyone.GetByRole(AriaRole.Button, new() { Name = "Tra cứu" }).ClickAsync();
        await Assertions.Expect(anyone.Locator(".summary-list")).ToContainTextAsync("Đã trả kết quả");
        await Assertions.Expect(anyone.Locator("main")).Not.ToContainTextAsync("Nguyễn Minh Khang");
        await CheckAsync(anyone, "journey-tracking-phone");
    }

    [Fact]
    public async Task A_second_citizen_cannot_open_the_first_citizens_dossier()
    {
        var first = await SignInAsync("congdan.a@onestop.test", "/ho-so-cua-toi");
        await first.GotoAsync("/nop-ho-so/1.001193");
        await first.GetByLabel("Nộp hồ sơ tới").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await first.GetByRole(AriaRole.Button, new() { Name = "Lưu nháp" }).ClickAsync();
        await Assertions.Expect(first.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã lưu bản nháp");
        var draftUrl = first.Url;
        var id = new Uri(draftUrl).Query.Split('&')[0].Split('=')[1];
        var second = await SignInAsync("congdan.b@onestop.test", "/ho-so-cua-toi");
        var response = await second.GotoAsync($"/ho-so-cua-toi/{id}");
        Assert.Equal(404, response!.Status);
        var draft = await second.GotoAsync(draftUrl);
        Assert.Equal(404, draft!.Status);
    }

    [Fact]
    public async Task A_citizen_signs_in_by_sso_files_a_dossier_and_a_second_citizen_cannot_open_it()
    {
        string commune;
        using (var scope = fx.Services.CreateScope())
        {
            commune = (await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().DemoCommuneAsync(CancellationToken.None))!.Name;
        }

        // Single sign-on with the development identity provider (OpenID Connect, code + PKCE) as a demo citizen.
        var citizen = await SignInBySsoAsync("Nguyễn Văn An", "sso");
        await citizen.GotoAsync("/nop-ho-so/1.001193");
        // The profile from the identity provider fills the requester's details.
        await Assertions.Expect(citizen.Locator("[name='f.requesterPersonalId']")).ToHaveValueAsync("001085012345");
        await FillBirthFormAsync(citizen, commune, "0901234567");
        await citizen.Locator("[name='f.childFullName']").FillAsync("Nguyễn Gia Bảo");
        await citizen.Locator("#doc1").SetInputFilesAsync(new FilePayload { Name = "giay-chung-sinh.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.Locator("#doc4").SetInputFilesAsync(new FilePayload { Name = "can-cuoc.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã nộp hồ sơ");
        var dossierUrl = citizen.Url;
        await citizen.GotoAsync("/ho-so-cua-toi");
        await Assertions.Expect(citizen.Locator("main")).ToContainTextAsync("Thủ tục đăng ký khai sinh");
        await CheckAsync(citizen, "sso-my-dossiers");

        // Another citizen, also by single sign-on, gets "not found" for it; so does a local account.
        var second = await SignInBySsoAsync("Trần Thị Bình", "sso-second");
        Assert.Equal(404, (await second.GotoAsync(dossierUrl))!.Status);
        var third = await SignInAsync("congdan.b@onestop.test", "/ho-so-cua-toi");
        Assert.Equal(404, (await third.GotoAsync(dossierUrl))!.Status);
        Assert.Equal(200, (await citizen.GotoAsync(dossierUrl))!.Status);
    }

    /// <summary>
    /// Level 4: the officer asks for the late-registration fee, the citizen pays it at the sandbox bank, the result is
    /// approved and signed, the citizen downloads the signed result and the receipt, and the verification page confirms it.
    /// </summary>
    [Fact]
    public async Task A_citizen_pays_the_fee_through_the_sandbox_bank_downloads_the_signed_result_and_verifies_it()
    {
        string commune;
        using (var scope = fx.Services.CreateScope())
        {
            commune = (await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().DemoCommuneAsync(CancellationToken.None))!.Name;
        }

        var citizen = await SignInAsync("congdan.b@onestop.test", "/ho-so-cua-toi");
        await citizen.GotoAsync("/nop-ho-so/1.001193");
        await FillBirthFormAsync(citizen, commune, "0987654321");
        await citizen.Locator("[name='f.childFullName']").FillAsync("Trần Bảo Ngọc");
        await citizen.Locator("#doc1").SetInputFilesAsync(new FilePayload { Name = "giay-chung-sinh.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.Locator("#doc4").SetInputFilesAsync(new FilePayload { Name = "can-cuoc.pdf", MimeType = "application/pdf", Buffer = Pdf });
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Nộp hồ sơ" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã nộp hồ sơ");
        var code = (await citizen.Locator(".caption").InnerTextAsync()).Replace("Hồ sơ", "", StringComparison.Ordinal).Trim();
        var citizenUrl = citizen.Url;

        var desk = await SignInAsync("motcua.xa@onestop.test", "/can-bo");
        await desk.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        await ActAsync(desk, "Tiếp nhận hồ sơ");
        var specialist = await SignInAsync("chuyenvien.xa@onestop.test", "/can-bo");
        await specialist.GetByRole(AriaRole.Link, new() { Name = code }).ClickAsync();
        var staffUrl = specialist.Url;
        await ActAsync(specialist, "Nhận xử lý");
        // Registered late: the line without a catalogue amount is charged at the rate the officer enters.
        await ActAsync(specialist, "Yêu cầu thực hiện nghĩa vụ tài chính", async f =>
        {
            await f.GetByLabel("Lệ phí đăng ký khai sinh đúng hạn", new() { Exact = false }).FillAsync("0");
            await f.GetByLabel("Lệ phí đăng ký khai sinh không đúng hạn", new() { Exact = false }).FillAsync("1");
            await f.Locator("#fee-a-1").FillAsync("8000");
        });
        await CheckAsync(specialist, "payment-requested-staff");

        // The citizen pays at the sandbox bank; the bank's notification, not the browser, confirms it.
        await citizen.GotoAsync(citizenUrl);
        await Assertions.Expect(citizen.Locator("#fees-due")).ToContainTextAsync("8.000 đồng");
        await CheckAsync(citizen, "payment-due-citizen");
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Thanh toán trực tuyến" }).ClickAsync();
        await Assertions.Expect(citizen).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ngan-hang-thu-nghiem\\?"));
        await CheckAsync(citizen, "payment-sandbox-bank");
        await citizen.GetByLabel("Thanh toán thành công", new() { Exact = true }).CheckAsync();
        await citizen.GetByRole(AriaRole.Button, new() { Name = "Xác nhận" }).ClickAsync();
        await Assertions.Expect(citizen.GetByRole(AriaRole.Status)).ToContainTextAsync("Thanh toán thành công.");
        await CheckAsync(citizen, "payment-return");
        await citizen.GetByRole(AriaRole.Link, new() { Name = "Về trang hồ sơ" }).ClickAsync();
        await Assertions.Expect(citizen.Locator(".summary-list").First).ToContainTextAsync("Đang xử lý");
        var receipt = citizen.GetByRole(AriaRole.Link, new() { Name = $"{code}-BL1 (PDF)" });
        await Assertions.Expect(receipt).ToBeVisibleAsync();
        var receiptPdf = await (await citizen.Context.APIRequest.GetAsync((await receipt.GetAttributeAsync("href"))!)).BodyAsync();
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(receiptPdf, 0, 4), StringComparison.Ordinal);

        // Result, approval (signature), return online.
        await specialist.GotoAsync(staffUrl);
        await AttachResultAsync(specialist, "trich-luc-khai-sinh.pdf");
        await ActAsync(specialist, "Chuyển bước tiếp theo");
        var leader = await SignInAsync("lanhdao.xa@onestop.test", "/can-bo");
        await leader.GotoAsync(staffUrl);
        await ActAsync(leader, "Chuyển bước tiếp theo");
        await desk.GotoAsync(staffUrl);
        await ActAsync(desk, "Trả kết quả", f => f.GetByLabel("Nhận trực tuyến").CheckAsync());

        // The citizen downloads the signed result and checks it on the public verification page.
        await citizen.GotoAsync(citizenUrl);
        var result = citizen.Locator("table tr", new() { HasText = "Kết quả" }).GetByRole(AriaRole.Link).First;
        var resultPdf = await (await citizen.Context.APIRequest.GetAsync((await result.GetAttributeAsync("href"))!)).BodyAsync();
        var anyone = await fx.NewPageAsync(360, 800);
        foreach (var (pdf, name) in new[] { (resultPdf, "ket-qua.pdf"), (receiptPdf, "bien-lai.pdf") })
        {
            await anyone.GotoAsync("/xac-minh-van-ban");
            await anyone.GetByLabel("Tệp PDF (tối đa 10 MB)").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "application/pdf", Buffer = pdf });
            await anyone.GetByRole(AriaRole.Button, new() { Name = "Xác minh" }).ClickAsync();
            await Assertions.Expect(anyone.GetByRole(AriaRole.Status)).ToHaveTextAsync("Hợp lệ");
            await Assertions.Expect(anyone.Locator(".summary-list")).ToContainTextAsync(code);
        }

        await CheckAsync(anyone, "payment-verified-receipt");
    }

    /// <summary>The birth registration form, all but the child's name and the documents.</summary>
    private static async Task FillBirthFormAsync(IPage citizen, string commune, string phone)
    {
        await citizen.GetByLabel("Nộp hồ sơ tới").SelectOptionAsync(new SelectOptionValue { Label = commune });
        await citizen.Locator("[name='f.relationshipToChild']").SelectOptionAsync("Cha");
        await citizen.Locator("[name='f.childSex'][value='Nam']").CheckAsync();
        await citizen.Locator("[name='f.childDateOfBirth']").FillAsync("2026-11-01");
        await citizen.Locator("[name='f.placeOfBirthType'][value='Cơ sở y tế']").CheckAsync();
        await citizen.Locator("[name='f.healthFacilityName']").FillAsync("Bệnh viện Phụ sản Hà Nội");
        await citizen.Locator("[name='f.ethnicity']").FillAsync("Kinh");
        await citizen.Locator("[name='f.nationality']").FillAsync("Việt Nam");
        await citizen.Locator("[name='f.contactPhone']").FillAsync(phone);
    }

    private async Task<IPage> SignInBySsoAsync(string person, string screenshot)
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/dang-nhap");
        await CheckAsync(page, screenshot + "-sign-in");
        await page.GetByRole(AriaRole.Link, new() { Name = "Đăng nhập bằng VNeID thử nghiệm" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/dev-sso/dang-nhap"));
        await CheckAsync(page, screenshot + "-provider");
        await page.GetByLabel(person).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Đồng ý chia sẻ thông tin và đăng nhập" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/ho-so-cua-toi$"));
        await Assertions.Expect(page.Locator("header")).ToContainTextAsync(person);
        return page;
    }

    private async Task<IPage> SignInAsync(string email, string landing)
    {
        var page = await fx.NewPageAsync();
        await page.GotoAsync("/dang-nhap");
        await page.GetByLabel("Thư điện tử").FillAsync(email);
        await page.GetByLabel("Mật khẩu").FillAsync(BrowserFixture.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
        // Polls the address (a load event may already have fired by the time we wait for it).
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(System.Text.RegularExpressions.Regex.Escape(landing) + "(\\?|$)"));
        return page;
    }

    /// <summary>Fills and submits the action form whose heading is <paramref name="action"/>, then expects success.</summary>
    private static async Task ActAsync(IPage page, string action, Func<ILocator, Task>? fill = null)
    {
        var form = page.Locator("form.action", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = action, Exact = true }) });
        if (fill is not null)
        {
            await fill(form);
        }

        await form.GetByRole(AriaRole.Button, new() { Name = action, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã thực hiện");
    }

    private static Task AttachResultAsync(IPage page, string fileName) =>
        ActAsync(page, "Đính kèm kết quả", f => f.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "application/pdf", Buffer = Pdf }));

    /// <summary>axe-core with the WCAG 2.2 AA tags, no sideways scrolling, and a screenshot for people to look at.</summary>
    private async Task CheckAsync(IPage page, string name)
    {
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fx.ScreenshotDir, $"{name}.png"), FullPage = true });
        var results = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] } });
        Assert.True(results.Violations.Length == 0, $"{name}: " + string.Join("; ", results.Violations.Select(v => $"{v.Id}: {v.Help} → {string.Join(", ", v.Nodes.Select(n => string.Join(" ", n.Target)))}")));
        var overflow = await page.EvaluateAsync<string>(BrowserFixture.OverflowScript);
        Assert.True(overflow.Length == 0, $"{name} scrolls sideways: {overflow}");
    }
}
