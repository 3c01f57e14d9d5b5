using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Indicators;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;

namespace OneStop.Web.Features.Operations;

/// <summary>
/// Keeps the indicator counters (<see cref="IndicatorDay"/>) up to date without ever being on a writer's path: it follows
/// the audit log — every dossier action writes an entry in its own transaction — from a watermark, in the sealer's order
/// ((transaction id, entry id), only entries of transactions that have ended: <c>pg_snapshot_xmin</c>; SQLite has one
/// writer), judges each changed dossier anew with <see cref="IndicatorRules.Judge"/>, subtracts what it had added before
/// (<see cref="IndicatorDossier"/>) and adds its new lines. One roll-up runs at a time across instances (a PostgreSQL
/// advisory lock held for its transaction). The first run judges every dossier.
/// </summary>
public sealed class IndicatorRollup(OneStopDbContext db, TimeProvider clock)
{
    /// <summary>Audit entries read per transaction.</summary>
    public const int Batch = 2000;

    /// <summary>Dossiers judged per transaction when building from scratch.</summary>
    public const int RebuildBatch = 2000;

    /// <summary>"OSINDIC" in ASCII.</summary>
    private const long LockKey = 0x4F_53_49_4E_44_49_43;

    /// <summary>Rolls up one batch; returns how many audit entries (or, on the first run, dossiers) it read; 0 when nothing is left or another instance is at work.</summary>
    public async Task<int> RollUpAsync(CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var horizon = long.MaxValue;
        if (db.Database.IsNpgsql())
        {
            if (!await db.Database.SqlQuery<bool>($"""SELECT pg_try_advisory_xact_lock({LockKey}) AS "Value" """).SingleAsync(ct))
            {
                return 0;
            }

            horizon = await db.Database.SqlQuery<long>($"""SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS "Value" """).SingleAsync(ct);
        }

        var mark = await db.Set<IndicatorWatermark>().SingleOrDefaultAsync(w => w.Id == 1, ct);
        int read;
        if (mark is null)
        {
            // First run: every dossier is judged once; the log is followed from the entries committed by now.
            var last = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.TxId < horizon)
                .OrderByDescending(e => e.TxId).ThenByDescending(e => e.Id).Select(e => new { e.TxId, e.Id }).FirstOrDefaultAsync(ct);
            mark = new IndicatorWatermark { Id = 1, LastTxId = last?.TxId ?? -1, LastEntryId = last?.Id ?? -1 };
            db.Add(mark);
            var ids = await db.Dossiers.AsNoTracking().IgnoreQueryFilters().Where(d => d.ReceivedAt != null).Select(d => d.Id).ToListAsync(ct);
            foreach (var chunk in ids.Chunk(RebuildBatch))
            {
                await ApplyAsync(chunk, ct);
            }

            read = Math.Max(1, ids.Count);
        }
        else
        {
            var (lastTx, lastId) = (mark.LastTxId, mark.LastEntryId);
            var entries = await db.Set<AuditEntry>().AsNoTracking()
                .Where(e => (e.TxId > lastTx || (e.TxId == lastTx && e.Id > lastId)) && e.TxId < horizon)
                .OrderBy(e => e.TxId).ThenBy(e => e.Id)
                .Select(e => new { e.TxId, e.Id, e.Event, e.Subject })
                .Take(Batch)
                .ToListAsync(ct);
            if (entries.Count == 0)
            {
                return 0;
            }

            var subjects = entries.Where(e => e.Event.StartsWith("dossier.", StringComparison.Ordinal) && e.Event != "dossier.read" && e.Subject is not null)
                .Select(e => e.Subject!).Distinct().ToList();
            var guids = subjects.Select(s => Guid.TryParse(s, out var g) ? g : (Guid?)null).Where(g => g is not null).Select(g => g!.Value).ToList();
            var ids = await db.Dossiers.AsNoTracking().IgnoreQueryFilters()
                .Where(d => (d.Code != null && subjects.Contains(d.Code)) || guids.Contains(d.Id))
                .Select(d => d.Id).ToListAsync(ct);
            // A transfer's other dossier changes with the action on its original (created, ended, handed back).
            ids.AddRange(await db.Dossiers.AsNoTracking().IgnoreQueryFilters().Where(d => d.ParentId != null && ids.Contains(d.ParentId.Value)).Select(d => d.Id).ToListAsync(ct));
            await ApplyAsync(ids.Distinct().ToList(), ct);
            (mark.LastTxId, mark.LastEntryId) = (entries[^1].TxId, entries[^1].Id);
            read = entries.Count;
        }

        mark.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        db.ChangeTracker.Clear();
        return read;
    }

    /// <summary>Rolls up until nothing is left that can be rolled up now.</summary>
    public async Task<int> RollUpAllAsync(CancellationToken ct)
    {
        var total = 0;
        for (int n; (n = await RollUpAsync(ct)) > 0;)
        {
            total += n;
        }

        return total;
    }

    /// <summary>Judges the dossiers anew and moves the counters by the difference with what they had added.</summary>
    private async Task ApplyAsync(IReadOnlyCollection<Guid> ids, CancellationToken ct)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var facts = await IndicatorFacts.LoadAsync(db, ids, ct);
        var stored = await db.Set<IndicatorDossier>().Where(s => ids.Contains(s.DossierId)).ToDictionaryAsync(s => s.DossierId, ct);
        var deltas = new Dictionary<(Guid Agency, DateOnly Day, string Procedure, Channel Channel), DayCounts>();
        void Add(Guid agency, string procedure, Channel channel, DateOnly day, DayCounts counts)
        {
            var key = (agency, day, procedure, channel);
            deltas[key] = deltas.GetValueOrDefault(key, DayCounts.Zero) + counts;
        }

        foreach (var (id, (slice, f)) in facts)
        {
            var lines = IndicatorRules.Judge(f).Lines;
            if (stored.TryGetValue(id, out var old))
            {
                foreach (var l in old.Lines)
                {
                    Add(old.AgencyId, old.ProcedureCode, old.Channel, l.Day, DayCounts.Zero - DayCounts.FromArray(l.Counts));
                }

                (old.AgencyId, old.ProcedureCode, old.Channel) = (slice.AgencyId, slice.ProcedureCode, slice.Channel);
                old.Lines = lines.Select(l => new StoredLine(l.Day, l.Counts.ToArray())).ToList();
            }
            else if (lines.Count > 0)
            {
                db.Add(new IndicatorDossier
                {
                    DossierId = id, AgencyId = slice.AgencyId, ProcedureCode = slice.ProcedureCode, Channel = slice.Channel,
                    Lines = lines.Select(l => new StoredLine(l.Day, l.Counts.ToArray())).ToList(),
                });
            }

            foreach (var l in lines)
            {
                Add(slice.AgencyId, slice.ProcedureCode, slice.Channel, l.Day, l.Counts);
            }
        }

        var changed = deltas.Where(d => !d.Value.IsZero).ToList();
        if (changed.Count == 0)
        {
            return;
        }

        var agencies = changed.Select(c => c.Key.Agency).Distinct().ToList();
        var days = changed.Select(c => c.Key.Day).Distinct().ToList();
        var rows = (await db.Set<IndicatorDay>().Where(r => agencies.Contains(r.AgencyId) && days.Contains(r.Day)).ToListAsync(ct))
            .ToDictionary(r => (r.AgencyId, r.Day, r.ProcedureCode, r.Channel));
        foreach (var (key, delta) in changed)
        {
            if (!rows.TryGetValue(key, out var row))
            {
                row = new IndicatorDay { AgencyId = key.Agency, Day = key.Day, ProcedureCode = key.Procedure, Channel = key.Channel };
                rows[key] = row;
                db.Add(row);
            }

            row.Set(row.Counts + delta);
        }
    }
}

/// <summary>Rolls up the indicator counters every few seconds on the instances that run background jobs.</summary>
public sealed class IndicatorRollupJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IndicatorRollupJob> log)
    : Shared.PeriodicJob(scopes, clock, log, TimeSpan.FromSeconds(5))
{
    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) => services.GetRequiredService<IndicatorRollup>().RollUpAllAsync(ct);
}
