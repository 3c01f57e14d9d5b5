using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Admin;

/// <summary>One procedure's versions and the actions on them: publish the draft, suspend, resume.</summary>
public sealed class ManageModel(OneStopDbContext db, CatalogueWriter writer) : PageModel
{
    public string Code { get; private set; } = string.Empty;
    public string Name { get; private set; } = string.Empty;
    public IReadOnlyList<ProcedureVersion> Versions { get; private set; } = [];
    public bool HasDraft => Versions.Any(v => v.Status == ProcedureStatus.Draft);
    public ProcedureStatus? CurrentStatus => Versions.Where(v => v.Status != ProcedureStatus.Draft && v.EffectiveTo == null).MaxBy(v => v.Version)?.Status;
    public List<RuleError> Errors { get; } = [];
    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, string? done, CancellationToken ct)
    {
        Message = done switch
        {
            "publish" => Ui.T("Đã công bố phiên bản mới.", "The new version is published."),
            "suspend" => Ui.T("Đã tạm dừng thủ tục.", "The procedure is suspended."),
            "resume" => Ui.T("Đã khôi phục thủ tục.", "The procedure is resumed."),
            "draft" => Ui.T("Đã lưu bản nháp.", "The draft is saved."),
            _ => null,
        };
        return await LoadAsync(code, ct) ? Page() : NotFound();
    }

    public Task<IActionResult> OnPostPublishAsync(string code, DateOnly? effectiveFrom, CancellationToken ct) =>
        ActAsync(code, "publish", () => writer.PublishAsync(code, effectiveFrom, User.Identity!.Name!, ct), ct);

    public Task<IActionResult> OnPostSuspendAsync(string code, CancellationToken ct) =>
        ActAsync(code, "suspend", () => writer.SuspendAsync(code, User.Identity!.Name!, ct), ct);

    public Task<IActionResult> OnPostResumeAsync(string code, CancellationToken ct) =>
        ActAsync(code, "resume", () => writer.ResumeAsync(code, User.Identity!.Name!, ct), ct);

    private async Task<IActionResult> ActAsync(string code, string done, Func<Task> action, CancellationToken ct)
    {
        try
        {
            await action();
            return RedirectToPage(new { code, done });
        }
        catch (RuleViolationException ex)
        {
            Errors.AddRange(ex.Errors);
        }
        catch (ConflictException ex)
        {
            Errors.Add(new(Ui.T("trạng thái", "status"), ex.Message));
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return await LoadAsync(code, ct) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        Code = code;
        Versions = await db.ProcedureVersions.AsNoTracking().Where(v => v.Code == code).OrderByDescending(v => v.Version).ToListAsync(ct);
        Name = Versions.Count > 0 ? Versions[0].Name : string.Empty;
        return Versions.Count > 0;
    }
}
