using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Admin;

/// <summary>Create a procedure or edit its draft. Nested lists are edited as JSON, checked with the same rules as the API.</summary>
public sealed class EditModel(OneStopDbContext db, CatalogueWriter writer) : PageModel
{
    public sealed class EditInput
    {
        public string Code { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string Field { get; set; } = string.Empty;
        public List<AgencyLevel> AgencyLevels { get; set; } = [];
        public string? AgencyCodes { get; set; }
        public ServiceLevel ServiceLevel { get; set; } = ServiceLevel.Information;
        public OnlineScope OnlineScope { get; set; }
        public TimeLimitUnit TimeLimitUnit { get; set; }
        public int TimeLimitAmount { get; set; } = 1;
        public bool AfterCutoffNextDay { get; set; }
        public string? TimeLimitText { get; set; }
        public string? Result { get; set; }
        public string? LegalBasis { get; set; }
        public string? Steps { get; set; }
        public string FeesJson { get; set; } = "[]";
        public string DocumentsJson { get; set; } = "[]";
        public string WorkflowJson { get; set; } = "[]";
        public Guid? Stamp { get; set; }
    }

    private static readonly JsonSerializerOptions Pretty = new(OneStopDbContext.Json) { WriteIndented = true };

    [BindProperty] public EditInput Input { get; set; } = new();

    public bool IsNew { get; private set; }
    public List<RuleError> Errors { get; } = [];

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        IsNew = code is null;
        if (code is null)
        {
            return Page();
        }

        var version = await db.ProcedureVersions.AsNoTracking().Where(v => v.Code == code && v.EffectiveTo == null)
            .OrderByDescending(v => v.Version).FirstOrDefaultAsync(ct);
        if (version is null)
        {
            return NotFound();
        }

        var c = version.Content;
        Input = new EditInput
        {
            Code = c.Code, Name = c.Name, Field = c.Field, AgencyLevels = [.. c.AgencyLevels], AgencyCodes = string.Join(", ", c.AgencyCodes),
            ServiceLevel = c.ServiceLevel, OnlineScope = c.OnlineScope, TimeLimitUnit = c.TimeLimit.Unit, TimeLimitAmount = c.TimeLimit.Amount,
            AfterCutoffNextDay = c.TimeLimit.AfterCutoffNextDay, TimeLimitText = c.TimeLimit.Text, Result = c.Result, LegalBasis = c.LegalBasis, Steps = c.Steps,
            FeesJson = JsonSerializer.Serialize(c.Fees, Pretty), DocumentsJson = JsonSerializer.Serialize(c.Documents, Pretty), WorkflowJson = JsonSerializer.Serialize(c.Workflow, Pretty),
            Stamp = version.Status == ProcedureStatus.Draft ? version.ConcurrencyStamp : null,
        };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string? code, CancellationToken ct)
    {
        IsNew = code is null;
        if (!ModelState.IsValid)
        {
            Errors.AddRange(ModelState.Where(kv => kv.Value!.Errors.Count > 0).Select(kv => new RuleError(kv.Key, Ui.T("Giá trị không hợp lệ.", "Invalid value."))));
            return Page();
        }

        var fees = Parse<List<Fee>>(Input.FeesJson, "fees");
        var documents = Parse<List<RequiredDocument>>(Input.DocumentsJson, "documents");
        var workflow = Parse<List<WorkflowStep>>(Input.WorkflowJson, "workflow");
        if (Errors.Count > 0)
        {
            return Page();
        }

        var content = new ProcedureContent
        {
            Code = (code ?? Input.Code).Trim(),
            Name = Input.Name.Trim(),
            Field = Input.Field.Trim(),
            AgencyLevels = Input.AgencyLevels.Distinct().ToList(),
            AgencyCodes = (Input.AgencyCodes ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList(),
            ServiceLevel = Input.ServiceLevel,
            OnlineScope = Input.OnlineScope,
            TimeLimit = new TimeLimit(Input.TimeLimitUnit, Input.TimeLimitAmount, Input.AfterCutoffNextDay, Input.TimeLimitText?.Trim() ?? string.Empty),
            Result = Input.Result,
            LegalBasis = Input.LegalBasis,
            Steps = Input.Steps,
            Fees = fees ?? [],
            Documents = documents ?? [],
            Workflow = workflow ?? [],
        };
        try
        {
            if (IsNew && await db.Procedures.AnyAsync(p => p.Code == content.Code, ct))
            {
                Errors.Add(new("code", Ui.T($"Mã {content.Code} đã có; hãy soạn phiên bản mới từ trang của thủ tục đó.", $"Code {content.Code} exists; draft a new version from its page.")));
                return Page();
            }

            await writer.SaveDraftAsync(content, User.Identity!.Name!, Input.Stamp, ct);
            return Redirect($"/quan-tri/thu-tuc/{Uri.EscapeDataString(content.Code)}?done=draft");
        }
        catch (RuleViolationException ex)
        {
            Errors.AddRange(ex.Errors);
        }
        catch (ConflictException ex)
        {
            Errors.Add(new(Ui.T("bản nháp", "draft"), ex.Message));
        }

        return Page();
    }

    private T? Parse<T>(string json, string path) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(string.IsNullOrWhiteSpace(json) ? "[]" : json, OneStopDbContext.Json);
        }
        catch (JsonException ex)
        {
            Errors.Add(new(path, Ui.T("JSON không hợp lệ: ", "Invalid JSON: ") + ex.Message));
            return null;
        }
    }
}
