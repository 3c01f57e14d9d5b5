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
        var intact = await audit.VerifyAsync(CancellationToken.None);
        Assert.True(intact.Intact, string.Join("; ", intact.Breaks));

        var chains = await db.Set<AuditEntry>().GroupBy(e => e.Chain).Where(g => g.Count() >= 3).Select(g => g.Key).OrderBy(c => c).ToListAsync();
        Assert.True(chains.Count >= 2, "activity spreads over several chains");

        // Edit an entry in the middle of a chain: found, with its sequence number; putting it back heals the chain.
        var edited = await db.Set<AuditEntry>().Where(e => e.Chain == chains[0] && e.Seq == 2).SingleAsync();
        await db.Set<AuditEntry>().Where(e => e.Id == edited.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, "người khác"));
        var afterEdit = await audit.VerifyAsync(CancellationToken.None);
        var broken = Assert.Single(afterEdit.Breaks);
        Assert.Equal((chains[0], 2L, (long?)edited.Id), (broken.Chain, broken.Seq, broken.EntryId));
        Assert.Contains("changed", broken.Reason, StringComparison.Ordinal);
        await db.Set<AuditEntry>().Where(e => e.Id == edited.Id).ExecuteUpdateAsync(s => s.SetProperty(e => e.ActorName, edited.ActorName));
        Assert.True((await audit.VerifyAsync(CancellationToken.None)).Intact);

        // Delete an entry in the middle of a chain.
        await db.Set<AuditEntry>().Where(e => e.Chain == chains[0] && e.Seq == 2).ExecuteDeleteAsync();
        var afterDelete = Assert.Single((await audit.VerifyAsync(CancellationToken.None)).Breaks);
        Assert.Equal((chains[0], 2L), (afterDelete.Chain, afterDelete.Seq));
        Assert.Contains("missing", afterDelete.Reason, StringComparison.Ordinal);

        // Delete the newest entry of another chain: the head remembers how far the chain went.
        var last = await db.Set<AuditEntry>().Where(e => e.Chain == chains[1]).MaxAsync(e => e.Seq);
        await db.Set<AuditEntry>().Where(e => e.Chain == chains[1] && e.Seq == last).ExecuteDeleteAsync();
        var breaks = (await audit.VerifyAsync(CancellationToken.None)).Breaks;
        Assert.Equal(2, breaks.Count);
        Assert.Contains(breaks, b => b.Chain == chains[1] && b.Seq == last && b.Reason.Contains("missing", StringComparison.Ordinal));

        // The administrator sees the same on the audit page.
        var admin = await app.SignInAsync("quantri.hethong@onestop.test");
        var page = await admin.GetAsync(new Uri("/quan-tri/nhat-ky?kiemTra=true", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Nhật ký đã bị sửa đổi", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

public sealed class SqliteAuditChainTests(SqliteApp app) : AuditChainTests<SqliteApp>(app);

public sealed class PostgresAuditChainTests(PostgresApp app) : AuditChainTests<PostgresApp>(app);
