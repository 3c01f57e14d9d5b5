using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.WebUtilities;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using OneStop.Web.Features.Payments;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// The Host header never reaches a signed document or a payment address (issue 20, point 4): a citizen and an officer
/// who reach the portal as "dichvucong-hanoi.evil.example" still get form 01 and the receipt with QR codes to the
/// portal's public address (<see cref="OneStopOptions.PublicUrl"/>), and payment return and notification addresses on it.
/// </summary>
public sealed class HostHeaderTests(SqliteApp app) : PaymentTestBase<SqliteApp>(app)
{
    private const string EvilHost = "dichvucong-hanoi.evil.example";

    /// <summary>The public address outside Production when none is configured (what the test host uses, <see cref="OneStopOptions.DevelopmentPublicUrl"/>).</summary>
    private const string Public = "http://localhost:5000";

    [Fact]
    public async Task Form_01_the_receipt_and_the_payment_addresses_use_the_public_address_whatever_the_host_header()
    {
        var code = await PublishAsync(PaymentTiming.AtSubmission);
        var citizen = await EvilClientAsync(CitizenA);
        var desk = await EvilClientAsync(Desk);
        var d = await FileAsync(citizen, code);

        // Starting a payment: the bank's address and the return address it carries are the portal's, not the Host's.
        var (_, url) = await StartAsync(citizen, d.Id);
        Assert.Equal(new Uri(Public).Authority, url.Authority);
        var returnUrl = QueryHelpers.ParseQuery(url.Query)["vnp_ReturnUrl"].ToString();
        Assert.StartsWith(Public + "/thanh-toan/ket-qua/sandbox", returnUrl, StringComparison.Ordinal);

        // The sandbox bank, reached under the same Host, accepts the order, notifies the portal at its public address
        // (the payment becomes paid) and sends the browser back there.
        var back = await AtTheBankAsync(citizen, url, SandboxOutcome.Pay);
        Assert.StartsWith(Public + "/thanh-toan/ket-qua/sandbox", back.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Paid, Assert.Single(await PaymentsAsync(d.Id)).Status);

        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative), new { }, Json)).StatusCode);
        var stored = await StoredAsync(d.Id);
        var tracking = $"{Public}/tra-cuu?ma={stored.Code}&k={stored.TrackingKey}";

        var form01 = await desk.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{d.Id}/forms/01", UriKind.Relative));
        Assert.Equal(tracking, QrCodeOf(form01));

        var receiptUrl = Assert.Single((await citizen.GetFromJsonAsync<List<PaymentView>>(new Uri($"/api/v1/dossiers/{d.Id}/payments", UriKind.Relative), Json))!).ReceiptUrl!;
        var receipt = await citizen.GetByteArrayAsync(new Uri(receiptUrl, UriKind.Relative));
        Assert.Equal(tracking, QrCodeOf(receipt));
        Assert.DoesNotContain(EvilHost, PdfText(receipt), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_reference_example_names_the_public_address()
    {
        var html = await Evil().GetStringAsync(new Uri("/tai-lieu-api", UriKind.Relative));
        Assert.Contains(Public + "/api/v1/procedures", html, StringComparison.Ordinal);
        Assert.DoesNotContain(EvilHost, html, StringComparison.Ordinal);
    }

    private HttpClient Evil() =>
        App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri($"http://{EvilHost}/") });

    private async Task<HttpClient> EvilClientAsync(string email)
    {
        var client = Evil();
        await OneStopAppFactory.SignInAsync(client, email);
        return client;
    }

    /// <summary>The text of the QR code on a PDF's first page: rendered by pdftoppm (poppler-utils, installed by test.sh), decoded by ZXing.</summary>
    public static string QrCodeOf(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("onestop-qr-").FullName;
        try
        {
            var path = Path.Combine(dir, "doc.pdf");
            File.WriteAllBytes(path, pdf);
            using (var process = Process.Start(new ProcessStartInfo("pdftoppm", ["-r", "200", "-gray", "-f", "1", "-l", "1", path, Path.Combine(dir, "page")]) { UseShellExecute = false })!)
            {
                process.WaitForExit();
                Assert.Equal(0, process.ExitCode);
            }

            var (pixels, width, height) = ReadPgm(File.ReadAllBytes(Directory.GetFiles(dir, "page*.pgm").Single()));
            var reader = new ZXing.BarcodeReaderGeneric { Options = { PossibleFormats = [ZXing.BarcodeFormat.QR_CODE], TryHarder = true } };
            var result = reader.Decode(new ZXing.RGBLuminanceSource(pixels, width, height, ZXing.RGBLuminanceSource.BitmapFormat.Gray8));
            Assert.NotNull(result);
            return result.Text;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>A binary PGM (P5, 8-bit) as pdftoppm -gray writes it.</summary>
    private static (byte[] Pixels, int Width, int Height) ReadPgm(byte[] file)
    {
        var pos = 0;
        string Next()
        {
            while (char.IsWhiteSpace((char)file[pos]))
            {
                pos++;
            }

            var start = pos;
            while (!char.IsWhiteSpace((char)file[pos]))
            {
                pos++;
            }

            return System.Text.Encoding.ASCII.GetString(file, start, pos - start);
        }

        Assert.Equal("P5", Next());
        var width = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
        var height = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal("255", Next());
        pos++;
        return (file[pos..(pos + (width * height))], width, height);
    }
}
