using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Calendar;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Shared.Files;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>Accounts, forms and files shared by the dossier tests.</summary>
public static class DossierFixtures
{
    public const string Birth = "1.001193";
    public const string Chain = "HN-LIENTHONG-KS-TT-BHYT";
    public const string CitizenA = "congdan.a@onestop.test";
    public const string CitizenB = "congdan.b@onestop.test";
    public const string Desk = "motcua.xa@onestop.test";
    public const string Specialist = "chuyenvien.xa@onestop.test";
    public const string Leader = "lanhdao.xa@onestop.test";
    public const string Police = "congan@onestop.test";
    public const string Insurance = "bhxh@onestop.test";

    public static readonly JsonSerializerOptions Json = OneStopDbContext.Json;

    /// <summary>A one-page PDF, as small as one can be and still be signed at approval (catalog, page tree, trailer).</summary>
    public static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"u8.ToArray();

    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13];

    public static Dictionary<string, string?> BirthForm() => new()
    {
        ["requesterFullName"] = "Nguyễn Văn An",
        ["requesterPersonalId"] = "001090000001",
        ["relationshipToChild"] = "Cha",
        ["childFullName"] = "Nguyễn Minh Khang",
        ["childSex"] = "Nam",
        ["childDateOfBirth"] = "2026-11-01",
        ["placeOfBirthType"] = "Cơ sở y tế",
        ["healthFacilityName"] = "Bệnh viện Phụ sản Hà Nội",
        ["ethnicity"] = "Kinh",
        ["nationality"] = "Việt Nam",
        ["contactPhone"] = "0912345678",
    };

    public static Dictionary<string, string?> ChainForm() => new()
    {
        ["requesterFullName"] = "Nguyễn Văn An",
        ["requesterPersonalId"] = "001090000001",
        ["relationshipToChild"] = "Cha",
        ["childFullName"] = "Nguyễn Minh Khôi",
        ["childSex"] = "Nam",
        ["childDateOfBirth"] = "2026-11-02",
        ["motherFullName"] = "Lê Thị Hoa",
        ["registerPermanentResidence"] = "true",
        ["residenceAddress"] = "Số 1 phố Tràng Tiền, Hà Nội",
        ["householdHeadFullName"] = "Nguyễn Văn An",
        ["healthInsuranceCardDelivery"] = "Thẻ điện tử trên VNeID",
        ["contactPhone"] = "0912345678",
    };

    /// <summary>The id of the commune whose desk the demo officers staff.</summary>
    public static async Task<Guid> DemoCommuneIdAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().DemoCommuneAsync(CancellationToken.None))!.Id;
    }

    /// <summary>Files and submits a dossier of the signed-in citizen at an agency, with every required document.</summary>
    public static async Task<DossierView> SubmitAsync(HttpClient citizen, Guid agency, string procedure = Birth)
    {
        var created = await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(procedure, agency, procedure == Birth ? BirthForm() : ChainForm(), null), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = (await created.Content.ReadFromJsonAsync<DossierView>(Json))!;
        foreach (var doc in procedure == Birth ? new[] { 1, 4 } : [1, 5])
        {
            using var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", $"giay-to-{doc}.pdf" } };
            (await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft.Id}/files?document={doc}", UriKind.Relative), form)).EnsureSuccessStatusCode();
        }

        var submitted = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft.Id}/submit", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<DossierView>(Json))!;
    }

    /// <summary>A desk officer registers a walk-in birth dossier through the real page, with one scanned document (doc1).</summary>
    public static async Task<HttpResponseMessage> RegisterWalkInAsync(HttpClient desk, string name, string phone, string? personalId = null)
    {
        var page = await desk.GetStringAsync(new Uri($"/can-bo/tiep-nhan-truc-tiep?thuTuc={Birth}", UriKind.Relative));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(OneStopAppFactory.Token(page)), "__RequestVerificationToken" },
            { new StringContent(Birth), "thuTuc" },
            { new StringContent(name), "applicantName" },
            { new StringContent(personalId ?? ""), "applicantPersonalId" },
            { new StringContent(phone), "applicantPhone" },
            { new StringContent("InPerson"), "channel" },
        };
        foreach (var (k, value) in BirthForm())
        {
            form.Add(new StringContent(value!), "f." + k);
        }

        form.Add(new ByteArrayContent(Pdf), "doc1", "giay-chung-sinh-scan.pdf");
        return await desk.PostAsync(new Uri("/can-bo/tiep-nhan-truc-tiep", UriKind.Relative), form);
    }

    public static string PdfText(byte[] pdf)
    {
        using var doc = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join("\n", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))).Normalize(System.Text.NormalizationForm.FormC);
    }
}

/// <summary>The dossier lifecycle through the HTTP API, on SQLite and on PostgreSQL.</summary>
public abstract partial class DossierApiTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    protected TApp App => app;

    protected Task<Guid> CommuneAsync() => DemoCommuneIdAsync(app.Services);

    protected static async Task<DossierView> ReadAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"Expected {expected}, got {(int)r.StatusCode}: {body}");
        return JsonSerializer.Deserialize<DossierView>(body, Json)!;
    }

    protected static async Task<DossierView> CreateAsync(HttpClient client, string procedure, Guid agency, Dictionary<string, string?> form, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/dossiers") { Content = JsonContent.Create(new DraftRequest(procedure, agency, form, null), options: Json) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return await ReadAsync(await client.SendAsync(request), HttpStatusCode.Created);
    }

    protected static async Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid id, int document, byte[] content, string name, string path = "files")
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", name);
        return await client.PostAsync(new Uri($"/api/v1/dossiers/{id}/{path}?document={document}", UriKind.Relative), form);
    }

    protected static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid id, string action, ActionRequest body) =>
        client.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{id}/actions/{action}", UriKind.Relative), body, Json);

    protected static ActionRequest Act(Guid version, string? note = null, List<string>? missing = null, string? target = null, ReturnChannel? channel = null, DateTimeOffset? newDue = null) =>
        new(version, note, missing, null, target, channel, newDue);

    /// <summary>A birth-registration dossier of citizen A, submitted with every required document.</summary>
    protected async Task<(HttpClient Citizen, DossierView Dossier)> SubmittedAsync(string procedure = Birth)
    {
        var citizen = await app.SignInAsync(CitizenA);
        return (citizen, await SubmitAsync(citizen, await CommuneAsync(), procedure));
    }

    [GeneratedRegex(@"^\d{3}\.\d{2}\.\d{2}\.H26-\d{6}-\d{4}$")]
    protected static partial Regex CodePattern();

    // ---------------------------------------------------------------- submission

    [Fact]
    public async Task Submitting_gives_a_code_and_status_registered_and_repeating_it_changes_nothing()
    {
        var (citizen, d) = await SubmittedAsync();
        Assert.Equal(DossierStatus.Registered, d.Status);
        Assert.Equal("receiving", d.NationalStatus);
        Assert.Matches(CodePattern(), d.Code!);
        var again = await ReadAsync(await citizen.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/submit", UriKind.Relative), null));
        Assert.Equal(d.Code, again.Code);
        Assert.Equal(d.Version, again.Version);
    }

    [Fact]
    public async Task Submitting_with_missing_fields_and_documents_lists_each_error_and_stores_nothing()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var form = BirthForm();
        form.Remove("childFullName");
        var d = await CreateAsync(citizen, Birth, await CommuneAsync(), form);
        form["requesterPersonalId"] = "12345";
        form["childDateOfBirth"] = "2026-02-30";
        var bad = await citizen.PutAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/form", UriKind.Relative), new DraftRequest(null, null, form, d.Version), Json);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badErrors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.True(badErrors.TryGetProperty("requesterPersonalId", out _));
        Assert.True(badErrors.TryGetProperty("childDateOfBirth", out _));
        Assert.False(badErrors.TryGetProperty("childFullName", out _));
        var r = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/submit", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("childFullName", out _));
        Assert.True(errors.TryGetProperty("documents[1]", out _));
        Assert.True(errors.TryGetProperty("documents[4]", out _));
        Assert.False(errors.TryGetProperty("documents[0]", out _));
        var after = await ReadAsync(await citizen.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}", UriKind.Relative)));
        Assert.Equal(DossierStatus.Draft, after.Status);
        Assert.Null(after.Code);
        Assert.Equal(d.Version, after.Version);
    }

    [Fact]
    public async Task The_api_document_lists_every_answer_and_refusals_are_problem_details()
    {
        using var doc = JsonDocument.Parse(await app.Client().GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative)));
        var paths = doc.RootElement.GetProperty("paths");
        var act = paths.GetProperty("/api/v1/dossiers/{id}/actions/{action}").GetProperty("post").GetProperty("responses");
        foreach (var code in new[] { "200", "400", "404", "409" })
        {
            Assert.True(act.TryGetProperty(code, out _), $"actions: no {code} in the API document");
        }

        Assert.True(paths.GetProperty("/api/v1/dossiers").GetProperty("post").GetProperty("responses").TryGetProperty("201", out _));
        Assert.True(paths.GetProperty("/api/v1/tracking/{code}").GetProperty("get").GetProperty("responses").TryGetProperty("404", out _));

        var (citizen, d) = await SubmittedAsync();
        var refused = await ActAsync(citizen, d.Id, "Submit", Act(d.Version));
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var conflict = await ActAsync(await app.SignInAsync(Desk), d.Id, "ReturnResult", Act(d.Version, channel: ReturnChannel.Online));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await conflict.Content.ReadAsStringAsync());
        Assert.Equal(409, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("Mới đăng ký", problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(problem.RootElement.TryGetProperty("traceId", out _));
        var lost = await app.Client().GetAsync(new Uri($"/api/v1/tracking/{d.Code}?phone=0999999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, lost.StatusCode);
        Assert.Equal("application/problem+json", lost.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task An_api_client_names_the_agency_by_its_public_code()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var commune = await CommuneAsync();
        string code;
        using (var scope = app.Services.CreateScope())
        {
            code = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Agencies.Where(a => a.Id == commune).Select(a => a.Code).FirstAsync();
        }

        var created = await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, null, BirthForm(), null, code), Json);
        Assert.Equal(commune, (await ReadAsync(created, HttpStatusCode.Created)).AgencyId);
        var unknown = await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, null, BirthForm(), null, "000.00.99.X99"), Json);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("agencyCode", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_idempotency_key_creates_one_dossier()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var key = Guid.NewGuid().ToString("N");
        var commune = await CommuneAsync();
        var first = await CreateAsync(citizen, Birth, commune, BirthForm(), key);
        var second = await CreateAsync(citizen, Birth, commune, BirthForm(), key);
        Assert.Equal(first.Id, second.Id);
    }

    [Theory]
    [InlineData("anh.pdf", "png")]
    [InlineData("ghi-chu.txt", "text")]
    [InlineData("to-khai.pdf", "empty")]
    [InlineData("lon.pdf", "large")]
    public async Task Bad_uploads_are_refused_with_a_clear_message_and_nothing_is_stored(string name, string kind)
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await CreateAsync(citizen, Birth, await CommuneAsync(), BirthForm());
        byte[] content = kind switch
        {
            "png" => Png,
            "text" => "xin chào"u8.ToArray(),
            "empty" => [],
            _ => [.. Pdf, .. new byte[UploadInspector.MaxBytes]],
        };
        var r = await UploadAsync(citizen, d.Id, 1, content, name);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, body);
        Assert.Contains("documents[1]", body, StringComparison.Ordinal);
        var after = await ReadAsync(await citizen.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}", UriKind.Relative)));
        Assert.Empty(after.Files);
    }

    [Fact]
    public async Task A_jpeg_named_jpg_is_accepted_and_its_type_comes_from_the_content()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await CreateAsync(citizen, Birth, await CommuneAsync(), BirthForm());
        var after = await ReadAsync(await UploadAsync(citizen, d.Id, 1, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3], "giay-chung-sinh.JPG"));
        var file = Assert.Single(after.Files);
        Assert.Equal("image/jpeg", file.ContentType);
        Assert.Equal(1, file.DocumentIndex);
    }

    [Fact]
    public async Task The_filing_page_shows_each_error_stores_nothing_and_a_double_click_files_one_dossier()
    {
        var citizen = await app.SignInAsync(CitizenB);
        var page = await citizen.GetStringAsync(new Uri($"/nop-ho-so/{Birth}", UriKind.Relative));
        var key = IdempotencyKey().Match(page).Groups[1].Value;
        Assert.NotEmpty(key);
        var commune = await CommuneAsync();
        MultipartFormDataContent Form(bool complete)
        {
            var form = new MultipartFormDataContent
            {
                { new StringContent(OneStopAppFactory.Token(page)), "__RequestVerificationToken" },
                { new StringContent(key), "idempotencyKey" },
                { new StringContent(commune.ToString()), "agencyId" },
                { new StringContent("submit"), "action" },
            };
            foreach (var (k, v) in BirthForm().Where(kv => complete || kv.Key != "childFullName"))
            {
                form.Add(new StringContent(v!), "f." + k);
            }

            form.Add(new ByteArrayContent(Pdf), "doc1", "giay-chung-sinh.pdf");
            form.Add(new ByteArrayContent(Pdf), "doc4", "can-cuoc.pdf");
            return form;
        }

        var before = (await citizen.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/dossiers", UriKind.Relative), Json))!.Count;
        using (var bad = Form(complete: false))
        {
            var r = await citizen.PostAsync(new Uri($"/nop-ho-so/{Birth}", UriKind.Relative), bad);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var html = await r.Content.ReadAsStringAsync();
            Assert.Contains("error-summary", html, StringComparison.Ordinal);
            Assert.Contains("childFullName", html, StringComparison.Ordinal);
        }

        Assert.Equal(before, (await citizen.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/dossiers", UriKind.Relative), Json))!.Count);
        using var first = Form(complete: true);
        using var second = Form(complete: true);
        var responses = await Task.WhenAll(
            citizen.PostAsync(new Uri($"/nop-ho-so/{Birth}", UriKind.Relative), first),
            citizen.PostAsync(new Uri($"/nop-ho-so/{Birth}", UriKind.Relative), second));
        var locations = new List<string>();
        foreach (var r in responses)
        {
            if (r.StatusCode == HttpStatusCode.Redirect)
            {
                locations.Add(r.Headers.Location!.OriginalString);
            }
            else
            {
                // The loser of a true race is told plainly; it never makes a second dossier.
                Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
            }
        }

        Assert.NotEmpty(locations);
        Assert.Single(locations.Select(l => l.Split('?')[0]).Distinct());
        Assert.Equal(before + 1, (await citizen.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/dossiers", UriKind.Relative), Json))!.Count);
    }

    [GeneratedRegex("name=\"idempotencyKey\" value=\"([0-9a-f]+)\"")]
    private static partial Regex IdempotencyKey();

    // ---------------------------------------------------------------- access

    [Fact]
    public async Task Another_citizen_and_another_agency_cannot_see_a_dossier_or_its_files()
    {
        var (citizen, d) = await SubmittedAsync();
        var fileId = d.Files[0].Id;
        var other = await app.SignInAsync(CitizenB);
        var police = await app.SignInAsync(Police);
        foreach (var client in new[] { other, police })
        {
            foreach (var path in new[] { $"/api/v1/dossiers/{d.Id}", $"/api/v1/dossiers/{d.Id}/history", $"/api/v1/dossiers/{d.Id}/files/{fileId}", $"/api/v1/dossiers/{d.Id}/forms/06" })
            {
                Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri(path, UriKind.Relative))).StatusCode);
            }

            Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(client, d.Id, "Withdraw", Act(d.Version))).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(police, d.Id, "Receive", Act(d.Version))).StatusCode);
        Assert.DoesNotContain((await other.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/dossiers", UriKind.Relative), Json))!, x => x.Id == d.Id);
        Assert.Contains((await citizen.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/dossiers", UriKind.Relative), Json))!, x => x.Id == d.Id);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.Client().GetAsync(new Uri($"/api/v1/dossiers/{d.Id}", UriKind.Relative))).StatusCode);
        var download = await citizen.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}/files/{fileId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_specialist_cannot_receive_and_an_officer_sees_only_the_inbox_of_the_agency()
    {
        var (_, d) = await SubmittedAsync();
        var specialist = await app.SignInAsync(Specialist);
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(specialist, d.Id, "Receive", Act(d.Version))).StatusCode);
        var desk = await app.SignInAsync(Desk);
        var inbox = await desk.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/staff/inbox?box=ToReceive", UriKind.Relative), Json);
        Assert.Contains(inbox!, x => x.Id == d.Id);
        var police = await app.SignInAsync(Police);
        var policeInbox = await police.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/staff/inbox?box=All", UriKind.Relative), Json);
        Assert.DoesNotContain(policeInbox!, x => x.Id == d.Id);
        var citizen = await app.SignInAsync(CitizenB);
        Assert.Equal(HttpStatusCode.Forbidden, (await citizen.GetAsync(new Uri("/api/v1/staff/inbox", UriKind.Relative))).StatusCode);
    }

    // ---------------------------------------------------------------- reception, deadlines and conflicts

    [Fact]
    public async Task Receiving_sets_the_appointment_from_the_working_calendar_and_issues_form_01()
    {
        var (citizen, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        var received = await ReadAsync(await ActAsync(desk, d.Id, "Receive", Act(d.Version)));
        Assert.Equal(DossierStatus.Received, received.Status);
        Assert.Equal("Specialist", received.CurrentRole);
        using (var scope = app.Services.CreateScope())
        {
            var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().CurrentAsync(CancellationToken.None);
            var limit = new TimeLimit(TimeLimitUnit.SameDay, 0, true, "");
            Assert.Equal(calendar.DueAt(received.ReceivedAt!.Value, limit), received.DueAt);
        }

        var pdf = await citizen.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/01", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
        var text = PdfText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains(d.Code!, text, StringComparison.Ordinal);
        Assert.Contains("TIẾP NHẬN", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await citizen.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/03", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_illegal_action_gets_409_naming_the_status_and_changes_nothing()
    {
        var (citizen, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        var r = await ActAsync(desk, d.Id, "ReturnResult", Act(d.Version, channel: ReturnChannel.AtDesk));
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Mới đăng ký", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await ReadAsync(await citizen.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}", UriKind.Relative)));
        Assert.Equal(d.Version, after.Version);
        Assert.Equal(DossierStatus.Registered, after.Status);
        var history = await citizen.GetFromJsonAsync<List<HistoryView>>(new Uri($"/api/v1/dossiers/{d.Id}/history", UriKind.Relative), Json);
        Assert.DoesNotContain(history!, h => h.Action == nameof(DossierAction.ReturnResult));
    }

    [Fact]
    public async Task Two_officers_acting_on_the_same_version_one_wins_the_other_gets_409()
    {
        var (_, d) = await SubmittedAsync();
        var desk1 = await app.SignInAsync(Desk);
        var desk2 = await app.SignInAsync(Desk);
        var first = await ActAsync(desk1, d.Id, "Receive", Act(d.Version));
        var second = await ActAsync(desk2, d.Id, "RequestSupplement", Act(d.Version, missing: ["Giấy chứng sinh bản rõ hơn"]));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        var after = await ReadAsync(await desk1.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}", UriKind.Relative)));
        Assert.Equal(DossierStatus.Received, after.Status);
    }

    [Fact]
    public async Task Concurrent_actions_without_a_version_still_let_only_one_win()
    {
        var (_, d) = await SubmittedAsync();
        var clients = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => app.SignInAsync(Desk)));
        var results = await Task.WhenAll(clients.Select(c => ActAsync(c, d.Id, "Receive", Act(Guid.Empty) with { Version = null })));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.All(results.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        Assert.Equal(1, await db.DossierEvents.CountAsync(e => e.DossierId == d.Id && e.Action == DossierAction.Receive));
    }

    [Fact]
    public async Task Supplement_loop_returns_the_dossier_to_the_desk_with_form_02()
    {
        var (citizen, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        var waiting = await ReadAsync(await ActAsync(desk, d.Id, "RequestSupplement", Act(d.Version, missing: ["Giấy chứng sinh (bản chụp rõ nét)"])));
        Assert.Equal(DossierStatus.AwaitingSupplement, waiting.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(desk, d.Id, "RequestSupplement", Act(waiting.Version, missing: ["Tờ khai"]))).StatusCode);
        var form02 = PdfText(await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/02", UriKind.Relative)));
        Assert.Contains("bản chụp rõ nét", form02, StringComparison.Ordinal);
        var back = await ReadAsync(await UploadAsync(citizen, d.Id, 1, Pdf, "giay-chung-sinh-moi.pdf", "supplement"));
        Assert.Equal(DossierStatus.Registered, back.Status);
        Assert.Contains(back.Files, f => f.Kind == nameof(DossierFileKind.Supplement));
    }

    [Fact]
    public async Task Time_waiting_for_a_supplement_after_reception_moves_the_appointment()
    {
        var (citizen, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        var specialist = await app.SignInAsync(Specialist);
        var v = await ReadAsync(await ActAsync(desk, d.Id, "Receive", Act(d.Version)));
        v = await ReadAsync(await ActAsync(specialist, d.Id, "Claim", Act(v.Version)));
        v = await ReadAsync(await ActAsync(specialist, d.Id, "RequestSupplement", Act(v.Version, missing: ["Bản sao giấy đăng ký kết hôn của cha mẹ"])));
        var asked = new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(7)); // as if asked on a Monday morning
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            await db.DossierEvents.Where(e => e.DossierId == d.Id && e.Action == DossierAction.RequestSupplement).ExecuteUpdateAsync(s => s.SetProperty(e => e.At, asked));
        }

        var back = await ReadAsync(await UploadAsync(citizen, d.Id, 1, Pdf, "giay-dang-ky-ket-hon.pdf", "supplement"));
        Assert.Equal(DossierStatus.Processing, back.Status);
        var history = await citizen.GetFromJsonAsync<List<HistoryView>>(new Uri($"/api/v1/dossiers/{d.Id}/history", UriKind.Relative), Json);
        var supplemented = history!.Last(h => h.Action == nameof(DossierAction.Supplement)).At;
        using (var scope = app.Services.CreateScope())
        {
            var calendar = await scope.ServiceProvider.GetRequiredService<CalendarService>().CurrentAsync(CancellationToken.None);
            var paused = calendar.PausedHours(asked, supplemented);
            Assert.True(paused > 8);
            Assert.Equal(calendar.AddWorkingHours(v.DueAt!.Value, paused), back.DueAt);
        }
    }

    [Fact]
    public async Task A_leader_assigns_the_step_to_an_officer_of_the_agency_with_its_role_and_no_one_else()
    {
        var (_, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        var leader = await app.SignInAsync(Leader);
        var v = await ReadAsync(await ActAsync(desk, d.Id, "Receive", Act(d.Version)));
        Guid specialistId, policeId;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            specialistId = await db.Users.Where(u => u.Email == Specialist).Select(u => u.Id).FirstAsync();
            policeId = await db.Users.Where(u => u.Email == Police).Select(u => u.Id).FirstAsync();
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(leader, d.Id, "Assign", Act(v.Version) with { AssigneeId = policeId })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(desk, d.Id, "Assign", Act(v.Version) with { AssigneeId = specialistId })).StatusCode);
        v = await ReadAsync(await ActAsync(leader, d.Id, "Assign", Act(v.Version) with { AssigneeId = specialistId }));
        Assert.Equal(DossierStatus.Processing, v.Status);
        Assert.Equal("Lê Thị Chuyên Viên", v.AssigneeName);
        var specialist = await app.SignInAsync(Specialist);
        var mine = await specialist.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/staff/inbox?box=Mine", UriKind.Relative), Json);
        Assert.Contains(mine!, x => x.Id == d.Id);
    }

    [Fact]
    public async Task Only_a_leader_stops_processing_with_a_reason_and_form_05_and_then_nothing_more_happens()
    {
        var (citizen, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        var leader = await app.SignInAsync(Leader);
        var v = await ReadAsync(await ActAsync(desk, d.Id, "Receive", Act(d.Version)));
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(desk, d.Id, "Stop", Act(v.Version, note: "x"))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(leader, d.Id, "Stop", Act(v.Version))).StatusCode);
        v = await ReadAsync(await ActAsync(leader, d.Id, "Stop", Act(v.Version, note: "Người yêu cầu đã chết trước khi có kết quả")));
        Assert.Equal(DossierStatus.Stopped, v.Status);
        Assert.Equal("unresolved", v.NationalStatus);
        Assert.Empty(v.Actions);
        var notice = PdfText(await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/05", UriKind.Relative)));
        Assert.Contains("dừng giải quyết", notice, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(citizen, d.Id, "Withdraw", Act(v.Version))).StatusCode);
    }

    [Fact]
    public async Task Withdrawing_a_dossier_that_is_with_another_agency_ends_that_agencys_part_too()
    {
        var (citizen, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        var specialist = await app.SignInAsync(Specialist);
        var v = await ReadAsync(await ActAsync(desk, d.Id, "Receive", Act(d.Version)));
        v = await ReadAsync(await ActAsync(specialist, d.Id, "Claim", Act(v.Version)));
        v = await ReadAsync(await ActAsync(specialist, d.Id, "Transfer", Act(v.Version, target: "000.00.17.H26")));
        Assert.True(v.WaitingOnTransfer);
        var police = await app.SignInAsync(Police);
        var child = Assert.Single((await police.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/staff/inbox?box=ToReceive", UriKind.Relative), Json))!,
            x => x.Channel == Channel.Transfer && x.ApplicantName == "Nguyễn Văn An");
        var withdrawn = await ReadAsync(await ActAsync(citizen, d.Id, "Withdraw", Act(v.Version, note: "Đã làm thủ tục ở nơi khác")));
        Assert.Equal(DossierStatus.Withdrawn, withdrawn.Status);
        var after = await ReadAsync(await police.GetAsync(new Uri($"/api/v1/dossiers/{child.Id}", UriKind.Relative)));
        Assert.Equal(DossierStatus.Withdrawn, after.Status);
        Assert.DoesNotContain((await police.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/staff/inbox?box=ToReceive", UriKind.Relative), Json))!, x => x.Id == child.Id);
    }

    [Fact]
    public async Task Refusal_needs_a_reason_and_issues_form_03()
    {
        var (citizen, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        Assert.Equal(HttpStatusCode.BadRequest, (await ActAsync(desk, d.Id, "Refuse", Act(d.Version))).StatusCode);
        var refused = await ReadAsync(await ActAsync(desk, d.Id, "Refuse", Act(d.Version, note: "Không thuộc thẩm quyền giải quyết của UBND cấp xã")));
        Assert.Equal(DossierStatus.Refused, refused.Status);
        var text = PdfText(await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/03", UriKind.Relative)));
        Assert.Contains("thẩm quyền", text, StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- the whole journey with an inter-agency transfer

    [Fact]
    public async Task The_chain_procedure_goes_through_two_other_agencies_and_back_to_a_returned_result()
    {
        var (citizen, d) = await SubmittedAsync(Chain);
        var desk = await app.SignInAsync(Desk);
        var specialist = await app.SignInAsync(Specialist);
        var leader = await app.SignInAsync(Leader);
        var v = await ReadAsync(await ActAsync(desk, d.Id, "Receive", Act(d.Version)));
        v = await ReadAsync(await ActAsync(specialist, d.Id, "Claim", Act(v.Version)));
        Assert.Equal(DossierStatus.Processing, v.Status);
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(Pdf), "file", "giay-khai-sinh.pdf");
            form.Add(new StringContent("Giấy khai sinh"), "title");
            v = await ReadAsync(await specialist.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/result", UriKind.Relative), form));
        }

        Assert.Contains(v.Files, f => f.ResultCode == $"{d.Code}-KQ1");
        v = await ReadAsync(await ActAsync(specialist, d.Id, "Forward", Act(v.Version)));
        Assert.Equal("AgencyLeader", v.CurrentRole);
        var sendBack = await ActAsync(leader, d.Id, "SendBack", Act(v.Version));
        Assert.Equal(HttpStatusCode.BadRequest, sendBack.StatusCode);
        v = await ReadAsync(await ActAsync(leader, d.Id, "Forward", Act(v.Version, note: "Đồng ý")));
        Assert.Equal(3, v.Step);

        // Step 3 is done by the city police: forwarding is refused until the transfer comes back.
        Assert.Equal(HttpStatusCode.Forbidden, (await ActAsync(leader, d.Id, "Transfer", Act(v.Version))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(specialist, d.Id, "Forward", Act(v.Version))).StatusCode);
        foreach (var (officer, agencyCode) in new[] { (Police, "000.00.17.H26"), (Insurance, "000.00.18.H26") })
        {
            v = await ReadAsync(await ActAsync(specialist, d.Id, "Transfer", Act(v.Version, note: "Liên thông")));
            Assert.True(v.WaitingOnTransfer);
            var other = await app.SignInAsync(officer);
            var inbox = await other.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/staff/inbox?box=ToReceive", UriKind.Relative), Json);
            var child = Assert.Single(inbox!, x => x.Channel == Channel.Transfer && x.ApplicantName == "Nguyễn Văn An" && x.Status == DossierStatus.Registered);
            Assert.StartsWith(agencyCode, child.Code, StringComparison.Ordinal);
            var c = await ReadAsync(await ActAsync(other, child.Id, "Receive", Act(Guid.Empty) with { Version = null }));
            Assert.Equal(d.Id, c.ParentId);
            c = await ReadAsync(await ActAsync(other, child.Id, "Claim", Act(c.Version)));
            using (var form = new MultipartFormDataContent())
            {
                form.Add(new ByteArrayContent(Pdf), "file", "ket-qua.pdf");
                c = await ReadAsync(await other.PostAsync(new Uri($"/api/v1/dossiers/{child.Id}/result", UriKind.Relative), form));
            }

            c = await ReadAsync(await ActAsync(other, child.Id, "Forward", Act(c.Version)));
            c = await ReadAsync(await ActAsync(other, child.Id, "Forward", Act(c.Version)));
            Assert.Equal(DossierStatus.Resolved, c.Status);
            c = await ReadAsync(await ActAsync(other, child.Id, "ReturnResult", Act(c.Version)));
            Assert.Equal(DossierStatus.Returned, c.Status);
            // The child is not the citizen's to see directly; the parent is.
            Assert.Equal(HttpStatusCode.NotFound, (await specialist.GetAsync(new Uri($"/api/v1/dossiers/{child.Id}", UriKind.Relative))).StatusCode);
            v = await ReadAsync(await specialist.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}", UriKind.Relative)));
            Assert.False(v.WaitingOnTransfer);
            v = await ReadAsync(await ActAsync(specialist, d.Id, "Forward", Act(v.Version)));
        }

        Assert.Equal(DossierStatus.Resolved, v.Status);
        Assert.Equal(3, v.Files.Count(f => f.Kind == nameof(DossierFileKind.Result)));
        var withdraw = await ActAsync(citizen, d.Id, "Withdraw", Act(v.Version));
        Assert.Equal(HttpStatusCode.Conflict, withdraw.StatusCode);
        v = await ReadAsync(await ActAsync(desk, d.Id, "ReturnResult", Act(v.Version, channel: ReturnChannel.Online)));
        Assert.Equal(DossierStatus.Returned, v.Status);
        Assert.Equal("done", v.NationalStatus);

        var history = await citizen.GetFromJsonAsync<List<HistoryView>>(new Uri($"/api/v1/dossiers/{d.Id}/history", UriKind.Relative), Json);
        Assert.Equal(
            ["SaveDraft", "Submit", "Receive", "Claim", "AttachResult", "Forward", "Forward", "Transfer", "TransferReturned", "Forward", "Transfer", "TransferReturned", "Forward", "ReturnResult"],
            history!.Select(h => h.Action).ToArray());
        var control = PdfText(await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/06", UriKind.Relative)));
        Assert.Contains("Công an", control, StringComparison.Ordinal);
        Assert.Contains("Bảo hiểm", control, StringComparison.Ordinal);

        var track = await app.Client().GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/tracking/{d.Code}?phone=0912345678", UriKind.Relative));
        Assert.Equal("Returned", track.GetProperty("status").GetString());
        Assert.DoesNotContain("Nguyễn Văn An", track.GetRawText(), StringComparison.Ordinal);
    }

    // ---------------------------------------------------------------- late dossiers, withdrawal, tracking

    [Fact]
    public async Task A_late_result_needs_an_apology_letter_first()
    {
        var (citizen, d) = await SubmittedAsync();
        var desk = await app.SignInAsync(Desk);
        var specialist = await app.SignInAsync(Specialist);
        var leader = await app.SignInAsync(Leader);
        var v = await ReadAsync(await ActAsync(desk, d.Id, "Receive", Act(d.Version)));
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var past = DateTimeOffset.UtcNow.AddHours(-2);
            await db.Dossiers.Where(x => x.Id == d.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.DueAt, past));
            var (_, overdue) = await DeadlineJob.RunAsync(db, scope.ServiceProvider.GetRequiredService<CalendarService>(), DateTimeOffset.UtcNow, CancellationToken.None);
            Assert.True(overdue >= 1);
        }

        var overdueBox = await desk.GetFromJsonAsync<List<DossierListItem>>(new Uri("/api/v1/staff/inbox?box=Overdue", UriKind.Relative), Json);
        Assert.Contains(overdueBox!, x => x.Id == d.Id);
        v = await ReadAsync(await ActAsync(specialist, d.Id, "Claim", Act(v.Version)));
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(Pdf), "file", "trich-luc.pdf");
            v = await ReadAsync(await specialist.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/result", UriKind.Relative), form));
        }

        v = await ReadAsync(await ActAsync(specialist, d.Id, "Forward", Act(v.Version)));
        var refused = await ActAsync(leader, d.Id, "Forward", Act(v.Version));
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("mẫu 04", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var newDue = DateTimeOffset.UtcNow.AddDays(2);
        v = await ReadAsync(await ActAsync(desk, d.Id, "Apologise", Act(v.Version, note: "Chờ xác minh thông tin nơi sinh", newDue: newDue)));
        Assert.Equal(DeadlineState.OnTime, v.DeadlineState);
        var letter = PdfText(await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/04", UriKind.Relative)));
        Assert.Contains("xin lỗi", letter, StringComparison.Ordinal);
        v = await ReadAsync(await ActAsync(leader, d.Id, "Forward", Act(v.Version)));
        Assert.Equal(DossierStatus.Resolved, v.Status);
    }

    [Fact]
    public async Task The_applicant_can_withdraw_before_a_result_and_tracking_shows_the_public_status_only()
    {
        var (citizen, d) = await SubmittedAsync();
        var anonymous = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/api/v1/tracking/{d.Code}?phone=0999999999", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/api/v1/tracking/{d.Code}", UriKind.Relative))).StatusCode);
        var tracked = await anonymous.GetFromJsonAsync<JsonElement>(new Uri($"/api/v1/tracking/{d.Code}?phone=0912345678", UriKind.Relative));
        Assert.Equal("receiving", tracked.GetProperty("nationalStatus").GetString());
        Assert.False(tracked.TryGetProperty("applicantName", out _));
        var page = await anonymous.GetStringAsync(new Uri($"/tra-cuu?ma={d.Code}&dienThoai=0912345678", UriKind.Relative));
        Assert.Contains("Mới đăng ký", page, StringComparison.Ordinal);
        string key;
        using (var scope = app.Services.CreateScope())
        {
            key = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.Where(x => x.Id == d.Id).Select(x => x.TrackingKey).FirstAsync();
        }

        // The QR code on every form carries the code and a random key instead of the phone number.
        var byQr = await anonymous.GetAsync(new Uri($"/tra-cuu?ma={d.Code}&k={key}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, byQr.StatusCode);
        Assert.Contains("Mới đăng ký", await byQr.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var wrongKey = key[..^1] + (key[^1] == '0' ? '1' : '0');
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(new Uri($"/tra-cuu?ma={d.Code}&k={wrongKey}", UriKind.Relative))).StatusCode);
        var withdrawn = await ReadAsync(await ActAsync(citizen, d.Id, "Withdraw", Act(d.Version, note: "Nộp nhầm thủ tục")));
        Assert.Equal(DossierStatus.Withdrawn, withdrawn.Status);
        Assert.Equal(HttpStatusCode.Conflict, (await ActAsync(citizen, d.Id, "Withdraw", Act(withdrawn.Version))).StatusCode);
    }

    [Fact]
    public async Task Parallel_submissions_on_two_servers_get_unique_consecutive_codes()
    {
        _ = app.Services;
        using var second = new SecondInstance(app);
        var commune = await CommuneAsync();
        var citizens = new[] { await app.SignInAsync(CitizenA), await second.SignInAsync(CitizenA) };
        const int count = 24;
        var drafts = new List<(HttpClient Client, Guid Id)>();
        for (var i = 0; i < count; i++)
        {
            var client = citizens[i % 2];
            var d = await CreateAsync(client, Birth, commune, BirthForm());
            foreach (var doc in new[] { 1, 4 })
            {
                (await UploadAsync(client, d.Id, doc, Pdf, "a.pdf")).EnsureSuccessStatusCode();
            }

            drafts.Add((client, d.Id));
        }

        var submitted = await Task.WhenAll(drafts.Select(async x => await ReadAsync(await x.Client.PostAsync(new Uri($"/api/v1/dossiers/{x.Id}/submit", UriKind.Relative), null))));
        var codes = submitted.Select(s => s.Code!).ToList();
        Assert.Equal(count, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches(CodePattern(), c));
        var numbers = codes.Where(c => c[..^5] == codes[0][..^5]).Select(c => int.Parse(c[^4..], System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        Assert.Equal(numbers.Count, numbers.Distinct().Count());
        Assert.True(numbers.Zip(numbers.Skip(1)).All(p => p.Second == p.First + 1), "codes of one day are consecutive: " + string.Join(",", numbers));
    }

    // ---------------------------------------------------------------- desk registration and the register

    [Fact]
    public async Task A_walk_in_dossier_is_registered_with_digitised_scans_and_appears_in_the_tracking_book()
    {
        var desk = await app.SignInAsync(Desk);
        var r = await RegisterWalkInAsync(desk, "Phạm Thị Cúc", "0977000111");
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var id = Guid.Parse(r.Headers.Location!.OriginalString.Split('/')[^1]);
        var d = await ReadAsync(await desk.GetAsync(new Uri($"/api/v1/dossiers/{id}", UriKind.Relative)));
        Assert.Equal(Channel.InPerson, d.Channel);
        Assert.True(Assert.Single(d.Files).Digitised);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var xlsx = await desk.GetAsync(new Uri($"/can-bo/so-theo-doi?tuNgay={today}&denNgay={today}&xuat=xlsx", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var wb = new ClosedXML.Excel.XLWorkbook(await xlsx.Content.ReadAsStreamAsync());
        Assert.Contains(wb.Worksheet(1).CellsUsed(), c => c.GetString() == d.Code);
        var book = await desk.GetAsync(new Uri($"/can-bo/so-theo-doi?tuNgay={today}&denNgay={today}&xuat=pdf", UriKind.Relative));
        Assert.Contains(d.Code!.Split('-')[0], PdfText(await book.Content.ReadAsByteArrayAsync()).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }
}

public sealed class SqliteDossierApiTests(SqliteApp app) : DossierApiTests<SqliteApp>(app);

public sealed class PostgresDossierApiTests(PostgresApp app) : DossierApiTests<PostgresApp>(app);
