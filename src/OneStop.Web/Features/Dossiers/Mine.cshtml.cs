using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Dossiers;

/// <summary>Hồ sơ của tôi: the applicant's dossiers, drafts first.</summary>
[Authorize(Policy = StaffRoles.ApplicantPolicy)]
public sealed class MineModel(DossierQueries queries) : PageModel
{
    public IReadOnlyList<DossierListItem> Dossiers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Dossiers = await queries.MineAsync(Actor.From(User)!, ct);
}
