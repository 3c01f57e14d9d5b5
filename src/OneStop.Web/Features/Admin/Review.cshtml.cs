using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Web.Features.Catalogue;

namespace OneStop.Web.Features.Admin;

/// <summary>Imported procedures with what the parser could not understand, for a person to complete (issue 18).</summary>
public sealed class ReviewModel(CatalogueCuration curation) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "trang")] public int PageNumber { get; set; } = 1;

    public PagedResult<ReviewRow> Rows { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Rows = await curation.ReviewAsync(PageNumber, ct);
}
