using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

// A closed-loop HTTP load generator for bench/load.sh: `concurrency` workers each send one request, wait for the
// answer, and send the next, for a warm-up and then for `seconds`; only the measured window counts.
//
//   OneStop.LoadGen --url http://127.0.0.1:5055 --seconds 15 --concurrency 64 --warmup 3
//       [--get /static/path] [--tracking codes.tsv] [--search] [--submit AGENCY-ID[,AGENCY-ID…] --email E --password P --procedure CODE] [--tsv results.tsv]
//
// codes.tsv: one dossier a line, "code<TAB>phone<TAB>trackingKey". Prints one table row per scenario.
var options = Args.Parse(args);
var baseUri = new Uri(options.Get("url", "http://127.0.0.1:5055"));
var seconds = int.Parse(options.Get("seconds", "15"), CultureInfo.InvariantCulture);
var concurrency = int.Parse(options.Get("concurrency", "64"), CultureInfo.InvariantCulture);
var warmup = int.Parse(options.Get("warmup", "3"), CultureInfo.InvariantCulture);

var results = new List<Result>();
Console.WriteLine($"load generator: {concurrency} connections, {warmup} s warm-up then {seconds} s per scenario, closed loop");

if (options.Has("get"))
{
    // A baseline: one fixed path (e.g. a static file) shows what the server and this generator reach without the app's work.
    var path = options.Get("get", "/");
    using var client = Client(baseUri, concurrency, cookies: null);
    results.Add(await Load.RunAsync($"baseline GET {path}", concurrency, warmup, seconds, async (rnd, ct) =>
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response.IsSuccessStatusCode;
    }));
}

if (options.Has("tracking"))
{
    var rows = File.ReadAllLines(options.Get("tracking", "")).Select(l => l.Split('\t')).Where(p => p.Length == 3).ToArray();
    if (rows.Length == 0)
    {
        throw new InvalidOperationException("no tracking codes in the file");
    }

    using var client = Client(baseUri, concurrency, cookies: null);
    // Half by phone number (the form), half by the QR key, as the public page is reached both ways.
    results.Add(await Load.RunAsync("tracking GET /api/v1/tracking/{code}", concurrency, warmup, seconds, async (rnd, ct) =>
    {
        var r = rows[rnd.Next(rows.Length)];
        var query = rnd.Next(2) == 0 ? "phone=" + r[1] : "key=" + r[2];
        using var response = await client.GetAsync(new Uri($"/api/v1/tracking/{Uri.EscapeDataString(r[0])}?{query}", UriKind.Relative), ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response.IsSuccessStatusCode;
    }));
}

if (options.Has("search"))
{
    string[] queries = ["khai sinh", "ket hon", "ho kinh doanh", "dang ky thuong tru", "chung thuc", "giay phep xay dung", "khai tu", "ho chieu"];
    using var client = Client(baseUri, concurrency, cookies: null);
    results.Add(await Load.RunAsync("search GET /api/v1/procedures?q=", concurrency, warmup, seconds, async (rnd, ct) =>
    {
        var q = queries[rnd.Next(queries.Length)];
        using var response = await client.GetAsync(new Uri("/api/v1/procedures?q=" + Uri.EscapeDataString(q), UriKind.Relative), ct);
        await response.Content.LoadIntoBufferAsync(ct);
        return response.IsSuccessStatusCode;
    }));
}

if (options.Has("submit"))
{
    // One agency id, or several separated by commas: each filing then goes to one of them at random (submissions
    // spread over agencies, as a city's morning is; one id is every desk's queue at once).
    var agencies = options.Get("submit", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
    var procedure = options.Get("procedure", "1.001193");
    var cookies = new CookieContainer();
    using var client = Client(baseUri, concurrency, cookies);
    // A state-changing API call with the sign-in cookie must say it is not a cross-site form (CrossSiteGuard).
    client.DefaultRequestHeaders.Add("X-Requested-With", "OneStop.LoadGen");
    await SignInAsync(client, options.Get("email", "congdan.a@onestop.test"), options.Get("password", ""));
    var form = File.Exists(options.Get("form", "")) ? File.ReadAllText(options.Get("form", "")) : "{}";
    var documents = options.Get("documents", "1,4").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    byte[] pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"u8.ToArray();
    var draftBodies = agencies.Select(agency => $"{{\"procedureCode\":\"{procedure}\",\"agencyId\":\"{agency}\",\"form\":{form}}}").ToArray();
    var label = agencies.Length == 1 ? "one agency" : $"{agencies.Length} agencies";
    var submitOnly = new Recorder();

    // One operation: create a draft, attach the required documents, submit (what a client of the API does); the
    // submit request alone is timed too.
    var flow = await Load.RunAsync($"filing, {label} (draft + 2 files + submit)", concurrency, warmup, seconds, async (rnd, ct) =>
    {
        var draftBody = draftBodies[rnd.Next(draftBodies.Length)];
        using var created = await client.PostAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new StringContent(draftBody, Encoding.UTF8, "application/json"), ct);
        if (created.StatusCode != HttpStatusCode.Created)
        {
            return false;
        }

        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct));
        var id = json.RootElement.GetProperty("id").GetString();
        foreach (var doc in documents)
        {
            using var file = new ByteArrayContent(pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            using var multipart = new MultipartFormDataContent { { file, "file", $"giay-to-{doc}.pdf" } };
            using var uploaded = await client.PostAsync(new Uri($"/api/v1/dossiers/{id}/files?document={doc}", UriKind.Relative), multipart, ct);
            if (!uploaded.IsSuccessStatusCode)
            {
                return false;
            }
        }

        var counted = Load.Measuring;
        var t0 = Stopwatch.GetTimestamp();
        using var submitted = await client.PostAsync(new Uri($"/api/v1/dossiers/{id}/submit", UriKind.Relative), null, ct);
        await submitted.Content.LoadIntoBufferAsync(ct);
        if (counted && Load.Measuring)
        {
            submitOnly.Add(Stopwatch.GetTimestamp() - t0, submitted.IsSuccessStatusCode);
        }

        return submitted.IsSuccessStatusCode;
    });
    results.Add(flow);
    results.Add(submitOnly.Result($"  submit request, {label}", flow.Seconds));
}

Console.WriteLine();
Console.WriteLine($"{"scenario",-44} {"ops/s",9} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8} {"ops",9} {"errors",7}");
foreach (var r in results)
{
    Console.WriteLine($"{r.Name,-44} {r.PerSecond,9:F0} {r.P50,8:F2} {r.P95,8:F2} {r.P99,8:F2} {r.Count,9} {r.Errors,7}");
}

if (options.Has("tsv"))
{
    // For the calling script: one line per scenario, name, ops/s, p50, p95, p99 (ms), ops, errors.
    File.WriteAllLines(options.Get("tsv", ""), results.Select(r => string.Join('\t', r.Name.Trim(),
        r.PerSecond.ToString("F1", CultureInfo.InvariantCulture), r.P50.ToString("F2", CultureInfo.InvariantCulture),
        r.P95.ToString("F2", CultureInfo.InvariantCulture), r.P99.ToString("F2", CultureInfo.InvariantCulture), r.Count, r.Errors)));
}

return results.Sum(r => r.Errors) == 0 && results.All(r => r.Count > 0) ? 0 : 1;

static HttpClient Client(Uri baseUri, int connections, CookieContainer? cookies) => new(new SocketsHttpHandler
{
    MaxConnectionsPerServer = connections,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    UseCookies = cookies is not null,
    CookieContainer = cookies ?? new CookieContainer(),
    AllowAutoRedirect = false,
})
{ BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };

static async Task SignInAsync(HttpClient client, string email, string password)
{
    var page = await client.GetStringAsync(new Uri("/dang-nhap", UriKind.Relative));
    var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
    using var form = new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["email"] = email,
        ["password"] = password,
        ["returnUrl"] = "",
        ["__RequestVerificationToken"] = token,
    });
    using var response = await client.PostAsync(new Uri("/dang-nhap", UriKind.Relative), form);
    if (response.StatusCode != HttpStatusCode.Redirect)
    {
        throw new InvalidOperationException($"sign-in as {email} failed: {(int)response.StatusCode}");
    }
}

internal sealed record Result(string Name, long Count, long Errors, double Seconds, double PerSecond, double P50, double P95, double P99);

/// <summary>Latencies (Stopwatch ticks) and error count of one scenario, safe to add to from many workers.</summary>
internal sealed class Recorder
{
    private readonly List<long> ticks = [];
    private long errors;

    public void Add(long elapsed, bool ok)
    {
        lock (ticks)
        {
            ticks.Add(elapsed);
            if (!ok)
            {
                errors++;
            }
        }
    }

    public Result Result(string name, double seconds)
    {
        lock (ticks)
        {
            ticks.Sort();
            double Percentile(double p) => ticks.Count == 0 ? 0 : ticks[Math.Min(ticks.Count - 1, (int)Math.Ceiling(p * ticks.Count) - 1)] * 1000.0 / Stopwatch.Frequency;
            return new Result(name, ticks.Count, errors, seconds, ticks.Count / seconds, Percentile(0.50), Percentile(0.95), Percentile(0.99));
        }
    }
}

internal static class Load
{
    private static volatile bool measuring;

    /// <summary>True during the measured window (after the warm-up).</summary>
    public static bool Measuring => measuring;

    /// <summary>Runs <paramref name="request"/> in a closed loop on <paramref name="concurrency"/> workers; a thrown exception counts as an error.</summary>
    public static async Task<Result> RunAsync(string name, int concurrency, int warmup, int seconds, Func<Random, CancellationToken, Task<bool>> request)
    {
        using var stop = new CancellationTokenSource();
        var recorder = new Recorder();
        measuring = false;
        var workers = Enumerable.Range(0, concurrency).Select(i => Task.Run(async () =>
        {
            var rnd = new Random(i * 7919 + 17);
            while (!stop.IsCancellationRequested)
            {
                var counted = measuring;
                var t0 = Stopwatch.GetTimestamp();
                bool ok;
                try
                {
                    ok = await request(rnd, stop.Token);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
                {
                    ok = false;
                }

                if (counted && measuring)
                {
                    recorder.Add(Stopwatch.GetTimestamp() - t0, ok);
                }
            }
        })).ToArray();

        await Task.Delay(TimeSpan.FromSeconds(warmup));
        measuring = true;
        var started = Stopwatch.GetTimestamp();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        measuring = false;
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        var result = recorder.Result(name, elapsed);
        Console.WriteLine($"  {name}: {result.Count} requests, {result.Errors} errors");
        return result;
    }
}

/// <summary>--name value pairs; a flag without a value is "true".</summary>
internal sealed class Args(Dictionary<string, string> values)
{
    public static Args Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
                values[args[i][2..]] = hasValue ? args[++i] : "true";
            }
        }

        return new Args(values);
    }

    public bool Has(string name) => values.ContainsKey(name);

    public string Get(string name, string fallback) => values.TryGetValue(name, out var v) ? v : fallback;
}
