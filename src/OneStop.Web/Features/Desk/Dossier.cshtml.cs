using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Desk;

/// <summary>
/// An officer's view of a dossier of their agency, with the actions their role allows now; a supervisor of the dossier's
/// agency (or of a sub-tree holding it) sees the same page read-only.
/// </summary>
[Authorize(Policy = StaffRoles.StaffReaderPolicy)]
public sealed class DossierModel(OneStopDbContext db, DossierService service, DossierAccess access, DossierLedger ledger, DossierQueries queries, IDossierPayments payments) : PageModel
{
    public DossierPageData Data { get; private set; } = null!;
    public IReadOnlyList<(Guid Id, string Name)> Assignees { get; private set; } = [];
    public IReadOnlyList<(string Code, string Name)> TransferTargets { get; private set; } = [];
    public List<RuleError> Errors { get; } = [];
    public string? Message { get; private set; }
    /// <summary>A supervisor reading a dossier (of another agency, or without a workflow role): no actions.</summary>
    public bool ReadOnly { get; private set; }

    public async Task OnGetAsync(Guid id, CancellationToken ct) => await LoadAsync(id, ct);

    public async Task<IActionResult> OnPostAsync(Guid id, string? act, Guid? version, string? note, string? missing, Guid? assigneeId,
        string? targetAgencyCode, ReturnChannel? returnChannel, DateTime? newDueAt, string? resultTitle, CancellationToken ct)
    {
        if (!Enum.TryParse<DossierAction>(act, out var action))
        {
            return BadRequest();
        }

        var input = new ActionInput
        {
            Version = version,
            Note = note,
            Missing = (missing ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            AssigneeId = assigneeId,
            TargetAgencyCode = targetAgencyCode,
            ReturnChannel = returnChannel,
            NewDueAt = newDueAt is { } local ? new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), VietnamTime.Offset) : null,
            ResultTitle = resultTitle,
            Uploads = Request.Form.Files.Where(f => f.Length > 0).Select(f => new UploadInput(null, f)).ToList(),
            FeeQuantities = action == DossierAction.RequestPayment ? Numbered<int>("fee.q.") : null,
            FeeAmounts = action == DossierAction.RequestPayment ? Numbered<long>("fee.a.") : null,
        };
        return await this.TryActAsync(Errors, action.ToString(), async () =>
        {
            await service.ActAsync(Actor.From(User)!, id, action, input, ct);
            TempData["message"] = Ui.T($"Đã thực hiện: {DossierStateMachine.Name(action).Vietnamese}.", $"Done: {DossierStateMachine.Name(action).English}.");
            return Redirect($"/can-bo/ho-so/{id}");
        }, () => LoadAsync(id, ct));
    }

    /// <summary>Posted fields "{prefix}{index}" with a whole number (fee line quantities and amounts); blanks and junk are left out.</summary>
    private Dictionary<int, T> Numbered<T>(string prefix) where T : struct, System.Numerics.INumber<T> =>
        Request.Form.Where(f => f.Key.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(f.Key[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture, out _)
                                && T.TryParse(f.Value.ToString().Replace(".", "", StringComparison.Ordinal).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _))
            .ToDictionary(f => int.Parse(f.Key[prefix.Length..], System.Globalization.CultureInfo.InvariantCulture),
                f => T.Parse(f.Value.ToString().Replace(".", "", StringComparison.Ordinal).Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture));

    private async Task LoadAsync(Guid id, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        var d = await access.ReadAsync(actor, id, "page", ct);
        Data = await DossierPageData.LoadAsync(db, queries, ledger, payments, actor, d, ct);
        ReadOnly = d.AgencyId != actor.AgencyId || !actor.IsOfficer;
        if (Data.Actions.Contains(DossierAction.Assign))
        {
            Assignees = await queries.StaffWithRoleAsync(d.AgencyId, d.CurrentRole, ct);
        }

        if (Data.Actions.Contains(DossierAction.Transfer))
        {
            var fixedTarget = d.Step < d.Steps.Count ? d.Steps[d.Step].TransferTo : null;
            var targets = await db.Agencies.AsNoTracking()
                .Where(a => a.Id != d.AgencyId && (fixedTarget != null ? a.Code == fixedTarget : a.Level == AgencyLevel.Department))
                .OrderBy(a => a.SortOrder).Select(a => new { a.Code, a.Name }).ToListAsync(ct);
            TransferTargets = targets.Select(t => (t.Code, t.Name)).ToList();
        }

        Message = TempData["message"] as string;
    }
}
