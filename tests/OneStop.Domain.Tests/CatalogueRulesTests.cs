using OneStop.Domain.Catalogue;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Tests;

public class CatalogueRulesTests
{
    internal static ProcedureContent Valid(ServiceLevel level = ServiceLevel.OnlineSubmission) => new()
    {
        Code = "1.001193",
        Name = "Thủ tục đăng ký khai sinh",
        Field = "Hộ tịch",
        AgencyLevels = [AgencyLevel.Commune],
        ServiceLevel = level,
        OnlineScope = level >= ServiceLevel.OnlineSubmission ? OnlineScope.Partial : OnlineScope.None,
        TimeLimit = new TimeLimit(TimeLimitUnit.WorkingDays, 3, false, "03 ngày làm việc"),
        Documents =
        [
            new RequiredDocument("Tờ khai", Template: new FormTemplate("Tờ khai đăng ký khai sinh", "to-khai.docx", new FormDefinition("Tờ khai",
            [
                new FormField("childName", "Họ tên trẻ", FormFieldType.Text, Required: true, MaxLength: 100),
                new FormField("bornAbroad", "Sinh ở nước ngoài?", FormFieldType.Radio, Choices: ["Có", "Không"]),
                new FormField("country", "Nước nơi sinh", FormFieldType.Text, VisibleWhen: new FormFieldCondition("bornAbroad", "Có")),
            ]))),
        ],
        Workflow = [new WorkflowStep("Tiếp nhận", StaffRole.DeskOfficer, 2), new WorkflowStep("Xử lý", StaffRole.Specialist, 16), new WorkflowStep("Ký", StaffRole.AgencyLeader, 4)],
    };

    [Fact]
    public void A_complete_level_3_procedure_can_be_published() =>
        Assert.Empty(CatalogueRules.ValidateForPublishing(Valid()));

    public static TheoryData<string, Func<ProcedureContent, ProcedureContent>> BrokenProcedures => new()
    {
        { "code", p => p with { Code = "bad code" } },
        { "name", p => p with { Name = "" } },
        { "agencyLevels", p => p with { AgencyLevels = [] } },
        { "timeLimit.amount", p => p with { TimeLimit = new TimeLimit(TimeLimitUnit.WorkingDays, 0, false, "") } },
        { "fees[0].amountVnd", p => p with { Fees = [new Fee("Lệ phí", -1)] } },
        { "onlineScope", p => p with { OnlineScope = OnlineScope.None } },
        { "workflow", p => p with { Workflow = [] } },
        { "workflow", p => p with { Workflow = [new WorkflowStep("Xử lý", StaffRole.Specialist, 40)] } },
        { "documents", p => p with { Documents = [new RequiredDocument("Giấy tờ")] } },
    };

    [Theory]
    [MemberData(nameof(BrokenProcedures))]
    public void A_broken_procedure_is_refused_at_the_right_path(string path, Func<ProcedureContent, ProcedureContent> breakIt)
    {
        var errors = CatalogueRules.ValidateForPublishing(breakIt(Valid()));
        Assert.Contains(errors, e => e.Path == path);
    }

    public static TheoryData<string, FormField[]> BrokenForms => new()
    {
        { "fields[1].key", [new("name", "Tên", FormFieldType.Text), new("name", "Tên 2", FormFieldType.Text)] },
        { "fields[0].key", [new("Bad Key", "Tên", FormFieldType.Text)] },
        { "fields[0].choices", [new("kind", "Loại", FormFieldType.Select, Choices: ["Một"])] },
        { "fields[0].choices", [new("kind", "Loại", FormFieldType.Text, Choices: ["Một", "Hai"])] },
        { "fields[0].pattern", [new("id", "Số", FormFieldType.Text, Pattern: "([0-9")] },
        { "fields[0].visibleWhen", [new("a", "A", FormFieldType.Text, VisibleWhen: new("b", "x")), new("b", "B", FormFieldType.Text)] },
        { "fields[1].visibleWhen", [new("kind", "Loại", FormFieldType.Radio, Choices: ["Một", "Hai"]), new("x", "X", FormFieldType.Text, VisibleWhen: new("kind", "Ba"))] },
        { "fields[1].visibleWhen", [new("ok", "Đồng ý", FormFieldType.Checkbox), new("x", "X", FormFieldType.Text, VisibleWhen: new("ok", "yes"))] },
        { "fields[0].label", [new("a", " ", FormFieldType.Text)] },
    };

    [Theory]
    [MemberData(nameof(BrokenForms))]
    public void A_form_definition_that_does_not_validate_is_refused_with_the_reason(string path, FormField[] fields)
    {
        var errors = CatalogueRules.ValidateForm(new FormDefinition("Tờ khai", fields));
        var error = Assert.Single(errors, e => e.Path == path);
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public void Form_errors_are_reported_inside_the_procedure_path()
    {
        var p = Valid();
        var broken = p with { Documents = [new RequiredDocument("Tờ khai", Template: new FormTemplate("T", null, new FormDefinition("T", [new("x", "X", FormFieldType.Radio)])))] };
        Assert.Contains(CatalogueRules.Validate(broken), e => e.Path == "documents[0].template.form.fields[0].choices");
    }

    [Fact]
    public void Level_1_needs_no_template_and_no_workflow() =>
        Assert.Empty(CatalogueRules.ValidateForPublishing(Valid(ServiceLevel.Information) with { Documents = [], Workflow = [] }));
}
