using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Audit;

/// <summary>
/// One entry of the audit log: who did what to which subject, when and from where. Entries form hash chains: each
/// holds the hash of the one before it in its chain and its own sequence number, so an edited, inserted or deleted
/// entry breaks the chain. Never holds passwords, tokens or full personal ID numbers.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    /// <summary>Entries are spread over a few chains (by subject) so that writers on different subjects do not queue.</summary>
    public int Chain { get; set; }
    public long Seq { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Event { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    public string? Subject { get; set; }
    public string? Address { get; set; }
    public string? Details { get; set; }
    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
}

/// <summary>The last sequence number and hash of a chain; its row lock orders the writers of that chain.</summary>
public sealed class AuditHead
{
    public int Chain { get; set; }
    public long Seq { get; set; }
    public required string Hash { get; set; }
}

/// <summary>The first entry where a chain is broken, and why.</summary>
public sealed record AuditBreak(int Chain, long Seq, long? EntryId, string Reason);

/// <summary>Result of checking every chain.</summary>
public sealed record AuditVerification(long Entries, IReadOnlyList<AuditBreak> Breaks)
{
    public bool Intact => Breaks.Count == 0;
}

/// <summary>Appends to and verifies the audit log. Appending joins the caller's transaction: the entry exists if and only if the change does.</summary>
public sealed class AuditLog(OneStopDbContext db, TimeProvider clock, IHttpContextAccessor http)
{
    public const int Chains = 8;
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>
    /// Adds an entry to the caller's unit of work: it is written by the caller's SaveChanges, in the caller's
    /// transaction, so it exists exactly when the change does. Must be called inside a transaction.
    /// </summary>
    public async Task StageAsync(string evt, Guid? actorId, string actorName, string? subject, string? details, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Audit entries are staged inside the transaction of the change they record.");
        }

        var chain = ChainOf(subject ?? actorId?.ToString() ?? evt);
        // Milliseconds: what both providers store exactly, so the hash can be recomputed from the stored row.
        var now = clock.GetUtcNow();
        var at = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        // Taking the next number locks the chain's head row until the transaction ends: writers of a chain queue here.
        var head = (await db.Database.SqlQuery<HeadRow>($"""
            UPDATE "AuditHeads" SET "Seq" = "Seq" + 1 WHERE "Chain" = {chain} RETURNING "Seq", "Hash"
            """).ToListAsync(ct)).Single();
        var entry = new AuditEntry
        {
            Chain = chain,
            Seq = head.Seq,
            At = at,
            Event = evt,
            ActorId = actorId,
            ActorName = actorName,
            Subject = subject,
            Address = http.HttpContext?.Connection.RemoteIpAddress?.ToString(),
            Details = details,
            PrevHash = head.Hash,
            Hash = "",
        };
        entry.Hash = HashOf(entry);
        db.Add(entry);
        var tracked = db.ChangeTracker.Entries<AuditHead>().FirstOrDefault(h => h.Entity.Chain == chain)?.Entity;
        if (tracked is null)
        {
            tracked = new AuditHead { Chain = chain, Seq = head.Seq, Hash = entry.Hash };
            db.Attach(tracked);
        }

        tracked.Seq = head.Seq;
        tracked.Hash = entry.Hash;
        db.Entry(tracked).Property(h => h.Hash).IsModified = true;
        db.Entry(tracked).Property(h => h.Seq).IsModified = false;
    }

    /// <summary>Writes an entry on its own (sign-ins and other events that change nothing else).</summary>
    public async Task AppendAsync(string evt, Guid? actorId, string actorName, string? subject, string? details, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await StageAsync(evt, actorId, actorName, subject, details, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>Walks every chain in order and reports, per chain, the first entry that does not fit.</summary>
    public async Task<AuditVerification> VerifyAsync(CancellationToken ct)
    {
        var heads = await db.Set<AuditHead>().AsNoTracking().ToDictionaryAsync(h => h.Chain, ct);
        var breaks = new List<AuditBreak>();
        long count = 0;
        for (var chain = 0; chain < Chains; chain++)
        {
            long expectedSeq = 1;
            var prev = Genesis;
            AuditBreak? found = null;
            await foreach (var e in db.Set<AuditEntry>().AsNoTracking().Where(e => e.Chain == chain).OrderBy(e => e.Seq).AsAsyncEnumerable().WithCancellation(ct))
            {
                count++;
                if (found is not null)
                {
                    continue;
                }

                if (e.Seq != expectedSeq)
                {
                    found = new(chain, expectedSeq, e.Id, $"entry {expectedSeq} is missing (next is {e.Seq})");
                }
                else if (e.PrevHash != prev)
                {
                    found = new(chain, e.Seq, e.Id, "does not link to the entry before it");
                }
                else if (HashOf(e) != e.Hash)
                {
                    found = new(chain, e.Seq, e.Id, "was changed after it was written");
                }

                prev = e.Hash;
                expectedSeq = e.Seq + 1;
            }

            if (found is null && heads.TryGetValue(chain, out var head) && (head.Seq != expectedSeq - 1 || head.Hash != prev))
            {
                found = new(chain, expectedSeq, null, $"the last {head.Seq - (expectedSeq - 1)} entries are missing");
            }

            if (found is not null)
            {
                breaks.Add(found);
            }
        }

        return new AuditVerification(count, breaks);
    }

    public static int ChainOf(string key) => (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(key)), 0) % Chains);

    public static string HashOf(AuditEntry e)
    {
        var canonical = string.Join('\u001f',
            e.Chain.ToString(CultureInfo.InvariantCulture), e.Seq.ToString(CultureInfo.InvariantCulture),
            e.At.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            e.Event, e.ActorId?.ToString() ?? "", e.ActorName, e.Subject ?? "", e.Address ?? "", e.Details ?? "", e.PrevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    /// <summary>The head row as the UPDATE … RETURNING reads it.</summary>
    private sealed class HeadRow
    {
        public long Seq { get; set; }
        public string Hash { get; set; } = "";
    }
}
