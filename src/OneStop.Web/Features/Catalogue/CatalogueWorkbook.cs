using System.Globalization;
using System.Text.Json;
using ClosedXML.Excel;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Domain.Roles;

namespace OneStop.Web.Features.Catalogue;

/// <summary>
/// The catalogue as an Excel workbook, one sheet per kind of row, so that a department can edit it in a spreadsheet:
/// procedures, fees, documents, workflow steps and rollout batches, joined by procedure code. Reading reports every bad
/// row as "sheet, row: problem" and returns no document when there is any.
/// </summary>
public static class CatalogueWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private static readonly string[] ProcedureColumns =
    [
        "Mã thủ tục (Code)", "Tên thủ tục (Name)", "Lĩnh vực (Field)", "Cấp thực hiện (AgencyLevels)", "Cơ quan thực hiện (AgencyCodes)",
        "Mức độ (ServiceLevel)", "Phạm vi trực tuyến (OnlineScope)", "Đơn vị thời hạn (TimeLimitUnit)", "Thời hạn (TimeLimitAmount)",
        "Sau 15 giờ tính ngày sau (AfterCutoffNextDay)", "Thời hạn theo văn bản (TimeLimitText)", "Kết quả (Result)", "Căn cứ pháp lý (LegalBasis)",
        "Trình tự (Steps)", "Điều kiện (Conditions)", "Trạng thái (Status)", "Hiệu lực từ (EffectiveFrom)", "Mã là mẫu (CodeIsSample)",
        "Giá trị mẫu (SampleFields)", "Nguồn (Sources)", "Thời điểm nộp phí (PaymentTiming)",
    ];

    /// <summary>Columns added after the format was first published: a workbook may leave them out (their defaults apply).</summary>
    private static readonly HashSet<string> AddedColumns = ["Thời điểm nộp phí (PaymentTiming)", "Thu mặc định (Default)"];

    private static readonly string[] FeeColumns = ["Mã thủ tục (Code)", "Tên phí, lệ phí (Name)", "Số tiền VNĐ (AmountVnd)", "Miễn, giảm (Exemption)", "Ghi chú (Note)", "Số liệu mẫu (Sample)", "Thu mặc định (Default)"];
    private static readonly string[] DocumentColumns = ["Mã thủ tục (Code)", "Thành phần hồ sơ (Name)", "Bắt buộc (Required)", "Số bản (Copies)", "Mẫu đơn (TemplateName)", "Tệp mẫu (TemplateFile)", "Mẫu minh hoạ (TemplateSample)", "Biểu mẫu trực tuyến JSON (FormJson)"];
    private static readonly string[] WorkflowColumns = ["Mã thủ tục (Code)", "Thứ tự (Order)", "Bước (Name)", "Vai trò (Role)", "Giờ làm việc (QuotaHours)", "Liên thông tới (TransferTo)"];
    private static readonly string[] BatchColumns = ["Mã đợt (Code)", "Tên đợt (Name)", "Mức độ (ServiceLevel)", "Ngày hiệu lực (EffectiveOn)", "Quyết định (Decision)", "Các mã thủ tục (ProcedureCodes)"];

    private const string ProceduresSheet = "ThuTuc";
    private const string FeesSheet = "PhiLePhi";
    private const string DocumentsSheet = "ThanhPhanHoSo";
    private const string WorkflowSheet = "QuyTrinh";
    private const string BatchesSheet = "DotTrienKhai";

    public static byte[] Write(CatalogueDocument document)
    {
        using var wb = new XLWorkbook();
        var procedures = Sheet(wb, ProceduresSheet, ProcedureColumns);
        var fees = Sheet(wb, FeesSheet, FeeColumns);
        var documents = Sheet(wb, DocumentsSheet, DocumentColumns);
        var workflow = Sheet(wb, WorkflowSheet, WorkflowColumns);
        var batches = Sheet(wb, BatchesSheet, BatchColumns);
        int pr = 2, fr = 2, dr = 2, wr = 2, br = 2;
        foreach (var entry in document.Procedures)
        {
            var c = entry.Content;
            Row(procedures, pr++, c.Code, c.Name, c.Field, string.Join(",", c.AgencyLevels), string.Join(",", c.AgencyCodes),
                ((int)c.ServiceLevel).ToString(CultureInfo.InvariantCulture), c.OnlineScope.ToString(), c.TimeLimit.Unit.ToString(),
                c.TimeLimit.Amount.ToString(CultureInfo.InvariantCulture), Bool(c.TimeLimit.AfterCutoffNextDay), c.TimeLimit.Text, c.Result, c.LegalBasis,
                c.Steps, c.Conditions, entry.Status.ToString(), entry.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Bool(c.CodeIsSample),
                string.Join("\n", c.SampleFields), string.Join("\n", c.Sources), c.PaymentTiming.ToString());
            foreach (var f in c.Fees)
            {
                Row(fees, fr++, c.Code, f.Name, f.AmountVnd?.ToString(CultureInfo.InvariantCulture), f.Exemption, f.Note, Bool(f.Sample), Bool(f.Default));
            }

            foreach (var d in c.Documents)
            {
                Row(documents, dr++, c.Code, d.Name, Bool(d.Required), d.Copies.ToString(CultureInfo.InvariantCulture), d.Template?.Name, d.Template?.FileName,
                    d.Template is null ? null : Bool(d.Template.Sample), d.Template?.Form is null ? null : JsonSerializer.Serialize(d.Template.Form, OneStopDbContext.Json));
            }

            var order = 1;
            foreach (var s in c.Workflow)
            {
                Row(workflow, wr++, c.Code, (order++).ToString(CultureInfo.InvariantCulture), s.Name, s.Role.ToString(), s.QuotaHours.ToString(CultureInfo.InvariantCulture), s.TransferTo ?? string.Empty);
            }
        }

        foreach (var b in document.RolloutBatches)
        {
            Row(batches, br++, b.Code, b.Name, ((int)b.ServiceLevel).ToString(CultureInfo.InvariantCulture), b.EffectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), b.Decision, string.Join(",", b.ProcedureCodes));
        }

        using var ms = new MemoryStream();
        wb.SaveAs(ms);
        return ms.ToArray();
    }

    /// <summary>Reads a workbook; either a document or the list of problems, never both.</summary>
    public static (CatalogueDocument? Document, IReadOnlyList<RuleError> Errors) Read(Stream stream)
    {
        var errors = new List<RuleError>();
        XLWorkbook wb;
        try
        {
            wb = new XLWorkbook(stream);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, [new("file", "Không đọc được tệp Excel (.xlsx). / The file is not a readable .xlsx workbook.")]);
        }

        using (wb)
        {
            var procSheet = Required(wb, ProceduresSheet, ProcedureColumns, errors);
            var feeSheet = Required(wb, FeesSheet, FeeColumns, errors);
            var docSheet = Required(wb, DocumentsSheet, DocumentColumns, errors);
            var wfSheet = Required(wb, WorkflowSheet, WorkflowColumns, errors);
            var batchSheet = Required(wb, BatchesSheet, BatchColumns, errors);
            if (errors.Count > 0)
            {
                return (null, errors);
            }

            var fees = new Dictionary<string, List<Fee>>(StringComparer.Ordinal);
            foreach (var (row, cells) in Rows(feeSheet!, FeeColumns.Length))
            {
                var at = $"{FeesSheet}!{row}";
                long? amount = null;
                if (!string.IsNullOrWhiteSpace(cells[2]))
                {
                    if (long.TryParse(cells[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var a))
                    {
                        amount = a;
                    }
                    else
                    {
                        errors.Add(new(at, $"Số tiền \"{cells[2]}\" phải là số nguyên đồng. / Amount must be whole VND."));
                    }
                }

                Add(fees, cells[0], new Fee(cells[1], amount, NullIfEmpty(cells[3]), NullIfEmpty(cells[4]), ParseBool(cells[5], at, errors),
                    ParseBool(cells[6], at, errors)));
            }

            var docs = new Dictionary<string, List<RequiredDocument>>(StringComparer.Ordinal);
            foreach (var (row, cells) in Rows(docSheet!, DocumentColumns.Length))
            {
                var at = $"{DocumentsSheet}!{row}";
                FormDefinition? form = null;
                if (!string.IsNullOrWhiteSpace(cells[7]))
                {
                    try
                    {
                        form = JsonSerializer.Deserialize<FormDefinition>(cells[7], OneStopDbContext.Json);
                    }
                    catch (JsonException ex)
                    {
                        errors.Add(new(at, "Biểu mẫu JSON không hợp lệ / Invalid form JSON: " + ex.Message));
                    }
                }

                if (!int.TryParse(string.IsNullOrWhiteSpace(cells[3]) ? "1" : cells[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var copies))
                {
                    errors.Add(new(at, "Số bản phải là số nguyên. / Copies must be a whole number."));
                }

                var template = string.IsNullOrWhiteSpace(cells[4]) ? null : new FormTemplate(cells[4], NullIfEmpty(cells[5]), form, ParseBool(cells[6], at, errors));
                Add(docs, cells[0], new RequiredDocument(cells[1], ParseBool(cells[2], at, errors), copies, template));
            }

            var steps = new Dictionary<string, List<(int Order, WorkflowStep Step)>>(StringComparer.Ordinal);
            foreach (var (row, cells) in Rows(wfSheet!, WorkflowColumns.Length))
            {
                var at = $"{WorkflowSheet}!{row}";
                var role = ParseEnum<StaffRole>(cells[3], at, errors);
                if (!int.TryParse(cells[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var order) | !int.TryParse(cells[4], NumberStyles.Integer, CultureInfo.InvariantCulture, out var hours))
                {
                    errors.Add(new(at, "Thứ tự và số giờ phải là số nguyên. / Order and hours must be whole numbers."));
                }

                Add(steps, cells[0], (order, new WorkflowStep(cells[2], role, hours, NullIfEmpty(cells[5]))));
            }

            var entries = new List<CatalogueEntry>();
            var codes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (row, c) in Rows(procSheet!, ProcedureColumns.Length))
            {
                var at = $"{ProceduresSheet}!{row}";
                codes.Add(c[0]);
                var levels = c[3].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => ParseEnum<AgencyLevel>(s, at, errors)).ToList();
                if (!int.TryParse(c[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) || level is < 1 or > 4)
                {
                    errors.Add(new(at, $"Mức độ \"{c[5]}\" phải từ 1 đến 4. / Level must be 1–4."));
                }

                if (!int.TryParse(c[8], NumberStyles.Integer, CultureInfo.InvariantCulture, out var amount))
                {
                    errors.Add(new(at, $"Thời hạn \"{c[8]}\" phải là số nguyên. / Time limit must be a whole number."));
                }

                if (!DateOnly.TryParseExact(c[16], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from))
                {
                    errors.Add(new(at, $"Ngày hiệu lực \"{c[16]}\" phải có dạng yyyy-MM-dd. / EffectiveFrom must be yyyy-MM-dd."));
                }

                var content = new ProcedureContent
                {
                    Code = c[0],
                    Name = c[1],
                    Field = c[2],
                    AgencyLevels = levels,
                    AgencyCodes = Split(c[4], ','),
                    ServiceLevel = (ServiceLevel)level,
                    OnlineScope = ParseEnum<OnlineScope>(c[6], at, errors),
                    TimeLimit = new TimeLimit(ParseEnum<TimeLimitUnit>(c[7], at, errors), amount, ParseBool(c[9], at, errors), c[10]),
                    Result = NullIfEmpty(c[11]),
                    LegalBasis = NullIfEmpty(c[12]),
                    Steps = NullIfEmpty(c[13]),
                    Conditions = NullIfEmpty(c[14]),
                    CodeIsSample = ParseBool(c[17], at, errors),
                    SampleFields = Split(c[18], '\n'),
                    Sources = Split(c[19], '\n'),
                    PaymentTiming = c[20].Length == 0 ? PaymentTiming.BeforeResult : ParseEnum<PaymentTiming>(c[20], at, errors),
                    Fees = fees.GetValueOrDefault(c[0]) ?? [],
                    Documents = docs.GetValueOrDefault(c[0]) ?? [],
                    Workflow = steps.TryGetValue(c[0], out var s) ? s.OrderBy(x => x.Order).Select(x => x.Step).ToList() : [],
                };
                entries.Add(new CatalogueEntry { Status = ParseEnum<ProcedureStatus>(c[15], at, errors), EffectiveFrom = from, Content = content });
            }

            foreach (var orphan in fees.Keys.Concat(docs.Keys).Concat(steps.Keys).Where(k => !codes.Contains(k)).Distinct())
            {
                errors.Add(new(ProceduresSheet, $"Mã {orphan} có phí, thành phần hoặc bước xử lý nhưng không có dòng thủ tục. / Code {orphan} has child rows but no procedure row."));
            }

            var batches = new List<RolloutBatchEntry>();
            foreach (var (row, c) in Rows(batchSheet!, BatchColumns.Length))
            {
                var at = $"{BatchesSheet}!{row}";
                if (!int.TryParse(c[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) || level is < 1 or > 4)
                {
                    errors.Add(new(at, "Mức độ phải từ 1 đến 4. / Level must be 1–4."));
                }

                if (!DateOnly.TryParseExact(c[3], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on))
                {
                    errors.Add(new(at, "Ngày hiệu lực phải có dạng yyyy-MM-dd. / EffectiveOn must be yyyy-MM-dd."));
                }

                batches.Add(new RolloutBatchEntry { Code = c[0], Name = c[1], ServiceLevel = (ServiceLevel)level, EffectiveOn = on, Decision = NullIfEmpty(c[4]), ProcedureCodes = Split(c[5], ',') });
            }

            return errors.Count > 0 ? (null, errors) : (new CatalogueDocument { Procedures = entries, RolloutBatches = batches }, errors);
        }
    }

    private static IXLWorksheet Sheet(XLWorkbook wb, string name, string[] columns)
    {
        var ws = wb.Worksheets.Add(name);
        for (var i = 0; i < columns.Length; i++)
        {
            ws.Cell(1, i + 1).Value = columns[i];
            ws.Cell(1, i + 1).Style.Font.Bold = true;
            ws.Column(i + 1).Width = i == 1 ? 60 : 22;
        }

        ws.SheetView.FreezeRows(1);
        return ws;
    }

    private static void Row(IXLWorksheet ws, int row, params string?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var cell = ws.Cell(row, i + 1);
            cell.SetValue(values[i] ?? string.Empty);
            cell.DataType = XLDataType.Text;
        }
    }

    private static IXLWorksheet? Required(XLWorkbook wb, string name, string[] columns, List<RuleError> errors)
    {
        if (!wb.TryGetWorksheet(name, out var ws))
        {
            errors.Add(new(name, $"Thiếu trang tính \"{name}\". / Sheet \"{name}\" is missing."));
            return null;
        }

        for (var i = 0; i < columns.Length; i++)
        {
            var header = ws.Cell(1, i + 1).GetString().Trim();
            if (header != columns[i] && !(header.Length == 0 && AddedColumns.Contains(columns[i])))
            {
                errors.Add(new($"{name}!1", $"Cột {i + 1} phải là \"{columns[i]}\" (đang là \"{header}\"). / Column {i + 1} must be \"{columns[i]}\"."));
            }
        }

        return ws;
    }

    private static IEnumerable<(int Row, string[] Cells)> Rows(IXLWorksheet ws, int width)
    {
        var last = ws.LastRowUsed()?.RowNumber() ?? 1;
        for (var r = 2; r <= last; r++)
        {
            var cells = Enumerable.Range(1, width).Select(c => ws.Cell(r, c).GetString().Trim()).ToArray();
            if (cells.All(string.IsNullOrEmpty))
            {
                continue;
            }

            yield return (r, cells);
        }
    }

    private static void Add<T>(Dictionary<string, List<T>> map, string key, T value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        list.Add(value);
    }

    private static string Bool(bool b) => b ? "true" : "false";

    private static bool ParseBool(string s, string at, List<RuleError> errors)
    {
        switch (s.ToUpperInvariant())
        {
            case "TRUE" or "1" or "CÓ" or "X":
                return true;
            case "" or "FALSE" or "0" or "KHÔNG":
                return false;
            default:
                errors.Add(new(at, $"\"{s}\" phải là true hoặc false. / \"{s}\" must be true or false."));
                return false;
        }
    }

    private static T ParseEnum<T>(string s, string at, List<RuleError> errors) where T : struct, Enum
    {
        if (Enum.TryParse<T>(s, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(s, out _))
        {
            return value;
        }

        errors.Add(new(at, $"\"{s}\" không phải giá trị hợp lệ ({string.Join(", ", Enum.GetNames<T>())}). / Not a valid value."));
        return default;
    }

    private static string? NullIfEmpty(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static List<string> Split(string s, char separator) =>
        s.Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
}
