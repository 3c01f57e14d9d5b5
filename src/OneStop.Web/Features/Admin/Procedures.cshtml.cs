using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Text;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Admin;

/// <summary>Catalogue administration: every procedure with its current version and pending draft.</summary>
public sealed class ProceduresModel(OneStopDbContext db) : PageModel
{
    public sealed record Row(string Code, string Name, int? CurrentVersion, ProcedureStatus? CurrentStatus, int? DraftVersion);

    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }

    public IReadOnlyList<Row> Rows { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var query = db.ProcedureVersions.AsNoTracking().Where(v => v.EffectiveTo == null);
        foreach (var term in VietnameseText.Terms(Q))
        {
            var word = VietnameseText.WordPattern(term);
            query = query.Where(v => v.SearchText.Contains(word));
        }

        var versions = await query.Select(v => new { v.Code, v.Name, v.Version, v.Status }).ToListAsync(ct);
        Rows = versions.GroupBy(v => v.Code)
            .Select(g =>
            {
                var current = g.Where(v => v.Status != ProcedureStatus.Draft).MaxBy(v => v.Version);
                var draft = g.SingleOrDefault(v => v.Status == ProcedureStatus.Draft);
                return new Row(g.Key, (draft ?? current)!.Name, current?.Version, current?.Status, draft?.Version);
            })
            .OrderBy(r => r.Code, StringComparer.Ordinal)
            .ToList();
    }
}
