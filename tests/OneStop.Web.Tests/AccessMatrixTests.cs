using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>Who may reach a route.</summary>
public enum Access
{
    /// <summary>Anyone, signed in or not.</summary>
    Public,
    /// <summary>Any signed-in account.</summary>
    SignedIn,
    /// <summary>Citizen and business accounts.</summary>
    Applicant,
    /// <summary>Officers with a workflow role at their agency (inboxes, registration, the tracking book).</summary>
    Staff,
    /// <summary>Agency leaders, division heads and report viewers (the read-only supervision list).</summary>
    Supervisor,
    /// <summary>Officers and supervisors: reports over the agencies they may read (payment reconciliation).</summary>
    StaffReader,
    CatalogueAdministrator,
    SystemAdministrator,
    /// <summary>Machine clients with a bearer access token only: no sign-in cookie of any person opens it.</summary>
    BearerToken,
    /// <summary>Acting on citizen A's dossier: A and the officers of its agency; anyone else signed in gets 404 (supervisors too).</summary>
    DossierOwnerOrAgency,
    /// <summary>Reading citizen A's dossier: A, the officers of its agency and its supervisors; anyone else signed in gets 404.</summary>
    DossierReader,
    /// <summary>Citizen A's dossier through the applicant's own pages and commands: only A; others 404 or denied.</summary>
    DossierOwner,
    /// <summary>A document of citizen A's wallet: only A; another citizen gets 404, staff and anonymous are refused.</summary>
    WalletOwner,
    /// <summary>Citizen A's dossier through the officers' pages: its agency, and its supervisors read-only; others 404 or denied.</summary>
    DossierAgency,
    /// <summary>The access-denied page itself: shown to anyone, always with status 403.</summary>
    AccessDeniedPage,
    /// <summary>Acting on a question or feedback sent to the demo commune: its officers only; others 404 or denied.</summary>
    FeedbackAgencyOfficer,
}

/// <summary>
/// Every route of the app, taken from its own route table, requested as each kind of person (a city-wide report viewer
/// included: it reads every dossier and acts on none). A route added without
/// an entry here fails the test, so nobody can add an endpoint without deciding who may use it.
/// </summary>
public sealed class AccessMatrixTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private enum Outcome { Allowed, Denied, Hidden }

    private const string ReportViewer = "baocao@onestop.test";

    private static readonly string[] People = ["anonymous", CitizenA, CitizenB, Desk, Police, "quantri.thutuc@onestop.test", "quantri.hethong@onestop.test", ReportViewer];

    /// <summary>(method, route pattern) → who may use it, and the request to try ({id}, {file}, {code} are filled in).</summary>
    private static readonly Dictionary<(string Method, string Pattern), (Access Access, string Path)> Matrix = new()
    {
        [("GET", "/")] = (Access.Public, "/"),
        [("GET", "/thu-tuc")] = (Access.Public, "/thu-tuc"),
        [("GET", "/thu-tuc/{code}")] = (Access.Public, "/thu-tuc/1.001193"),
        [("GET", "/thu-tuc/{code}/mau/{index:int}")] = (Access.Public, "/thu-tuc/1.003583/mau/0"),
        [("GET", "/thong-ke")] = (Access.Public, "/thong-ke"),
        [("GET", "/danh-gia-chat-luong")] = (Access.Public, "/danh-gia-chat-luong"),
        [("GET", "/trung-tam-dieu-hanh")] = (Access.StaffReader, "/trung-tam-dieu-hanh"),
        [("GET", "/co-quan/{code?}")] = (Access.Public, "/co-quan"),
        [("GET", "/tai-lieu-api")] = (Access.Public, "/tai-lieu-api"),
        [("GET", "/tra-cuu")] = (Access.Public, "/tra-cuu"),
        [("GET", "/xac-minh-van-ban")] = (Access.Public, "/xac-minh-van-ban"),
        [("POST", "/api/v1/documents/verify")] = (Access.Public, "/api/v1/documents/verify"),
        [("GET", "/lich-lam-viec")] = (Access.Public, "/lich-lam-viec"),
        [("GET", "/dang-nhap")] = (Access.Public, "/dang-nhap"),
        [("GET", "/dang-ky")] = (Access.Public, "/dang-ky"),
        [("GET", "/quen-mat-khau")] = (Access.Public, "/quen-mat-khau"),
        [("GET", "/doi-mat-khau")] = (Access.SignedIn, "/doi-mat-khau"),
        [("GET", "/dat-lai-mat-khau")] = (Access.Public, "/dat-lai-mat-khau?id=00000000-0000-0000-0000-000000000001&token=x"),
        [("GET", "/dang-xuat")] = (Access.Public, "/dang-xuat"),
        [("GET", "/xac-thuc-lai")] = (Access.SignedIn, "/xac-thuc-lai?returnUrl=/quan-tri/can-bo"),
        [("GET", "/trang-thai/{status:int}")] = (Access.Public, "/trang-thai/500"),
        [("GET", "/khong-co-quyen")] = (Access.AccessDeniedPage, "/khong-co-quyen?returnUrl=/can-bo"),
        [("GET", "/ngon-ngu/{lang}")] = (Access.Public, "/ngon-ngu/en?returnUrl=/"),
        [("GET", "/health")] = (Access.Public, "/health"),
        [("GET", "/openapi/{documentName}.json")] = (Access.Public, "/openapi/v1.json"),
        [("GET", "/api/v1/procedures")] = (Access.Public, "/api/v1/procedures"),
        [("GET", "/api/v1/procedures/{code}")] = (Access.Public, "/api/v1/procedures/1.001193"),
        [("GET", "/api/v1/procedures/{code}/versions/{version:int}")] = (Access.Public, "/api/v1/procedures/1.001193/versions/1"),
        [("GET", "/api/v1/fields")] = (Access.Public, "/api/v1/fields"),
        [("GET", "/api/v1/catalogue/statistics")] = (Access.Public, "/api/v1/catalogue/statistics"),
        [("GET", "/api/v1/catalogue/statistics.csv")] = (Access.Public, "/api/v1/catalogue/statistics.csv"),
        [("GET", "/api/v1/agencies/")] = (Access.Public, "/api/v1/agencies/"),
        [("GET", "/api/v1/agencies/{code}")] = (Access.Public, "/api/v1/agencies/000.00.17.H26"),
        [("GET", "/api/v1/calendar/appointment")] = (Access.Public, "/api/v1/calendar/appointment?receivedAt=2026-02-12T10:00:00%2B07:00&workingDays=5"),
        [("GET", "/api/v1/calendar/days-off")] = (Access.Public, "/api/v1/calendar/days-off?year=2026"),
        [("GET", "/api/v1/indicators")] = (Access.Public, "/api/v1/indicators?agency=000.00.00.H26&from=2026-01-01&to=2026-01-31"),
        [("GET", "/api/v1/service-index")] = (Access.Public, "/api/v1/service-index?agency=000.00.00.H26&period=2026-01"),
        [("GET", "/api/v1/service-index/table")] = (Access.Public, "/api/v1/service-index/table"),
        [("PUT", "/api/v1/service-index/table")] = (Access.SystemAdministrator, "/api/v1/service-index/table"),
        [("GET", "/api/v1/reports/06a")] = (Access.Public, "/api/v1/reports/06a?agency=000.00.00.H26&from=2026-01-01&to=2026-03-31"),
        [("GET", "/api/v1/reports/06a.xlsx")] = (Access.Public, "/api/v1/reports/06a.xlsx?agency=000.00.00.H26&from=2026-01-01&to=2026-03-31"),
        [("GET", "/api/v1/tracking/{code}")] = (Access.Public, "/api/v1/tracking/{code}?phone=0912345678"),
        // Single sign-on and the token server's protocol endpoints (their own checks are in SsoTests and ApiClientTests).
        [("GET", "/dang-nhap/sso/{provider}")] = (Access.Public, "/dang-nhap/sso/dev"),
        [("GET", "/dev-sso/dang-nhap")] = (Access.Public, "/dev-sso/dang-nhap"),
        [("GET", "/connect/authorize")] = (Access.Public, "/connect/authorize"),
        [("POST", "/connect/authorize")] = (Access.Public, "/connect/authorize"),
        [("POST", "/connect/token")] = (Access.Public, "/connect/token"),
        [("GET", "/connect/userinfo")] = (Access.BearerToken, "/connect/userinfo"),
        [("POST", "/connect/userinfo")] = (Access.BearerToken, "/connect/userinfo"),
        [("GET", "/api/v1/sync/dossiers/")] = (Access.BearerToken, "/api/v1/sync/dossiers/"),
        [("GET", "/api/v1/sync/dossiers/{code}")] = (Access.BearerToken, "/api/v1/sync/dossiers/{code}"),
        // Payment gateways: their notifications carry a signature instead of a session (refused with an answer code in
        // the body, see PaymentFlowTests); the sandbox bank and the browser's return only show things.
        [("GET", "/api/v1/payments/{gateway}/ipn")] = (Access.Public, "/api/v1/payments/sandbox/ipn"),
        [("POST", "/api/v1/payments/{gateway}/ipn")] = (Access.Public, "/api/v1/payments/sandbox/ipn"),
        [("GET", "/ngan-hang-thu-nghiem")] = (Access.Public, "/ngan-hang-thu-nghiem"),
        [("GET", "/thanh-toan/ket-qua/{gateway}")] = (Access.Public, "/thanh-toan/ket-qua/sandbox"),

        [("GET", "/quan-tri/thu-tuc")] = (Access.CatalogueAdministrator, "/quan-tri/thu-tuc"),
        [("GET", "/quan-tri/thu-tuc/{code}")] = (Access.CatalogueAdministrator, "/quan-tri/thu-tuc/1.001193"),
        [("GET", "/quan-tri/soan-thao/{code?}")] = (Access.CatalogueAdministrator, "/quan-tri/soan-thao"),
        [("GET", "/quan-tri/nhap-xuat")] = (Access.CatalogueAdministrator, "/quan-tri/nhap-xuat"),
        [("GET", "/quan-tri/ra-soat-nhap")] = (Access.CatalogueAdministrator, "/quan-tri/ra-soat-nhap"),
        [("GET", "/api/v1/admin/catalogue/export")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/export"),
        [("GET", "/api/v1/admin/catalogue/export.xlsx")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/export.xlsx"),
        [("POST", "/api/v1/admin/catalogue/import")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/import"),
        [("POST", "/api/v1/admin/catalogue/procedures/{code}/publish")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/procedures/KHONG-CO/publish"),
        [("POST", "/api/v1/admin/catalogue/procedures/{code}/suspend")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/procedures/KHONG-CO/suspend"),
        [("POST", "/api/v1/admin/catalogue/procedures/{code}/resume")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/procedures/KHONG-CO/resume"),
        [("PUT", "/api/v1/admin/catalogue/procedures/{code}/draft")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/procedures/KHONG-CO/draft"),
        [("GET", "/api/v1/admin/catalogue/synonyms")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/synonyms"),
        [("POST", "/api/v1/admin/catalogue/synonyms")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/synonyms"),
        [("DELETE", "/api/v1/admin/catalogue/synonyms/{id:long}")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/synonyms/999999"),
        [("GET", "/api/v1/admin/catalogue/field-departments")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/field-departments"),
        [("PUT", "/api/v1/admin/catalogue/field-departments")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/field-departments"),
        [("GET", "/api/v1/admin/catalogue/review")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/review"),
        [("POST", "/api/v1/admin/catalogue/national-import")] = (Access.CatalogueAdministrator, "/api/v1/admin/catalogue/national-import"),
        [("GET", "/quan-tri/lich-lam-viec")] = (Access.SystemAdministrator, "/quan-tri/lich-lam-viec"),
        [("GET", "/quan-tri/can-bo")] = (Access.SystemAdministrator, "/quan-tri/can-bo"),
        [("GET", "/quan-tri/nhat-ky")] = (Access.SystemAdministrator, "/quan-tri/nhat-ky?kiemTra=true"),

        [("GET", "/nop-ho-so/{code}")] = (Access.Applicant, "/nop-ho-so/1.001193"),
        [("GET", "/ho-so-cua-toi")] = (Access.Applicant, "/ho-so-cua-toi"),
        [("GET", "/thong-bao")] = (Access.Applicant, "/thong-bao"),
        [("GET", "/kho-giay-to")] = (Access.Applicant, "/kho-giay-to"),
        [("GET", "/api/v1/wallet/")] = (Access.Applicant, "/api/v1/wallet/"),
        [("GET", "/api/v1/wallet/{id:guid}/file")] = (Access.WalletOwner, "/api/v1/wallet/{wallet}/file"),
        [("GET", "/api/v1/dossiers/")] = (Access.SignedIn, "/api/v1/dossiers/"),
        [("POST", "/api/v1/dossiers/")] = (Access.Applicant, "/api/v1/dossiers/"),
        [("GET", "/can-bo")] = (Access.Staff, "/can-bo"),
        [("GET", "/can-bo/so-theo-doi")] = (Access.Staff, "/can-bo/so-theo-doi"),
        [("GET", "/can-bo/tiep-nhan-truc-tiep")] = (Access.Staff, "/can-bo/tiep-nhan-truc-tiep"),
        [("GET", "/api/v1/staff/inbox")] = (Access.Staff, "/api/v1/staff/inbox"),
        [("GET", "/api/v1/staff/inbox/counts")] = (Access.Staff, "/api/v1/staff/inbox/counts"),
        [("GET", "/can-bo/giam-sat")] = (Access.Supervisor, "/can-bo/giam-sat"),
        [("GET", "/api/v1/staff/supervision")] = (Access.Supervisor, "/api/v1/staff/supervision"),
        [("GET", "/can-bo/doi-soat")] = (Access.StaffReader, "/can-bo/doi-soat"),

        [("GET", "/ho-so-cua-toi/{id:guid}")] = (Access.DossierOwner, "/ho-so-cua-toi/{id}"),
        [("PUT", "/api/v1/dossiers/{id:guid}/form")] = (Access.DossierOwner, "/api/v1/dossiers/{id}/form"),
        [("POST", "/api/v1/dossiers/{id:guid}/files")] = (Access.DossierOwner, "/api/v1/dossiers/{id}/files?document=1"),
        [("POST", "/api/v1/dossiers/{id:guid}/submit")] = (Access.DossierOwner, "/api/v1/dossiers/{id}/submit"),
        [("GET", "/can-bo/ho-so/{id:guid}")] = (Access.DossierAgency, "/can-bo/ho-so/{id}"),
        [("GET", "/api/v1/dossiers/{id:guid}")] = (Access.DossierReader, "/api/v1/dossiers/{id}"),
        [("GET", "/api/v1/dossiers/{id:guid}/history")] = (Access.DossierReader, "/api/v1/dossiers/{id}/history"),
        [("GET", "/api/v1/dossiers/{id:guid}/files/{fileId:guid}")] = (Access.DossierReader, "/api/v1/dossiers/{id}/files/{file}"),
        [("GET", "/api/v1/dossiers/{id:guid}/forms/{form}")] = (Access.DossierReader, "/api/v1/dossiers/{id}/forms/06"),
        [("POST", "/api/v1/dossiers/{id:guid}/actions/{action}")] = (Access.DossierOwnerOrAgency, "/api/v1/dossiers/{id}/actions/Receive"),
        [("POST", "/api/v1/dossiers/{id:guid}/result")] = (Access.DossierOwnerOrAgency, "/api/v1/dossiers/{id}/result"),
        [("POST", "/api/v1/dossiers/{id:guid}/supplement")] = (Access.DossierOwnerOrAgency, "/api/v1/dossiers/{id}/supplement"),
        [("GET", "/api/v1/dossiers/{id:guid}/payments/")] = (Access.DossierReader, "/api/v1/dossiers/{id}/payments/"),
        [("POST", "/api/v1/dossiers/{id:guid}/payments/")] = (Access.DossierOwner, "/api/v1/dossiers/{id}/payments/"),
        [("GET", "/api/v1/dossiers/{id:guid}/payments/{paymentId:guid}/receipt")] = (Access.DossierReader, "/api/v1/dossiers/{id}/payments/{payment}/receipt"),
        // Ratings (issue 14): the applicant rates; the dossier's readers read; the kiosk page opens by the code of form 01.
        [("GET", "/api/v1/dossiers/{id:guid}/rating")] = (Access.DossierReader, "/api/v1/dossiers/{id}/rating"),
        [("POST", "/api/v1/dossiers/{id:guid}/rating")] = (Access.DossierOwner, "/api/v1/dossiers/{id}/rating"),
        [("PUT", "/api/v1/dossiers/{id:guid}/rating")] = (Access.DossierOwner, "/api/v1/dossiers/{id}/rating"),
        [("GET", "/ho-so-cua-toi/{id:guid}/danh-gia")] = (Access.DossierOwner, "/ho-so-cua-toi/{id}/danh-gia"),
        [("GET", "/danh-gia/{code?}")] = (Access.Public, "/danh-gia"),
        // Questions and feedback (issue 14): sent and tracked by anyone, handled by the agency, published answers voted on.
        [("POST", "/api/v1/feedback/")] = (Access.Public, "/api/v1/feedback/"),
        [("GET", "/api/v1/feedback/")] = (Access.Public, "/api/v1/feedback/?published=true&q=ho%20tich"),
        [("GET", "/api/v1/feedback/{code}")] = (Access.Public, "/api/v1/feedback/{feedback}?phone=0912345678"),
        [("POST", "/api/v1/feedback/{code}/votes")] = (Access.Public, "/api/v1/feedback/{feedback}/votes"),
        [("GET", "/api/v1/staff/feedback/")] = (Access.StaffReader, "/api/v1/staff/feedback/"),
        [("GET", "/api/v1/staff/feedback/{code}")] = (Access.DossierAgency, "/api/v1/staff/feedback/{feedback}"),
        [("POST", "/api/v1/staff/feedback/{code}/actions/{action}")] = (Access.FeedbackAgencyOfficer, "/api/v1/staff/feedback/{feedback}/actions/Publish"),
        [("GET", "/hoi-dap")] = (Access.Public, "/hoi-dap?q=ho%20tich"),
        [("GET", "/hoi-dap/gui")] = (Access.Public, "/hoi-dap/gui"),
        [("GET", "/hoi-dap/tra-cuu")] = (Access.Public, "/hoi-dap/tra-cuu"),
        [("GET", "/can-bo/hoi-dap")] = (Access.StaffReader, "/can-bo/hoi-dap"),
        [("GET", "/can-bo/hai-long")] = (Access.StaffReader, "/can-bo/hai-long"),
        [("GET", "/can-bo/hoi-dap/{code}")] = (Access.DossierAgency, "/can-bo/hoi-dap/{feedback}"),
    };

    [Fact]
    public void Every_route_of_the_app_has_an_entry_in_the_matrix()
    {
        var routes = Routes();
        var missing = routes.Where(r => !Matrix.ContainsKey(r)).Select(r => $"{r.Method} {r.Pattern}").ToList();
        Assert.True(missing.Count == 0, "Routes without an access entry: " + string.Join(", ", missing));
        var stale = Matrix.Keys.Where(k => !routes.Contains(k)).Select(k => $"{k.Method} {k.Pattern}").ToList();
        Assert.True(stale.Count == 0, "Entries for routes that no longer exist: " + string.Join(", ", stale));
    }

    [Fact]
    public async Task Every_route_answers_each_person_as_the_matrix_says()
    {
        // Citizen A's submitted dossier at the demo commune (whose desk officer is Desk; Police is another agency).
        var citizen = await app.SignInAsync(CitizenA);
        var commune = await DemoCommuneIdAsync(app.Services);

        var dossier = await SubmitAsync(citizen, commune);
        // A payment taken at the desk, so that its receipt can be asked for (a row of its own: the dossier is not changed).
        var paymentId = Guid.CreateVersion7();
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var stored = await db.Dossiers.AsNoTracking().FirstAsync(d => d.Id == dossier.Id);
            var payment = OneStop.Web.Features.Payments.PaymentLedger.NewPayment(stored, OneStop.Web.Features.Payments.PaymentLedger.DeskGateway, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            payment.Id = paymentId;
            payment.AmountVnd = 8_000;
            payment.Status = OneStop.Domain.Payments.PaymentStatus.Paid;
            payment.PaidAt = DateTimeOffset.UtcNow;
            payment.ReceiptNumber = dossier.Code + "-BL1";
            db.Payments.Add(payment);
            await db.SaveChangesAsync();
        }

        // One of its files kept in A's wallet ("Lưu vào kho"): the wallet routes are tried on it.
        Assert.Equal(HttpStatusCode.Redirect, (await OneStopAppFactory.PostFormAsync(citizen, "/nop-ho-so/1.001193", $"/ho-so-cua-toi/{dossier.Id}?handler=SaveToWallet",
            [new("fileId", dossier.Files[0].Id.ToString())])).StatusCode);
        var wallet = (await citizen.GetFromJsonAsync<List<OneStop.Web.Features.Wallet.WalletDocumentView>>(new Uri("/api/v1/wallet", UriKind.Relative), OneStopDbContext.Json))!
            .First(w => w.SourceFileId == dossier.Files[0].Id);
        // A question of citizen A to the demo commune, published (set here: the handling itself is in FeedbackTests).
        var communeCode = "";
        string feedback;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            communeCode = await db.Agencies.Where(a => a.Id == commune).Select(a => a.Code).SingleAsync();
        }

        var sent = await citizen.PostAsJsonAsync(new Uri("/api/v1/feedback", UriKind.Relative), new { kind = "question", title = "Hộ tịch", content = "Hỏi về hộ tịch", agencyCode = communeCode, consentToPublish = true });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        feedback = (await sent.Content.ReadFromJsonAsync<OneStop.Web.Features.Feedback.FeedbackReceipt>(OneStopDbContext.Json))!.Code;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            await db.Set<OneStop.Web.Features.Feedback.FeedbackItem>().Where(f => f.Code == feedback).ExecuteUpdateAsync(u => u
                .SetProperty(f => f.Status, OneStop.Domain.Feedback.FeedbackStatus.Published).SetProperty(f => f.Answer, "Trả lời").SetProperty(f => f.PublishedAt, DateTimeOffset.UtcNow));
        }

        var clients = new Dictionary<string, HttpClient> { ["anonymous"] = app.Client() };
        foreach (var person in People.Skip(1))
        {
            clients[person] = await app.SignInAsync(person);
        }

        var failures = new List<string>();
        foreach (var ((method, pattern), (access, sample)) in Matrix)
        {
            var path = sample.Replace("{id}", dossier.Id.ToString(), StringComparison.Ordinal)
                .Replace("{file}", dossier.Files[0].Id.ToString(), StringComparison.Ordinal)
                .Replace("{code}", dossier.Code!, StringComparison.Ordinal)
                .Replace("{payment}", paymentId.ToString(), StringComparison.Ordinal)
                .Replace("{wallet}", wallet.Id.ToString(), StringComparison.Ordinal)
                .Replace("{feedback}", feedback, StringComparison.Ordinal);
            foreach (var person in People)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = Body(method, path) };
                var response = await clients[person].SendAsync(request);
                var outcome = Classify(response);
                var expected = Expected(access, person);
                if (!expected.Contains(outcome))
                {
                    failures.Add($"{method} {path} as {person}: {(int)response.StatusCode} ({outcome}), expected {string.Join(" or ", expected)}");
                }
            }
        }

        // Nothing above changed the dossier: every attempt to act carried a stale version or was refused.
        using (var scope = app.Services.CreateScope())
        {
            var stored = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.AsNoTracking().FirstAsync(d => d.Id == dossier.Id);
            Assert.Equal(dossier.Version, stored.Version);
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static HttpContent? Body(string method, string path)
    {
        if (method == "GET")
        {
            return null;
        }

        if (path.StartsWith("/connect/", StringComparison.Ordinal))
        {
            // OpenID Connect endpoints take forms.
            return new FormUrlEncodedContent([]);
        }

        if (path.EndsWith("/files?document=1", StringComparison.Ordinal) || path.EndsWith("/result", StringComparison.Ordinal) || path.EndsWith("/supplement", StringComparison.Ordinal))
        {
            var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "a.pdf" }, { new StringContent(Guid.NewGuid().ToString()), "version" } };
            return form;
        }

        // A version nobody has seen: an allowed caller is refused with 409 and nothing changes.
        return JsonContent.Create(new { version = Guid.NewGuid(), procedureCode = "KHONG-CO", agencyId = Guid.NewGuid() });
    }

    private static Outcome Classify(HttpResponseMessage r)
    {
        if (r.StatusCode == HttpStatusCode.NotFound)
        {
            return Outcome.Hidden;
        }

        if (r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            return Outcome.Denied;
        }

        var location = r.Headers.Location?.OriginalString ?? "";
        if (r.StatusCode == HttpStatusCode.Redirect && (location.Contains("/dang-nhap", StringComparison.Ordinal) || location.Contains("/khong-co-quyen", StringComparison.Ordinal)))
        {
            return Outcome.Denied;
        }

        return Outcome.Allowed;
    }

    private static Outcome[] Expected(Access access, string person)
    {
        var anonymous = person == "anonymous";
        var applicant = person is CitizenA or CitizenB;
        var staff = person is Desk or Police;
        // Police's leader role makes them a supervisor of the police agency; the report viewer supervises the whole city.
        var supervisor = person is Police or ReportViewer;
        return access switch
        {
            Access.Public => [Outcome.Allowed],
            Access.BearerToken or Access.AccessDeniedPage => [Outcome.Denied],
            Access.SignedIn => anonymous ? [Outcome.Denied] : [Outcome.Allowed],
            Access.Applicant => applicant ? [Outcome.Allowed] : [Outcome.Denied],
            Access.Staff => staff ? [Outcome.Allowed] : [Outcome.Denied],
            Access.CatalogueAdministrator => person == "quantri.thutuc@onestop.test" ? [Outcome.Allowed, Outcome.Hidden] : [Outcome.Denied],
            Access.SystemAdministrator => person == "quantri.hethong@onestop.test" ? [Outcome.Allowed] : [Outcome.Denied],
            Access.DossierOwner => person == CitizenA ? [Outcome.Allowed] : anonymous ? [Outcome.Denied] : [Outcome.Hidden, Outcome.Denied],
            Access.Supervisor => supervisor ? [Outcome.Allowed] : [Outcome.Denied],
            Access.StaffReader => staff || supervisor ? [Outcome.Allowed] : [Outcome.Denied],
            Access.WalletOwner => person == CitizenA ? [Outcome.Allowed] : applicant ? [Outcome.Hidden] : [Outcome.Denied],
            Access.DossierAgency => person is Desk or ReportViewer ? [Outcome.Allowed] : anonymous ? [Outcome.Denied] : [Outcome.Hidden, Outcome.Denied],
            Access.DossierReader => person is CitizenA or Desk or ReportViewer ? [Outcome.Allowed] : anonymous ? [Outcome.Denied] : [Outcome.Hidden],
            Access.FeedbackAgencyOfficer => person is Desk ? [Outcome.Allowed] : anonymous ? [Outcome.Denied] : [Outcome.Hidden, Outcome.Denied],
            _ => person is CitizenA or Desk ? [Outcome.Allowed] : anonymous ? [Outcome.Denied] : [Outcome.Hidden],
        };
    }

    private HashSet<(string Method, string Pattern)> Routes()
    {
        var set = new HashSet<(string, string)>();
        foreach (var e in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var pattern = "/" + (e.RoutePattern.RawText ?? "").TrimStart('/');
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            // Razor pages have no method metadata: their GET is what the matrix tries (POST handlers share the page's policy).
            foreach (var m in methods is { Count: > 0 } ? methods : ["GET"])
            {
                set.Add((m, pattern));
            }
        }

        return set;
    }
}
