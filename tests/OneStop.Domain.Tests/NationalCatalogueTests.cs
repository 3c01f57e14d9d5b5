using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Tests;

/// <summary>The national catalogue's parsers against real texts of procedures-national-2026.json.gz (code in each comment).</summary>
public class NationalCatalogueTests
{
    public static TheoryData<string?, TimeLimitUnit?, int> TimeTexts => new()
    {
        { "7 Ngày làm việc", TimeLimitUnit.WorkingDays, 7 },     // 1.004222 Đăng ký thường trú
        { "15 Ngày", TimeLimitUnit.CalendarDays, 15 },
        { "30 Ngày", TimeLimitUnit.CalendarDays, 30 },
        { "1.5 Ngày làm việc", TimeLimitUnit.WorkingHours, 12 },
        { "8 Giờ", TimeLimitUnit.WorkingHours, 8 },
        { "Trong ngày", TimeLimitUnit.SameDay, 0 },
        { "6 Tháng", null, 0 },
        { "Không có thông tin", null, 0 },
        { null, null, 0 },
    };

    [Theory]
    [MemberData(nameof(TimeTexts))]
    public void Time_limits_are_read_from_the_source_text(string? text, TimeLimitUnit? unit, int amount)
    {
        var parsed = NationalTextParsers.TimeLimit(text);
        if (unit is null)
        {
            Assert.Null(parsed.Value);
            Assert.NotNull(parsed.Problem);
            return;
        }

        Assert.Null(parsed.Problem);
        Assert.Equal(unit, parsed.Value!.Unit);
        Assert.Equal(amount, parsed.Value.Amount);
        Assert.Equal(text, parsed.Value.Text);
    }

    public static TheoryData<string?, long?, bool> FeeTexts => new()
    {
        { "Miễn phí", 0L, false },
        { "Miễn phí(Không có)", 0L, false },
        { "500,000 Việt Nam Đồng", 500_000L, false },
        { "20,000 VNĐ", 20_000L, false },
        { "10,000 Việt Nam Đồng(10.000 đồng/khẩu-chiếc.)", 10_000L, false },
        // 1.000014: the portal dropped the thousands; the note says 20.000
        { "120 VNĐ(20.000 vnđ /tờ khai)", null, true },
        { "1 Việt Nam Đồng", null, true },
        { "165 USD(Thẻ tạm trú có thời hạn từ trên 05 năm đến 10 năm: 165 USD/thẻ.)", null, true },
        { "Miễn phí(20.000.000 đồng/lần)", null, true },
        { "Miễn phí(Theo quy định của Hội đồng nhân dân cấp tỉnh)", null, true },
        { "Trực tiếp: Không có thông tin(1)", null, true },
        { null, null, true },
    };

    [Theory]
    [MemberData(nameof(FeeTexts))]
    public void Fees_are_whole_VND_or_kept_as_text_and_flagged(string? text, long? amount, bool flagged)
    {
        var parsed = NationalTextParsers.Fee(text, SubmissionChannel.Online);
        Assert.Equal(flagged, parsed.Problem is not null);
        Assert.Equal(amount, parsed.Value?.AmountVnd);
        if (text is not null)
        {
            Assert.Equal(SubmissionChannel.Online, parsed.Value!.Channel);
        }
    }

    public static TheoryData<string, bool> DocumentRows => new()
    {
        { "b) Hóa đơn thương mại: 01 bản chụp;", false },
        { "- Bản thông tin xe cơ giới nhập khẩu theo mẫu quy định;", false },
        { "Đơn đăng ký đất đai, tài sản gắn liền với đất", false },
        { "Trường hợp thương nhân làm thủ tục lần đầu tại Chi cục Hải quan thì nộp thêm các giấy tờ sau: - Giấy phép kinh doanh xuất khẩu", true },
        { "+) Khi nộp hồ sơ tại UBND cấp xã, cần chứng minh nơi cư trú", false },
        { "Trường hợp thực hiện trên tờ khai điện tử thì không phải nộp bản giấy.", true },
    };

    [Theory]
    [MemberData(nameof(DocumentRows))]
    public void Notes_are_told_apart_from_documents(string row, bool note) =>
        Assert.Equal(note, NationalTextParsers.IsDocumentNote(row));

    [Theory]
    [InlineData("1 bản chính", 1)]
    [InlineData("1 bản chính,1 bản sao", 2)]
    [InlineData("0 bản chính,3 bản sao", 3)]
    [InlineData("0 bản chính", 1)]
    public void Copies_are_counted(string quantity, int copies) => Assert.Equal(copies, NationalTextParsers.Copies(quantity));

    /// <summary>1.004222 Đăng ký thường trú, as the file has it (texts shortened where marked).</summary>
    private static NationalProcedureRecord Residence() => new()
    {
        Code = "1.004222",
        Name = "Đăng ký thường trú",
        Field = "Đăng ký, quản lý cư trú",
        AgencyLevels = ["Cấp xã"],
        ImplementingAgency = "Công an cấp Xã",
        TimeLimitText = "7 Ngày làm việc",
        SubmissionMethods =
        [
            new("Trực tuyến", "7 Ngày làm việc", "10,000 Việt Nam Đồng(Trường hợp công dân nộp hồ sơ qua cổng dịch vụ công trực tuyến thu 10.000 đồng/lần đăng ký.)"),
            new("Trực tiếp", "7 Ngày làm việc", "20,000 Việt Nam Đồng(Trường hợp công dân thuộc diện được miễn phí …)"),
        ],
        DocumentDetails = [new("Đăng ký thường trú vào chỗ ở hợp pháp thuộc quyền sở hữu của mình", "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)", null, "1 bản chính")],
        Result = ["Cập nhật thông tin trong Cơ sở dữ liệu quốc gia về dân cư"],
        LegalBasisText = "Luật Cư trú 68/2020/QH14",
        Steps = "Bước 1: Cá nhân, tổ chức chuẩn bị hồ sơ theo quy định của pháp luật.",
        SourceUrl = "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-7704-7449-9e95-fe7ebb959aa2",
    };

    [Fact]
    public void A_clean_record_maps_with_fees_per_channel_and_no_issue()
    {
        var mapped = NationalCatalogueMapping.Map(Residence());
        var c = mapped.Content;
        Assert.False(mapped.NationalOnly);
        Assert.Equal([AgencyLevel.Commune], c.AgencyLevels);
        Assert.Equal(new TimeLimit(TimeLimitUnit.WorkingDays, 7, false, "7 Ngày làm việc"), c.TimeLimit);
        Assert.Empty(c.ChannelTimeLimits);
        Assert.Equal([(SubmissionChannel.Online, 10_000L), (SubmissionChannel.InPerson, 20_000L)], c.Fees.Select(f => (f.Channel!.Value, f.AmountVnd!.Value)));
        Assert.Equal("Tờ khai thay đổi thông tin cư trú (Mẫu CT01)", Assert.Single(c.Documents).Name);
        Assert.Empty(c.ReviewIssues);
        Assert.Equal(ServiceLevel.Information, c.ServiceLevel);
        Assert.Empty(CatalogueRules.ValidateForPublishing(c));
    }

    [Fact]
    public void Different_limits_per_channel_are_kept_and_cases_named_for_review()
    {
        // 1.000028: two rows per channel, by case
        var record = Residence() with
        {
            SubmissionMethods =
            [
                new("Trực tiếp", "1 Ngày làm việc", "Miễn phí"), new("Trực tiếp", "1 Ngày làm việc", "Miễn phí"),
                new("Trực tuyến", "2 Ngày làm việc", "Miễn phí"), new("Trực tuyến", "1 Ngày làm việc", "Miễn phí"),
            ],
        };
        var c = NationalCatalogueMapping.Map(record).Content;
        Assert.Equal(1, c.TimeLimit.Amount);
        Assert.Equal(new ChannelTimeLimit(SubmissionChannel.Online, new TimeLimit(TimeLimitUnit.WorkingDays, 2, false, "2 Ngày làm việc")), c.ChannelTimeLimits.Single(x => x.Channel == SubmissionChannel.Online));
        Assert.Contains(c.ReviewIssues, i => i.StartsWith("Trực tuyến: nhiều thời hạn", StringComparison.Ordinal));
        Assert.Equal(0, Assert.Single(c.Fees).AmountVnd);
    }

    [Fact]
    public void A_ministry_only_record_is_national_and_an_unreadable_one_is_flagged_but_publishable_at_level_1()
    {
        var record = Residence() with
        {
            AgencyLevels = ["Cấp bộ"],
            TimeLimitText = null,
            SubmissionMethods = [new("Trực tuyến", null, "165 USD(Thẻ tạm trú có thời hạn từ trên 05 năm đến 10 năm: 165 USD/thẻ.)")],
        };
        var mapped = NationalCatalogueMapping.Map(record);
        Assert.True(mapped.NationalOnly);
        Assert.Equal([AgencyLevel.Ministry], mapped.Content.AgencyLevels);
        Assert.Equal(TimeLimitUnit.NotStated, mapped.Content.TimeLimit.Unit);
        Assert.Equal(2, mapped.Content.ReviewIssues.Count);
        Assert.Null(Assert.Single(mapped.Content.Fees).AmountVnd);
        Assert.Empty(CatalogueRules.ValidateForPublishing(mapped.Content));
        Assert.Contains(CatalogueRules.Validate(mapped.Content with { ServiceLevel = ServiceLevel.OnlineSubmission, OnlineScope = OnlineScope.Partial }), e => e.Path == "reviewIssues");
    }
}
