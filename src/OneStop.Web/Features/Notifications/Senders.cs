using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace OneStop.Web.Features.Notifications;

/// <summary>Settings under "OneStop:Smtp". An empty host selects the log-only sender (development).</summary>
public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>STARTTLS after connecting (required when true); false: plain SMTP (a local relay, the test catcher).</summary>
    public bool UseStartTls { get; set; } = true;
    public string? User { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "Cổng Dịch vụ công Hà Nội <no-reply@dichvucong.hanoi.gov.vn>";
    /// <summary>Seconds before a connection or a command gives up (well under the outbox lease).</summary>
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>Sends one e-mail; throws when it was not accepted by the server.</summary>
public interface IMailSender
{
    Task SendAsync(Guid messageId, string to, string subject, string body, CancellationToken ct);
}

/// <summary>Sends one SMS; throws when the gateway did not accept it.</summary>
public interface ISmsSender
{
    Task SendAsync(Guid messageId, string phone, string text, CancellationToken ct);
}

/// <summary>E-mail over SMTP with MailKit. The Message-Id is the outbox id, so a receiver can drop a repeated delivery.</summary>
public sealed class SmtpMailSender(Microsoft.Extensions.Options.IOptions<Data.OneStopOptions> settings) : IMailSender
{
    public async Task SendAsync(Guid messageId, string to, string subject, string body, CancellationToken ct)
    {
        var smtp = settings.Value.Smtp;
        var message = new MimeMessage { Subject = subject, Body = new TextPart("plain") { Text = body } };
        message.From.Add(MailboxAddress.Parse(smtp.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.MessageId = $"{messageId:D}@onestop";
        using var client = new SmtpClient { Timeout = smtp.TimeoutSeconds * 1000 };
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException("OneStop:Smtp:Host is empty."), smtp.Port, smtp.UseStartTls ? SecureSocketOptions.StartTls : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(smtp.User))
        {
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        }

        await client.SendAsync(message, ct);
        await client.DisconnectAsync(quit: true, ct);
    }
}

/// <summary>
/// Development: writes the e-mail to the log instead of sending it (OneStop:Smtp:Host empty). Elsewhere it refuses
/// (the delivery retries and records the error): bodies carry personal data and must not end up in logs.
/// </summary>
public sealed class LogMailSender(ILogger<LogMailSender> log, IHostEnvironment env) : IMailSender
{
    public Task SendAsync(Guid messageId, string to, string subject, string body, CancellationToken ct)
    {
        if (env.IsDevelopment())
        {
            log.LogInformation("E-mail {MessageId} not sent (no SMTP host configured) to {To}: {Subject}\n{Body}", messageId, Mask(to), subject, body);
        }
        else
        {
            // Not pretending: the row stays pending and is retried, so nothing is lost until a host is configured.
            throw new InvalidOperationException("OneStop:Smtp:Host is empty: e-mail cannot be sent outside Development.");
        }

        return Task.CompletedTask;
    }

    private static string Mask(string email) => email.IndexOf('@', StringComparison.Ordinal) is var at and > 1 ? email[0] + "***" + email[at..] : "***";
}

/// <summary>Development and tests: writes the SMS to the log. A real gateway implements <see cref="ISmsSender"/>.</summary>
public sealed class LogSmsSender(ILogger<LogSmsSender> log) : ISmsSender
{
    public Task SendAsync(Guid messageId, string phone, string text, CancellationToken ct)
    {
        log.LogInformation("SMS {MessageId} (log only) to ***{Phone}: {Text}", messageId, phone.Length > 3 ? phone[^3..] : "", text);
        return Task.CompletedTask;
    }
}
