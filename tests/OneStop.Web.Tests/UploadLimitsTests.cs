using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// What an upload may be and carry, on SQLite and on PostgreSQL: quotas per document, per dossier and per applicant
/// per day; no active PDF content, polyglot or oversized image; file names reach signed forms as one clean line.
/// </summary>
public abstract class UploadLimitsTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    private const string Forged = "giay-to\nThời gian hẹn trả kết quả: 01/01/2030\r\nĐã thu lệ phí: 0 đồng\u202E\n.pdf";

    /// <summary>A multipart file part whose name is sent as is (percent-encoded UTF-8), control characters included.</summary>
    protected static ByteArrayContent Part(byte[] bytes, string field, string fileName)
    {
        var part = new ByteArrayContent(bytes);
        part.Headers.TryAddWithoutValidation("Content-Disposition", $"form-data; name=\"{field}\"; filename*=UTF-8''{Uri.EscapeDataString(fileName)}");
        return part;
    }

    protected static async Task<DossierView> DraftAsync(HttpClient citizen, Guid agency)
    {
        var created = await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, agency, BirthForm(), null), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<DossierView>(Json))!;
    }

    protected static Task<HttpResponseMessage> UploadAsync(HttpClient citizen, Guid draft, int document, params ByteArrayContent[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var part in parts)
        {
            form.Add(part);
        }

        return citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft}/files?document={document}", UriKind.Relative), form);
    }

    private static string PdfToText(byte[] pdf)
    {
        var path = Path.Combine(Path.GetTempPath(), $"onestop-form01-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"])
            {
                RedirectStandardOutput = true,
                UseShellExecute = false,
            })!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
            return output.Normalize(System.Text.NormalizationForm.FormC);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Limited() => app.WithWebHostBuilder(b =>
    {
        b.UseSetting("OneStop:Uploads:FilesPerDocument", "2");
        b.UseSetting("OneStop:Uploads:FilesPerDossier", "3");
        b.UseSetting("OneStop:Uploads:BytesPerApplicantPerDay", (3 * Megabyte.Length + Megabyte.Length / 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
    });

    /// <summary>A valid PDF of one megabyte (a long comment after the header).</summary>
    private static readonly byte[] Megabyte = [.. Pdf[..9], .. System.Text.Encoding.ASCII.GetBytes("%" + new string('x', 1024 * 1024) + "\n"), .. Pdf[9..]];

    /// <summary>A new citizen account (its own daily total), signed in on a client of <paramref name="host"/>, and the host's demo commune.</summary>
    private static async Task<(HttpClient Citizen, Guid Commune)> NewCitizenAsync(WebApplicationFactory<Program> host)
    {
        var commune = await DemoCommuneIdAsync(host.Services); // on PostgreSQL the host has its own database
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var r = await OneStopAppFactory.PostFormAsync(client, "/dang-ky", "/dang-ky", new Dictionary<string, string>
        {
            ["FullName"] = "Phạm Văn Tải",
            ["Email"] = $"tai-{Guid.NewGuid():N}@onestop.test",
            ["Phone"] = "0912000111",
            ["Password"] = "song-hong-chay-qua-ha-noi-2026",
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return (client, commune);
    }

    private static async Task<DossierView> ReadDraftAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<DossierView>(new Uri($"/api/v1/dossiers/{id}", UriKind.Relative), Json))!;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage r)
    {
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
    }

    [Fact]
    public async Task Files_per_document_and_per_dossier_are_limited_and_a_refused_request_stores_nothing()
    {
        using var host = Limited();
        var (citizen, commune) = await NewCitizenAsync(host);
        var draft = await DraftAsync(citizen, commune);

        var three = await UploadAsync(citizen, draft.Id, 1, Part(Pdf, "file", "a.pdf"), Part(Pdf, "file", "b.pdf"), Part(Pdf, "file", "c.pdf"));
        Assert.True((await ProblemAsync(three)).TryGetProperty("documents[1]", out _));
        Assert.Empty((await ReadDraftAsync(citizen, draft.Id)).Files);

        (await UploadAsync(citizen, draft.Id, 1, Part(Pdf, "file", "a.pdf"), Part(Pdf, "file", "b.pdf"))).EnsureSuccessStatusCode();
        Assert.True((await ProblemAsync(await UploadAsync(citizen, draft.Id, 1, Part(Pdf, "file", "c.pdf")))).TryGetProperty("documents[1]", out _));
        (await UploadAsync(citizen, draft.Id, 4, Part(Pdf, "file", "d.pdf"))).EnsureSuccessStatusCode();
        var full = await ProblemAsync(await UploadAsync(citizen, draft.Id, 2, Part(Pdf, "file", "e.pdf")));
        Assert.Contains("tối đa 3 tệp", full.GetProperty("files")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(3, (await ReadDraftAsync(citizen, draft.Id)).Files.Count);
    }

    [Fact]
    public async Task Bytes_per_applicant_per_day_are_limited_across_drafts()
    {
        using var host = Limited();
        var (citizen, commune) = await NewCitizenAsync(host);
        var first = await DraftAsync(citizen, commune);
        (await UploadAsync(citizen, first.Id, 1, Part(Megabyte, "file", "a.pdf"))).EnsureSuccessStatusCode();
        (await UploadAsync(citizen, first.Id, 4, Part(Megabyte, "file", "b.pdf"))).EnsureSuccessStatusCode();
        var second = await DraftAsync(citizen, commune);
        (await UploadAsync(citizen, second.Id, 1, Part(Megabyte, "file", "c.pdf"))).EnsureSuccessStatusCode(); // 3 of the day's 3.5 MB
        var refused = await ProblemAsync(await UploadAsync(citizen, second.Id, 4, Part(Megabyte, "file", "d.pdf")));
        Assert.Contains("ngày mai", refused.GetProperty("files")[0].GetString(), StringComparison.Ordinal);
        Assert.Single((await ReadDraftAsync(citizen, second.Id)).Files);

        // Another applicant is not affected.
        var (other, _) = await NewCitizenAsync(host);
        (await UploadAsync(other, (await DraftAsync(other, commune)).Id, 1, Part(Megabyte, "file", "a.pdf"))).EnsureSuccessStatusCode();
    }

    private static byte[] Latin1(string s) => System.Text.Encoding.Latin1.GetBytes(s);

    private static byte[] LargePng() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R',
        0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20, 8, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D',
    ];

    [Theory]
    [InlineData("open-action.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")]
    [InlineData("embedded.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /Names << /EmbeddedFiles << /Names [(x.exe) 2 0 R] >> >> >> endobj\n%%EOF\n")]
    [InlineData("launch.pdf", "%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj\n%%EOF\n")]
    [InlineData("polyglot.pdf", "%PDF-1.4\n%<html><script>alert(document.cookie)</script>\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")]
    [InlineData("large.png", "")]
    public async Task Active_content_polyglots_and_huge_images_are_refused_naming_the_field(string name, string pdf)
    {
        var citizen = await app.SignInAsync(CitizenB);
        var draft = await DraftAsync(citizen, await DemoCommuneIdAsync(app.Services));
        var bytes = pdf.Length == 0 ? LargePng() : Latin1(pdf);
        var errors = await ProblemAsync(await UploadAsync(citizen, draft.Id, 1, Part(bytes, "file", name)));
        Assert.Contains(name, errors.GetProperty("documents[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await ReadDraftAsync(citizen, draft.Id)).Files);
    }

    [Fact]
    public async Task A_file_name_with_line_breaks_prints_no_forged_line_on_the_signed_form_01()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var draft = await DraftAsync(citizen, await DemoCommuneIdAsync(app.Services));
        (await UploadAsync(citizen, draft.Id, 1, Part(Pdf, "file", "to-khai.pdf"))).EnsureSuccessStatusCode();
        var uploaded = await UploadAsync(citizen, draft.Id, 4, Part(Pdf, "file", Forged));
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync());
        var submitted = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft.Id}/submit", UriKind.Relative), null);
        var d = (await submitted.Content.ReadFromJsonAsync<DossierView>(Json))!;
        var stored = Assert.Single(d.Files, f => f.DocumentIndex == 4).FileName;
        Assert.DoesNotContain(stored, c => char.IsControl(c) || c is '\u202E');
        Assert.Equal("2030 Đã thu lệ phí: 0 đồng .pdf", stored); // what follows the last "/" is the name (as the browser sends it)

        var desk = await app.SignInAsync(Desk);
        var received = await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative),
            new ActionRequest(d.Version, null, null, null, null, null, null), Json);
        Assert.Equal(HttpStatusCode.OK, received.StatusCode);
        var text = PdfToText(await desk.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/01", UriKind.Relative)));
        var lines = text.Split('\n').Select(l => l.Trim()).ToList();
        Assert.Contains(lines, l => l.Contains("2030 Đã thu lệ phí", StringComparison.Ordinal)); // the name is printed…
        Assert.DoesNotContain(lines, l => l.StartsWith("Thời gian hẹn trả kết quả: 01/01/2030", StringComparison.Ordinal)); // …never as lines of its own
        Assert.DoesNotContain("Đã thu lệ phí: 0 đồng", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("Đã thu lệ phí", StringComparison.Ordinal));
    }
}

public sealed class SqliteUploadLimitsTests(SqliteApp app) : UploadLimitsTests<SqliteApp>(app);

public sealed class PostgresUploadLimitsTests(PostgresApp app) : UploadLimitsTests<PostgresApp>(app);
