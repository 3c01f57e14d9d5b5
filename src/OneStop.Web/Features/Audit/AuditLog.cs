using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Audit;

/// <summary>
/// One entry of the audit log: who did what to which subject, when and from where. An entry is a plain insert in the
/// transaction of the change it records (no shared row is locked, so unrelated writers never wait for each other);
/// the <see cref="AuditSealer"/> later puts it in the log's one sequence, hash-linked and grouped into blocks with a
/// Merkle root, so an edited, inserted or deleted entry is found. Never holds passwords, tokens or full personal ID
/// numbers.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    /// <summary>
    /// The writing transaction's id on PostgreSQL (0 on SQLite, whose single writer commits in id order): the sealer
    /// takes only entries of transactions that have ended, so an entry whose transaction commits later is never skipped.
    /// </summary>
    public long TxId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Event { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public string? Subject { get; set; }
    public string? Address { get; set; }
    public string? Details { get; set; }

    // Entries written before the log was sealed in blocks (until December 2026) were numbered in 8 hash chains whose
    // head rows every writer locked; they keep their chain fields and are still checked that way (and are sealed too).
    public int? Chain { get; set; }
    public long? Seq { get; set; }
    public string? PrevHash { get; set; }
    public string? Hash { get; set; }
}

/// <summary>An entry's place in the sealed log: its number, its block and the running hash up to and including it.</summary>
public sealed class AuditSeal
{
    public long Seq { get; set; }
    public long EntryId { get; set; }
    public long Block { get; set; }
    /// <summary>SHA-256 of the previous seal's link and this entry's content hash.</summary>
    public required string Link { get; set; }
}

/// <summary>A block of sealed entries: the Merkle root of their content hashes, chained to the block before.</summary>
public sealed class AuditBlock
{
    public long Number { get; set; }
    public long FirstSeq { get; set; }
    public long LastSeq { get; set; }
    /// <summary>Where the sealer stopped: the (transaction, entry) key of the last entry sealed.</summary>
    public long LastTxId { get; set; }
    public long LastEntryId { get; set; }
    public required string Root { get; set; }
    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
    public DateTimeOffset SealedAt { get; set; }
}

/// <summary>The last sequence number and hash of a first-wave chain (entries written before sealing; no longer written).</summary>
public sealed class AuditHead
{
    public int Chain { get; set; }
    public long Seq { get; set; }
    public required string Hash { get; set; }
}

/// <summary>The first place where the log does not fit, and why: <paramref name="Where"/> names the block or chain.</summary>
public sealed record AuditBreak(string Where, long Seq, long? EntryId, string Reason)
{
    public override string ToString() => $"{Where}, {Seq}{(EntryId is { } id ? $" (id {id})" : "")}: {Reason}";
}

/// <summary>Result of checking the log: entries sealed and checked, entries not sealed yet, and what is broken.</summary>
public sealed record AuditVerification(long Entries, long Pending, IReadOnlyList<AuditBreak> Breaks, string? LastBlockHash)
{
    public bool Intact => Breaks.Count == 0;
}

/// <summary>Appends to and verifies the audit log. Appending joins the caller's transaction: the entry exists if and only if the change does.</summary>
public sealed class AuditLog(OneStopDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Adds an entry to the caller's unit of work: it is written by the caller's SaveChanges, in the caller's
    /// transaction, so it exists exactly when the change does. Must be called inside a transaction. It reads and locks
    /// nothing: sealing happens later, outside the caller's transaction.
    /// </summary>
    public Task StageAsync(string evt, Guid? actorId, string actorName, string? subject, string? details, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit entries are staged inside the transaction of the change they record.");
        }

        // Milliseconds: what both providers store exactly, so the hash can be recomputed from the stored row.
        var now = clock.GetUtcNow();
        db.Add(new AuditEntry
        {
            At = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero),
            Event = evt,
            ActorId = actorId,
            ActorName = actorName,
            Subject = subject,
            Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Details = details,
        });
        return Task.CompletedTask;
    }

    /// <summary>Writes an entry on its own (sign-ins and other events that change nothing else).</summary>
    public async Task AppendAsync(string evt, Guid? actorId, string actorName, string? subject, string? details, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await StageAsync(evt, actorId, actorName, subject, details, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Walks the sealed log in order and reports each place that does not fit: a missing number, a seal whose entry is
    /// gone, an entry changed after sealing, a block whose root or link does not match, sealed entries missing at the
    /// end; and the first-wave chains the same way as before. Entries not sealed yet are counted, not judged.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        var breaks = new List<AuditBreak>();
        var blocks = await db.Set<AuditBlock>().AsNoTracking().OrderBy(b => b.Number).ToListAsync(ct);
        var blockAt = 0;
        var leaves = new List<byte[]>();
        var prevLink = Genesis;
        var prevBlockHash = Genesis;
        long expected = 1, count = 0;

        var entryBreaks = 0;
        void CloseBlock(AuditBlock b)
        {
            // A block's root is judged only when its entries' links all fit: an entry already reported is not reported twice.
            if (entryBreaks == 0 && b.Root != AuditHashes.MerkleRoot(leaves))
            {
                breaks.Add(new($"block {b.Number}", b.FirstSeq, null, "its Merkle root does not match its entries"));
            }

            if (b.PrevHash != prevBlockHash || b.Hash != AuditHashes.BlockHash(b, prevLink))
            {
                breaks.Add(new($"block {b.Number}", b.LastSeq, null, "does not link to the block before it"));
            }

            prevBlockHash = b.Hash;
            leaves.Clear();
            entryBreaks = 0;
        }

        var rows = from s in db.Set<AuditSeal>().AsNoTracking()
                   join e in db.Set<AuditEntry>().AsNoTracking() on s.EntryId equals e.Id into found
                   from e in found.DefaultIfEmpty()
                   orderby s.Seq
                   select new { Seal = s, Entry = e };
        await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(ct))
        {
            count++;
            var s = row.Seal;
            while (blockAt < blocks.Count && s.Seq > blocks[blockAt].LastSeq)
            {
                CloseBlock(blocks[blockAt++]);
            }

            var where = $"block {s.Block}";
            var before = breaks.Count;
            if (blockAt == blocks.Count || s.Seq < blocks[blockAt].FirstSeq || s.Block != blocks[blockAt].Number)
            {
                breaks.Add(new(where, s.Seq, s.EntryId, "is outside the block it names (inserted)"));
            }

            if (s.Seq != expected)
            {
                breaks.Add(new(where, expected, null, $"entry {expected} is missing (next is {s.Seq})"));
            }

            var leaf = row.Entry is null ? null : AuditHashes.Leaf(row.Entry);
            if (leaf is null)
            {
                breaks.Add(new(where, s.Seq, s.EntryId, "the entry was deleted"));
            }
            else if (s.Link != AuditHashes.Link(prevLink, leaf))
            {
                breaks.Add(new(where, s.Seq, s.EntryId, "was changed after it was written"));
            }

            entryBreaks += breaks.Count - before;

            leaves.Add(leaf ?? []);
            prevLink = s.Link;
            expected = s.Seq + 1;
        }

        while (blockAt < blocks.Count)
        {
            var b = blocks[blockAt++];
            if (b.LastSeq >= expected)
            {
                breaks.Add(new($"block {b.Number}", expected, null, $"the last {b.LastSeq - expected + 1} entries are missing"));
            }

            CloseBlock(b);
        }

        var last = blocks.Count > 0 ? blocks[^1] : null;
        var (lastTx, lastId) = last is null ? (-1L, -1L) : (last.LastTxId, last.LastEntryId);
        var pending = await db.Set<AuditEntry>().AsNoTracking().CountAsync(e => e.TxId > lastTx || (e.TxId == lastTx && e.Id > lastId), ct);
        breaks.AddRange(await LegacyChainBreaksAsync(ct));
        return new AuditVerification(count, pending, breaks, last?.Hash);
    }

    /// <summary>The first-wave chains, checked as they were written: numbered, each entry linking to the one before, heads matching.</summary>
    private async Task<List<AuditBreak>> LegacyChainBreaksAsync(CancellationToken ct)
    {
        var heads = await db.Set<AuditHead>().AsNoTracking().ToDictionaryAsync(h => h.Chain, ct);
        var breaks = new List<AuditBreak>();
        foreach (var chain in heads.Keys.Order())
        {
            long expectedSeq = 1;
            var prev = Genesis;
            AuditBreak? found = null;
            await foreach (var e in db.Set<AuditEntry>().AsNoTracking().Where(e => e.Chain == chain).OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
            {
                if (found is not null)
                {
                    continue;
                }

                var where = $"chain {chain}";
                if (e.Seq != expectedSeq)
                {
                    found = new(where, expectedSeq, e.Id, $"entry {expectedSeq} is missing (next is {e.Seq})");
                }
                else if (e.PrevHash != prev)
                {
                    found = new(where, e.Seq!.Value, e.Id, "does not link to the entry before it");
                }
                else if (AuditHashes.LegacyHash(e) != e.Hash)
                {
                    found = new(where, e.Seq!.Value, e.Id, "was changed after it was written");
                }

                prev = e.Hash!;
                expectedSeq = e.Seq!.Value + 1;
            }

            var head = heads[chain];
            if (found is null && (head.Seq != expectedSeq - 1 || head.Hash != prev))
            {
                found = new($"chain {chain}", expectedSeq, null, $"the last {head.Seq - (expectedSeq - 1)} entries are missing");
            }

            if (found is not null)
            {
                breaks.Add(found);
            }
        }

        return breaks;
    }
}

/// <summary>The log's hashes: an entry's content hash (the Merkle leaf), the running link, a block's root and hash.</summary>
public static class AuditHashes
{
    /// <summary>SHA-256 of the entry's content in a fixed form (unit-separated fields, UTC milliseconds).</summary>
    public static byte[] Leaf(AuditEntry e) => SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f',
        "entry", e.Id.ToString(CultureInfo.InvariantCulture), Time(e.At),
        e.Event, e.ActorId?.ToString() ?? "", e.ActorName, e.Subject ?? "", e.Address ?? "", e.Details ?? "")));

    public static string Link(string prevLink, byte[] leaf) =>
        Convert.ToHexStringLower(SHA256.HashData([.. Convert.FromHexString(prevLink), .. leaf]));

    /// <summary>RFC 6962 (Certificate Transparency) Merkle tree hash: leaves prefixed 0x00, inner nodes 0x01, an odd node carried up.</summary>
    public static string MerkleRoot(IReadOnlyList<byte[]> leaves)
    {
        if (leaves.Count == 0)
        {
            return Convert.ToHexStringLower(SHA256.HashData([]));
        }

        var level = leaves.Select(l => SHA256.HashData([0, .. l])).ToList();
        while (level.Count > 1)
        {
            var next = new List<byte[]>((level.Count + 1) / 2);
            for (var i = 0; i < level.Count; i += 2)
            {
                next.Add(i + 1 < level.Count ? SHA256.HashData([1, .. level[i], .. level[i + 1]]) : level[i]);
            }

            level = next;
        }

        return Convert.ToHexStringLower(level[0]);
    }

    /// <summary>A block's hash: its number, range, root, the link of its last entry, sealing time and the previous block's hash.</summary>
    public static string BlockHash(AuditBlock b, string lastLink) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f',
        "block", b.Number.ToString(CultureInfo.InvariantCulture), b.FirstSeq.ToString(CultureInfo.InvariantCulture),
        b.LastSeq.ToString(CultureInfo.InvariantCulture), b.Root, lastLink, Time(b.SealedAt), b.PrevHash))));

    /// <summary>The hash of a first-wave chained entry.</summary>
    public static string LegacyHash(AuditEntry e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f',
        e.Chain?.ToString(CultureInfo.InvariantCulture) ?? "", e.Seq?.ToString(CultureInfo.InvariantCulture) ?? "", Time(e.At),
        e.Event, e.ActorId?.ToString() ?? "", e.ActorName, e.Subject ?? "", e.Address ?? "", e.Details ?? "", e.PrevHash ?? ""))));

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
