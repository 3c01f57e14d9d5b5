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
/// Development: notes in the log that an e-mail was not sent (OneStop:Smtp:Host empty) — its id, the masked address,
/// the subject and the body's length, never the body: bodies carry tracking links, personal data and password links.
/// To read development e-mails, point OneStop:Smtp at a local mail catcher. Elsewhere it refuses (the delivery retries
/// and records the error), so no message is reported sent that was not.
/// </summary>
public sealed class LogMailSender(ILogger<LogMailSender> log, IHostEnvironment env) : IMailSender
{
    public Task SendAsync(Guid messageId, string to, string subject, string body, CancellationToken ct)
    {
        if (!env.IsDevelopment())
        {
            // Not pretending: the row stays pending and is retried, so nothing is lost until a host is configured.
            throw new InvalidOperationException("OneStop:Smtp:Host is empty: e-mail cannot be sent outside Development.");
        }

        log.LogInformation("E-mail {MessageId} not sent (no SMTP host configured) to {To}: {Subject} ({Length} characters, body not logged)",
            messageId, LogMasks.Email(to), subject, body.Length);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Development: notes in the log that an SMS was not sent (no gateway yet) — its id, the last digits of the number and
/// the text's length, never the text (it carries the tracking link with its key). Elsewhere it refuses like
/// <see cref="LogMailSender"/>: the message waits in the outbox, retried, until a gateway adapter replaces this one.
/// </summary>
public sealed class LogSmsSender(ILogger<LogSmsSender> log, IHostEnvironment env) : ISmsSender
{
    public Task SendAsync(Guid messageId, string phone, string text, CancellationToken ct)
    {
        if (!env.IsDevelopment())
        {
            throw new InvalidOperationException("No SMS gateway is configured: SMS cannot be sent outside Development.");
        }

        log.LogInformation("SMS {MessageId} not sent (no SMS gateway) to {Phone} ({Length} characters, text not logged)", messageId, LogMasks.Phone(phone), text.Length);
        return Task.CompletedTask;
    }
}

/// <summary>How the development senders show a recipient in the log: enough to tell messages apart, not to contact anyone.</summary>
public static class LogMasks
{
    public static string Email(string email) => email.IndexOf('@', StringComparison.Ordinal) is var at and > 1 ? email[0] + "***" + email[at..] : "***";

    public static string Phone(string phone) => "***" + (phone.Length > 3 ? phone[^3..] : "");
}
