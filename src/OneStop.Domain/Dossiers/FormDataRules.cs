using System.Globalization;
using System.Text.RegularExpressions;
using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Dossiers;

/// <summary>
/// Checks what an applicant typed into a procedure's online form against the form definition of the version they
/// file under. Unknown keys and values of hidden fields are dropped; each broken rule is one error on the field's key.
/// </summary>
public static partial class FormDataRules
{
    public const int DefaultMaxLength = 500;

    /// <summary>The cleaned values (trimmed, only known and visible fields) and the errors.</summary>
    public static (Dictionary<string, string> Values, IReadOnlyList<RuleError> Errors) Check(
        FormDefinition form, IReadOnlyDictionary<string, string?> input, bool forSubmission)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<RuleError>();
        foreach (var f in form.Fields)
        {
            if (f.VisibleWhen is { } cond && (!values.TryGetValue(cond.Field, out var v) || v != cond.EqualsValue))
            {
                continue;
            }

            input.TryGetValue(f.Key, out var raw);
            var value = raw?.Trim() ?? string.Empty;
            if (f.Type == FormFieldType.Checkbox)
            {
                value = value is "true" or "on" or "1" ? "true" : "false";
            }

            if (value.Length == 0)
            {
                if (f.Required && forSubmission)
                {
                    errors.Add(new(f.Key, $"Vui lòng nhập \"{f.Label}\". / {f.LabelEn ?? f.Label} is required."));
                }

                continue;
            }

            var message = CheckValue(f, value);
            if (message is not null)
            {
                errors.Add(new(f.Key, message));
            }

            values[f.Key] = value;
        }

        if (forSubmission)
        {
            foreach (var f in form.Fields.Where(f => f.Type == FormFieldType.Checkbox && f.Required))
            {
                if (values.TryGetValue(f.Key, out var v) && v != "true" && !errors.Any(e => e.Path == f.Key))
                {
                    errors.Add(new(f.Key, $"Vui lòng xác nhận \"{f.Label}\". / Please confirm."));
                }
            }
        }

        return (values, errors);
    }

    private static string? CheckValue(FormField f, string value)
    {
        var max = f.MaxLength ?? DefaultMaxLength;
        if (value.Length > max)
        {
            return $"\"{f.Label}\" dài tối đa {max} ký tự. / At most {max} characters.";
        }

        var typeError = f.Type switch
        {
            FormFieldType.Number => decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out _) ? null : "phải là số / must be a number",
            FormFieldType.Date => DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _) ? null : "phải là ngày hợp lệ (năm-tháng-ngày) / must be a valid date",
            FormFieldType.Email => EmailPattern().IsMatch(value) ? null : "phải là địa chỉ thư điện tử / must be an email address",
            FormFieldType.Phone => PhonePattern().IsMatch(value) ? null : "phải là số điện thoại Việt Nam (10 chữ số, bắt đầu bằng 0) / must be a Vietnamese phone number",
            FormFieldType.PersonalId => PersonalIdPattern().IsMatch(value) ? null : "phải gồm đúng 12 chữ số / must be 12 digits",
            FormFieldType.Select or FormFieldType.Radio => f.Choices is not null && f.Choices.Contains(value, StringComparer.Ordinal) ? null : "phải là một trong các lựa chọn / must be one of the choices",
            _ => null,
        };
        if (typeError is not null)
        {
            return $"\"{f.Label}\" {typeError}.";
        }

        if (f.Pattern is not null)
        {
            try
            {
                if (!Regex.IsMatch(value, f.Pattern, RegexOptions.CultureInvariant, CatalogueRules.PatternTimeout))
                {
                    return $"\"{f.Label}\" không đúng định dạng{(f.Hint is null ? "" : " (" + f.Hint + ")")}. / Wrong format.";
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return $"\"{f.Label}\" không kiểm tra được. / Could not be checked.";
            }
        }

        return null;
    }

    /// <summary>A Vietnamese phone number: 10 digits starting with 0.</summary>
    public static bool IsPhone(string? value) => value is not null && PhonePattern().IsMatch(value);

    /// <summary>A 12-digit personal identification number.</summary>
    public static bool IsPersonalId(string? value) => value is not null && PersonalIdPattern().IsMatch(value);

    public static bool IsEmail(string? value) => value is not null && EmailPattern().IsMatch(value);

    /// <summary>The online form of a version: the first required document that has a fillable form.</summary>
    public static FormDefinition? OnlineForm(ProcedureContent content) =>
        content.Documents.Select(d => d.Template?.Form).FirstOrDefault(f => f is not null);

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^0[0-9]{9}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[0-9]{12}$", RegexOptions.CultureInvariant)]
    private static partial Regex PersonalIdPattern();
}
