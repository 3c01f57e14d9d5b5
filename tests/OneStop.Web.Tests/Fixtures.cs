using OneStop.Domain.Catalogue;
using OneStop.Domain.Roles;

namespace OneStop.Web.Tests;

/// <summary>Small, hand-written catalogue content for tests.</summary>
public static class Fixtures
{
    public static ProcedureContent Procedure(string code, ServiceLevel level = ServiceLevel.OnlineSubmission, string name = "Thủ tục kiểm thử cấp giấy phép", string field = "Kiểm thử", AgencyLevel[]? levels = null) => new()
    {
        Code = code,
        Name = name,
        Field = field,
        AgencyLevels = levels ?? [AgencyLevel.Commune],
        ServiceLevel = level,
        OnlineScope = level >= ServiceLevel.OnlineSubmission ? OnlineScope.Partial : OnlineScope.None,
        TimeLimit = new TimeLimit(TimeLimitUnit.WorkingDays, 5, true, "05 ngày làm việc"),
        Fees = [new Fee("Lệ phí", 50_000)],
        Documents = level >= ServiceLevel.Download
            ? [new RequiredDocument("Đơn đề nghị", Template: new FormTemplate("Đơn đề nghị", "don.docx", level >= ServiceLevel.OnlineSubmission
                ? new FormDefinition("Đơn đề nghị", [new FormField("fullName", "Họ và tên", FormFieldType.Text, Required: true)])
                : null))]
            : [],
        Workflow = level >= ServiceLevel.OnlineSubmission ? [new WorkflowStep("Tiếp nhận", StaffRole.DeskOfficer, 4), new WorkflowStep("Xử lý", StaffRole.Specialist, 24)] : [],
    };

    public static CatalogueDocument Document(params ProcedureContent[] procedures) => new()
    {
        Procedures = procedures.Select(p => new CatalogueEntry { Status = ProcedureStatus.Published, EffectiveFrom = new DateOnly(2025, 7, 1), Content = p }).ToList(),
    };

    public static string UniqueCode(string prefix) => $"T-{prefix}-{Guid.NewGuid().ToString("N")[..8].ToUpperInvariant()}";
}
