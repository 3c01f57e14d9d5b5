using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;

namespace OneStop.Domain.Tests;

public class FormDataRulesTests
{
    private static readonly FormDefinition Form = new("Tờ khai thử",
    [
        new FormField("fullName", "Họ và tên", FormFieldType.Text, Required: true, MaxLength: 50, LabelEn: "Full name"),
        new FormField("note", "Ghi chú", FormFieldType.TextArea),
        new FormField("area", "Diện tích", FormFieldType.Number),
        new FormField("birthDate", "Ngày sinh", FormFieldType.Date, Required: true),
        new FormField("email", "Thư điện tử", FormFieldType.Email),
        new FormField("phone", "Số điện thoại", FormFieldType.Phone),
        new FormField("personalId", "Số định danh cá nhân", FormFieldType.PersonalId, Required: true),
        new FormField("kind", "Loại yêu cầu", FormFieldType.Select, Choices: ["Cấp mới", "Cấp lại"]),
        new FormField("gender", "Giới tính", FormFieldType.Radio, Choices: ["Nam", "Nữ"]),
        new FormField("postcode", "Mã bưu chính", FormFieldType.Text, Pattern: "^[0-9]{6}$", Hint: "6 chữ số"),
        new FormField("bornAbroad", "Sinh ở nước ngoài?", FormFieldType.Radio, Choices: ["Có", "Không"]),
        new FormField("country", "Nước nơi sinh", FormFieldType.Text, Required: true, MaxLength: 30, VisibleWhen: new("bornAbroad", "Có")),
        new FormField("hasRepresentative", "Có người đại diện", FormFieldType.Checkbox),
        new FormField("representative", "Người đại diện", FormFieldType.Text, Required: true, VisibleWhen: new("hasRepresentative", "true")),
        new FormField("agree", "Tôi cam đoan nội dung khai là đúng", FormFieldType.Checkbox, Required: true),
    ]);

    private static Dictionary<string, string?> ValidInput() => new()
    {
        ["fullName"] = "Nguyễn Văn An",
        ["birthDate"] = "1990-05-17",
        ["personalId"] = "001090012345",
        ["agree"] = "on",
    };

    private static (Dictionary<string, string> Values, IReadOnlyList<RuleError> Errors) Check(
        Dictionary<string, string?> input, bool forSubmission = true) =>
        FormDataRules.Check(Form, input, forSubmission);

    private static Dictionary<string, string?> With(string key, string? value)
    {
        var input = ValidInput();
        input[key] = value;
        return input;
    }

    [Fact]
    public void The_valid_minimum_is_accepted_and_cleaned()
    {
        var (values, errors) = Check(ValidInput());
        Assert.Empty(errors);
        Assert.Equal("Nguyễn Văn An", values["fullName"]);
        Assert.Equal("1990-05-17", values["birthDate"]);
        Assert.Equal("001090012345", values["personalId"]);
        Assert.Equal("true", values["agree"]);
        // Unchecked checkboxes are stored as "false"; empty optional fields are not stored at all.
        Assert.Equal("false", values["hasRepresentative"]);
        Assert.False(values.ContainsKey("note"));
        Assert.False(values.ContainsKey("email"));
    }

    [Fact]
    public void A_fully_filled_form_is_accepted()
    {
        var input = ValidInput();
        input["note"] = "Xin cấp gấp";
        input["area"] = "120.5";
        input["email"] = "an.nguyen@example.vn";
        input["phone"] = "0912345678";
        input["kind"] = "Cấp lại";
        input["gender"] = "Nam";
        input["postcode"] = "100000";
        input["bornAbroad"] = "Có";
        input["country"] = "Pháp";
        input["hasRepresentative"] = "on";
        input["representative"] = "Trần Thị Bình";
        var (values, errors) = Check(input);
        Assert.Empty(errors);
        Assert.Equal(input.Count, values.Count);
        Assert.Equal("true", values["hasRepresentative"]);
        Assert.Equal("Trần Thị Bình", values["representative"]);
        Assert.Equal("Pháp", values["country"]);
    }

    [Fact]
    public void Required_fields_are_required_only_for_submission()
    {
        var empty = new Dictionary<string, string?>();
        var (_, errors) = Check(empty, forSubmission: true);
        Assert.Equal(["fullName", "birthDate", "personalId", "agree"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
        Assert.Contains("Full name is required", errors[0].Message, StringComparison.Ordinal);

        var (draftValues, draftErrors) = Check(empty, forSubmission: false);
        Assert.Empty(draftErrors);
        Assert.Equal(new Dictionary<string, string> { ["hasRepresentative"] = "false", ["agree"] = "false" }, draftValues);
    }

    [Theory]
    [InlineData("fullName")]
    [InlineData("birthDate")]
    [InlineData("personalId")]
    public void A_required_field_of_blanks_or_null_is_missing(string key)
    {
        foreach (var blank in new[] { null, "", "   ", "\t\n" })
        {
            var (values, errors) = Check(With(key, blank));
            var error = Assert.Single(errors);
            Assert.Equal(key, error.Path);
            Assert.False(values.ContainsKey(key));
        }
    }

    [Fact]
    public void Values_are_trimmed_before_they_are_checked_and_stored()
    {
        var input = ValidInput();
        input["fullName"] = "  Nguyễn Văn An \t";
        input["personalId"] = " 001090012345 ";
        input["phone"] = "\n0912345678 ";
        input["kind"] = " Cấp mới ";
        input["postcode"] = " 100000 ";
        var (values, errors) = Check(input);
        Assert.Empty(errors);
        Assert.Equal("Nguyễn Văn An", values["fullName"]);
        Assert.Equal("001090012345", values["personalId"]);
        Assert.Equal("0912345678", values["phone"]);
        Assert.Equal("Cấp mới", values["kind"]);
        Assert.Equal("100000", values["postcode"]);
    }

    [Fact]
    public void Unknown_keys_are_dropped()
    {
        var input = ValidInput();
        input["isAdmin"] = "true";
        input["FullName"] = "Khác";
        input["status"] = "Done";
        var (values, errors) = Check(input);
        Assert.Empty(errors);
        Assert.DoesNotContain("isAdmin", values.Keys);
        Assert.DoesNotContain("FullName", values.Keys);
        Assert.DoesNotContain("status", values.Keys);
        Assert.All(values.Keys, k => Assert.Contains(Form.Fields, f => f.Key == k));
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Robert'); DROP TABLE Dossiers;--")]
    [InlineData("' OR '1'='1")]
    [InlineData("\"><img src=x onerror=alert(1)>")]
    [InlineData("{{7*7}} ${7*7}")]
    public void Script_and_SQL_text_is_stored_as_it_was_typed(string text)
    {
        // Escaping is the page's job and parameters are the database's: the rules neither refuse nor alter the text.
        var input = ValidInput();
        input["fullName"] = text;
        input["note"] = text;
        var (values, errors) = Check(input);
        Assert.Empty(errors);
        Assert.Equal(text, values["fullName"]);
        Assert.Equal(text, values["note"]);
    }

    [Theory]
    [InlineData("fullName", 50, true)]
    [InlineData("fullName", 51, false)]
    [InlineData("note", FormDataRules.DefaultMaxLength, true)]
    [InlineData("note", FormDataRules.DefaultMaxLength + 1, false)]
    [InlineData("country", 30, true)]
    [InlineData("country", 31, false)]
    public void MaxLength_or_the_default_limits_the_length(string key, int length, bool valid)
    {
        var input = With(key, new string('ệ', length));
        input["bornAbroad"] = "Có";
        input.TryAdd("country", "Pháp");
        var (values, errors) = Check(input);
        AssertOutcome(key, valid, errors);
        if (valid)
        {
            Assert.Equal(length, values[key].Length);
        }
    }

    [Theory]
    // Number
    [InlineData("area", "12", true)]
    [InlineData("area", "0", true)]
    [InlineData("area", "-3.5", true)]
    [InlineData("area", "1,000.25", true)]
    [InlineData("area", "abc", false)]
    [InlineData("area", "12m2", false)]
    [InlineData("area", "1e5", false)]
    [InlineData("area", "12,5.3.1", false)]
    // Date yyyy-MM-dd
    [InlineData("birthDate", "2026-02-28", true)]
    [InlineData("birthDate", "2024-02-29", true)]
    [InlineData("birthDate", "2026-02-30", false)]
    [InlineData("birthDate", "2025-02-29", false)]
    [InlineData("birthDate", "2026-13-01", false)]
    [InlineData("birthDate", "30/01/2026", false)]
    [InlineData("birthDate", "2026/01/30", false)]
    [InlineData("birthDate", "2026-01-30T10:00", false)]
    [InlineData("birthDate", "hôm qua", false)]
    // Email
    [InlineData("email", "an@example.vn", true)]
    [InlineData("email", "an.nguyen+hs@so-tp.hanoi.gov.vn", true)]
    [InlineData("email", "an@example", false)]
    [InlineData("email", "an example@x.vn", false)]
    [InlineData("email", "an@@example.vn", false)]
    [InlineData("email", "example.vn", false)]
    // Phone 0xxxxxxxxx
    [InlineData("phone", "0912345678", true)]
    [InlineData("phone", "0241234567", true)]
    [InlineData("phone", "912345678", false)]
    [InlineData("phone", "+84912345678", false)]
    [InlineData("phone", "09123456789", false)]
    [InlineData("phone", "091234567", false)]
    [InlineData("phone", "091 234 5678", false)]
    [InlineData("phone", "091234567a", false)]
    // Personal id: 12 digits
    [InlineData("personalId", "001090012345", true)]
    [InlineData("personalId", "00109001234", false)]
    [InlineData("personalId", "0010900123456", false)]
    [InlineData("personalId", "00109001234A", false)]
    [InlineData("personalId", "001 090 012 345", false)]
    // Select and radio: exactly one of the choices
    [InlineData("kind", "Cấp mới", true)]
    [InlineData("kind", "Cấp lại", true)]
    [InlineData("kind", "cấp mới", false)]
    [InlineData("kind", "Gia hạn", false)]
    [InlineData("gender", "Nữ", true)]
    [InlineData("gender", "Khác", false)]
    [InlineData("gender", "Nam,Nữ", false)]
    // Pattern
    [InlineData("postcode", "100000", true)]
    [InlineData("postcode", "10000", false)]
    [InlineData("postcode", "1000000", false)]
    [InlineData("postcode", "10000a", false)]
    // Plain text takes anything within its length
    [InlineData("note", "Dòng 1\nDòng 2", true)]
    public void Each_field_type_checks_its_value(string key, string value, bool valid)
    {
        var (values, errors) = Check(With(key, value));
        AssertOutcome(key, valid, errors);
        if (valid)
        {
            Assert.Equal(value, values[key]);
        }
    }

    [Fact]
    public void A_pattern_error_names_the_hint()
    {
        var (_, errors) = Check(With("postcode", "12"));
        var error = Assert.Single(errors);
        Assert.Equal("postcode", error.Path);
        Assert.Contains("6 chữ số", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("on", "true")]
    [InlineData("true", "true")]
    [InlineData("1", "true")]
    [InlineData(" on ", "true")]
    [InlineData("false", "false")]
    [InlineData("off", "false")]
    [InlineData("0", "false")]
    [InlineData("", "false")]
    [InlineData(null, "false")]
    [InlineData("yes", "false")]
    [InlineData("<script>", "false")]
    public void Checkboxes_are_normalised_to_true_or_false(string? typed, string stored)
    {
        var (values, errors) = Check(With("hasRepresentative", typed), forSubmission: false);
        Assert.Empty(errors);
        Assert.Equal(stored, values["hasRepresentative"]);
    }

    [Theory]
    [InlineData("on", true)]
    [InlineData("true", true)]
    [InlineData(null, false)]
    [InlineData("off", false)]
    public void A_required_checkbox_must_be_ticked_to_submit(string? typed, bool valid)
    {
        var (values, errors) = Check(With("agree", typed));
        AssertOutcome("agree", valid, errors);
        Assert.Equal(valid ? "true" : "false", values["agree"]);

        // A draft may keep it unticked.
        Assert.Empty(Check(With("agree", typed), forSubmission: false).Errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Không")]
    [InlineData("có")]
    [InlineData("Có ý kiến")]
    public void A_hidden_field_is_dropped_and_not_validated(string? condition)
    {
        var input = ValidInput();
        input["bornAbroad"] = condition;
        // Too long and required: both would be errors if the field were shown.
        input["country"] = new string('x', 100);
        var (values, errors) = Check(input);
        Assert.DoesNotContain(errors, e => e.Path == "country");
        Assert.False(values.ContainsKey("country"));

        input.Remove("country");
        Assert.DoesNotContain(Check(input).Errors, e => e.Path == "country");
    }

    [Fact]
    public void A_field_is_shown_and_validated_when_its_condition_holds()
    {
        var input = ValidInput();
        input["bornAbroad"] = " Có ";
        var (_, missing) = Check(input);
        Assert.Equal("country", Assert.Single(missing).Path);

        input["country"] = new string('x', 31);
        Assert.Equal("country", Assert.Single(Check(input).Errors).Path);

        input["country"] = "  Cộng hoà Pháp ";
        var (values, errors) = Check(input);
        Assert.Empty(errors);
        Assert.Equal("Cộng hoà Pháp", values["country"]);
        Assert.Equal("Có", values["bornAbroad"]);
    }

    [Fact]
    public void A_checkbox_condition_compares_the_normalised_value()
    {
        var input = ValidInput();
        input["hasRepresentative"] = "on";
        input["representative"] = "Trần Thị Bình";
        var (values, errors) = Check(input);
        Assert.Empty(errors);
        Assert.Equal("Trần Thị Bình", values["representative"]);

        input["hasRepresentative"] = null;
        (values, errors) = Check(input);
        Assert.Empty(errors);
        Assert.False(values.ContainsKey("representative"));

        input["hasRepresentative"] = "1";
        input.Remove("representative");
        Assert.Equal("representative", Assert.Single(Check(input).Errors).Path);
    }

    [Fact]
    public void A_field_depending_on_a_hidden_field_is_hidden_too()
    {
        var form = new FormDefinition("Chuỗi điều kiện",
        [
            new FormField("a", "A", FormFieldType.Radio, Choices: ["x", "y"]),
            new FormField("b", "B", FormFieldType.Text, VisibleWhen: new("a", "x")),
            new FormField("c", "C", FormFieldType.Text, Required: true, VisibleWhen: new("b", "z")),
        ]);
        var input = new Dictionary<string, string?> { ["a"] = "y", ["b"] = "z", ["c"] = "" };
        var (values, errors) = FormDataRules.Check(form, input, forSubmission: true);
        Assert.Empty(errors);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "y" }, values);

        input["a"] = "x";
        (values, errors) = FormDataRules.Check(form, input, forSubmission: true);
        Assert.Equal("c", Assert.Single(errors).Path);
        Assert.Equal("z", values["b"]);
    }

    [Fact]
    public void Every_broken_rule_is_one_error_on_the_field_key()
    {
        var input = new Dictionary<string, string?>
        {
            ["fullName"] = new string('a', 51),
            ["area"] = "nhiều",
            ["birthDate"] = "2026-02-30",
            ["email"] = "không-phải-email",
            ["phone"] = "12345",
            ["personalId"] = "123",
            ["kind"] = "Khác",
            ["gender"] = "?",
            ["postcode"] = "abc",
            ["agree"] = "no",
        };
        var (_, errors) = Check(input);
        Assert.Equal(["fullName", "area", "birthDate", "email", "phone", "personalId", "kind", "gender", "postcode", "agree"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.Contains(Form.Fields, f => f.Key == e.Path));
        Assert.All(errors, e => Assert.Contains(" / ", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_select_without_choices_accepts_nothing()
    {
        var form = new FormDefinition("Không có lựa chọn", [new FormField("kind", "Loại", FormFieldType.Select)]);
        var (_, errors) = FormDataRules.Check(form, new Dictionary<string, string?> { ["kind"] = "bất kỳ" }, forSubmission: false);
        Assert.Equal("kind", Assert.Single(errors).Path);
    }

    [Fact]
    public void The_online_form_is_the_first_document_with_a_fillable_form()
    {
        var content = CatalogueRulesTests.Valid() with
        {
            Documents =
            [
                new RequiredDocument("Bản sao giấy tờ"),
                new RequiredDocument("Mẫu tải về", Template: new FormTemplate("Mẫu", "mau.docx")),
                new RequiredDocument("Tờ khai", Template: new FormTemplate("Tờ khai", Form: Form)),
                new RequiredDocument("Tờ khai khác", Template: new FormTemplate("Khác", Form: new FormDefinition("Khác", []))),
            ],
        };
        Assert.Same(Form, FormDataRules.OnlineForm(content));
        Assert.Null(FormDataRules.OnlineForm(content with { Documents = [new RequiredDocument("Giấy tờ")] }));
    }

    private static void AssertOutcome(string key, bool valid, IReadOnlyList<RuleError> errors)
    {
        if (valid)
        {
            Assert.Empty(errors);
        }
        else
        {
            var error = Assert.Single(errors);
            Assert.Equal(key, error.Path);
        }
    }
}
