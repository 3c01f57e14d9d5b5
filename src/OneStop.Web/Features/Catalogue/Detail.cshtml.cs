using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace OneStop.Web.Features.Catalogue;

/// <summary>Everything a level-1 service must show about a procedure, for the version in force or a named version.</summary>
public sealed class DetailModel(CatalogueQueries queries) : PageModel
{
    public ProcedureDetail Procedure { get; private set; } = null!;

    /// <summary>What the national catalogue adds to the page (source, import time, department, per-channel terms).</summary>
    public NationalDetails National { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string code, [FromQuery(Name = "phienBan")] int? version, CancellationToken ct)
    {
        var detail = await queries.DetailAsync(code, version, ct);
        if (detail is null)
        {
            return NotFound();
        }

        Procedure = detail;
        National = await queries.NationalDetailsAsync(detail, ct);
        return Page();
    }
}
