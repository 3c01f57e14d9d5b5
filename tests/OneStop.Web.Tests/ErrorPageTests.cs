using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>
/// Errors on pages are pages (issue 20, point 7): an unexpected error answers the friendly 500 page in HTML, Vietnamese
/// first, with nothing of the exception, in every environment, while /api keeps problem details (even to a client that
/// accepts only HTML); bad input that used to be a 500 (a tab or raw non-ASCII in the language switch's return address,
/// overflowing fee quantities and amounts) is answered as bad input and changes nothing.
/// </summary>
public sealed class ErrorPageTests(SqliteApp app) : PaymentTestBase<SqliteApp>(app)
{
    private const string Crash = "Simulated crash in the middle of an action.";

    [Theory]
    [InlineData("Testing")]
    [InlineData("Development")]
    public async Task An_unexpected_error_on_a_page_is_the_friendly_500_page_and_on_the_api_problem_details(string environment)
    {
        var crash = new CrashingCommands();
        using var host = App.WithWebHostBuilder(b =>
        {
            b.UseEnvironment(environment);
            b.ConfigureServices(s => s.AddSingleton<IInterceptor>(crash));
        });
        var client = host.CreateClient();

        // A browser that accepts only HTML, on a page, then on the API.
        foreach (var path in new[] { "/thu-tuc", "/api/v1/procedures" })
        {
            crash.Fragment = "\"ProcedureVersions\"";
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html");
            var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
            Assert.False(string.IsNullOrWhiteSpace(body));
            Assert.Equal(path.StartsWith("/api", StringComparison.Ordinal) ? "application/problem+json" : "text/html", response.Content.Headers.ContentType?.MediaType);
            NothingOfTheException(body);
            if (!path.StartsWith("/api", StringComparison.Ordinal))
            {
                Assert.Contains("Lỗi hệ thống", body, StringComparison.Ordinal);
                Assert.Contains("Đã có lỗi xảy ra", body, StringComparison.Ordinal);
            }
        }

        // A JSON client of the API: problem details as before, with the trace id and nothing else of the fault.
        crash.Fragment = "\"ProcedureVersions\"";
        var api = await client.GetAsync(new Uri("/api/v1/procedures", UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        Assert.True(problem.TryGetProperty("traceId", out _));
        NothingOfTheException(problem.GetRawText());

        // A page that is not found stays a 404 page.
        var missing = await client.GetAsync(new Uri("/khong-co-trang-nay", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/\t/evil.example")]
    [InlineData("/thu-tuc\t")]
    [InlineData("/thủ-tục")]
    [InlineData("/thu-tuc?q=khai sinh")]
    [InlineData("/\r\nSet-Cookie: a=b")]
    public async Task A_return_address_with_a_control_or_raw_non_ascii_character_goes_home(string returnUrl)
    {
        var response = await App.Client().GetAsync(new Uri("/ngon-ngu/en?returnUrl=" + Uri.EscapeDataString(returnUrl), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_return_address_as_the_site_writes_it_is_kept()
    {
        var response = await App.Client().GetAsync(new Uri("/ngon-ngu/en?returnUrl=" + Uri.EscapeDataString("/thu-tuc?q=khai%20sinh"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/thu-tuc?q=khai%20sinh", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Overflowing_fee_quantities_and_amounts_are_bad_input_on_the_page_and_in_the_api_and_change_nothing()
    {
        var code = await PublishAsync(PaymentTiming.BeforeResult);
        var citizen = await App.SignInAsync(CitizenA);
        var desk = await App.SignInAsync(Desk);
        var specialist = await App.SignInAsync(Specialist);
        var d = await FileAsync(citizen, code);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative), new { }, Json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await specialist.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Claim", UriKind.Relative), new { }, Json)).StatusCode);
        var before = await StoredAsync(d.Id);

        // Line 2 has no amount in the catalogue: the officer types one; two of them overflow Int64.
        var page = $"/can-bo/ho-so/{d.Id}";
        var posted = await OneStopAppFactory.PostFormAsync(specialist, page, page,
            [new("act", "RequestPayment"), new("version", before.Version.ToString()), new("fee.q.2", "2"), new("fee.a.2", "5000000000000000000")]);
        Assert.Equal(HttpStatusCode.BadRequest, posted.StatusCode);
        var html = await posted.Content.ReadAsStringAsync();
        Assert.Contains("vượt quá 1.000.000.000 đồng", html, StringComparison.Ordinal);

        var api = await specialist.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/RequestPayment", UriKind.Relative),
            new { feeQuantities = new Dictionary<int, int> { [0] = int.MaxValue, [2] = int.MaxValue }, feeAmounts = new Dictionary<int, long> { [2] = long.MaxValue } }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);

        var after = await StoredAsync(d.Id);
        Assert.Equal((DossierStatus.Processing, before.Version, 0L), (after.Status, after.Version, after.FeeDueVnd));
    }

    private static void NothingOfTheException(string body)
    {
        foreach (var leak in new[] { Crash, "   at ", "/work/", "OneStop.Web.", ".cs:line" })
        {
            Assert.DoesNotContain(leak, body, StringComparison.Ordinal);
        }
    }
}
