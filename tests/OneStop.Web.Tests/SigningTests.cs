using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Documents.Signing;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// Signed PDFs checked by an independent tool (poppler's pdfsig) and by OneStop's own verifier, which must agree.
/// pdfsig does not know the development CA (it trusts only its NSS database), so its "Certificate Validation:" line
/// says the issuer is not trusted: the tests assert on its "Signature Validation:" line instead, which checks the
/// digest of the byte ranges and the CMS signature — the part a trusted root would not change — and on "Total
/// document signed". OneStop's own verifier trusts the development CA off Production and must agree.
/// </summary>
public abstract class SigningTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    protected TApp App => app;

    protected static async Task<DossierView> ReadAsync(HttpResponseMessage r, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode == expected, $"Expected {expected}, got {(int)r.StatusCode}: {body}");
        return JsonSerializer.Deserialize<DossierView>(body, Json)!;
    }

    protected static Task<HttpResponseMessage> ActAsync(HttpClient client, Guid id, string action, Guid version, string? note = null) =>
        client.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{id}/actions/{action}", UriKind.Relative), new ActionRequest(version, note, null, null, null, null, null), Json);

    /// <summary>A dossier filed by citizen A and received at the desk (form 01 issued), with both clients.</summary>
    private async Task<(HttpClient Citizen, HttpClient Desk, DossierView Dossier)> ReceivedAsync()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var d = await SubmitAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var desk = await app.SignInAsync(Desk);
        return (citizen, desk, await ReadAsync(await ActAsync(desk, d.Id, "Receive", d.Version)));
    }

    /// <summary>A received dossier with a real PDF result attached and forwarded to the leader for approval.</summary>
    protected async Task<(HttpClient Citizen, DossierView Dossier)> AwaitingApprovalAsync()
    {
        var (citizen, _, d) = await ReceivedAsync();
        var specialist = await app.SignInAsync(Specialist);
        var v = await ReadAsync(await ActAsync(specialist, d.Id, "Claim", d.Version));
        using (var form = new MultipartFormDataContent())
        {
            form.Add(new ByteArrayContent(new PdfFormRenderer().Render(PdfFormRendererTests.SampleForm01())), "file", "trich-luc-khai-sinh.pdf");
            form.Add(new StringContent("Trích lục khai sinh"), "title");
            v = await ReadAsync(await specialist.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/result", UriKind.Relative), form));
        }

        v = await ReadAsync(await ActAsync(specialist, d.Id, "Forward", v.Version));
        Assert.Equal("AgencyLeader", v.CurrentRole);
        return (citizen, v);
    }

    [Fact]
    public async Task Form_01_is_signed_pdfsig_and_the_verifier_agree_and_one_changed_byte_breaks_both()
    {
        var (citizen, _, d) = await ReceivedAsync();
        var pdf = await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/01", UriKind.Relative));

        var tool = await PdfSig(pdf);
        Assert.Contains("Signature Validation: Signature is Valid.", tool, StringComparison.Ordinal);
        Assert.Contains("Total document signed", tool, StringComparison.Ordinal);
        Assert.Contains("ETSI.CAdES.detached", tool, StringComparison.Ordinal);
        Assert.Contains("Signing Hash Algorithm: SHA-256", tool, StringComparison.Ordinal);
        Assert.Contains("Certificate Validation:", tool, StringComparison.Ordinal); // untrusted development CA: see the class comment
        Assert.DoesNotContain("Certificate Validation: Certificate is Trusted.", tool, StringComparison.Ordinal);
        var mine = await VerifyAsync(pdf);
        Assert.True(mine.Valid, mine.Last?.Problem);
        Assert.False(mine.ModifiedAfterSigning);
        Assert.Equal(d.Code, mine.Last!.DocumentCode);
        Assert.Contains(SigningCertificateSource.DevelopmentMark, mine.Last.Signer, StringComparison.Ordinal);
        Assert.NotNull(mine.Last.SigningTime);
        Assert.Contains("Mã hồ sơ", PdfText(pdf), StringComparison.Ordinal); // still readable by an ordinary reader

        // One byte inside the first signed range (the document's title in its information dictionary) changed.
        var tampered = (byte[])pdf.Clone();
        var at = Encoding.Latin1.GetString(pdf).IndexOf("/Creator", StringComparison.Ordinal);
        Assert.True(at > 0);
        tampered[at + 12] ^= 0x01;
        var toolTampered = await PdfSig(tampered);
        Assert.DoesNotContain("Signature is Valid.", toolTampered, StringComparison.Ordinal);
        Assert.Contains("Signature Validation: Digest Mismatch.", toolTampered, StringComparison.Ordinal);
        var mineTampered = await VerifyAsync(tampered);
        Assert.False(mineTampered.Valid);
        Assert.False(mineTampered.Last!.SignatureValid);

        // Bytes appended after signing: the signature still holds for what it covers, the document is reported modified.
        var appended = pdf.Concat("\n% added later\n"u8.ToArray()).ToArray();
        var toolAppended = await PdfSig(appended);
        Assert.Contains("Not total document signed", toolAppended, StringComparison.Ordinal);
        var mineAppended = await VerifyAsync(appended);
        Assert.True(mineAppended.ModifiedAfterSigning);
        Assert.False(mineAppended.Valid);
    }

    [Fact]
    public async Task Form_01_is_signed_once_at_reception_and_a_reprint_days_later_is_the_same_file()
    {
        var (citizen, _, d) = await ReceivedAsync();

        // Signed and stored with the history record of the reception, before anyone asked for it.
        var issued = await IssuedAsync(d.Id, "01");
        Assert.NotNull(issued.FormStorageKey);
        var first = await citizen.GetByteArrayAsync(FormUri(d.Id, "01"));
        Assert.Equal(issued.FormSha256, Convert.ToHexStringLower(SHA256.HashData(first)));
        byte[] reprint;
        using (app.Clock.Shift(TimeSpan.FromDays(3)))
        {
            var later = await app.SignInAsync(Desk);
            reprint = await later.GetByteArrayAsync(FormUri(d.Id, "01"));
        }

        Assert.Equal(first, reprint);
        var mine = await AssertSignedAsync(reprint, d.Code);
        Assert.InRange(mine.Last!.SigningTime!.Value, issued.At.AddMinutes(-1), issued.At.AddMinutes(1)); // when issued, not when printed

        // Form 06, the control slip, is drawn on request and not signed.
        var control = await citizen.GetByteArrayAsync(FormUri(d.Id, "06"));
        Assert.Contains("PHIẾU KIỂM SOÁT", PdfText(control), StringComparison.Ordinal);
        Assert.Contains("does not contain any signatures", await PdfSig(control), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_form_issued_before_forms_were_signed_at_issue_is_signed_at_its_first_download_and_stays_that_file()
    {
        var (citizen, desk, d) = await ReceivedAsync();
        using (var scope = app.Services.CreateScope())
        {
            // What a reception recorded before this change looks like: the form named, no stored copy.
            await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().DossierEvents.Where(e => e.DossierId == d.Id && e.Form == "01")
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.FormStorageKey, (string?)null).SetProperty(e => e.FormSha256, (string?)null));
        }

        var first = await citizen.GetByteArrayAsync(FormUri(d.Id, "01"));
        var issued = await IssuedAsync(d.Id, "01");
        Assert.NotNull(issued.FormStorageKey);
        Assert.Equal(issued.FormSha256, Convert.ToHexStringLower(SHA256.HashData(first)));
        using (app.Clock.Shift(TimeSpan.FromMinutes(10)))
        {
            Assert.Equal(first, await desk.GetByteArrayAsync(FormUri(d.Id, "01")));
        }

        await AssertSignedAsync(first, d.Code);
    }

    [Fact]
    public async Task Approval_signs_the_result_which_verifies_by_upload_api_and_result_code()
    {
        var (citizen, d) = await AwaitingApprovalAsync();
        var leader = await app.SignInAsync(Leader);
        var v = await ReadAsync(await ActAsync(leader, d.Id, "Forward", d.Version, "Đồng ý"));
        Assert.Equal(DossierStatus.Resolved, v.Status);
        var result = Assert.Single(v.Files, f => f.ResultCode == $"{d.Code}-KQ1");
        var pdf = await citizen.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/files/{result.Id}", UriKind.Relative));
        Assert.Equal(result.Size, pdf.Length);

        await AssertSignedAsync(pdf, result.ResultCode);

        // The public API twin, with no cookie.
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(pdf), "file", "ket-qua.pdf" } })
        {
            var r = await app.Client().PostAsync(new Uri("/api/v1/documents/verify", UriKind.Relative), form);
            var json = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.True(json.GetProperty("valid").GetBoolean());
            Assert.False(json.GetProperty("modifiedAfterSigning").GetBoolean());
            Assert.Equal(result.ResultCode, json.GetProperty("documentCode").GetString());
        }

        var tampered = (byte[])pdf.Clone();
        tampered[200] ^= 0x01;
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(tampered), "file", "ket-qua.pdf" } })
        {
            var json = await (await app.Client().PostAsync(new Uri("/api/v1/documents/verify", UriKind.Relative), form)).Content.ReadFromJsonAsync<JsonElement>();
            Assert.False(json.GetProperty("valid").GetBoolean());
        }

        // The public page, by result code.
        var page = await app.Client().GetStringAsync(new Uri($"/xac-minh-van-ban?ma={Uri.EscapeDataString(result.ResultCode!)}", UriKind.Relative));
        Assert.Contains("Hợp lệ", page, StringComparison.Ordinal);
        Assert.Contains(result.ResultCode!, page, StringComparison.Ordinal);
        Assert.Contains("THỬ NGHIỆM", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_verifies_an_upload_with_antiforgery_and_refuses_a_non_pdf()
    {
        var client = app.Client();
        var html = await client.GetStringAsync(new Uri("/xac-minh-van-ban", UriKind.Relative));
        var token = OneStopAppFactory.Token(html);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "khong-ky.pdf" } })
        {
            var r = await client.PostAsync(new Uri("/xac-minh-van-ban", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode); // no anti-forgery token
        }

        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "khong-ky.pdf" }, { new StringContent(token), "__RequestVerificationToken" } })
        {
            var r = await client.PostAsync(new Uri("/xac-minh-van-ban", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Contains("không có chữ ký số", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Png), "file", "anh.pdf" }, { new StringContent(token), "__RequestVerificationToken" } })
        {
            var r = await client.PostAsync(new Uri("/xac-minh-van-ban", UriKind.Relative), form);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("không phải PDF", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private static Uri FormUri(Guid dossier, string form) => new($"/api/v1/dossiers/{dossier}/forms/{form}", UriKind.Relative);

    /// <summary>The latest history record of the dossier that issued the form.</summary>
    private async Task<DossierEvent> IssuedAsync(Guid dossier, string form)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().DossierEvents.AsNoTracking()
            .Where(e => e.DossierId == dossier && e.Form == form).OrderByDescending(e => e.Id).FirstAsync();
    }

    /// <summary>pdfsig and OneStop's verifier both find the whole file validly signed, for the code.</summary>
    private async Task<PdfVerification> AssertSignedAsync(byte[] pdf, string? code)
    {
        var tool = await PdfSig(pdf);
        Assert.Contains("Signature Validation: Signature is Valid.", tool, StringComparison.Ordinal);
        Assert.Contains("Total document signed", tool, StringComparison.Ordinal);
        var mine = await VerifyAsync(pdf);
        Assert.True(mine.Valid, mine.Last?.Problem);
        Assert.Equal(code, mine.Last!.DocumentCode);
        return mine;
    }

    private async Task<PdfVerification> VerifyAsync(byte[] pdf)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<DocumentSigning>().VerifyAsync(pdf, CancellationToken.None);
    }

    /// <summary>Runs poppler's pdfsig on the bytes and returns what it printed.</summary>
    internal static async Task<string> PdfSig(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"onestop-sig-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdfsig", [path]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return await output + await error;
        }
        finally
        {
            File.Delete(path);
        }
    }
}

public sealed class SqliteSigningTests(SqliteApp app) : SigningTests<SqliteApp>(app)
{
    /// <summary>Production, no certificate for the agency: the leader's approval fails with a clear message and changes nothing.</summary>
    [Fact]
    public async Task Without_a_certificate_in_production_approval_fails_clearly_and_the_dossier_stays_in_its_step()
    {
        var (_, d) = await AwaitingApprovalAsync();
        using var production = WithoutCertificatesInProduction();
        var leader = production.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await OneStopAppFactory.SignInAsync(leader, Leader);
        var before = await SnapshotAsync(d.Id);

        var r = await leader.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Forward", UriKind.Relative), new ActionRequest(d.Version, "Đồng ý", null, null, null, null, null), Json);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Chưa cấu hình chứng thư số", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(d.Id));

        // The officer's page shows the same message and keeps the dossier where it was.
        var page = await OneStopAppFactory.PostFormAsync(leader, $"/can-bo/ho-so/{d.Id}", $"/can-bo/ho-so/{d.Id}", [new("act", "Forward"), new("version", d.Version.ToString())]);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Contains("Chưa cấu hình chứng thư số", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(d.Id));
    }

    /// <summary>Production, no certificate: receiving (which issues form 01) fails like approval and changes nothing; actions that issue no form go on.</summary>
    [Fact]
    public async Task Without_a_certificate_in_production_an_action_that_issues_a_form_fails_clearly_and_changes_nothing()
    {
        var citizen = await App.SignInAsync(CitizenA);
        var waiting = await SubmitAsync(citizen, await DemoCommuneIdAsync(App.Services));
        var received = await SubmitAsync(citizen, await DemoCommuneIdAsync(App.Services));
        received = await ReadAsync(await ActAsync(await App.SignInAsync(Desk), received.Id, "Receive", received.Version));
        using var production = WithoutCertificatesInProduction();
        var desk = production.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await OneStopAppFactory.SignInAsync(desk, Desk);
        var before = await SnapshotAsync(waiting.Id);

        var r = await ActAsync(desk, waiting.Id, "Receive", waiting.Version);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Chưa cấu hình chứng thư số", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync(waiting.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await desk.GetAsync(new Uri($"/api/v1/dossiers/{waiting.Id}/forms/01", UriKind.Relative))).StatusCode);

        // Claiming issues no form: no certificate needed. The form signed at reception is still served as it was stored.
        var specialist = production.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        await OneStopAppFactory.SignInAsync(specialist, Specialist);
        Assert.Equal(DossierStatus.Processing, (await ReadAsync(await ActAsync(specialist, received.Id, "Claim", received.Version))).Status);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync(new Uri($"/api/v1/dossiers/{received.Id}/forms/01", UriKind.Relative))).StatusCode);
    }

    /// <summary>This app as Production with no signing certificate configured for any agency.</summary>
    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> WithoutCertificatesInProduction() => App.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
    {
        services.RemoveAll<ISigningCertificateSource>();
        services.AddSingleton<ISigningCertificateSource>(sp => new SigningCertificateSource(
            sp.GetRequiredService<IServiceScopeFactory>(), sp.GetRequiredService<IOptions<SigningOptions>>(),
            new ProductionEnvironment(), sp.GetRequiredService<TimeProvider>()));
    }));

    /// <summary>The production path: a configured PKCS#12 signs, its configured root is trusted, the development CA is not; an expired one refuses.</summary>
    [Fact]
    public async Task A_configured_certificate_signs_and_chains_to_the_configured_root_and_an_expired_one_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("onestop-signing-").FullName;
        using var rootKey = System.Security.Cryptography.RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Test Government Root CA, C=VN", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        rootRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        using var root = rootRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddYears(5));
        await File.WriteAllBytesAsync(Path.Combine(folder, "root.cer"), root.Export(X509ContentType.Cert));

        string Leaf(string name, DateTimeOffset notAfter)
        {
            using var key = System.Security.Cryptography.RSA.Create(2048);
            var request = new CertificateRequest($"CN={name}, C=VN", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.NonRepudiation | X509KeyUsageFlags.DigitalSignature, true));
            using var issued = request.Create(root, DateTimeOffset.UtcNow.AddDays(-20), notAfter, [1, 2, 3, (byte)name.Length]);
            using var withKey = issued.CopyWithPrivateKey(key);
            var path = Path.Combine(folder, name.Replace(' ', '-') + ".p12");
            File.WriteAllBytes(path, new X509Certificate2Collection { withKey, X509CertificateLoader.LoadCertificate(root.RawData) }.Export(X509ContentType.Pkcs12, "mat-khau")!);
            return path;
        }

        var options = new SigningOptions { TrustAnchors = [Path.Combine(folder, "root.cer")] };
        options.Agencies["000.00.21.H26"] = new() { Certificate = Leaf("UBND Phuong Thu", DateTimeOffset.UtcNow.AddYears(1)), Password = "mat-khau" };
        options.Agencies["000.00.22.H26"] = new() { Certificate = Leaf("UBND Het Han", DateTimeOffset.UtcNow.AddDays(-1)), Password = "mat-khau" };
        var production = new SigningCertificateSource(App.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(options), new ProductionEnvironment(), TimeProvider.System);

        var key = await production.ForAgencyAsync("000.00.21.H26", "UBND phường Thử", CancellationToken.None);
        var pdf = PdfSigner.Sign(new PdfFormRenderer().Render(PdfFormRendererTests.SampleForm01()), key, "000.00.21.H26-260212-0001", DateTimeOffset.UtcNow);
        Assert.Contains("Signature Validation: Signature is Valid.", await PdfSig(pdf), StringComparison.Ordinal);
        var anchors = await production.TrustAnchorsAsync(CancellationToken.None);
        var check = PdfSignatureVerifier.Verify(pdf, anchors);
        Assert.True(check.Valid, check.Last?.Problem);
        Assert.Equal("UBND Phuong Thu", check.Last!.Signer);

        // A development signature is intact but not trusted by a production verifier.
        using (var scope = App.Services.CreateScope())
        {
            var dev = await scope.ServiceProvider.GetRequiredService<ISigningCertificateSource>().ForAgencyAsync("000.00.21.H26", "UBND phường Thử", CancellationToken.None);
            var devCheck = PdfSignatureVerifier.Verify(PdfSigner.Sign(new PdfFormRenderer().Render(PdfFormRendererTests.SampleForm01()), dev, "X", DateTimeOffset.UtcNow), anchors);
            Assert.True(devCheck.Last!.SignatureValid);
            Assert.False(devCheck.Last.Trusted);
            Assert.False(devCheck.Valid);
        }

        var expired = await Assert.ThrowsAsync<SigningUnavailableException>(() => production.ForAgencyAsync("000.00.22.H26", "UBND phường Hết Hạn", CancellationToken.None));
        Assert.Contains("đã hết hạn", expired.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<SigningUnavailableException>(() => production.ForAgencyAsync("000.00.23.H26", "UBND phường Khác", CancellationToken.None));
        Assert.Contains("OneStop:Signing:Agencies:000.00.23.H26:Certificate", missing.Message, StringComparison.Ordinal);
    }

    private async Task<string> SnapshotAsync(Guid id)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var d = await db.Dossiers.AsNoTracking().FirstAsync(x => x.Id == id);
        var files = await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == id).OrderBy(f => f.Id).Select(f => f.StorageKey + f.Sha256).ToListAsync();
        var events = await db.DossierEvents.CountAsync(e => e.DossierId == id);
        return $"{d.Status}|{d.Step}|{d.CurrentRole}|{d.Version}|{d.ReleasedAt}|{events}|{string.Join(",", files)}";
    }

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;
        public string ApplicationName { get; set; } = "OneStop.Web";
        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;
        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}

public sealed class PostgresSigningTests(PostgresApp app) : SigningTests<PostgresApp>(app);
