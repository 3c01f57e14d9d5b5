using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Catalogue;

namespace OneStop.Web.Features.Home;

public sealed class IndexModel(CatalogueQueries queries) : PageModel
{
    public CatalogueStatisticsReport Stats { get; private set; } = null!;
    public IReadOnlyList<FieldCount> Fields { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Stats = await queries.StatisticsAsync(ct);
        Fields = await queries.FieldsAsync(ct);
    }
}
