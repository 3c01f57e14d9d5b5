using System.Text.RegularExpressions;

namespace OneStop.Domain.Catalogue;

/// <summary>One problem found in a procedure or form definition: where (a path such as "documents[0].template.form.fields[2]") and why.</summary>
public sealed record RuleError(string Path, string Message);

/// <summary>The rules a procedure version must satisfy before it is stored or published.</summary>
public static partial class CatalogueRules
{
    public const int MaxNameLength = 1200;

    /// <summary>
    /// The longest a form field's pattern may take on one value (a pattern a catalogue administrator wrote cannot hang a
    /// request). Generous enough that a busy machine's scheduling never turns a simple pattern into "could not be checked".
    /// </summary>
    public static readonly TimeSpan PatternTimeout = TimeSpan.FromMilliseconds(500);

    [GeneratedRegex(@"^[0-9]\.[0-9]{6}$|^[A-Z0-9][A-Z0-9.\-]{1,39}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodePattern();

    [GeneratedRegex(@"^[a-z][a-zA-Z0-9_]{0,49}$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldKeyPattern();

    /// <summary>Checks the content of a procedure; an empty list means it may be saved as a draft.</summary>
    public static IReadOnlyList<RuleError> Validate(ProcedureContent p)
    {
        var errors = new List<RuleError>();
        if (string.IsNullOrWhiteSpace(p.Code) || !CodePattern().IsMatch(p.Code))
        {
            errors.Add(new("code", "Mã thủ tục phải có dạng 1.001193 hoặc chỉ gồm chữ in hoa, số, dấu chấm, gạch ngang (2–40 ký tự)."));
        }

        if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Length > MaxNameLength)
        {
            errors.Add(new("name", $"Tên thủ tục là bắt buộc và không quá {MaxNameLength} ký tự."));
        }

        if (string.IsNullOrWhiteSpace(p.Field))
        {
            errors.Add(new("field", "Lĩnh vực là bắt buộc."));
        }

        if (p.AgencyLevels is null || p.AgencyLevels.Count == 0)
        {
            errors.Add(new("agencyLevels", "Cần ít nhất một cấp thực hiện."));
        }

        if (!Enum.IsDefined(p.ServiceLevel))
        {
            errors.Add(new("serviceLevel", "Mức độ dịch vụ công phải từ 1 đến 4."));
        }

        ValidateTimeLimit(p.TimeLimit, errors);

        for (var i = 0; i < p.Fees.Count; i++)
        {
            var fee = p.Fees[i];
            if (string.IsNullOrWhiteSpace(fee.Name))
            {
                errors.Add(new($"fees[{i}].name", "Tên khoản phí, lệ phí là bắt buộc."));
            }

            if (fee.AmountVnd is < 0)
            {
                errors.Add(new($"fees[{i}].amountVnd", "Số tiền không được âm (đơn vị: đồng)."));
            }
        }

        for (var i = 0; i < p.Documents.Count; i++)
        {
            var doc = p.Documents[i];
            if (string.IsNullOrWhiteSpace(doc.Name))
            {
                errors.Add(new($"documents[{i}].name", "Tên thành phần hồ sơ là bắt buộc."));
            }

            if (doc.Copies is < 1 or > 20)
            {
                errors.Add(new($"documents[{i}].copies", "Số bản phải từ 1 đến 20."));
            }

            if (doc.Template?.Form is { } form)
            {
                errors.AddRange(ValidateForm(form).Select(e => e with { Path = $"documents[{i}].template.form.{e.Path}" }));
            }
        }

        for (var i = 0; i < p.Workflow.Count; i++)
        {
            var step = p.Workflow[i];
            if (string.IsNullOrWhiteSpace(step.Name))
            {
                errors.Add(new($"workflow[{i}].name", "Tên bước xử lý là bắt buộc."));
            }

            if (step.TransferTo is not null && !Agencies.AgencyIdentifier.IsValid(step.TransferTo))
            {
                errors.Add(new($"workflow[{i}].transferTo", $"Mã cơ quan liên thông \"{step.TransferTo}\" không đúng dạng XXX.YY.ZZ.H26."));
            }

            if (step.QuotaHours is < 0 or > 8 * 365)
            {
                errors.Add(new($"workflow[{i}].quotaHours", "Thời gian của bước phải từ 0 đến 2.920 giờ làm việc."));
            }
        }

        if (p.ServiceLevel >= ServiceLevel.OnlineSubmission && p.OnlineScope == OnlineScope.None)
        {
            errors.Add(new("onlineScope", "Dịch vụ mức độ 3–4 phải là toàn trình hoặc một phần."));
        }

        if (p.ServiceLevel >= ServiceLevel.OnlineSubmission && p.TimeLimit?.Unit == TimeLimitUnit.NotStated)
        {
            errors.Add(new("timeLimit", "Dịch vụ mức độ 3–4 phải có thời hạn giải quyết."));
        }

        if (p.ServiceLevel > ServiceLevel.Download && p.ReviewIssues.Count > 0)
        {
            errors.Add(new("reviewIssues", "Thủ tục còn nội dung cần rà soát chỉ được công bố ở mức độ 1–2."));
        }

        if (p.ServiceLevel < ServiceLevel.OnlineSubmission && p.OnlineScope != OnlineScope.None)
        {
            errors.Add(new("onlineScope", "Dịch vụ mức độ 1–2 không nộp trực tuyến được."));
        }

        return errors;
    }

    /// <summary>Further rules that a version must meet to be published: what its service level promises must exist.</summary>
    public static IReadOnlyList<RuleError> ValidateForPublishing(ProcedureContent p)
    {
        var errors = Validate(p).ToList();
        if (p.ServiceLevel >= ServiceLevel.Download && !p.Documents.Any(d => d.Template is not null))
        {
            errors.Add(new("documents", "Dịch vụ từ mức độ 2 phải có ít nhất một mẫu đơn, tờ khai để tải về."));
        }

        if (p.ServiceLevel >= ServiceLevel.OnlineSubmission && !p.Documents.Any(d => d.Template?.Form is not null))
        {
            errors.Add(new("documents", "Dịch vụ từ mức độ 3 phải có biểu mẫu điền trực tuyến."));
        }

        if (p.ServiceLevel >= ServiceLevel.OnlineSubmission && p.Workflow.Count == 0)
        {
            errors.Add(new("workflow", "Dịch vụ từ mức độ 3 phải có quy trình nội bộ (các bước xử lý)."));
        }

        if (p.TimeLimit.WorkingHours is { } allowed && p.Workflow.Count > 0 && p.Workflow.Sum(s => s.QuotaHours) > Math.Max(allowed, TimeLimit.WorkingHoursPerDay))
        {
            errors.Add(new("workflow", $"Tổng thời gian các bước ({p.Workflow.Sum(s => s.QuotaHours)} giờ) vượt thời hạn giải quyết ({allowed} giờ làm việc)."));
        }

        return errors;
    }

    private static void ValidateTimeLimit(TimeLimit? limit, List<RuleError> errors)
    {
        if (limit is null)
        {
            errors.Add(new("timeLimit", "Thời hạn giải quyết là bắt buộc."));
            return;
        }

        if (!Enum.IsDefined(limit.Unit))
        {
            errors.Add(new("timeLimit.unit", "Đơn vị thời hạn không hợp lệ."));
        }

        if (limit.Unit is TimeLimitUnit.SameDay or TimeLimitUnit.NotStated ? limit.Amount != 0 : limit.Amount is < 1 or > 365 * 3)
        {
            errors.Add(new("timeLimit.amount", "Thời hạn phải từ 1 đến 1.095 (bằng 0 khi giải quyết trong ngày)."));
        }
    }

    /// <summary>Checks a form definition itself: unique keys, patterns that compile, choices where needed, conditions on earlier fields.</summary>
    public static IReadOnlyList<RuleError> ValidateForm(FormDefinition form)
    {
        var errors = new List<RuleError>();
        if (string.IsNullOrWhiteSpace(form.Title))
        {
            errors.Add(new("title", "Biểu mẫu phải có tiêu đề."));
        }

        if (form.Fields is null || form.Fields.Count == 0)
        {
            errors.Add(new("fields", "Biểu mẫu phải có ít nhất một trường."));
            return errors;
        }

        var seen = new Dictionary<string, FormField>(StringComparer.Ordinal);
        for (var i = 0; i < form.Fields.Count; i++)
        {
            var f = form.Fields[i];
            var at = $"fields[{i}]";
            if (string.IsNullOrEmpty(f.Key) || !FieldKeyPattern().IsMatch(f.Key))
            {
                errors.Add(new($"{at}.key", $"Khoá trường \"{f.Key}\" phải bắt đầu bằng chữ thường và chỉ gồm chữ, số, gạch dưới."));
            }
            else if (seen.ContainsKey(f.Key))
            {
                errors.Add(new($"{at}.key", $"Khoá trường \"{f.Key}\" bị trùng."));
            }

            if (string.IsNullOrWhiteSpace(f.Label))
            {
                errors.Add(new($"{at}.label", "Trường phải có nhãn."));
            }

            if (!Enum.IsDefined(f.Type))
            {
                errors.Add(new($"{at}.type", "Kiểu trường không hợp lệ."));
            }

            var needsChoices = f.Type is FormFieldType.Select or FormFieldType.Radio;
            if (needsChoices && (f.Choices is null || f.Choices.Count < 2 || f.Choices.Any(string.IsNullOrWhiteSpace)))
            {
                errors.Add(new($"{at}.choices", $"Trường \"{f.Key}\" kiểu lựa chọn phải có ít nhất hai giá trị không rỗng."));
            }
            else if (needsChoices && f.Choices!.Distinct(StringComparer.Ordinal).Count() != f.Choices!.Count)
            {
                errors.Add(new($"{at}.choices", $"Trường \"{f.Key}\" có giá trị lựa chọn bị trùng."));
            }

            if (!needsChoices && f.Choices is { Count: > 0 })
            {
                errors.Add(new($"{at}.choices", $"Chỉ trường kiểu Select hoặc Radio mới có danh sách lựa chọn."));
            }

            if (f.Pattern is not null)
            {
                try
                {
                    _ = new Regex(f.Pattern, RegexOptions.CultureInvariant, PatternTimeout);
                }
                catch (ArgumentException ex)
                {
                    errors.Add(new($"{at}.pattern", $"Mẫu kiểm tra của trường \"{f.Key}\" không hợp lệ: {ex.Message}"));
                }
            }

            if (f.MaxLength is < 1 or > 4000)
            {
                errors.Add(new($"{at}.maxLength", "Độ dài tối đa phải từ 1 đến 4000."));
            }

            if (f.VisibleWhen is { } cond)
            {
                if (!seen.TryGetValue(cond.Field, out var source))
                {
                    errors.Add(new($"{at}.visibleWhen", $"Điều kiện của trường \"{f.Key}\" phải tham chiếu một trường đứng trước nó (không có \"{cond.Field}\")."));
                }
                else if (source.Type is FormFieldType.Select or FormFieldType.Radio && source.Choices is not null && !source.Choices.Contains(cond.EqualsValue))
                {
                    errors.Add(new($"{at}.visibleWhen", $"Giá trị \"{cond.EqualsValue}\" không có trong lựa chọn của trường \"{cond.Field}\"."));
                }
                else if (source.Type == FormFieldType.Checkbox && cond.EqualsValue is not ("true" or "false"))
                {
                    errors.Add(new($"{at}.visibleWhen", $"Điều kiện theo ô đánh dấu \"{cond.Field}\" phải là true hoặc false."));
                }
            }

            if (!string.IsNullOrEmpty(f.Key))
            {
                seen.TryAdd(f.Key, f);
            }
        }

        return errors;
    }
}
