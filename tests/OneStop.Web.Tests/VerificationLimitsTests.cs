using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace OneStop.Web.Tests;

/// <summary>
/// The public verification (POST /api/v1/documents/verify and the page /xac-minh-van-ban) is open to anyone: crafted
/// files are refused quickly with a 4xx (linear scan, bounded signatures and dictionaries, a time budget), and an
/// address that posts too often gets 429.
/// </summary>
public sealed class VerificationLimitsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static readonly Uri Api = new("/api/v1/documents/verify", UriKind.Relative);

    private static MultipartFormDataContent Upload(byte[] pdf) => new() { { new ByteArrayContent(pdf), "file", "van-ban.pdf" } };

    /// <summary>"%PDF-1.4\n&lt;&lt;" then "/ByteRange[0 1 2 3]" repeated until about 1 MB: quadratic work for a rescanning verifier.</summary>
    private static byte[] Crafted()
    {
        var text = new StringBuilder("%PDF-1.4\n<<");
        while (text.Length < 1024 * 1024)
        {
            text.Append("/ByteRange[0 1 2 3]");
        }

        return Encoding.Latin1.GetBytes(text.ToString());
    }

    private static byte[] SignatureWithRange(string range) => Encoding.Latin1.GetBytes(
        "%PDF-1.4\n1 0 obj\n<< /Type /Sig /Filter /Adobe.PPKLite /ByteRange [" + range + "] /Contents <0011> >>\nendobj\ntrailer\n<< /Size 2 >>\n%%EOF\n");

    [Fact]
    public async Task A_crafted_file_of_many_byte_ranges_is_refused_within_a_generous_bound()
    {
        using var form = Upload(Crafted());
        var clock = Stopwatch.StartNew();
        var request = app.Client().PostAsync(Api, form);
        var first = await Task.WhenAny(request, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(first == request, $"no answer after {clock.Elapsed}");
        var r = await request;
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"answered after {clock.Elapsed}");
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("file", out _));
    }

    [Theory]
    [InlineData("0 99999999999999999999 2 3")] // larger than Int64
    [InlineData("0 1 99999999999999999999999 3")]
    [InlineData("0 -5 10 3")] // negative
    [InlineData("0 40 20 3")] // overlapping (the second range starts before the first ends)
    [InlineData("0 40 60 100000")] // outside the file
    [InlineData("7 40 60 3")] // does not start at the beginning
    public async Task An_implausible_byte_range_is_a_400_problem(string range)
    {
        using var form = Upload(SignatureWithRange(range));
        var r = await app.Client().PostAsync(Api, form);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_page_refuses_a_crafted_file_with_an_error_summary()
    {
        var client = app.Client();
        var token = OneStopAppFactory.Token(await client.GetStringAsync(new Uri("/xac-minh-van-ban", UriKind.Relative)));
        using var form = Upload(Crafted());
        form.Add(new StringContent(token), "__RequestVerificationToken");
        var request = client.PostAsync(new Uri("/xac-minh-van-ban", UriKind.Relative), form);
        Assert.True(await Task.WhenAny(request, Task.Delay(TimeSpan.FromSeconds(20))) == request);
        var r = await request;
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("chữ ký", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verification_beyond_its_time_budget_is_a_400_problem()
    {
        using var host = app.WithWebHostBuilder(b => b.UseSetting("OneStop:VerificationTimeBudget", "00:00:00"));
        var client = host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        using var form = Upload(SignatureWithRange("0 10 20 3"));
        var r = await client.PostAsync(Api, form);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("quá thời gian", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
