using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;

namespace OneStop.Web.Features.Catalogue;

public sealed class StatisticsModel(CatalogueQueries queries) : PageModel
{
    public CatalogueStatisticsReport Report { get; private set; } = null!;
    public DateOnly Today => queries.Today;

    public async Task OnGetAsync(CancellationToken ct) => Report = await queries.StatisticsAsync(ct);
}
