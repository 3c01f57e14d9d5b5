using System.Globalization;
using System.Text;

namespace OneStop.Web.Documents;

/// <summary>
/// One printed form of the one-stop desk (forms 01–07): the Vietnamese administrative header, a title,
/// content blocks and the signer. Rendered to an A4 PDF by <see cref="PdfFormRenderer"/>.
/// </summary>
public sealed record DeskFormDocument
{
    /// <summary>"01".."07"; printed top-right as "Mẫu số 01".</summary>
    public required string FormNumber { get; init; }

    /// <summary>Centered, bold, e.g. "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ".</summary>
    public required string Title { get; init; }

    /// <summary>Centered under the title, e.g. "Mã hồ sơ: 000.00.21.H26-260212-0001".</summary>
    public string? Subtitle { get; init; }

    /// <summary>Upper-left line 1 (regular, upper case), e.g. "UBND THÀNH PHỐ HÀ NỘI".</summary>
    public required string SuperiorAgencyName { get; init; }

    /// <summary>Upper-left line 2 (bold, upper case), e.g. "UBND PHƯỜNG HOÀN KIẾM".</summary>
    public required string AgencyName { get; init; }

    /// <summary>Printed smaller under the agency name when given, e.g. "Bộ phận Một cửa".</summary>
    public string? DeskName { get; init; }

    /// <summary>Printed under the QR code; "" when the form is about no single dossier (form 07).</summary>
    public required string DossierCode { get; init; }

    /// <summary>Encoded in the QR code; null or empty: no QR code.</summary>
    public string? TrackingUrl { get; init; }

    public string Place { get; init; } = "Hà Nội";

    /// <summary>Printed as "Hà Nội, ngày 12 tháng 02 năm 2026" in Vietnam time (UTC+7).</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    public IReadOnlyList<DeskFormBlock> Blocks { get; init; } = [];

    /// <summary>e.g. "NGƯỜI TIẾP NHẬN": bold, centered in the right half, after the blocks.</summary>
    public string? SignerTitle { get; init; }

    /// <summary>Italic line under the signer title, e.g. "(Ký và ghi rõ họ tên)".</summary>
    public string? SignerNote { get; init; }

    /// <summary>Printed below the signer title after space for a signature.</summary>
    public string? SignerName { get; init; }

    /// <summary>Form 07 is a wide register: A4 landscape.</summary>
    public bool Landscape { get; init; }

    /// <summary>Vietnam has no daylight saving time: UTC+7 all year.</summary>
    public static readonly TimeSpan VietnamOffset = TimeSpan.FromHours(7);

    /// <summary>Suggested download name: "mau-01-000.00.21.H26-260212-0001.pdf", or "mau-07-20260212.pdf" without a dossier code.</summary>
    public string FileName
    {
        get
        {
            var number = Slug(FormNumber);
            var suffix = string.IsNullOrWhiteSpace(DossierCode)
                ? IssuedAt.ToOffset(VietnamOffset).ToString("yyyyMMdd", CultureInfo.InvariantCulture)
                : Slug(DossierCode);
            return $"mau-{number}-{suffix}.pdf";
        }
    }

    /// <summary>"Hà Nội, ngày 05 tháng 02 năm 2026": day below 10 and months 1–2 take a leading zero (Decree 30/2020/NĐ-CP).</summary>
    public string PlaceAndDate
    {
        get
        {
            var local = IssuedAt.ToOffset(VietnamOffset);
            var day = local.Day.ToString("00", CultureInfo.InvariantCulture);
            var month = local.Month <= 2
                ? local.Month.ToString("00", CultureInfo.InvariantCulture)
                : local.Month.ToString(CultureInfo.InvariantCulture);
            var year = local.Year.ToString(CultureInfo.InvariantCulture);
            var date = $"ngày {day} tháng {month} năm {year}";
            return string.IsNullOrWhiteSpace(Place) ? date : $"{Place}, {date}";
        }
    }

    private static string Slug(string value)
    {
        var text = value.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var plain = c is 'đ' ? 'd' : c is 'Đ' ? 'D' : c;
            builder.Append(char.IsAsciiLetterOrDigit(plain) || plain is '.' or '-' or '_' ? plain : '-');
        }

        var slug = builder.ToString().Trim('-', '.');
        return slug.Length == 0 ? "x" : slug;
    }
}

/// <summary>A piece of the form's body, laid out top to bottom.</summary>
public abstract record DeskFormBlock;

/// <summary>A bold heading line.</summary>
public sealed record HeadingBlock(string Text) : DeskFormBlock;

/// <summary>Running text, wrapped to the text width and justified: one paragraph (line breaks in the text print as spaces).</summary>
public sealed record ParagraphBlock(string Text, bool Italic = false) : DeskFormBlock;

/// <summary>"Label: value" lines: label regular, value bold, wrapped. An empty value prints a dotted line to fill in by hand.</summary>
public sealed record FieldsBlock(IReadOnlyList<KeyValuePair<string, string>> Fields) : DeskFormBlock;

/// <summary>Numbered ("1.") or bulleted ("-") items with a hanging indent.</summary>
public sealed record ListBlock(IReadOnlyList<string> Items, bool Numbered = true) : DeskFormBlock;

/// <summary>
/// A bordered table; cells wrap; a row is never split across pages if it fits on one; the header row is repeated on each new page.
/// <paramref name="ColumnWeights"/> gives relative column widths (equal when null).
/// </summary>
public sealed record TableBlock(
    IReadOnlyList<string> Headers,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    IReadOnlyList<float>? ColumnWeights = null) : DeskFormBlock;
