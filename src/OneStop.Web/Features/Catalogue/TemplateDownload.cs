using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using OneStop.Domain.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// Level 2: a required document's form template as a Word file to print and fill in by hand. When the catalogue holds
/// a form definition the file is laid out from it (one line per field, choices as boxes); it is marked as a sample
/// when the template is.
/// </summary>
public static class TemplateDownload
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    public static void MapTemplateDownloads(this IEndpointRouteBuilder app) =>
        app.MapGet("/thu-tuc/{code}/mau/{index:int}", async (string code, int index, int? phienBan, CatalogueQueries queries, CancellationToken ct) =>
        {
            var detail = await queries.DetailAsync(code, phienBan, ct) ?? throw new NotFoundException($"Không có thủ tục mã {code}. / No procedure {code}.");
            var doc = index >= 0 && index < detail.Content.Documents.Count ? detail.Content.Documents[index] : null;
            if (doc?.Template is null || detail.Content.ServiceLevel < ServiceLevel.Download)
            {
                throw new NotFoundException("Không có mẫu đơn này. / No such form template.");
            }

            var fileName = doc.Template.FileName ?? $"{code}-mau-{index + 1}.docx";
            return Results.File(Write(detail.Content, doc), ContentType, fileName);
        }).WithTags("Catalogue").WithSummary("Tải mẫu đơn, tờ khai (.docx) / Download a form template");

    public static byte[] Write(ProcedureContent procedure, RequiredDocument document)
    {
        var template = document.Template!;
        using var ms = new MemoryStream();
        using (var word = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var body = new Body();
            body.Append(Centered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true));
            body.Append(Centered("Độc lập - Tự do - Hạnh phúc", bold: true));
            body.Append(Centered(" ", bold: false));
            body.Append(Centered((template.Form?.Title ?? template.Name).ToUpperInvariant(), bold: true, size: 28));
            body.Append(Text($"Thủ tục: {procedure.Name} (mã {procedure.Code})"));
            if (template.Sample)
            {
                body.Append(Text("Mẫu minh hoạ do OneStop lập từ danh mục; đối chiếu mẫu ban hành kèm văn bản pháp luật trước khi sử dụng.", italic: true));
            }

            if (template.Form is { } form)
            {
                foreach (var f in form.Fields)
                {
                    var label = f.Label + (f.Required ? " (*)" : string.Empty);
                    if (f.VisibleWhen is { } w)
                    {
                        label += $" [nếu \"{w.Field}\" = {w.EqualsValue}]";
                    }

                    body.Append(f.Choices is { Count: > 0 }
                        ? Text($"{label}: " + string.Join("   ", f.Choices.Select(c => "☐ " + c)))
                        : Text($"{label}: " + new string('.', Math.Max(10, 80 - label.Length))));
                }
            }
            else
            {
                body.Append(Text("Nội dung đề nghị: " + new string('.', 60)));
                body.Append(Text(new string('.', 80)));
            }

            body.Append(Text(" "));
            body.Append(Text("Tôi cam đoan những nội dung khai trên đây là đúng sự thật và chịu trách nhiệm trước pháp luật về lời khai của mình."));
            body.Append(Right("Hà Nội, ngày ..... tháng ..... năm ........"));
            body.Append(Right("NGƯỜI KHAI (ký, ghi rõ họ tên)"));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return ms.ToArray();
    }

    private static Paragraph Centered(string text, bool bold, int size = 24) =>
        new(new ParagraphProperties(new Justification { Val = JustificationValues.Center }), Run(text, bold, false, size));

    private static Paragraph Right(string text) =>
        new(new ParagraphProperties(new Justification { Val = JustificationValues.Right }), Run(text, false, false, 24));

    private static Paragraph Text(string text, bool italic = false) => new(Run(text, false, italic, 24));

    private static Run Run(string text, bool bold, bool italic, int size)
    {
        var props = new RunProperties(new RunFonts { Ascii = "Times New Roman", HighAnsi = "Times New Roman", ComplexScript = "Times New Roman" }, new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        if (bold)
        {
            props.Append(new Bold());
        }

        if (italic)
        {
            props.Append(new Italic());
        }

        return new Run(props, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }
}
