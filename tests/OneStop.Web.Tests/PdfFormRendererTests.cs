using System.Diagnostics;
using System.Globalization;
using System.Text;
using OneStop.Web.Documents;
using UglyToad.PdfPig;

namespace OneStop.Web.Tests;

public sealed class PdfFormRendererTests
{
    private const string DossierCode = "000.00.21.H26-260212-0001";
    private static readonly PdfFormRenderer Renderer = new();

    // 12 Feb 2026 09:30 in Hanoi is 02:30 UTC.
    private static readonly DateTimeOffset Issued = new(2026, 2, 12, 2, 30, 0, TimeSpan.Zero);

    internal static DeskFormDocument SampleForm01() => new()
    {
        FormNumber = "01",
        Title = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        Subtitle = $"Mã hồ sơ: {DossierCode}",
        SuperiorAgencyName = "UBND thành phố Hà Nội",
        AgencyName = "UBND phường Hoàn Kiếm",
        DeskName = "BỘ PHẬN MỘT CỬA",
        DossierCode = DossierCode,
        TrackingUrl = $"https://onestop.hanoi.gov.vn/tra-cuu/{DossierCode}",
        IssuedAt = Issued,
        Blocks =
        [
            new ParagraphBlock("Bộ phận Tiếp nhận và Trả kết quả UBND phường Hoàn Kiếm đã tiếp nhận hồ sơ của ông/bà (Giấy tiếp nhận hồ sơ và hẹn trả kết quả):"),
            new FieldsBlock(
            [
                new("Họ và tên", "Nguyễn Thị Hằng"),
                new("Địa chỉ", "Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội"),
                new("Số điện thoại", "0912 345 678"),
                new("Thư điện tử", ""),
                new("Nội dung yêu cầu giải quyết", "Đăng ký khai sinh"),
            ]),
            new HeadingBlock("1. Thành phần hồ sơ nộp gồm:"),
            new TableBlock(
                ["STT", "Tên giấy tờ", "Hình thức", "Ghi chú"],
                [
                    ["1", "Tờ khai đăng ký khai sinh theo mẫu", "Bản chính", "01 bản"],
                    ["2", "Giấy chứng sinh do cơ sở y tế nơi trẻ sinh ra cấp", "Bản chính", ""],
                    ["3", "Giấy tờ tùy thân của người đi đăng ký (Căn cước công dân, hộ chiếu)", "Bản sao", "Xuất trình bản chính để đối chiếu"],
                ],
                [0.6f, 4f, 1.4f, 2f]),
            new ParagraphBlock("2. Số lượng hồ sơ: 01 (bộ)."),
            new ParagraphBlock("3. Thời gian giải quyết hồ sơ theo quy định là: 01 ngày làm việc."),
            new FieldsBlock(
            [
                new("4. Thời gian nhận hồ sơ", "09 giờ 30 phút, ngày 12/02/2026"),
                new("5. Thời gian trả kết quả giải quyết hồ sơ", "09 giờ 30 phút, ngày 13/02/2026"),
            ]),
            new ParagraphBlock("6. Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 0001."),
            new ListBlock(
            [
                "Khi đến nhận kết quả, ông/bà mang theo Giấy tiếp nhận này và giấy tờ tùy thân.",
                "Có thể tra cứu tình trạng hồ sơ bằng cách quét mã QR bên dưới hoặc trên Cổng dịch vụ công.",
            ], Numbered: false),
            new ParagraphBlock("Ghi chú: Trường hợp hồ sơ được giải quyết sớm hơn thời gian quy định, cơ quan sẽ thông báo để ông/bà đến nhận kết quả.", Italic: true),
        ],
        SignerTitle = "NGƯỜI TIẾP NHẬN",
        SignerNote = "(Ký và ghi rõ họ tên)",
        SignerName = "Trần Văn Minh",
    };

    private static DeskFormDocument Register(int rows, bool landscape = true) => new()
    {
        FormNumber = "07",
        Title = "SỔ THEO DÕI HỒ SƠ",
        SuperiorAgencyName = "UBND THÀNH PHỐ HÀ NỘI",
        AgencyName = "UBND PHƯỜNG HOÀN KIẾM",
        DossierCode = "",
        IssuedAt = Issued,
        Landscape = landscape,
        Blocks =
        [
            new TableBlock(
                ["STT", "Mã hồ sơ", "Tên thủ tục", "Người nộp", "Ngày nhận", "Hẹn trả", "Ngày trả", "Ghi chú"],
                [.. Enumerable.Range(1, rows).Select(i => (IReadOnlyList<string>)
                [
                    i.ToString(CultureInfo.InvariantCulture),
                    $"000.00.21.H26-260212-{i:0000}",
                    i % 7 == 0 ? "Đăng ký khai sinh kết hợp đăng ký thường trú và cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi" : "Đăng ký khai sinh",
                    "Nguyễn Thị Hằng",
                    "12/02/2026",
                    "13/02/2026",
                    "",
                    i % 11 == 0 ? "Bổ sung hồ sơ" : "",
                ])],
                [0.5f, 2.8f, 3f, 1.8f, 1.1f, 1.1f, 1.1f, 1.4f]),
        ],
    };

    [Fact]
    public void Form01_is_one_A4_page_with_its_Vietnamese_text_and_dossier_code()
    {
        var bytes = Renderer.Render(SampleForm01());
        WriteArtifact("sample-form-01.pdf", bytes);

        using var pdf = PdfDocument.Open(bytes);
        Assert.Equal(1, pdf.NumberOfPages);
        var page = pdf.GetPage(1);
        Assert.InRange(page.Width, 594, 596);
        Assert.InRange(page.Height, 841, 843);

        var text = Squash(string.Join(" ", page.GetWords().Select(w => w.Text)) + page.Text);
        foreach (var expected in new[]
        {
            "Mẫu số 01",
            "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "UBND THÀNH PHỐ HÀ NỘI",
            "UBND PHƯỜNG HOÀN KIẾM",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "Nguyễn Thị Hằng",
            "Đăng ký khai sinh",
            "Hà Nội, ngày 12 tháng 02 năm 2026",
            "09 giờ 30 phút, ngày 13/02/2026",
            "NGƯỜI TIẾP NHẬN",
            "Trần Văn Minh",
            "Trang 1/1",
            DossierCode,
        })
        {
            Assert.Contains(Squash(expected), text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decomposed_input_is_normalised_to_NFC()
    {
        var decomposed = "Nguyễn Thị Hằng".Normalize(NormalizationForm.FormD);
        var document = SampleForm01() with { Blocks = [new FieldsBlock([new("Họ và tên".Normalize(NormalizationForm.FormD), decomposed)])] };

        using var pdf = PdfDocument.Open(Renderer.Render(document));
        var text = Squash(pdf.GetPage(1).Text);
        Assert.Contains(Squash("Nguyễn Thị Hằng"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Embedded_fonts_cover_every_Vietnamese_letter()
    {
        const string Letters = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ";
        var all = Letters + Letters.ToUpper(CultureInfo.GetCultureInfo("vi-VN"));
        Assert.True(DeskFormFonts.Regular.ContainsGlyphs(all));
        Assert.True(DeskFormFonts.Bold.ContainsGlyphs(all));
    }

    [Fact]
    public void A_long_register_paginates_with_the_header_repeated_and_page_numbers()
    {
        var bytes = Renderer.Render(Register(120));
        WriteArtifact("sample-form-07.pdf", bytes);

        using var pdf = PdfDocument.Open(bytes);
        Assert.True(pdf.NumberOfPages >= 3, $"expected several pages, got {pdf.NumberOfPages}");
        var pages = pdf.GetPages().ToList();
        for (var i = 0; i < pages.Count; i++)
        {
            var text = Squash(pages[i].Text);
            Assert.Contains(Squash("Tên thủ tục"), text, StringComparison.Ordinal);
            Assert.Contains(Squash($"Trang {i + 1}/{pages.Count}"), text, StringComparison.Ordinal);
        }

        Assert.Contains("Trang1/", Squash(pages[0].Text), StringComparison.Ordinal);

        // Every row is printed exactly once, and none is split across a page break.
        var all = Squash(string.Concat(pages.Select(p => p.Text)));
        for (var i = 1; i <= 120; i++)
        {
            var code = $"000.00.21.H26-260212-{i:0000}";
            Assert.Equal(1, Occurrences(all, code));
            Assert.Single(pages, p => Squash(p.Text).Contains(code, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Words_wider_than_the_line_break_after_a_hyphen_or_dot_when_possible()
    {
        using var fonts = new FontCache();
        var wrapper = new TextWrapper(fonts);
        var width = fonts.Measure("000.00.21.H26-260212-00", FontFace.Regular, 9.5f);
        var lines = wrapper.Wrap(DossierCode, FontFace.Regular, 9.5f, width);

        Assert.Equal(2, lines.Count);
        Assert.Equal("000.00.21.H26-260212-", lines[0].Words.Single().Segments.Single().Text);
        Assert.Equal("0001", lines[1].Words.Single().Segments.Single().Text);
        Assert.All(lines, l => Assert.True(wrapper.LineWidth(l, 9.5f) <= width));
    }

    [Fact]
    public void Landscape_pages_are_A4_landscape()
    {
        using var pdf = PdfDocument.Open(Renderer.Render(Register(40)));
        foreach (var page in pdf.GetPages())
        {
            Assert.InRange(page.Width, 841, 843);
            Assert.InRange(page.Height, 594, 596);
        }
    }

    [Fact]
    public void A_row_taller_than_a_page_is_split_rather_than_lost()
    {
        var longText = string.Join(" ", Enumerable.Repeat("Nội dung rất dài cần được ngắt dòng qua nhiều trang.", 400));
        var document = Register(0, landscape: false) with
        {
            Blocks = [new TableBlock(["STT", "Nội dung"], [["1", longText], ["2", "Dòng cuối"]], [1f, 8f])],
        };

        using var pdf = PdfDocument.Open(Renderer.Render(document));
        Assert.True(pdf.NumberOfPages >= 2);
        Assert.Contains(Squash("Dòng cuối"), Squash(pdf.GetPages().Last().Text), StringComparison.Ordinal);
    }

    [Fact]
    public void Rendering_is_safe_to_call_concurrently()
    {
        var results = new byte[8][];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = Renderer.Render(i % 2 == 0 ? SampleForm01() : Register(30 + i)));

        foreach (var bytes in results)
        {
            Assert.Equal("%PDF-", Encoding.ASCII.GetString(bytes, 0, 5));
            using var pdf = PdfDocument.Open(bytes);
            Assert.True(pdf.NumberOfPages >= 1);
            Assert.Contains(Squash("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM"), Squash(pdf.GetPage(1).Text), StringComparison.Ordinal);
        }

        // Same input, same layout: the two form 01 renders extract to the same text.
        using var a = PdfDocument.Open(results[0]);
        using var b = PdfDocument.Open(results[2]);
        Assert.Equal(a.GetPage(1).Text, b.GetPage(1).Text);
    }

    [Fact]
    public void File_name_and_date_line_follow_the_conventions()
    {
        var form = SampleForm01();
        Assert.Equal("mau-01-000.00.21.H26-260212-0001.pdf", form.FileName);
        Assert.Equal("Hà Nội, ngày 12 tháng 02 năm 2026", form.PlaceAndDate);
        Assert.Equal("mau-07-20260212.pdf", Register(1).FileName);

        // Late evening UTC is already the next day in Hanoi; months from March have no leading zero.
        var late = form with { IssuedAt = new DateTimeOffset(2026, 3, 4, 18, 0, 0, TimeSpan.Zero) };
        Assert.Equal("Hà Nội, ngày 05 tháng 3 năm 2026", late.PlaceAndDate);
    }

    [Fact]
    public void Pdftotext_can_read_the_sample_when_poppler_is_installed()
    {
        var bytes = Renderer.Render(SampleForm01());
        var path = WriteArtifact("sample-form-01-pdftotext.pdf", bytes);
        string output;
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-enc", "UTF-8", path, "-"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return;
            }

            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return; // poppler-utils is not installed: nothing to check.
        }

        Assert.Contains(Squash("Nguyễn Thị Hằng"), Squash(output), StringComparison.Ordinal);
        Assert.Contains(DossierCode, output, StringComparison.Ordinal);
    }

    /// <summary>NFC, without any whitespace: extraction may split or join words differently from the source.</summary>
    private static string Squash(string text) =>
        new([.. text.Normalize(NormalizationForm.FormC).Where(c => !char.IsWhiteSpace(c))]);

    private static int Occurrences(string text, string value)
    {
        var count = 0;
        for (var i = text.IndexOf(value, StringComparison.Ordinal); i >= 0; i = text.IndexOf(value, i + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private static string WriteArtifact(string name, byte[] bytes)
    {
        var directory = Path.Combine(RepositoryRoot(), "artifacts", "test", "pdf");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OneStop.slnx")))
            {
                return dir.FullName;
            }
        }

        return Path.GetTempPath();
    }
}
