using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace OneStop.Web.Tests;

/// <summary>A message the catcher accepted, parsed with MimeKit.</summary>
public sealed record CaughtMail(string MessageId, string From, string To, string Subject, string Body);

/// <summary>
/// A real SMTP server on 127.0.0.1 for the tests (RFC 5321 without authentication or TLS: EHLO/HELO, MAIL FROM,
/// RCPT TO, DATA with dot-unstuffing, RSET, NOOP, QUIT). It can go down (connections refused) and come back on the
/// same port, or crash while receiving a message (<see cref="CrashOnMessage"/>), to play a mail server that fails.
/// </summary>
public sealed class SmtpCatcher : IDisposable
{
    private readonly ConcurrentQueue<CaughtMail> messages = new();
    private readonly ConcurrentDictionary<TcpClient, byte> sessions = new();
    private readonly Lock gate = new();
    private TcpListener? listener;
    private CancellationTokenSource? stop;
    private int crashAfter = -1;

    public SmtpCatcher()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Up();
    }

    public int Port { get; }

    public bool IsUp => listener is not null;

    public IReadOnlyList<CaughtMail> Messages => [.. messages];

    /// <summary>Starts listening (again) on the same port.</summary>
    public void Up()
    {
        lock (gate)
        {
            if (listener is not null)
            {
                return;
            }

            var l = new TcpListener(IPAddress.Loopback, Port);
            l.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            l.Start();
            listener = l;
            stop = new CancellationTokenSource();
            _ = AcceptAsync(l, stop.Token);
        }
    }

    /// <summary>Stops listening and cuts every open session: clients get "connection refused" until <see cref="Up"/>.</summary>
    public void Down()
    {
        lock (gate)
        {
            stop?.Cancel();
            listener?.Stop();
            listener = null;
            foreach (var s in sessions.Keys)
            {
                s.Dispose();
            }

            sessions.Clear();
        }
    }

    /// <summary>
    /// Accepts <paramref name="accepted"/> more messages; on the next one it reads the data, then drops the connection
    /// without the final reply (the message is lost, as in a crash) and goes down.
    /// </summary>
    public void CrashOnMessage(int accepted) => Volatile.Write(ref crashAfter, messages.Count + accepted);

    private async Task AcceptAsync(TcpListener l, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await l.AcceptTcpClientAsync(ct);
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            sessions[client] = 0;
            _ = Task.Run(async () =>
            {
                try
                {
                    await SessionAsync(client, ct);
                }
                catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
                {
                    // The client went away, or the catcher went down.
                }
                finally
                {
                    sessions.TryRemove(client, out _);
                    client.Dispose();
                }
            }, CancellationToken.None);
        }
    }

    private async Task SessionAsync(TcpClient client, CancellationToken ct)
    {
        var stream = client.GetStream();
        var reader = new LineReader(stream);
        await Reply(stream, "220 127.0.0.1 OneStop test SMTP catcher", ct);
        string? from = null;
        var to = new List<string>();
        while (!ct.IsCancellationRequested)
        {
            var line = await reader.ReadLineAsync(ct);
            if (line is null)
            {
                return;
            }

            var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (verb)
            {
                case "EHLO":
                    await Reply(stream, "250-127.0.0.1 greets you\r\n250-8BITMIME\r\n250 SIZE 10485760", ct);
                    break;
                case "HELO":
                    await Reply(stream, "250 127.0.0.1", ct);
                    break;
                case "MAIL":
                    from = Address(line);
                    to.Clear();
                    await Reply(stream, "250 2.1.0 OK", ct);
                    break;
                case "RCPT":
                    if (from is null)
                    {
                        await Reply(stream, "503 5.5.1 MAIL first", ct);
                        break;
                    }

                    to.Add(Address(line));
                    await Reply(stream, "250 2.1.5 OK", ct);
                    break;
                case "DATA":
                    if (to.Count == 0)
                    {
                        await Reply(stream, "503 5.5.1 RCPT first", ct);
                        break;
                    }

                    await Reply(stream, "354 End data with <CR><LF>.<CR><LF>", ct);
                    var data = await reader.ReadDataAsync(ct);
                    var limit = Volatile.Read(ref crashAfter);
                    if (limit >= 0 && messages.Count >= limit)
                    {
                        Volatile.Write(ref crashAfter, -1);
                        Down(); // the server dies before it says "250": the message is lost
                        return;
                    }

                    var mime = MimeMessage.Load(new MemoryStream(data), ct);
                    messages.Enqueue(new CaughtMail(mime.MessageId ?? "", from!, string.Join(",", to), mime.Subject ?? "", mime.TextBody ?? ""));
                    await Reply(stream, "250 2.0.0 Queued", ct);
                    from = null;
                    to.Clear();
                    break;
                case "RSET":
                    from = null;
                    to.Clear();
                    await Reply(stream, "250 2.0.0 OK", ct);
                    break;
                case "NOOP":
                    await Reply(stream, "250 2.0.0 OK", ct);
                    break;
                case "QUIT":
                    await Reply(stream, "221 2.0.0 Bye", ct);
                    return;
                default:
                    await Reply(stream, "502 5.5.2 Command not implemented", ct);
                    break;
            }
        }
    }

    private static string Address(string line)
    {
        var start = line.IndexOf('<', StringComparison.Ordinal);
        var end = line.IndexOf('>', StringComparison.Ordinal);
        return start >= 0 && end > start ? line[(start + 1)..end] : "";
    }

    private static Task Reply(NetworkStream stream, string text, CancellationToken ct) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes(text + "\r\n"), ct).AsTask();

    public void Dispose() => Down();

    /// <summary>Reads CRLF-terminated lines and the DATA section (up to a line with a single dot) from the raw stream.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] buffer = new byte[8192];
        private int start;
        private int end;

        public async Task<string?> ReadLineAsync(CancellationToken ct)
        {
            var bytes = await ReadRawLineAsync(ct);
            return bytes is null ? null : Encoding.UTF8.GetString(bytes);
        }

        public async Task<byte[]> ReadDataAsync(CancellationToken ct)
        {
            var data = new MemoryStream();
            while (true)
            {
                var line = await ReadRawLineAsync(ct) ?? throw new IOException("Connection closed during DATA.");
                if (line.Length == 1 && line[0] == (byte)'.')
                {
                    return data.ToArray();
                }

                // Dot-stuffing (RFC 5321 4.5.2): a leading dot was doubled by the client.
                var from = line.Length > 0 && line[0] == (byte)'.' ? 1 : 0;
                data.Write(line, from, line.Length - from);
                data.Write("\r\n"u8);
            }
        }

        private async Task<byte[]?> ReadRawLineAsync(CancellationToken ct)
        {
            var line = new MemoryStream();
            while (true)
            {
                if (start == end)
                {
                    end = await stream.ReadAsync(buffer, ct);
                    start = 0;
                    if (end == 0)
                    {
                        return null;
                    }
                }

                var b = buffer[start++];
                if (b == (byte)'\n')
                {
                    var bytes = line.ToArray();
                    return bytes.Length > 0 && bytes[^1] == (byte)'\r' ? bytes[..^1] : bytes;
                }

                line.WriteByte(b);
            }
        }
    }
}
