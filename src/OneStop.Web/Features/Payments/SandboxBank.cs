using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Domain.Payments;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Payments;

/// <summary>What the payer does at the sandbox bank.</summary>
public enum SandboxOutcome
{
    /// <summary>Pays; the notification is sent at once.</summary>
    Pay,
    /// <summary>Pays; the notification arrives later than the browser (it is held for a while).</summary>
    PayDelayed,
    /// <summary>Pays; the bank sends the notification twice.</summary>
    PayTwice,
    /// <summary>The bank refuses (insufficient funds, VNPay code 51).</summary>
    Fail,
    /// <summary>The payer cancels at the bank (VNPay code 24).</summary>
    Cancel,
}

/// <summary>
/// OneStop's built-in sandbox bank: plays VNPay 2.1.0 for the "sandbox" gateway so that the whole payment flow runs on a
/// fresh machine. It checks the merchant's signed request like VNPay, then answers with a signed notification (IPN) over
/// HTTP to OneStop's IPN endpoint, and a signed browser return. Only on outside Production (<see cref="PaymentOptions.Sandbox"/>).
/// </summary>
public sealed class SandboxBank(OneStopDbContext db, IOptions<PaymentOptions> options, IOptions<OneStopOptions> settings, IHttpClientFactory http, TimeProvider clock, ILogger<SandboxBank> log)
{
    public const string HttpClientName = "payment-sandbox";

    public GatewayOptions? Gateway => options.Value.Sandbox ? options.Value.Gateway(PaymentOptions.SandboxKey) : null;

    /// <summary>The order in a request, or the reason the bank refuses it.</summary>
    public (IReadOnlyDictionary<string, string>? Order, string? Error) Check(IReadOnlyDictionary<string, string> fields)
    {
        if (Gateway is not { } g)
        {
            return (null, "off");
        }

        if (!VnPay.Verify(fields, g.Secret) || fields.GetValueOrDefault("vnp_TmnCode") != g.MerchantCode || fields.GetValueOrDefault("vnp_Command") != "pay")
        {
            return (null, "Chữ ký của yêu cầu thanh toán không hợp lệ (mã 97). / The payment request's signature is invalid.");
        }

        if (VnPay.FromVnPayAmount(fields.GetValueOrDefault("vnp_Amount")) is not > 0)
        {
            return (null, "Số tiền không hợp lệ. / Invalid amount.");
        }

        // The sandbox's secret is public, so it only ever returns to the portal it is part of: its public address, not
        // whatever Host the request to the bank's page named.
        if (!Uri.TryCreate(fields.GetValueOrDefault("vnp_ReturnUrl"), UriKind.Absolute, out var back) ||
            !string.Equals(back.GetLeftPart(UriPartial.Authority), settings.Value.PublicBase().GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
        {
            return (null, "Địa chỉ trả về không thuộc cổng dịch vụ công này. / The return address is not this portal's.");
        }

        if (DateTime.TryParseExact(fields.GetValueOrDefault("vnp_ExpireDate"), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expires) &&
            new DateTimeOffset(expires, TimeSpan.FromHours(7)) < clock.GetUtcNow())
        {
            return (null, "Giao dịch đã quá thời gian chờ thanh toán (mã 11). / The payment has expired.");
        }

        return (fields, null);
    }

    /// <summary>Carries out the payer's choice: sends (or holds) the notification and gives the browser's return address.</summary>
    public async Task<Uri> CompleteAsync(IReadOnlyDictionary<string, string> order, SandboxOutcome outcome, CancellationToken ct)
    {
        var g = Gateway ?? throw new InvalidOperationException("The sandbox bank is off.");
        var now = clock.GetUtcNow();
        var (response, status) = outcome switch
        {
            SandboxOutcome.Fail => ("51", "02"),
            SandboxOutcome.Cancel => ("24", "02"),
            _ => ("00", "00"),
        };
        var result = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vnp_TmnCode"] = g.MerchantCode,
            ["vnp_Amount"] = order["vnp_Amount"],
            ["vnp_BankCode"] = "NCB",
            ["vnp_CardType"] = "ATM",
            ["vnp_OrderInfo"] = order.GetValueOrDefault("vnp_OrderInfo", ""),
            ["vnp_PayDate"] = now.ToOffset(TimeSpan.FromHours(7)).ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture),
            ["vnp_ResponseCode"] = response,
            ["vnp_TransactionNo"] = (now.ToUnixTimeMilliseconds() % 100_000_000).ToString(CultureInfo.InvariantCulture),
            ["vnp_TransactionStatus"] = status,
            ["vnp_TxnRef"] = order["vnp_TxnRef"],
        };
        if (outcome != SandboxOutcome.Cancel)
        {
            result["vnp_BankTranNo"] = "VNP" + result["vnp_TransactionNo"];
        }

        var query = VnPay.Canonical(result) + "&" + VnPay.SecureHashType + "=HmacSHA512&" + VnPay.SecureHash + "=" + VnPay.Sign(result, g.Secret);
        // Notified at the portal's public address (never the request's Host), as a real bank is configured with it.
        var ipn = new Uri(settings.Value.PublicBase(), $"api/v1/payments/{PaymentOptions.SandboxKey}/ipn?{query}");
        switch (outcome)
        {
            case SandboxOutcome.PayDelayed:
                db.SandboxBankNotices.Add(new SandboxBankNotice { Url = ipn.AbsoluteUri, DueAt = now.AddSeconds(options.Value.SandboxDelaySeconds) });
                await db.SaveChangesAsync(ct);
                break;
            case SandboxOutcome.PayTwice:
                await SendAsync(ipn, ct);
                await SendAsync(ipn, ct);
                break;
            default:
                await SendAsync(ipn, ct);
                break;
        }

        return new Uri(order["vnp_ReturnUrl"].Split('?')[0] + "?" + query);
    }

    /// <summary>Sends the held notifications that are due (the background job calls this; tests call it after moving the clock).</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var due = await db.SandboxBankNotices.AsNoTracking().Where(n => n.SentAt == null && n.DueAt <= now).OrderBy(n => n.DueAt).Take(20).ToListAsync(ct);
        var sent = 0;
        foreach (var notice in due)
        {
            // Claimed by a conditional update, so two instances never both send one notice.
            if (await db.SandboxBankNotices.Where(n => n.Id == notice.Id && n.SentAt == null).ExecuteUpdateAsync(u => u.SetProperty(n => n.SentAt, now), ct) != 1)
            {
                continue;
            }

            if (await SendAsync(new Uri(notice.Url), ct))
            {
                sent++;
            }
            else if (notice.Attempts < 10)
            {
                await db.SandboxBankNotices.Where(n => n.Id == notice.Id).ExecuteUpdateAsync(u => u
                    .SetProperty(n => n.SentAt, (DateTimeOffset?)null).SetProperty(n => n.Attempts, notice.Attempts + 1).SetProperty(n => n.DueAt, now.AddSeconds(10)), ct);
            }
        }

        return sent;
    }

    private async Task<bool> SendAsync(Uri ipn, CancellationToken ct)
    {
        try
        {
            using var response = await http.CreateClient(HttpClientName).GetAsync(ipn, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            log.LogInformation("Sandbox bank IPN {Path} answered {Status} {Body}", ipn.AbsolutePath, (int)response.StatusCode, body);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException ex)
        {
            log.LogWarning(ex, "Sandbox bank could not deliver the IPN to {Host}", ipn.Authority);
            return false;
        }
    }
}

/// <summary>Background work of payments: the expiry pass every minute, and the sandbox bank's delayed notifications when it is on.</summary>
public sealed class PaymentJobs(IServiceScopeFactory scopes, IOptions<PaymentOptions> options, ILogger<PaymentJobs> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        var tick = 0;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (options.Value.Sandbox)
                {
                    await scope.ServiceProvider.GetRequiredService<SandboxBank>().SendDueAsync(stoppingToken);
                }

                if (tick++ % 30 == 0)
                {
                    await scope.ServiceProvider.GetRequiredService<PaymentService>().ExpireAsync(stoppingToken);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                log.LogWarning(ex, "Payment job failed; trying again");
            }
        }
    }
}
