using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Agencies;

public sealed class IndexModel(AgencyQueries queries) : PageModel
{
    public AgencyDetail? Agency { get; private set; }
    public IReadOnlyList<AgencySummary> Children { get; private set; } = [];
    public AgencyModel Model => queries.Model;

    public async Task<IActionResult> OnGetAsync(string? code, CancellationToken ct)
    {
        if (code is null)
        {
            // The root is the city: show it with its departments, districts or communes.
            var roots = await queries.ChildrenAsync(null, ct);
            Children = roots.Count == 1 ? await queries.ChildrenAsync(roots[0].Code, ct) : roots;
            return Page();
        }

        Agency = await queries.DetailAsync(code, ct);
        if (Agency is null)
        {
            return NotFound();
        }

        Children = Agency.Children;
        return Page();
    }
}
