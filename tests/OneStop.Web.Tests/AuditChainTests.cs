using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>The audit log records sign-ins, readings and actions, and its hash chains expose edits and deletions.</summary>
public abstract class AuditChainTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : OneStopAppFactory
{
    [Fact]
    public async Task Actions_and_readings_are_chained_and_an_edited_or_deleted_entry_is_found()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var desk = await app.SignInAsync(Desk);
        var commune = await DemoCommuneIdAsync(app.Services);

        var codes = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var draft = (await (await citizen.PostAsJsonAsync(new Uri("/api/v1/dossiers", UriKind.Relative), new DraftRequest(Birth, commune, BirthForm(), null), Json)).Content.ReadFromJsonAsync<DossierView>(Json))!;
            foreach (var doc in new[] { 1, 4 })
            {
                using var form = new MultipartFormDataContent { { new ByteArrayContent(Pdf), "file", "a.pdf" } };
                (await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft.Id}/files?document={doc}", UriKind.Relative), form)).EnsureSuccessStatusCode();
            }

            var submitted = (await (await citizen.PostAsync(new Uri($"/api/v1/dossiers/{draft.Id}/submit", UriKind.Relative), null)).Content.ReadFromJsonAsync<DossierView>(Json))!;
            (await desk.PostAsJsonAsync(new Uri($"/api/v1/dossiers/{draft.Id}/actions/Receive", UriKind.Relative), new ActionRequest(submitted.Version, null, null, null, null, null, null), Json)).EnsureSuccessStatusCode();
            (await desk.GetAsync(new Uri($"/api/v1/dossiers/{draft.Id}", UriKind.Relative))).EnsureSuccessStatusCode();
            codes.Add(submitted.Code!);
        }

        using var scope2 = app.Services.CreateScope();
        var db = scope2.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var audit = scope2.ServiceProvider.GetRequiredService<AuditLog>();
        foreach (var code in codes)
        {
            var events = await db.Set<AuditEntry>().Where(e => e.Subject == code).Select(e => e.Event).ToListAsync();
            Assert.Contains("dossier.Submit", events);
            Assert.Contains("dossier.Receive", events);
            Assert.Contains("dossier.read", events);
        }

        Assert.True(await db.Set<AuditEntry>().AnyAsync(e => e.Event == "signin.success" && e.ActorName == CitizenA));
        Assert.DoesNotContain(await db.Set<AuditEntry>().Select(e => e.Details ?? "").ToListAsync(), d => d.Contains("001090000001", StringComparison.Ordinal));

        // Nothing is sealed until the sealer runs; then every entry is, in order, and the log verifies.
        var before = await audit.VerifyAsync(CancellationToken.None);
        Assert.True(before.Pending > 0);
        await AuditFixtures.SealEverythingAsync(app);
        var intact = await audit.VerifyAsync(CancellationToken.None);
        Assert.True(intact.Intact, string.Join("; ", intact.Breaks));
        Assert.Equal(0, intact.Pending);
        Assert.Equal(await db.Set<AuditEntry>().LongCountAsync(), intact.Entries);
        Assert.NotNull(intact.LastBlockHash);

        var seals = await db.Set<AuditSeal>().OrderBy(x => x.Seq).ToListAsync();
        Assert.True(seals.Count >= 20);

        // Edit an entry in the middle: found at its number, once; putting it back heals the log.
        var middle = seals[seals.Count / 2];
        var edited = await db.Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Id == middle.EntryId);
        await db.Set<AuditEntry>().Where(e => e.Id == edited.Id).ExecuteUpdateAsync(x => x.SetProperty(e => e.ActorName, "người khác"));
        var broken = Assert.Single((await audit.VerifyAsync(CancellationToken.None)).Breaks);
        Assert.Equal((middle.Seq, (long?)edited.Id), (broken.Seq, broken.EntryId));
        Assert.Contains("changed", broken.Reason, StringComparison.Ordinal);
        await db.Set<AuditEntry>().Where(e => e.Id == edited.Id).ExecuteUpdateAsync(x => x.SetProperty(e => e.ActorName, edited.ActorName));
        Assert.True((await audit.VerifyAsync(CancellationToken.None)).Intact);

        // Replace an entry with a forged one (its seal now names the forgery): found at that number.
        var forged = new AuditEntry { At = edited.At, Event = edited.Event, ActorName = "kẻ giả mạo", Subject = edited.Subject, TxId = edited.TxId };
        db.Add(forged);
        await db.SaveChangesAsync();
        await db.Set<AuditSeal>().Where(x => x.Seq == middle.Seq).ExecuteUpdateAsync(x => x.SetProperty(q => q.EntryId, forged.Id));
        var replaced = (await audit.VerifyAsync(CancellationToken.None)).Breaks[0];
        Assert.Equal((middle.Seq, (long?)forged.Id), (replaced.Seq, replaced.EntryId));
        await db.Set<AuditSeal>().Where(x => x.Seq == middle.Seq).ExecuteUpdateAsync(x => x.SetProperty(q => q.EntryId, edited.Id));
        await db.Set<AuditEntry>().Where(e => e.Id == forged.Id).ExecuteDeleteAsync();
        Assert.True((await audit.VerifyAsync(CancellationToken.None)).Intact);

        // Insert a sealed-looking entry after the last block (a correct link, but no block covers it).
        var lastSeal = seals[^1];
        db.Add(forged = new AuditEntry { At = edited.At, Event = "signin.success", ActorName = "kẻ giả mạo", TxId = lastSeal.Seq });
        await db.SaveChangesAsync();
        db.Add(new AuditSeal { Seq = lastSeal.Seq + 1, EntryId = forged.Id, Block = lastSeal.Block, Link = AuditHashes.Link(lastSeal.Link, AuditHashes.Leaf(forged)) });
        await db.SaveChangesAsync();
        var inserted = (await audit.VerifyAsync(CancellationToken.None)).Breaks[0];
        Assert.Equal((lastSeal.Seq + 1, (long?)forged.Id), (inserted.Seq, inserted.EntryId));
        Assert.Contains("inserted", inserted.Reason, StringComparison.Ordinal);
        await db.Set<AuditSeal>().Where(x => x.Seq == lastSeal.Seq + 1).ExecuteDeleteAsync();
        await db.Set<AuditEntry>().Where(e => e.Id == forged.Id).ExecuteDeleteAsync();
        Assert.True((await audit.VerifyAsync(CancellationToken.None)).Intact);

        // Delete an entry in the middle with its seal: the first break names the missing number.
        var gone = seals[seals.Count / 3];
        await db.Set<AuditSeal>().Where(x => x.Seq == gone.Seq).ExecuteDeleteAsync();
        await db.Set<AuditEntry>().Where(e => e.Id == gone.EntryId).ExecuteDeleteAsync();
        var afterDelete = (await audit.VerifyAsync(CancellationToken.None)).Breaks[0];
        Assert.Equal(gone.Seq, afterDelete.Seq);
        Assert.Contains("missing", afterDelete.Reason, StringComparison.Ordinal);

        // Delete the newest entries: the last block remembers how far the log went.
        await db.Set<AuditSeal>().Where(x => x.Seq >= lastSeal.Seq - 1).ExecuteDeleteAsync();
        var breaks = (await audit.VerifyAsync(CancellationToken.None)).Breaks;
        Assert.Contains(breaks, b => b.Seq == lastSeal.Seq - 1 && b.Reason.Contains("last 2 entries are missing", StringComparison.Ordinal));

        // The administrator sees the same on the audit page.
        var admin = await app.SignInAsync("quantri.hethong@onestop.test");
        var page = await admin.GetAsync(new Uri("/quan-tri/nhat-ky?kiemTra=true", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Nhật ký đã bị sửa đổi", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class SqliteAuditChainTests(SqliteApp app) : AuditChainTests<SqliteApp>(app);

public sealed class PostgresAuditChainTests(PostgresApp app) : AuditChainTests<PostgresApp>(app);
