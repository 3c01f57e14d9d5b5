using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Catalogue;

/// <summary>The catalogue as a document: for each procedure its latest published version (or its draft when it has none).</summary>
public sealed class CatalogueExport(OneStopDbContext db)
{
    public async Task<CatalogueDocument> DocumentAsync(CancellationToken ct)
    {
        var versions = await db.ProcedureVersions.AsNoTracking()
            .Where(v => v.EffectiveTo == null)
            .OrderBy(v => v.Code).ThenByDescending(v => v.Version)
            .ToListAsync(ct);
        var entries = versions
            .GroupBy(v => v.Code)
            .Select(g => g.FirstOrDefault(v => v.Status != ProcedureStatus.Draft) ?? g.First())
            .Select(v => new CatalogueEntry
            {
                Status = v.Status == ProcedureStatus.Draft ? ProcedureStatus.Draft : ProcedureStatus.Published,
                EffectiveFrom = v.EffectiveFrom,
                Version = v.Version,
                Content = v.Content,
            })
            .ToList();
        var batches = await db.RolloutBatches.AsNoTracking().OrderBy(b => b.EffectiveOn).ThenBy(b => b.Code).ToListAsync(ct);
        return new CatalogueDocument
        {
            Procedures = entries,
            RolloutBatches = batches.Select(b => new RolloutBatchEntry
            {
                Code = b.Code,
                Name = b.Name,
                ServiceLevel = b.ServiceLevel,
                EffectiveOn = b.EffectiveOn,
                Decision = b.Decision,
                ProcedureCodes = b.ProcedureCodes,
            }).ToList(),
        };
    }
}
