using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

/// <summary>
/// The load of bench/crash-drill.sh. Citizens file (draft, documents, submit) to the given agencies and a desk officer
/// receives what was filed to the first one, without pause, while the script kills and restarts the app and restarts
/// PostgreSQL. Every acknowledged answer (a 200 to submit or to receive) is written to the drill file at once, so that
/// the script can check afterwards that each acknowledged change is in the database whole. Outcomes are counted per
/// phase (the phase file holds the script's current phase: "load", "kill 1", "postgres restart"…).
///
///   OneStop.LoadGen --drill acknowledged.tsv --stop-file F --phase-file P --submit AGENCY[,AGENCY…]
///       --email CITIZEN --staff-email DESK-OFFICER --password P --form form.json [--concurrency 16] [--seconds 600]
///
/// Drill file lines: "submit\t{id}\t{code}\t{agency}" and "receive\t{id}".
/// </summary>
internal static class Drill
{
    public static async Task<int> RunAsync(Uri baseUri, Args options)
    {
        var outPath = options.Get("drill", "drill.tsv");
        var stopFile = options.Get("stop-file", outPath + ".stop");
        var phaseFile = options.Get("phase-file", "");
        var maxSeconds = int.Parse(options.Get("seconds", "600"), CultureInfo.InvariantCulture);
        var concurrency = Math.Max(3, int.Parse(options.Get("concurrency", "16"), CultureInfo.InvariantCulture));
        var agencies = options.Get("submit", "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var procedure = options.Get("procedure", "1.001193");
        var password = options.Get("password", "");
        var form = File.Exists(options.Get("form", "")) ? File.ReadAllText(options.Get("form", "")) : "{}";
        var documents = options.Get("documents", "1,4").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        if (agencies.Length == 0)
        {
            throw new InvalidOperationException("--submit needs at least one agency id");
        }

        using var citizen = new Session(baseUri, concurrency, options.Get("email", "congdan.a@onestop.test"), password);
        using var desk = new Session(baseUri, 4, options.Get("staff-email", "motcua.xa@onestop.test"), password);
        var outcomes = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var phase = "load";
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(maxSeconds));
        await using var writer = new StreamWriter(outPath, append: true, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)) { AutoFlush = true };
        var toReceive = Channel.CreateUnbounded<string>();

        void Count(string what) => outcomes.AddOrUpdate($"{phase}\t{what}", 1, (_, n) => n + 1);
        void Acknowledge(string line)
        {
            lock (writer)
            {
                writer.WriteLine(line);
            }
        }

        static string Describe(HttpResponseMessage r) =>
            ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) + (r.Headers.RetryAfter is not null ? " (Retry-After)" : "");

        var watcher = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (File.Exists(stopFile))
                {
                    await stop.CancelAsync();
                    return;
                }

                if (phaseFile.Length > 0 && File.Exists(phaseFile))
                {
                    phase = (await File.ReadAllTextAsync(phaseFile)).Trim();
                }

                await Task.Delay(100);
            }
        });

        var citizens = Enumerable.Range(0, concurrency - 2).Select(i => Task.Run(async () =>
        {
            var rnd = new Random(i * 7919 + 17);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var client = await citizen.ClientAsync(stop.Token);
                    var agency = agencies[rnd.Next(agencies.Length)];
                    var (id, status) = await Filings.DraftWithFilesAsync(client, Filings.DraftBody(procedure, agency, form), documents, stop.Token);
                    if (id is null)
                    {
                        Count($"draft or file {(int)status}");
                        citizen.SignedOutIf(status);
                        await Task.Delay(200, stop.Token);
                        continue;
                    }

                    using var submitted = await client.PostAsync(new Uri($"/api/v1/dossiers/{id}/submit", UriKind.Relative), null, stop.Token);
                    var body = await submitted.Content.ReadAsStringAsync(stop.Token);
                    Count("submit " + Describe(submitted));
                    if (submitted.StatusCode == HttpStatusCode.OK)
                    {
                        using var json = JsonDocument.Parse(body);
                        Acknowledge($"submit\t{id}\t{json.RootElement.GetProperty("code").GetString()}\t{agency}");
                        if (agency == agencies[0])
                        {
                            toReceive.Writer.TryWrite(id);
                        }
                    }
                    else
                    {
                        citizen.SignedOutIf(submitted.StatusCode);
                        await Task.Delay(200, stop.Token);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException or InvalidOperationException)
                {
                    Count("no answer (" + e.GetType().Name + ")");
                    await Pause(stop.Token);
                }
            }
        })).ToArray();

        var officers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                string id;
                try
                {
                    id = await toReceive.Reader.ReadAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                try
                {
                    var client = await desk.ClientAsync(stop.Token);
                    using var received = await client.PostAsync(new Uri($"/api/v1/dossiers/{id}/actions/receive", UriKind.Relative),
                        new StringContent("{}", Encoding.UTF8, "application/json"), stop.Token);
                    await received.Content.LoadIntoBufferAsync(stop.Token);
                    Count("receive " + Describe(received));
                    if (received.StatusCode == HttpStatusCode.OK)
                    {
                        Acknowledge($"receive\t{id}");
                    }
                    else if (received.StatusCode != HttpStatusCode.Conflict)
                    {
                        // 409: an earlier attempt whose answer was lost in a crash did receive it (checked by the script).
                        desk.SignedOutIf(received.StatusCode);
                        toReceive.Writer.TryWrite(id);
                        await Task.Delay(200, stop.Token);
                    }
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or InvalidOperationException)
                {
                    Count("no answer (" + e.GetType().Name + ")");
                    toReceive.Writer.TryWrite(id);
                    await Pause(stop.Token);
                }
            }
        })).ToArray();

        try
        {
            await Task.WhenAll(citizens.Concat(officers).Append(watcher));
        }
        catch (OperationCanceledException)
        {
            // the stop file or the time limit
        }

        Console.WriteLine($"{"phase",-20} {"outcome",-44} {"count",8}");
        foreach (var (key, n) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
        {
            var parts = key.Split('\t');
            Console.WriteLine($"{parts[0],-20} {parts[1],-44} {n,8}");
        }

        return 0;
    }

    private static async Task Pause(CancellationToken ct)
    {
        try
        {
            await Task.Delay(250, ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>One signed-in person's client, signed in again when the app says the session is gone.</summary>
    private sealed class Session(Uri baseUri, int connections, string email, string password) : IDisposable
    {
        private readonly SemaphoreSlim gate = new(1, 1);
        private HttpClient? client;

        public async Task<HttpClient> ClientAsync(CancellationToken ct)
        {
            if (Volatile.Read(ref client) is { } ready)
            {
                return ready;
            }

            await gate.WaitAsync(ct);
            try
            {
                if (client is null)
                {
                    var fresh = Http.Client(baseUri, connections, new CookieContainer());
                    fresh.DefaultRequestHeaders.Add("X-Requested-With", "OneStop.LoadGen");
                    await Http.SignInAsync(fresh, email, password);
                    Volatile.Write(ref client, fresh);
                }

                return client;
            }
            finally
            {
                gate.Release();
            }
        }

        public void Dispose()
        {
            gate.Dispose();
            client?.Dispose();
        }

        /// <summary>A 401 (or a redirect to the sign-in page) means the session is gone: the next request signs in again.</summary>
        public void SignedOutIf(HttpStatusCode status)
        {
            if (status is HttpStatusCode.Unauthorized or HttpStatusCode.Redirect or HttpStatusCode.Found)
            {
                Interlocked.Exchange(ref client, null);
            }
        }
    }
}
