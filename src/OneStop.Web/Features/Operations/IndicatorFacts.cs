using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Indicators;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Operations;

/// <summary>Where a dossier's counts go: its agency, procedure and channel.</summary>
public sealed record Slice(Guid AgencyId, string ProcedureCode, Channel Channel);

/// <summary>Reads what the indicator rules need of dossiers: the dossier row, its supplement and payment history, its files.</summary>
public static class IndicatorFacts
{
    public static async Task<Dictionary<Guid, (Slice Slice, DossierFacts Facts)>> LoadAsync(OneStopDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        var dossiers = await db.Dossiers.AsNoTracking().IgnoreQueryFilters().Where(d => ids.Contains(d.Id))
            .Select(d => new
            {
                d.Id, d.AgencyId, d.ProcedureCode, d.Channel, d.Status, d.ReceivedAt, d.DueAt, d.ReleasedAt, d.CompletedAt,
                d.FeeDueVnd, d.FeePaidVnd, d.ReturnChannel,
            })
            .ToListAsync(ct);
        var events = (await db.DossierEvents.AsNoTracking().Where(e => ids.Contains(e.DossierId)
                && (e.Action == DossierAction.RequestSupplement || e.Action == DossierAction.Supplement || e.Action == DossierAction.ConfirmPayment))
            .Select(e => new { e.DossierId, e.Id, e.At, e.Action, e.Data })
            .ToListAsync(ct)).ToLookup(e => e.DossierId);
        var files = (await db.DossierFiles.AsNoTracking().Where(f => ids.Contains(f.DossierId))
            .Select(f => new { f.DossierId, f.Kind, Reused = f.WalletDocumentId != null })
            .ToListAsync(ct)).ToLookup(f => f.DossierId);

        var result = new Dictionary<Guid, (Slice, DossierFacts)>(dossiers.Count);
        foreach (var d in dossiers)
        {
            var history = events[d.Id].OrderBy(e => e.At).ThenBy(e => e.Id).ToList();
            var supplements = new List<SupplementRequest>();
            foreach (var e in history)
            {
                if (e.Action == DossierAction.RequestSupplement)
                {
                    supplements.Add(new SupplementRequest(e.At, null));
                }
                else if (e.Action == DossierAction.Supplement && supplements.Count > 0 && supplements[^1].AnsweredAt is null)
                {
                    supplements[^1] = supplements[^1] with { AnsweredAt = e.At };
                }
            }

            var payments = history.Where(e => e.Action == DossierAction.ConfirmPayment)
                .Select(e => EventDetails.Read(e.Action, e.Data) as PaymentConfirmedDetails).ToList();
            var own = files[d.Id].ToList();
            result[d.Id] = (new Slice(d.AgencyId, d.ProcedureCode, d.Channel), new DossierFacts
            {
                Channel = d.Channel,
                Status = d.Status,
                ReceivedAt = d.ReceivedAt,
                DueAt = d.DueAt,
                ReleasedAt = d.ReleasedAt,
                CompletedAt = d.CompletedAt,
                Supplements = supplements,
                FeeBearing = d.FeeDueVnd > 0 || d.FeePaidVnd > 0 || payments.Count > 0,
                PaidOnline = payments.Any(p => p is not null && p.Gateway.Length > 0 && p.Gateway != Payments.PaymentLedger.DeskGateway),
                HasComponentFiles = own.Any(f => f.Kind is DossierFileKind.Submitted or DossierFileKind.Supplement or DossierFileKind.Digitised),
                HasReusedDocument = own.Any(f => f.Reused),
                HasElectronicResult = own.Any(f => f.Kind == DossierFileKind.Result),
                ReturnChannel = d.ReturnChannel,
            });
        }

        return result;
    }
}
