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

if (options.Has("drill"))
{
    // bench/crash-drill.sh: keep filing and receiving until the stop file appears, through the app's crashes and
    // restarts, and write every acknowledged answer to the drill file at once (flushed), so that the script can check
    // afterwards that each acknowledged dossier exists whole.
    return await Drill.RunAsync(baseUri, options);
}

if (options.Has("journey"))
{
    try
    {
        return await Journey.RunAsync(options);
    }
    catch (Exception e) when (e is JourneyFailed or HttpRequestException or InvalidOperationException)
    {
        Console.WriteLine("journey failed: " + e.Message);
        return 1;
    }
}

var results = new List<Result>();
Console.WriteLine($"load generator: {concurrency} connections, {warmup} s warm-up then {seconds} s per scenario, closed loop");
// The requests of each scenario, kept for the open-loop runs at the end (--open-loop name=rate,…).
var scenarios = new Dictionary<string, Func<Random, CancellationToken, Task<bool>>>(StringComparer.Ordinal);
// --no-closed-loop: only prepare the scenarios for the open-loop runs.
var closedLoop = !options.Has("no-closed-loop");
var clients = new List<HttpClient>();
HttpClient NewClient(CookieContainer? cookies)
{
    var c = Http.Client(baseUri, concurrency, cookies);
    // A state-changing API call with the sign-in cookie must say it is not a cross-site form (CrossSiteGuard).
    c.DefaultRequestHeaders.Add("X-Requested-With", "OneStop.LoadGen");
    if (options.Has("forwarded-proto"))
    {
        // As the city's TLS proxy in front of the app says (the app trusts 127.0.0.1 as its proxy in bench/run.sh).
        c.DefaultRequestHeaders.Add("X-Forwarded-Proto", options.Get("forwarded-proto", "https"));
    }

    clients.Add(c);
    return c;
}

static async Task<bool> Ok(Task<HttpResponseMessage> send, CancellationToken ct)
{
    using var response = await send;
    await response.Content.LoadIntoBufferAsync(ct);
    return response.IsSuccessStatusCode;
}

if (options.Has("get"))
{
    // A baseline: one fixed path (e.g. a static file) shows what the server and this generator reach without the app's work.
    var path = new Uri(options.Get("get", "/"), UriKind.Relative);
    var client = NewClient(null);
    results.Add(await Load.RunAsync($"baseline GET {path}", concurrency, warmup, seconds, (rnd, ct) => Ok(client.GetAsync(path, ct), ct)));
}

if (options.Has("tracking"))
{
    var rows = File.ReadAllLines(options.Get("tracking", "")).Select(l => l.Split('\t')).Where(p => p.Length == 3).ToArray();
    if (rows.Length == 0)
    {
        throw new InvalidOperationException("no tracking codes in the file");
    }

    var client = NewClient(null);
    // Half by phone number (the form), half by the QR key, as the public page is reached both ways.
    scenarios["tracking"] = (rnd, ct) =>
    {
        var r = rows[rnd.Next(rows.Length)];
        var query = rnd.Next(2) == 0 ? "phone=" + r[1] : "key=" + r[2];
        return Ok(client.GetAsync(new Uri($"/api/v1/tracking/{Uri.EscapeDataString(r[0])}?{query}", UriKind.Relative), ct), ct);
    };
    if (closedLoop)
    {
        results.Add(await Load.RunAsync("tracking GET /api/v1/tracking/{code}", concurrency, warmup, seconds, scenarios["tracking"]));
    }
}

if (options.Has("search"))
{
    string[] queries = ["khai sinh", "ket hon", "ho kinh doanh", "dang ky thuong tru", "chung thuc", "giay phep xay dung", "khai tu", "ho chieu"];
    var client = NewClient(null);
    scenarios["search"] = (rnd, ct) => Ok(client.GetAsync(new Uri("/api/v1/procedures?q=" + Uri.EscapeDataString(queries[rnd.Next(queries.Length)]), UriKind.Relative), ct), ct);
    if (closedLoop)
    {
        results.Add(await Load.RunAsync("search GET /api/v1/procedures?q=", concurrency, warmup, seconds, scenarios["search"]));
    }
}

// Dossiers submitted in this run: (id, agency), for the owner's dossier page and the staff action.
var submittedIds = new System.Collections.Concurrent.ConcurrentBag<(string Id, string Agency)>();
HttpClient? citizen = null;
if (options.Has("submit"))
{
    // One agency id, or several separated by commas: each filing then goes to one of them at random (submissions
    // spread over agencies, as a city's morning is). With --submit-one ID the same then runs concentrated on one
    // agency (every desk's queue at once).
    citizen = NewClient(new CookieContainer());
    var email = options.Get("email", "congdan.a@onestop.test");
    if (options.Has("register"))
    {
        // Production has no demo accounts: the citizen registers through the public registration page, as people do.
        await Http.RegisterAsync(citizen, email, options.Get("password", ""));
    }
    else
    {
        await Http.SignInAsync(citizen, email, options.Get("password", ""));
    }

    var procedure = options.Get("procedure", "1.001193");
    var form = File.Exists(options.Get("form", "")) ? File.ReadAllText(options.Get("form", "")) : "{}";
    var documents = options.Get("documents", "1,4").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
    var runs = new List<string[]> { options.Get("submit", "").Split(',', StringSplitOptions.RemoveEmptyEntries) };
    if (options.Has("submit-one"))
    {
        runs.Add([options.Get("submit-one", "")]);
    }

    foreach (var agencies in runs)
    {
        var draftBodies = agencies.Select(agency => (agency, Filings.DraftBody(procedure, agency, form))).ToArray();
        var label = agencies.Length == 1 ? "one agency" : $"{agencies.Length} agencies";
        var submitOnly = new Recorder();
        var client = citizen;

        // One operation: create a draft, attach the required documents, submit (what a client of the API does); the
        // submit request alone is timed too.
        Func<Random, CancellationToken, Task<bool>> filing = async (rnd, ct) =>
        {
            var (agency, body) = draftBodies[rnd.Next(draftBodies.Length)];
            var (id, _) = await Filings.DraftWithFilesAsync(client, body, documents, ct);
            if (id is null)
            {
                return false;
            }

            var counted = Load.Measuring;
            var t0 = Stopwatch.GetTimestamp();
            using var submitted = await client.PostAsync(new Uri($"/api/v1/dossiers/{id}/submit", UriKind.Relative), null, ct);
            await submitted.Content.LoadIntoBufferAsync(ct);
            if (counted && Load.Measuring)
            {
                submitOnly.Add(Stopwatch.GetTimestamp() - t0, submitted.IsSuccessStatusCode);
            }

            if (submitted.IsSuccessStatusCode)
            {
                submittedIds.Add((id, agency));
            }

            return submitted.IsSuccessStatusCode;
        };
        scenarios.TryAdd("filing", filing);
        if (!closedLoop)
        {
            continue;
        }

        var flow = await Load.RunAsync($"filing, {label} (draft + 2 files + submit)", concurrency, warmup, seconds, filing);
        results.Add(flow);
        results.Add(submitOnly.Result($"  submit request, {label}", flow.Seconds));
    }
}

if (options.Has("dossier-page") && citizen is not null)
{
    // The owner opens one of their dossiers (the HTML page, as a browser does).
    var mine = submittedIds.Select(s => s.Id).ToArray();
    var client = citizen;
    results.Add(await Load.RunAsync("owner's dossier page GET /ho-so-cua-toi/{id}", concurrency, warmup, seconds,
        (rnd, ct) => Ok(client.GetAsync(new Uri($"/ho-so-cua-toi/{mine[rnd.Next(mine.Length)]}", UriKind.Relative), ct), ct)));
}

if (options.Has("staff"))
{
    // The desk officer of the agency the concentrated run filed to: the inbox page, then receiving those dossiers,
    // each once (the scenario ends early if they run out).
    var staff = NewClient(new CookieContainer());
    await Http.SignInAsync(staff, options.Get("staff", ""), options.Get("staff-password", options.Get("password", "")));
    results.Add(await Load.RunAsync("staff inbox GET /can-bo", concurrency, warmup, seconds, (rnd, ct) => Ok(staff.GetAsync(new Uri("/can-bo", UriKind.Relative), ct), ct)));
    var deskAgency = options.Get("submit-one", "");
    var queue = new System.Collections.Concurrent.ConcurrentQueue<string>(submittedIds.Where(s => s.Agency == deskAgency).Select(s => s.Id));
    Console.WriteLine($"  {queue.Count} submitted dossiers at the desk for the staff action");
    results.Add(await Load.RunAsync("staff action POST …/actions/receive", concurrency, warmup, seconds, (rnd, ct) =>
        queue.TryDequeue(out var id)
            ? Ok(staff.PostAsync(new Uri($"/api/v1/dossiers/{id}/actions/receive", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), ct), ct)
            : Load.ExhaustedAsync(ct)));
}

if (options.Has("open-loop"))
{
    // name=rate pairs: each scenario again at a fixed arrival rate, latency from each request's intended start.
    foreach (var pair in options.Get("open-loop", "").Split(',', StringSplitOptions.RemoveEmptyEntries))
    {
        var parts = pair.Split('=');
        if (parts.Length == 2 && double.TryParse(parts[1], CultureInfo.InvariantCulture, out var rate) && rate >= 1
            && scenarios.TryGetValue(parts[0], out var request))
        {
            results.Add(await Load.RunOpenAsync($"open loop {parts[0]} at {rate:F0}/s", rate, warmup, seconds, request));
        }
    }
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

foreach (var c in clients)
{
    c.Dispose();
}

return results.Sum(r => r.Errors) == 0 && results.All(r => r.Count > 0) ? 0 : 1;

/// <summary>The HTTP client every scenario uses, and signing in through the sign-in page.</summary>
internal static class Http
{
    public static HttpClient Client(Uri baseUri, int connections, CookieContainer? cookies)
    {
        var sockets = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            UseCookies = false,
            AllowAutoRedirect = false,
        };
        HttpMessageHandler handler = cookies is null ? sockets : new CookieJar(cookies) { InnerHandler = sockets };
        return new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Registers a citizen account through the public registration page (which signs it in), or signs in if it exists.</summary>
    public static async Task RegisterAsync(HttpClient client, string email, string password)
    {
        var page = await client.GetStringAsync(new Uri("/dang-ky", UriKind.Relative));
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["fullName"] = "Người dùng thử tải",
            ["email"] = email,
            ["phone"] = "0912345678",
            ["personalId"] = "001090000001",
            ["password"] = password,
            ["__RequestVerificationToken"] = token,
        });
        using var response = await client.PostAsync(new Uri("/dang-ky", UriKind.Relative), form);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            await SignInAsync(client, email, password);
        }
    }

    public static async Task SignInAsync(HttpClient client, string email, string password)
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
}

/// <summary>The API filing of a dossier as a client does it: a draft, then one PDF for each required document.</summary>
internal static class Filings
{
    private static readonly byte[] Pdf = "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Size 4/Root 1 0 R>>\nstartxref\n0\n%%EOF\n"u8.ToArray();

    public static string DraftBody(string procedure, string agency, string formJson) =>
        $"{{\"procedureCode\":\"{procedure}\",\"agencyId\":\"{agency}\",\"form\":{formJson}}}";

    /// <summary>The new draft's id, or null and the status of the request that failed.</summary>
    public static async Task<(string? Id, HttpStatusCode Status)> DraftWithFilesAsync(HttpClient client, string draftBody, int[] documents, CancellationToken ct)
    {
        using var created = await client.PostAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new StringContent(draftBody, Encoding.UTF8, "application/json"), ct);
        if (created.StatusCode != HttpStatusCode.Created)
        {
            return (null, created.StatusCode);
        }

        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync(ct));
        var id = json.RootElement.GetProperty("id").GetString();
        foreach (var doc in documents)
        {
            using var file = new ByteArrayContent(Pdf);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            using var multipart = new MultipartFormDataContent { { file, "file", $"giay-to-{doc}.pdf" } };
            using var uploaded = await client.PostAsync(new Uri($"/api/v1/dossiers/{id}/files?document={doc}", UriKind.Relative), multipart, ct);
            if (!uploaded.IsSuccessStatusCode)
            {
                return (null, uploaded.StatusCode);
            }
        }

        return (id, HttpStatusCode.Created);
    }
}

/// <summary>
/// Cookies kept for the load generator as a browser behind the portal's TLS proxy keeps them: the app in Production
/// marks its cookies Secure (it sees https through X-Forwarded-Proto), which HttpClient's own cookie handling would not
/// send back over the benchmark's plain loopback HTTP. Every cookie set is sent back to the same host, whatever its flags;
/// one set to an empty value or already expired is dropped.
/// </summary>
internal sealed class CookieJar(CookieContainer store) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var origin = new Uri(request.RequestUri!.GetLeftPart(UriPartial.Authority));
        string header;
        lock (store)
        {
            // CookieContainer is not safe to enumerate while another request adds to it.
            header = string.Join("; ", store.GetAllCookies().Where(c => !c.Expired && c.Domain == origin.Host).Select(c => $"{c.Name}={c.Value}"));
        }

        if (header.Length > 0)
        {
            request.Headers.Remove("Cookie");
            request.Headers.Add("Cookie", header);
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var set in setCookies)
            {
                var pair = set.Split(';', 2)[0];
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    continue;
                }

                var cookie = new Cookie(pair[..eq].Trim(), pair[(eq + 1)..].Trim(), "/", origin.Host);
                if (cookie.Value.Length == 0 || set.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    cookie.Expired = true;
                }

                lock (store)
                {
                    store.Add(cookie);
                }
            }
        }

        return response;
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

    private static volatile bool exhausted;

    /// <summary>For a scenario that has run out of work (each dossier received once): the worker waits for the end, uncounted.</summary>
    public static async Task<bool> ExhaustedAsync(CancellationToken ct)
    {
        exhausted = true;
        await Task.Delay(Timeout.Infinite, ct);
        return false;
    }

    /// <summary>
    /// Runs <paramref name="request"/> at a fixed arrival rate (open loop) for a warm-up and then <paramref name="seconds"/>:
    /// requests start on schedule whether or not earlier ones have answered, and each latency is measured from the
    /// moment its request was due, so a stall shows in the figures instead of slowing the arrivals (no coordinated omission).
    /// </summary>
    public static async Task<Result> RunOpenAsync(string name, double rate, int warmup, int seconds, Func<Random, CancellationToken, Task<bool>> request)
    {
        var recorder = new Recorder();
        using var stop = new CancellationTokenSource();
        var warm = (long)(rate * warmup);
        var total = warm + (long)(rate * seconds);
        var start = Stopwatch.GetTimestamp();
        var pending = new List<Task>((int)Math.Min(total, 1_000_000));
        for (long i = 0; i < total; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait);
            }

            var counted = i >= warm;
            pending.Add(Task.Run(async () =>
            {
                bool ok;
                try
                {
                    ok = await request(Random.Shared, stop.Token);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
                {
                    ok = false;
                }

                if (counted)
                {
                    recorder.Add(Stopwatch.GetTimestamp() - due, ok);
                }
            }));
        }

        await Task.WhenAll(pending);
        var result = recorder.Result(name, seconds);
        Console.WriteLine($"  {name}: {result.Count} requests, {result.Errors} errors");
        return result;
    }

    /// <summary>Runs <paramref name="request"/> in a closed loop on <paramref name="concurrency"/> workers; a thrown exception counts as an error.</summary>
    public static async Task<Result> RunAsync(string name, int concurrency, int warmup, int seconds, Func<Random, CancellationToken, Task<bool>> request)
    {
        using var stop = new CancellationTokenSource();
        var recorder = new Recorder();
        measuring = false;
        exhausted = false;
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
        Console.WriteLine($"  {name}: {result.Count} requests, {result.Errors} errors{(exhausted ? " (ran out of work before the end: ops/s is a floor)" : "")}");
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
