using OneStop.Domain.Catalogue;
using OneStop.Domain.Payments;

namespace OneStop.Domain.Tests;

public sealed class VnPayTests
{
    private const string Secret = "SECRETKEYFORTESTS0123456789ABCDE";

    private static Dictionary<string, string> Fields() => new(StringComparer.Ordinal)
    {
        ["vnp_Version"] = "2.1.0",
        ["vnp_Command"] = "pay",
        ["vnp_TmnCode"] = "ONESTOP1",
        ["vnp_Amount"] = "1000000",
        ["vnp_CurrCode"] = "VND",
        ["vnp_TxnRef"] = "TT-000.01.21.H26-261123-0001-1",
        ["vnp_OrderInfo"] = "Le phi ho so 000.01.21.H26-261123-0001",
        ["vnp_OrderType"] = "other",
        ["vnp_Locale"] = "vn",
        ["vnp_ReturnUrl"] = "https://dichvucong.hanoi.test/thanh-toan/ket-qua",
        ["vnp_IpAddr"] = "203.0.113.7",
        ["vnp_CreateDate"] = "20261123103000",
    };

    [Fact]
    public void The_signed_string_is_sorted_and_url_encoded_and_the_hash_matches_an_independent_computation()
    {
        // Expected values computed with Python's hmac/hashlib and urllib.parse.quote_plus over the same fields.
        Assert.Equal(
            "vnp_Amount=1000000&vnp_Command=pay&vnp_CreateDate=20261123103000&vnp_CurrCode=VND&vnp_IpAddr=203.0.113.7&vnp_Locale=vn&vnp_OrderInfo=Le+phi+ho+so+000.01.21.H26-261123-0001&vnp_OrderType=other&vnp_ReturnUrl=https%3A%2F%2Fdichvucong.hanoi.test%2Fthanh-toan%2Fket-qua&vnp_TmnCode=ONESTOP1&vnp_TxnRef=TT-000.01.21.H26-261123-0001-1&vnp_Version=2.1.0",
            VnPay.Canonical(Fields()));
        Assert.Equal("b59d34b7ffde9aac7af8b2581ba7bf44d39a832b9a21ba100f97db6399976419ae74c394ceffc918539a0ac3d714e590ce06148b8e8373d5628d56e62a48fc42",
            VnPay.Sign(Fields(), Secret));
    }

    [Fact]
    public void A_signed_notice_verifies_and_any_change_breaks_it()
    {
        var fields = Fields();
        fields[VnPay.SecureHash] = VnPay.Sign(fields, Secret);
        fields[VnPay.SecureHashType] = "HmacSHA512";
        Assert.True(VnPay.Verify(fields, Secret));
        Assert.False(VnPay.Verify(fields, Secret + "x"));

        var tampered = new Dictionary<string, string>(fields) { ["vnp_Amount"] = "100000" };
        Assert.False(VnPay.Verify(tampered, Secret));
        var unsigned = new Dictionary<string, string>(fields);
        unsigned.Remove(VnPay.SecureHash);
        Assert.False(VnPay.Verify(unsigned, Secret));
        // Upper-case hex from the gateway is the same signature.
        var upper = new Dictionary<string, string>(fields) { [VnPay.SecureHash] = fields[VnPay.SecureHash].ToUpperInvariant() };
        Assert.True(VnPay.Verify(upper, Secret));
    }

    [Fact]
    public void The_payment_url_carries_the_amount_times_100_in_vietnam_time_and_verifies()
    {
        var order = new VnPayOrder("ONESTOP1", "TT-1", 50_000, "Lệ phí hồ sơ 000.01.21.H26-261123-0001", new Uri("https://dichvucong.hanoi.test/thanh-toan/ket-qua"),
            "203.0.113.7", new DateTimeOffset(2026, 11, 23, 3, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 23, 3, 45, 0, TimeSpan.Zero));
        var url = VnPay.PaymentUrl(new Uri("https://sandbox.vnpayment.vn/paymentv2/vpcpay.html"), order, Secret);
        var query = url.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2))
            .ToDictionary(p => System.Net.WebUtility.UrlDecode(p[0]), p => System.Net.WebUtility.UrlDecode(p[1]), StringComparer.Ordinal);
        Assert.Equal("5000000", query["vnp_Amount"]);
        Assert.Equal("20261123103000", query["vnp_CreateDate"]);
        Assert.Equal("20261123104500", query["vnp_ExpireDate"]);
        Assert.Equal("Lệ phí hồ sơ 000.01.21.H26-261123-0001", query["vnp_OrderInfo"]);
        Assert.True(VnPay.Verify(query, Secret));
    }

    [Theory]
    [InlineData("5000000", 50_000L)]
    [InlineData("0", 0L)]
    [InlineData("5000050", null)]
    [InlineData("-100", null)]
    [InlineData("abc", null)]
    [InlineData(null, null)]
    public void Amounts_come_back_from_hundredths_only_when_whole(string? value, long? vnd) => Assert.Equal(vnd, VnPay.FromVnPayAmount(value));
}

public sealed class PaymentRulesTests
{
    private static readonly PaymentNotice Good = new(SignatureValid: true, AmountVnd: 50_000, Succeeded: true);

    [Fact]
    public void A_good_notice_pays_a_pending_payment_and_moves_the_dossier_once()
    {
        var first = PaymentRules.Decide(PaymentStatus.Pending, 50_000, dossierAwaitsPayment: true, Good);
        Assert.Equal(("00", PaymentStatus.Paid, true), (first.RspCode, first.NewStatus, first.ConfirmsDossier));
        // The same notice again (duplicate, replay, or a retry after our answer was lost) changes nothing.
        var again = PaymentRules.Decide(PaymentStatus.Paid, 50_000, dossierAwaitsPayment: false, Good);
        Assert.Equal(("02", (PaymentStatus?)null, false), (again.RspCode, again.NewStatus, again.ConfirmsDossier));
    }

    [Theory]
    [InlineData(false, 50_000L, true, "97")]
    [InlineData(true, 49_999L, true, "04")]
    [InlineData(true, null, true, "04")]
    public void Forged_or_wrong_notices_change_nothing(bool signatureValid, long? amount, bool succeeded, string code)
    {
        var d = PaymentRules.Decide(PaymentStatus.Pending, 50_000, true, new PaymentNotice(signatureValid, amount, succeeded));
        Assert.Equal(code, d.RspCode);
        Assert.False(d.ChangesSomething);
        Assert.False(d.ConfirmsDossier);
    }

    [Fact]
    public void A_bad_signature_is_reported_before_anything_else_even_for_an_unknown_order()
    {
        Assert.Equal("97", PaymentRules.Decide(null, 0, false, Good with { SignatureValid = false }).RspCode);
        Assert.Equal("01", PaymentRules.Decide(null, 0, false, Good).RspCode);
    }

    [Fact]
    public void A_failure_from_the_bank_marks_the_payment_failed_and_a_late_success_after_it_changes_nothing()
    {
        var failed = PaymentRules.Decide(PaymentStatus.Pending, 50_000, true, Good with { Succeeded = false });
        Assert.Equal(("00", PaymentStatus.Failed, false), (failed.RspCode, failed.NewStatus, failed.ConfirmsDossier));
        // Notices arriving out of order: the success after the failure is already decided.
        Assert.Equal("02", PaymentRules.Decide(PaymentStatus.Failed, 50_000, true, Good).RspCode);
    }

    [Theory]
    [InlineData(PaymentStatus.Pending, false)]
    [InlineData(PaymentStatus.Cancelled, true)]
    [InlineData(PaymentStatus.Cancelled, false)]
    public void Money_for_a_dossier_that_no_longer_waits_is_flagged_for_refund_not_accepted(PaymentStatus current, bool awaits)
    {
        var d = PaymentRules.Decide(current, 50_000, awaits, Good);
        Assert.Equal(("00", PaymentStatus.RefundNeeded, false), (d.RspCode, d.NewStatus, d.ConfirmsDossier));
        Assert.Equal("02", PaymentRules.Decide(PaymentStatus.RefundNeeded, 50_000, awaits, Good).RspCode);
    }
}

public sealed class NationalPaymentPlatformTests
{
    [Fact]
    public void The_check_is_sha256_of_the_pipe_joined_fields_and_the_secret()
    {
        // Expected value computed with Python's hashlib over "INIT|1.0|HN-ONESTOP|TT-1|50000|bi-mat".
        Assert.Equal("d685881a61297ba03641c58a5dd7766e3a43e6d0bccfcc810a804b8d093c615b",
            NationalPaymentPlatform.MaXacThuc(["INIT", "1.0", "HN-ONESTOP", "TT-1", "50000"], "bi-mat"));
        var message = new Dictionary<string, string>
        {
            ["LoaiBanTin"] = "INIT", ["PhienBan"] = "1.0", ["MaDoiTac"] = "HN-ONESTOP", ["MaThamChieu"] = "TT-1", ["SoTien"] = "50000",
            ["MaXacThuc"] = "d685881a61297ba03641c58a5dd7766e3a43e6d0bccfcc810a804b8d093c615b",
        };
        Assert.True(NationalPaymentPlatform.Verify(message, NationalPaymentPlatform.InitFields, "bi-mat"));
        Assert.False(NationalPaymentPlatform.Verify(new Dictionary<string, string>(message) { ["SoTien"] = "5000" }, NationalPaymentPlatform.InitFields, "bi-mat"));
    }
}

public sealed class FeeTests
{
    [Fact]
    public void The_default_lines_add_up_exemptions_cost_nothing_and_an_unknown_amount_cannot_be_paid_online()
    {
        var quote = Fees.Quote([new Fee("Phí chứng thực", 10_000, Default: true), new Fee("Lệ phí", 50_000, Exemption: "Hộ nghèo", Default: true),
            new Fee("Lệ phí khai sinh đúng hạn", 0, Note: "Miễn", Default: true), new Fee("Bản sao thêm", 5_000)]);
        Assert.Equal(10_000, quote.TotalVnd);
        Assert.True(quote.Complete);
        Assert.False(quote.Free);
        Assert.Equal(3, quote.Lines.Count);
        Assert.Equal("Hộ nghèo", quote.Lines[1].Reason);
        Assert.Equal("Miễn", quote.Lines[2].Reason);
        Assert.True(Fees.Quote([new Fee("Lệ phí khai sinh đúng hạn", 0, Default: true)]).Free);
        var unknown = Fees.Quote([new Fee("Lệ phí theo quy định", null, Default: true)]);
        Assert.False(unknown.Complete);
        Assert.False(unknown.Free);
        Assert.True(Fees.Quote([new Fee("Không thu mặc định", 9_000)]).Free);
    }

    [Fact]
    public void An_officer_chooses_lines_and_quantities_and_sets_amounts_the_catalogue_lacks()
    {
        Fee[] fees = [new("Phí cung cấp thông tin", 200_000, Default: true), new("Sinh viên", 100_000), new("Phiếu thứ 3 trở đi", 5_000), new("Theo quy định", null)];
        var quote = Fees.Quote(fees, new Dictionary<int, int> { [1] = 1, [2] = 3, [3] = 2, [7] = 1, [0] = 0 }, new Dictionary<int, long> { [3] = 8_000, [1] = 1 });
        Assert.Equal([1, 2, 3], quote.Lines.Select(l => l.Index));
        Assert.Equal(100_000 + 15_000 + 16_000, quote.TotalVnd);
        Assert.True(quote.Complete);
        Assert.False(Fees.Quote(fees, new Dictionary<int, int> { [3] = 1 }, null).Complete);
    }

    /// <summary>Quantities and amounts as an officer may type them: a line or the sum beyond Int64 is held at long.MaxValue, never an overflow.</summary>
    [Theory]
    [InlineData(int.MaxValue, long.MaxValue, 0, long.MaxValue)]
    [InlineData(2, 5_000_000_000_000_000_000, 0, long.MaxValue)]
    [InlineData(1, 5_000_000_000_000_000_000, 1, long.MaxValue)]
    [InlineData(int.MaxValue, 200_000, 0, 429_496_729_400_000)]
    [InlineData(3, 1_000, 1, 3_000 + 5_000_000_000_000_000_000)]
    public void Overflowing_quantities_and_amounts_are_held_at_the_largest_total(int quantity, long setAmount, int secondLine, long total)
    {
        Fee[] fees = [new("Theo quy định", null), new("Hồ sơ đặc biệt", 5_000_000_000_000_000_000)];
        var quantities = new Dictionary<int, int> { [0] = quantity };
        if (secondLine > 0)
        {
            quantities[1] = secondLine;
        }

        var quote = Fees.Quote(fees, quantities, new Dictionary<int, long> { [0] = setAmount });
        Assert.Equal(total, quote.TotalVnd);
        Assert.True(quote.TotalVnd > Fees.MaxTotalVnd);
    }
}

public sealed class VietnameseMoneyTests
{
    [Theory]
    [InlineData(0, "Không đồng")]
    [InlineData(5_000, "Năm nghìn đồng")]
    [InlineData(15_000, "Mười lăm nghìn đồng")]
    [InlineData(21_000, "Hai mươi mốt nghìn đồng")]
    [InlineData(50_000, "Năm mươi nghìn đồng")]
    [InlineData(68_000, "Sáu mươi tám nghìn đồng")]
    [InlineData(135_000, "Một trăm ba mươi lăm nghìn đồng")]
    [InlineData(200_000, "Hai trăm nghìn đồng")]
    [InlineData(1_000_000, "Một triệu đồng")]
    [InlineData(1_005_000, "Một triệu không trăm linh năm nghìn đồng")]
    [InlineData(2_024_104, "Hai triệu không trăm hai mươi tư nghìn một trăm linh bốn đồng")]
    public void Receipts_write_amounts_in_words(long vnd, string words) => Assert.Equal(words, OneStop.Domain.Text.VietnameseMoney.InWords(vnd));
}
