using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Audit;

/// <summary>
/// Seals audit entries into the log's one sequence, a block at a time: numbers them, links each to the one before
/// (SHA-256 of the previous link and the entry's content hash), and closes the block with the Merkle root of its
/// entries and the previous block's hash. One sealer runs at a time across every instance (a PostgreSQL advisory lock
/// held for the sealing transaction; SQLite has one writer). Writers never wait for it: it only reads entries and
/// inserts seals and blocks.
/// </summary>
public sealed class AuditSealing(OneStopDbContext db, TimeProvider clock)
{
    /// <summary>At most this many entries per block (one transaction of the sealer).</summary>
    public const int BlockSize = 1000;

    /// <summary>The advisory lock key that lets one sealer run at a time ("OSAUDIT" in ASCII).</summary>
    private const long LockKey = 0x4F_53_41_55_44_49_54;

    /// <summary>
    /// Seals the next block of entries whose transactions have ended; returns how many it sealed (0: nothing to do, or
    /// another sealer is at work). On PostgreSQL an entry is sealed only once every transaction that could still commit
    /// an entry before it (by transaction id, then entry id) has ended: its transaction id is below the oldest
    /// transaction still running. So an entry that commits late is sealed late, never skipped.
    /// </summary>
    public async Task<int> SealAsync(CancellationToken ct)
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

        var last = await db.Set<AuditBlock>().AsNoTracking().OrderByDescending(b => b.Number).FirstOrDefaultAsync(ct);
        var (lastTx, lastId) = last is null ? (-1L, -1L) : (last.LastTxId, last.LastEntryId);
        var entries = await db.Set<AuditEntry>().AsNoTracking()
            .Where(e => (e.TxId > lastTx || (e.TxId == lastTx && e.Id > lastId)) && e.TxId < horizon)
            .OrderBy(e => e.TxId).ThenBy(e => e.Id)
            .Take(BlockSize)
            .ToListAsync(ct);
        if (entries.Count == 0)
        {
            return 0;
        }

        var link = last is null ? AuditLog.Genesis
            : await db.Set<AuditSeal>().Where(s => s.Seq == last.LastSeq).Select(s => s.Link).SingleAsync(ct);
        var number = (last?.Number ?? 0) + 1;
        var seq = last?.LastSeq ?? 0;
        var leaves = new List<byte[]>(entries.Count);
        foreach (var e in entries)
        {
            var leaf = AuditHashes.Leaf(e);
            leaves.Add(leaf);
            link = AuditHashes.Link(link, leaf);
            db.Add(new AuditSeal { Seq = ++seq, EntryId = e.Id, Block = number, Link = link });
        }

        var now = clock.GetUtcNow();
        var block = new AuditBlock
        {
            Number = number,
            FirstSeq = (last?.LastSeq ?? 0) + 1,
            LastSeq = seq,
            LastTxId = entries[^1].TxId,
            LastEntryId = entries[^1].Id,
            Root = AuditHashes.MerkleRoot(leaves),
            PrevHash = last?.Hash ?? AuditLog.Genesis,
            SealedAt = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
            Hash = "",
        };
        block.Hash = AuditHashes.BlockHash(block, link);
        db.Add(block);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return entries.Count;
    }

    /// <summary>Seals until nothing is left that can be sealed now; returns how many entries it sealed.</summary>
    public async Task<int> SealAllAsync(CancellationToken ct)
    {
        var total = 0;
        for (int n; (n = await SealAsync(ct)) > 0;)
        {
            total += n;
            db.ChangeTracker.Clear();
        }

        return total;
    }
}

/// <summary>Seals new audit entries every second on the instances that run background jobs.</summary>
public sealed class AuditSealer(IServiceScopeFactory scopes, TimeProvider clock, ILogger<AuditSealer> log)
    : Shared.PeriodicJob(scopes, clock, log, TimeSpan.FromSeconds(1))
{
    // A failure (another instance sealed the same block first, or the database is away) is logged; the next tick goes on.
    protected override Task RunAsync(IServiceProvider services, CancellationToken ct) => services.GetRequiredService<AuditSealing>().SealAllAsync(ct);
}
