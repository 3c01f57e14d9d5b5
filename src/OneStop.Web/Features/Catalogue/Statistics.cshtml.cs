using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;

namespace OneStop.Web.Features.Catalogue;

public sealed class StatisticsModel(CatalogueQueries queries) : PageModel
{
    public CatalogueStatisticsReport Report { get; private set; } = null!;

    /// <summary>The date counted: today unless another is asked for (?ngay=yyyy-MM-dd).</summary>
    [Microsoft.AspNetCore.Mvc.BindProperty(SupportsGet = true, Name = "ngay")] public DateOnly? Date { get; set; }

    public DateOnly Today => Date ?? queries.Today;

    public async Task OnGetAsync(CancellationToken ct) => Report = await queries.StatisticsAsync(Today, ct);
}
