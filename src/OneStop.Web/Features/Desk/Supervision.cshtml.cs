using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Desk;

/// <summary>
/// Giám sát hồ sơ: read-only list of the dossiers of the agencies a leader, division head or report viewer supervises
/// (their agency and, with a sub-tree grant, every agency under it), with filters and pages. Opening one is audited.
/// </summary>
[Authorize(Policy = StaffRoles.SupervisionPolicy)]
public sealed class SupervisionModel(DossierQueries queries) : PageModel
{
    public IReadOnlyList<(string Code, string Name, AgencyLevel Level)> Agencies { get; private set; } = [];
    public string? AgencyCode { get; private set; }
    public bool SubUnits { get; private set; } = true;
    public DossierStatus? Status { get; private set; }
    public bool OverdueOnly { get; private set; }
    public SupervisionPage Result { get; private set; } = new([], 1, false);
    public List<RuleError> Errors { get; } = [];

    public async Task OnGetAsync(string? coQuan, bool? trucThuoc, string? trangThai, bool? quaHan, int? trang, CancellationToken ct)
    {
        var actor = Actor.From(User)!;
        Agencies = await queries.SupervisedAgenciesAsync(actor, ct);
        AgencyCode = string.IsNullOrWhiteSpace(coQuan) ? null : coQuan.Trim();
        SubUnits = trucThuoc ?? true;
        OverdueOnly = quaHan ?? false;
        if (!string.IsNullOrEmpty(trangThai))
        {
            if (Enum.TryParse<DossierStatus>(trangThai, out var s) && Enum.IsDefined(s) && s != DossierStatus.Draft && !int.TryParse(trangThai, out _))
            {
                Status = s;
            }
            else
            {
                Errors.Add(new("trangThai", Ui.T("Chọn một trạng thái trong danh sách.", "Choose a status from the list.")));
            }
        }

        Guid? agency = null;
        try
        {
            agency = await queries.SupervisedAgencyAsync(actor, AgencyCode, "coQuan", ct);
        }
        catch (RuleViolationException ex)
        {
            Errors.AddRange(ex.Errors);
        }

        if (Errors.Count > 0)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        Result = await queries.SupervisionAsync(actor, new SupervisionFilter(agency, SubUnits, Status, OverdueOnly, trang ?? 1), ct);
    }

    /// <summary>The address of another page of the same list.</summary>
    public string PageLink(int page) =>
        $"/can-bo/giam-sat?coQuan={Uri.EscapeDataString(AgencyCode ?? "")}&trucThuoc={(SubUnits ? "true" : "false")}&trangThai={Status}&quaHan={(OverdueOnly ? "true" : "false")}&trang={page}";
}
