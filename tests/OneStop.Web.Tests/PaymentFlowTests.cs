using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using OneStop.Web.Documents.Signing;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Notifications;
using OneStop.Web.Features.Payments;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>What the payment tests share: a procedure with fees, filing, starting a payment, signed notifications, the bank's page.</summary>
public abstract class PaymentTestBase<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    protected const long Fee = 50_000;

    protected TApp App => app;

    /// <summary>A published procedure of the demo commune with a 50,000 VND default fee, an extra-copy line and a line without an amount.</summary>
    protected async Task<string> PublishAsync(PaymentTiming timing)
    {
        var code = Fixtures.UniqueCode("PAY");
        var content = Fixtures.Procedure(code) with
        {
            Fees = [new Fee("Lệ phí cấp giấy phép", Fee, Default: true), new Fee("Bản sao thêm", 5_000), new Fee("Lệ phí theo quy định", null)],
            PaymentTiming = timing,
        };
        using var scope = app.Services.CreateScope();
        var writer = scope.ServiceProvider.GetRequiredService<CatalogueWriter>();
        await writer.SaveDraftAsync(content, "test", null, default);
        await writer.PublishAsync(code, null, "test", default);
        return code;
    }

    protected async Task<DossierView> FileAsync(HttpClient citizen, string code)
    {
        var commune = await DemoCommuneIdAsync(app.Services);
        var created = await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(code, commune, new() { ["fullName"] = "Nguyễn Văn An" }, null), Json);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var draft = (await created.Content.ReadFromJsonAsync<DossierView>(Json))!;
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "don.pdf" } })
        {
            (await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft.Id}/files?document=0", UriKind.Relative), form)).EnsureSuccessStatusCode();
        }

        var submitted = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft.Id}/submit", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, submitted.StatusCode);
        return (await submitted.Content.ReadFromJsonAsync<DossierView>(Json))!;
    }

    protected async Task<Dossier> StoredAsync(Guid id)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Dossiers.AsNoTracking().FirstAsync(d => d.Id == id);
    }

    protected async Task<List<Payment>> PaymentsAsync(Guid dossier)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().Payments.AsNoTracking().Where(p => p.DossierId == dossier).OrderBy(p => p.CreatedAt).ToListAsync();
    }

    protected async Task<List<DossierEvent>> EventsAsync(Guid dossier, DossierAction action)
    {
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().DossierEvents.AsNoTracking().Where(e => e.DossierId == dossier && e.Action == action).ToListAsync();
    }

    /// <summary>Starts a payment as the applicant; returns the order reference and the gateway address.</summary>
    protected static async Task<(string Reference, Uri Url)> StartAsync(HttpClient citizen, Guid dossier)
    {
        var r = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{dossier}/payments", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var url = new Uri((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentUrl").GetString()!);
        return (QueryHelpers.ParseQuery(url.Query)["vnp_TxnRef"].ToString(), url);
    }

    /// <summary>A notification as VNPay (here: the sandbox merchant) would sign it.</summary>
    protected static string Ipn(string reference, long amountVnd, string response = "00", string? secret = null, string transactionNo = "14000001")
    {
        var f = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["vnp_TmnCode"] = "ONESTOP0",
            ["vnp_Amount"] = (amountVnd * 100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["vnp_BankCode"] = "NCB",
            ["vnp_OrderInfo"] = "Nop phi ho so",
            ["vnp_PayDate"] = "20261123100000",
            ["vnp_ResponseCode"] = response,
            ["vnp_TransactionNo"] = transactionNo,
            ["vnp_TransactionStatus"] = response == "00" ? "00" : "02",
            ["vnp_TxnRef"] = reference,
        };
        return $"/api/v1/payments/sandbox/ipn?{VnPay.Canonical(f)}&vnp_SecureHashType=HmacSHA512&vnp_SecureHash={VnPay.Sign(f, secret ?? PaymentOptions.SandboxSecret)}";
    }

    /// <summary>Sends a notification as the gateway's server does (no cookies) and returns OneStop's RspCode.</summary>
    protected async Task<string> NotifyAsync(string url)
    {
        var r = await app.Client().GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("RspCode").GetString()!;
    }

    /// <summary>The payer at the sandbox bank: opens the signed order page and chooses an outcome; returns where the bank sends the browser.</summary>
    protected static async Task<Uri> AtTheBankAsync(HttpClient browser, Uri paymentUrl, SandboxOutcome outcome)
    {
        var page = await browser.GetAsync(new Uri(paymentUrl.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("50.000 đồng", html, StringComparison.Ordinal);
        var fields = QueryHelpers.ParseQuery(paymentUrl.Query).Select(kv => new KeyValuePair<string, string>(kv.Key, kv.Value.ToString()))
            .Append(new("outcome", outcome.ToString())).Append(new("__RequestVerificationToken", OneStopAppFactory.Token(html)));
        using var form = new FormUrlEncodedContent(fields);
        var done = await browser.PostAsync(new Uri("/ngan-hang-thu-nghiem", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        return done.Headers.Location!;
    }

}

/// <summary>
/// Paying a dossier's fees online, end to end over HTTP: the signed redirect to the sandbox bank, the bank's signed
/// notification (IPN) as the only thing that makes a payment paid, the IPN answer matrix, the receipt signed like a
/// result, refunds and the daily reconciliation. On SQLite and on PostgreSQL.
/// </summary>
public abstract class PaymentFlowTests<TApp>(TApp app) : PaymentTestBase<TApp>(app) where TApp : OneStopAppFactory
{

    [Fact]
    public async Task Fees_due_at_submission_are_paid_at_the_sandbox_bank_the_desk_receives_only_then_and_the_receipt_is_signed()
    {
        var code = await PublishAsync(PaymentTiming.AtSubmission);
        var citizen = await App.SignInAsync(CitizenA);
        var desk = await App.SignInAsync(Desk);
        var d = await FileAsync(citizen, code);
        var stored = await StoredAsync(d.Id);
        Assert.Equal(Fee, stored.FeeDueVnd);
        Assert.Equal(DossierStatus.Registered, stored.Status);

        // The applicant is told what to pay (e-mail, SMS, in-app), in the submission's transaction.
        using (var scope = App.Services.CreateScope())
        {
            var rows = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.AsNoTracking()
                .Where(m => m.DossierId == d.Id && m.EventKey == NotificationTemplates.PaymentRequested).ToListAsync();
            Assert.Contains(rows, m => m.Channel == NotificationChannel.InApp && m.Body.Contains("50.000", StringComparison.Ordinal));
        }

        // Unpaid: the desk cannot receive it yet.
        var early = await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative), new { }, Json);
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);

        // Another citizen can neither pay it nor see its payments.
        var other = await App.SignInAsync(CitizenB);
        Assert.Equal(HttpStatusCode.NotFound, (await other.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/payments", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri($"/api/v1/dossiers/{d.Id}/payments", UriKind.Relative))).StatusCode);

        var (reference, url) = await StartAsync(citizen, d.Id);
        Assert.Equal("/ngan-hang-thu-nghiem", url.AbsolutePath);
        Assert.True(VnPay.Verify(QueryHelpers.ParseQuery(url.Query).ToDictionary(q => q.Key, q => q.Value.ToString()), PaymentOptions.SandboxSecret));
        Assert.Equal((Fee * 100).ToString(System.Globalization.CultureInfo.InvariantCulture), QueryHelpers.ParseQuery(url.Query)["vnp_Amount"].ToString());

        var back = await AtTheBankAsync(citizen, url, SandboxOutcome.Pay);
        Assert.StartsWith("/thanh-toan/ket-qua/sandbox", back.AbsolutePath, StringComparison.Ordinal);
        var shown = await citizen.GetStringAsync(new Uri(back.PathAndQuery, UriKind.Relative));
        Assert.Contains("Thanh toán thành công", shown, StringComparison.Ordinal);

        var payment = Assert.Single(await PaymentsAsync(d.Id));
        Assert.Equal(reference, payment.Reference);
        Assert.Equal(PaymentStatus.Paid, payment.Status);
        Assert.Equal($"{d.Code}-BL1", payment.ReceiptNumber);
        stored = await StoredAsync(d.Id);
        Assert.Equal(0, stored.FeeDueVnd);
        Assert.Equal(Fee, stored.FeePaidVnd);
        Assert.Equal("System", Assert.Single(await EventsAsync(d.Id, DossierAction.ConfirmPayment)).ActorRole);
        using (var scope = App.Services.CreateScope())
        {
            var received = await scope.ServiceProvider.GetRequiredService<OneStopDbContext>().NotificationOutbox.AsNoTracking()
                .Where(m => m.DossierId == d.Id && m.EventKey == NotificationTemplates.PaymentReceived).ToListAsync();
            Assert.Contains(received, m => m.Channel == NotificationChannel.InApp && m.Body.Contains($"{d.Code}-BL1", StringComparison.Ordinal) && m.Body.Contains("50.000", StringComparison.Ordinal));
        }


        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative), new { }, Json)).StatusCode);

        // The electronic receipt: signed with the commune's certificate, valid for pdfsig and for OneStop's verifier.
        var list = await citizen.GetFromJsonAsync<List<PaymentView>>(new Uri($"/api/v1/dossiers/{d.Id}/payments", UriKind.Relative), Json);
        var receiptUrl = Assert.Single(list!).ReceiptUrl!;
        var pdf = await citizen.GetByteArrayAsync(new Uri(receiptUrl, UriKind.Relative));
        Assert.Contains("Signature Validation: Signature is Valid.", await SigningTests<TApp>.PdfSig(pdf), StringComparison.Ordinal);
        using (var scope = App.Services.CreateScope())
        {
            var check = await scope.ServiceProvider.GetRequiredService<DocumentSigning>().VerifyAsync(pdf, CancellationToken.None);
            Assert.True(check.Valid, check.Last?.Problem);
            Assert.Equal($"{d.Code}-BL1", check.Last!.DocumentCode);
        }

        var text = PdfText(pdf);
        Assert.Contains("BIÊN LAI THU PHÍ, LỆ PHÍ", text, StringComparison.Ordinal);
        Assert.Contains("Năm mươi nghìn đồng", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(new Uri(receiptUrl, UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await desk.GetAsync(new Uri(receiptUrl, UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task The_notification_matrix_forged_wrong_amount_unknown_reordered_duplicate_and_replayed()
    {
        var code = await PublishAsync(PaymentTiming.AtSubmission);
        var citizen = await App.SignInAsync(CitizenA);
        var d = await FileAsync(citizen, code);
        var (first, _) = await StartAsync(citizen, d.Id);
        var (second, _) = await StartAsync(citizen, d.Id);
        var (third, _) = await StartAsync(citizen, d.Id);
        var before = (await StoredAsync(d.Id)).Version;

        // 97: a valid notification with its amount changed afterwards, or signed with another key.
        var valid = Ipn(second, Fee);
        Assert.Equal("97", await NotifyAsync(valid.Replace($"vnp_Amount={Fee * 100}", "vnp_Amount=100", StringComparison.Ordinal)));
        Assert.Equal("97", await NotifyAsync(Ipn(second, Fee, secret: "not-the-merchant-secret")));
        // 04: correctly signed, but not the amount of the order. 01: no such order.
        Assert.Equal("04", await NotifyAsync(Ipn(second, Fee - 1)));
        Assert.Equal("01", await NotifyAsync(Ipn("FFFFFFFFFFFFFFFF", Fee)));
        Assert.All(await PaymentsAsync(d.Id), p => Assert.Equal(PaymentStatus.Pending, p.Status));
        Assert.Equal(before, (await StoredAsync(d.Id)).Version);

        // The first attempt fails at the bank; a success arriving after it (reordered) changes nothing.
        Assert.Equal("00", await NotifyAsync(Ipn(first, Fee, response: "24")));
        Assert.Equal("02", await NotifyAsync(Ipn(first, Fee)));

        // The second is paid: the dossier moves once; a duplicate and a later replay are answered 02 and change nothing.
        Assert.Equal("00", await NotifyAsync(valid));
        var paid = await StoredAsync(d.Id);
        Assert.Equal(0, paid.FeeDueVnd);
        Assert.Equal("02", await NotifyAsync(valid));
        using (App.Clock.Shift(TimeSpan.FromHours(3)))
        {
            Assert.Equal("02", await NotifyAsync(valid));
        }

        Assert.Equal(paid.Version, (await StoredAsync(d.Id)).Version);
        Assert.Single(await EventsAsync(d.Id, DossierAction.ConfirmPayment));

        // The third attempt is paid too: the dossier no longer waits, so the money must go back (never silently kept).
        Assert.Equal("00", await NotifyAsync(Ipn(third, Fee, transactionNo: "14000003")));
        var payments = (await PaymentsAsync(d.Id)).ToDictionary(p => p.Reference);
        Assert.Equal(PaymentStatus.Failed, payments[first].Status);
        Assert.Equal(PaymentStatus.Paid, payments[second].Status);
        Assert.Equal(PaymentStatus.RefundNeeded, payments[third].Status);
        Assert.NotNull(payments[third].ReceiptNumber);
        Assert.Equal(paid.Version, (await StoredAsync(d.Id)).Version);

        // Every notification is on record; the refused ones are in the audit log.
        using (var scope = App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var answers = await db.PaymentNotices.AsNoTracking().Where(n => n.Reference == second).OrderBy(n => n.Id).Select(n => n.Answer).ToListAsync();
            Assert.Equal(["97", "97", "04", "00", "02", "02"], answers);
            Assert.True(await db.Set<OneStop.Web.Features.Audit.AuditEntry>().CountAsync(e => e.Event == "payment.notice.refused" && e.Subject == d.Code) >= 3);
        }

        // An unknown gateway is not found.
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(new Uri(valid.Replace("/sandbox/", "/khong-co/", StringComparison.Ordinal), UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Payment_asked_before_the_result_moves_the_dossier_back_to_processing_and_the_desk_can_take_cash()
    {
        var code = await PublishAsync(PaymentTiming.BeforeResult);
        var citizen = await App.SignInAsync(CitizenA);
        var desk = await App.SignInAsync(Desk);
        var specialist = await App.SignInAsync(Specialist);
        var d = await FileAsync(citizen, code);
        Assert.Equal(0, (await StoredAsync(d.Id)).FeeDueVnd);
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Receive", UriKind.Relative), new { }, Json)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await specialist.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Claim", UriKind.Relative), new { }, Json)).StatusCode);

        // A line without an amount must be given one; a total of zero is refused; nothing changes either time.
        var noAmount = await specialist.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/RequestPayment", UriKind.Relative),
            new { feeQuantities = new Dictionary<int, int> { [2] = 1 } }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, noAmount.StatusCode);
        var zero = await specialist.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/RequestPayment", UriKind.Relative),
            new { feeQuantities = new Dictionary<int, int> { [0] = 0 } }, Json);
        Assert.Equal(HttpStatusCode.BadRequest, zero.StatusCode);
        Assert.Equal(DossierStatus.Processing, (await StoredAsync(d.Id)).Status);

        var asked = await specialist.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/RequestPayment", UriKind.Relative),
            new { feeQuantities = new Dictionary<int, int> { [0] = 1, [1] = 2, [2] = 1 }, feeAmounts = new Dictionary<int, long> { [2] = 8_000 } }, Json);
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        var paying = await StoredAsync(d.Id);
        Assert.Equal(DossierStatus.AwaitingPayment, paying.Status);
        Assert.Equal(Fee + 10_000 + 8_000, paying.FeeDueVnd);
        Assert.Equal(3, paying.FeeLines.Count);

        // The desk takes it in cash: receipt, back to processing at the step it was at.
        var cash = await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/ConfirmPayment", UriKind.Relative), new { note = "Tiền mặt" }, Json);
        Assert.Equal(HttpStatusCode.OK, cash.StatusCode);
        var back = await StoredAsync(d.Id);
        Assert.Equal(DossierStatus.Processing, back.Status);
        Assert.Equal(paying.Step, back.Step);
        Assert.Equal(68_000, back.FeePaidVnd);
        var payment = Assert.Single(await PaymentsAsync(d.Id));
        Assert.Equal(PaymentLedger.DeskGateway, payment.Gateway);
        Assert.Equal(PaymentStatus.Paid, payment.Status);

        // Nothing is due any more: paying online or confirming again is refused.
        Assert.Equal(HttpStatusCode.Conflict, (await citizen.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/payments", UriKind.Relative), null)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/ConfirmPayment", UriKind.Relative), new { }, Json)).StatusCode);
    }

    [Fact]
    public async Task Money_for_a_withdrawn_dossier_is_flagged_for_refund_shown_in_reconciliation_and_refunded_by_staff()
    {
        var code = await PublishAsync(PaymentTiming.AtSubmission);
        var citizen = await App.SignInAsync(CitizenA);
        var desk = await App.SignInAsync(Desk);
        var d = await FileAsync(citizen, code);
        var (reference, url) = await StartAsync(citizen, d.Id);
        Assert.Equal(HttpStatusCode.OK, (await citizen.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{d.Id}/actions/Withdraw", UriKind.Relative), new { }, Json)).StatusCode);

        // The payer was still at the bank and paid; the notification arrives late ("delayed IPN").
        var back = await AtTheBankAsync(citizen, url, SandboxOutcome.PayDelayed);
        Assert.Contains("Đang chờ ngân hàng xác nhận", await citizen.GetStringAsync(new Uri(back.PathAndQuery, UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await PaymentsAsync(d.Id)).Status);
        using (var scope = App.Services.CreateScope())
        {
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<SandboxBank>().SendDueAsync(CancellationToken.None));
        }

        using (App.Clock.Shift(TimeSpan.FromMinutes(1)))
        using (var scope = App.Services.CreateScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<SandboxBank>().SendDueAsync(CancellationToken.None));
        }

        var payment = Assert.Single(await PaymentsAsync(d.Id));
        Assert.Equal(PaymentStatus.RefundNeeded, payment.Status);
        Assert.Equal(DossierStatus.Withdrawn, (await StoredAsync(d.Id)).Status);
        Assert.Contains("Ngân hàng đã trừ tiền nhưng hồ sơ không còn chờ nộp phí", await citizen.GetStringAsync(new Uri(back.PathAndQuery, UriKind.Relative)), StringComparison.Ordinal);

        // The desk sees it in the reconciliation (page and Excel); an officer of another agency does not.
        var day = DateOnly.FromDateTime(payment.CreatedAt.ToOffset(TimeSpan.FromHours(7)).DateTime).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var page = await desk.GetStringAsync(new Uri($"/can-bo/doi-soat?ngay={day}", UriKind.Relative));
        Assert.Contains(reference, page, StringComparison.Ordinal);
        Assert.Contains("Giao dịch cần hoàn tiền", page, StringComparison.Ordinal);
        var police = await App.SignInAsync(Police);
        Assert.DoesNotContain(reference, await police.GetStringAsync(new Uri($"/can-bo/doi-soat?ngay={day}", UriKind.Relative)), StringComparison.Ordinal);
        var xlsx = await desk.GetByteArrayAsync(new Uri($"/can-bo/doi-soat?ngay={day}&xuat=xlsx", UriKind.Relative));
        using (var wb = new XLWorkbook(new MemoryStream(xlsx)))
        {
            var row = wb.Worksheet("DoiSoat").RowsUsed().Single(r => r.Cell(2).GetString() == reference);
            Assert.Equal("Sai lệch, cần hoàn tiền", row.Cell(1).GetString());
            Assert.Equal(Fee, row.Cell(6).GetValue<long>());
        }

        // Recording the refund needs a note, then marks it refunded once.
        Assert.Equal(HttpStatusCode.BadRequest, (await OneStopAppFactory.PostFormAsync(desk, $"/can-bo/doi-soat?ngay={day}", $"/can-bo/doi-soat?handler=Refund",
            [new("paymentId", payment.Id.ToString()), new("note", " ")])).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await OneStopAppFactory.PostFormAsync(desk, $"/can-bo/doi-soat?ngay={day}", $"/can-bo/doi-soat?handler=Refund",
            [new("paymentId", payment.Id.ToString()), new("note", "UNC số 123 ngày 23/11/2026")])).StatusCode);
        var refunded = Assert.Single(await PaymentsAsync(d.Id));
        Assert.Equal(PaymentStatus.Refunded, refunded.Status);
        Assert.Contains("UNC số 123", refunded.RefundNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_copies_of_one_notification_confirm_the_dossier_exactly_once()
    {
        var code = await PublishAsync(PaymentTiming.AtSubmission);
        var citizen = await App.SignInAsync(CitizenA);
        var d = await FileAsync(citizen, code);
        var (reference, _) = await StartAsync(citizen, d.Id);
        var url = Ipn(reference, Fee);
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => NotifyAsync(url)));
        Assert.Equal(1, answers.Count(a => a == "00"));
        Assert.Equal(7, answers.Count(a => a == "02"));
        Assert.Single(await EventsAsync(d.Id, DossierAction.ConfirmPayment));
        Assert.Equal(Fee, (await StoredAsync(d.Id)).FeePaidVnd);
    }

    [Fact]
    public async Task An_order_never_completed_is_given_up_after_its_expiry_and_money_arriving_later_goes_back()
    {
        var code = await PublishAsync(PaymentTiming.AtSubmission);
        var citizen = await App.SignInAsync(CitizenA);
        var d = await FileAsync(citizen, code);
        var (reference, _) = await StartAsync(citizen, d.Id);
        using (var scope = App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<PaymentService>().ExpireAsync(CancellationToken.None);
        }

        Assert.Equal(PaymentStatus.Pending, Assert.Single(await PaymentsAsync(d.Id)).Status);
        using (App.Clock.Shift(TimeSpan.FromMinutes(16) + PaymentService.ExpiryGrace))
        {
            using (var scope = App.Services.CreateScope())
            {
                Assert.True(await scope.ServiceProvider.GetRequiredService<PaymentService>().ExpireAsync(CancellationToken.None) >= 1);
            }

            Assert.Equal(PaymentStatus.Cancelled, Assert.Single(await PaymentsAsync(d.Id)).Status);
            // The applicant may try again; a success for the abandoned order is not kept.
            Assert.Equal("00", await NotifyAsync(Ipn(reference, Fee)));
        }

        Assert.Equal(PaymentStatus.RefundNeeded, Assert.Single(await PaymentsAsync(d.Id)).Status);
        Assert.Equal(Fee, (await StoredAsync(d.Id)).FeeDueVnd);
    }

    [Fact]
    public async Task The_browser_return_shows_but_never_changes_and_a_forged_return_is_refused()
    {
        var code = await PublishAsync(PaymentTiming.AtSubmission);
        var citizen = await App.SignInAsync(CitizenA);
        var d = await FileAsync(citizen, code);
        var (reference, _) = await StartAsync(citizen, d.Id);
        var signed = Ipn(reference, Fee).Replace("/api/v1/payments/sandbox/ipn", "/thanh-toan/ket-qua/sandbox", StringComparison.Ordinal);
        var shown = await citizen.GetStringAsync(new Uri(signed, UriKind.Relative));
        Assert.Contains("Đang chờ ngân hàng xác nhận", shown, StringComparison.Ordinal);
        Assert.Equal(PaymentStatus.Pending, Assert.Single(await PaymentsAsync(d.Id)).Status);
        var forged = await citizen.GetAsync(new Uri(signed.Replace("vnp_ResponseCode=00", "vnp_ResponseCode=24", StringComparison.Ordinal), UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(Fee, (await StoredAsync(d.Id)).FeeDueVnd);
    }
}

public sealed class SqlitePaymentFlowTests(SqliteApp app) : PaymentFlowTests<SqliteApp>(app);

public sealed class PostgresPaymentFlowTests(PostgresApp app) : PaymentFlowTests<PostgresApp>(app);

/// <summary>An app whose agencies collect through the national payment platform's message format.</summary>
public sealed class NationalPlatformApp() : OneStopAppFactory(postgres: false, seed: true)
{
    public const string Secret = "khoa-bi-mat-cua-doi-tac";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("OneStop:Payments:Sandbox", "false");
        builder.UseSetting("OneStop:Payments:DefaultGateway", "national");
        builder.UseSetting("OneStop:Payments:Gateways:national:Protocol", "NationalPlatform");
        builder.UseSetting("OneStop:Payments:Gateways:national:MerchantCode", "HNI-ONESTOP");
        builder.UseSetting("OneStop:Payments:Gateways:national:Secret", Secret);
        builder.UseSetting("OneStop:Payments:Gateways:national:PayUrl", "https://thanhtoan.dichvucong.gov.vn/pay");
    }
}

/// <summary>The national payment platform behind the same interface: INIT redirect and NOTIFY checked by MaXacThuc.</summary>
public sealed class NationalPlatformTests(NationalPlatformApp app) : PaymentTestBase<NationalPlatformApp>(app)
{
    [Fact]
    public async Task The_platform_redirect_carries_MaXacThuc_and_its_notification_is_checked_the_same_way()
    {
        var code = await PublishAsync(PaymentTiming.AtSubmission);
        var citizen = await App.SignInAsync(CitizenA);
        var d = await FileAsync(citizen, code);
        var r = await citizen.PostAsync(new Uri($"/api/v1/dossiers/{d.Id}/payments", UriKind.Relative), null);
        var url = new Uri((await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("paymentUrl").GetString()!);
        Assert.Equal("thanhtoan.dichvucong.gov.vn", url.Host);
        var q = QueryHelpers.ParseQuery(url.Query).ToDictionary(kv => kv.Key, kv => kv.Value.ToString());
        Assert.Equal("INIT", q["LoaiBanTin"]);
        Assert.True(NationalPaymentPlatform.Verify(q, NationalPaymentPlatform.InitFields, NationalPlatformApp.Secret));

        Dictionary<string, string> Notice(long amount, string secret)
        {
            var n = new Dictionary<string, string>
            {
                ["LoaiBanTin"] = "NOTIFY", ["PhienBan"] = NationalPaymentPlatform.Version, ["MaDoiTac"] = "HNI-ONESTOP", ["MaThamChieu"] = q["MaThamChieu"],
                ["SoTien"] = amount.ToString(System.Globalization.CultureInfo.InvariantCulture), ["MaKetQua"] = "00", ["MaGiaoDich"] = "NTT-1", ["ThoiGianThanhToan"] = "20261123100000",
            };
            n["MaXacThuc"] = NationalPaymentPlatform.MaXacThuc(NationalPaymentPlatform.NotifyFields.Select(f => n[f]), secret);
            return n;
        }

        async Task<string> SendAsync(Dictionary<string, string> body)
        {
            var answer = await App.Client().PostAsJsonAsync(new Uri("/api/v1/payments/national/ipn", UriKind.Relative), body);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            return (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("MaLoi").GetString()!;
        }

        Assert.Equal("97", await SendAsync(Notice(Fee, "khoa-khac")));
        Assert.Equal("04", await SendAsync(Notice(Fee + 1, NationalPlatformApp.Secret)));
        Assert.Equal("00", await SendAsync(Notice(Fee, NationalPlatformApp.Secret)));
        Assert.Equal("02", await SendAsync(Notice(Fee, NationalPlatformApp.Secret)));
        Assert.Equal(PaymentStatus.Paid, Assert.Single(await PaymentsAsync(d.Id)).Status);
        // The sandbox's VNPay endpoint does not exist for this app.
        Assert.Equal(HttpStatusCode.NotFound, (await App.Client().GetAsync(new Uri("/api/v1/payments/sandbox/ipn", UriKind.Relative))).StatusCode);
    }
}
