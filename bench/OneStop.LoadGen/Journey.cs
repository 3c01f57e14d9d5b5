using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

/// <summary>
/// bench/two-instances.sh: one person's journey that alternates between two app instances on one database, each step
/// on the other instance from the step before: sign in on A, draft on B, documents on A, submit on B, the desk officer
/// signs in on B and receives on A, the citizen reads the dossier and downloads a document on the instance that did not
/// store it, signs out on A, and the copied cookie opens nothing on B. Any step that fails ends the journey with its
/// reason (exit code 1).
///
///   OneStop.LoadGen --journey http://127.0.0.1:5061,http://127.0.0.1:5062 --agency ID --email E --staff-email S --password P --form form.json
/// </summary>
internal static class Journey
{
    public static async Task<int> RunAsync(Args options)
    {
        var urls = options.Get("journey", "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(u => new Uri(u)).ToArray();
        if (urls.Length != 2)
        {
            throw new InvalidOperationException("--journey needs two base addresses separated by a comma");
        }

        var password = options.Get("password", "");
        var form = File.Exists(options.Get("form", "")) ? File.ReadAllText(options.Get("form", "")) : "{}";
        var citizenCookies = new CookieContainer();
        var deskCookies = new CookieContainer();
        // Cookies do not depend on the port: both instances get the same ones, as behind one load balancer.
        using var a = Client(urls[0], citizenCookies);
        using var b = Client(urls[1], citizenCookies);
        using var deskA = Client(urls[0], deskCookies);
        using var deskB = Client(urls[1], deskCookies);
        var step = 0;
        void Ok(string what) => Console.WriteLine($"  {++step,2}. {what}: ok");

        await Http.SignInAsync(a, options.Get("email", "congdan.a@onestop.test"), password);
        Ok("citizen signs in on A");
        var (id, status) = await Filings.DraftWithFilesAsync(b, Filings.DraftBody("1.001193", options.Get("agency", ""), form), [], default);
        Expect(id is not null, $"draft on B answered {(int)status}");
        Ok("draft created on B with A's sign-in");
        var (_, filed) = await AttachAsync(a, id!);
        Expect(filed, "documents on A");
        Ok("two documents uploaded on A");
        using (var submitted = await b.PostAsync(new Uri($"/api/v1/dossiers/{id}/submit", UriKind.Relative), null))
        {
            Expect(submitted.StatusCode == HttpStatusCode.OK, $"submit on B answered {(int)submitted.StatusCode}: {await submitted.Content.ReadAsStringAsync()}");
        }

        Ok("submitted on B");
        await Http.SignInAsync(deskB, options.Get("staff-email", "motcua.xa@onestop.test"), password);
        Ok("desk officer signs in on B");
        using (var received = await deskA.PostAsync(new Uri($"/api/v1/dossiers/{id}/actions/receive", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json")))
        {
            Expect(received.StatusCode == HttpStatusCode.OK, $"receive on A answered {(int)received.StatusCode}: {await received.Content.ReadAsStringAsync()}");
        }

        Ok("received on A");
        using (var view = JsonDocument.Parse(await b.GetStringAsync(new Uri($"/api/v1/dossiers/{id}", UriKind.Relative))))
        {
            Expect(view.RootElement.GetProperty("receivedAt").ValueKind == JsonValueKind.String, $"the citizen sees the dossier received on B (status {view.RootElement.GetProperty("status")})");
            var file = view.RootElement.GetProperty("files").EnumerateArray().First();
            var bytes = await b.GetByteArrayAsync(new Uri($"/api/v1/dossiers/{id}/files/{file.GetProperty("id").GetString()}", UriKind.Relative));
            Expect(string.Equals(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), file.GetProperty("sha256").GetString(), StringComparison.OrdinalIgnoreCase),
                "the document stored through A reads back whole on B");
        }

        Ok("citizen sees it received on B and downloads on B what A stored");
        var copied = citizenCookies.GetCookies(urls[0]);
        var signOutPage = await a.GetStringAsync(new Uri("/dang-xuat", UriKind.Relative));
        var token = Regex.Match(signOutPage, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using (var signOut = await a.PostAsync(new Uri("/dang-xuat", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token })))
        {
            Expect(signOut.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther, $"sign-out on A answered {(int)signOut.StatusCode}");
        }

        Ok("citizen signs out on A");
        var stolen = new CookieContainer();
        stolen.Add(copied);
        using var thief = Client(urls[1], stolen);
        using (var after = await thief.GetAsync(new Uri($"/api/v1/dossiers/{id}", UriKind.Relative)))
        {
            Expect(after.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.Found, $"the copied cookie on B answered {(int)after.StatusCode}");
        }

        Ok("the cookie copied before sign-out opens nothing on B");
        Console.WriteLine($"journey across two instances: {step} steps ok");
        return 0;
    }

    private static async Task<(string Id, bool Ok)> AttachAsync(HttpClient client, string id)
    {
        foreach (var doc in new[] { 1, 4 })
        {
            using var file = new ByteArrayContent(Encoding.ASCII.GetBytes($"%PDF-1.4\n% document {doc} of {id}\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            using var multipart = new MultipartFormDataContent { { file, "file", $"giay-to-{doc}.pdf" } };
            using var uploaded = await client.PostAsync(new Uri($"/api/v1/dossiers/{id}/files?document={doc}", UriKind.Relative), multipart);
            if (!uploaded.IsSuccessStatusCode)
            {
                Console.WriteLine($"upload answered {(int)uploaded.StatusCode}: {await uploaded.Content.ReadAsStringAsync()}");
                return (id, false);
            }
        }

        return (id, true);
    }

    private static HttpClient Client(Uri baseUri, CookieContainer cookies)
    {
        var client = Http.Client(baseUri, 4, cookies);
        client.DefaultRequestHeaders.Add("X-Requested-With", "OneStop.LoadGen");
        return client;
    }

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw new JourneyFailed(what);
        }
    }
}

internal sealed class JourneyFailed(string message) : Exception(message);
