using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Web.Data;
using OneStop.Web.Features.Audit;
using OneStop.Web.Features.Dossiers;
using static OneStop.Web.Tests.DossierFixtures;

namespace OneStop.Web.Tests;

/// <summary>Sealing the audit log from tests.</summary>
public static class AuditFixtures
{
    /// <summary>Seals until no entry is waiting (other tests' open transactions on the same server can hold sealing back for a moment).</summary>
    public static async Task SealEverythingAsync(OneStopAppFactory app)
    {
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var scope = app.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<AuditSealing>().SealAllAsync(CancellationToken.None);
            if ((await scope.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(CancellationToken.None)).Pending == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < until, "every entry is sealed once the transactions before it have ended");
            await Task.Delay(200);
        }
    }
}

/// <summary>
/// The audit log's write path has no shared row: an open transaction that has written audit entries and taken one
/// agency's daily code counter holds up neither a submission to another agency nor a sign-in; and the sealer never
/// skips an entry whose transaction commits after later ones (PostgreSQL, where writers really run side by side).
/// </summary>
public sealed class AuditSealingTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task An_open_transaction_with_audit_entries_and_a_code_counter_holds_up_no_other_agency_and_no_sign_in()
    {
        var citizen = await app.SignInAsync(CitizenA);
        var commune = await DemoCommuneIdAsync(app.Services);

        // A submission to another agency, in progress: its code is taken and it has written audit entries on many
        // subjects (under the first-wave design these locked every one of the 8 chain heads until commit).
        using var held = app.Services.CreateScope();
        var db = held.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var audit = held.ServiceProvider.GetRequiredService<AuditLog>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var heldCode = await DossierCodeSequence.NextAsync(db, "HOLD-TEST", DateTimeOffset.UtcNow, CancellationToken.None);
        for (var i = 0; i < 64; i++)
        {
            await audit.StageAsync("dossier.Submit", null, "held", $"HOLD-TEST-{i}", null, CancellationToken.None);
        }

        await db.SaveChangesAsync();

        // Meanwhile: a whole filing at the demo commune, a sign-in and a reading of one's own dossier finish.
        var others = Task.Run(async () =>
        {
            var submitted = await SubmitAsync(citizen, commune);
            var second = await app.SignInAsync(CitizenB);
            (await citizen.GetAsync(new Uri($"/api/v1/dossiers/{submitted.Id}", UriKind.Relative))).EnsureSuccessStatusCode();
            return submitted.Code!;
        });
        var finished = await Task.WhenAny(others, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(others, finished);
        Assert.EndsWith("-0001", heldCode, StringComparison.Ordinal);
        Assert.DoesNotContain("HOLD-TEST", await others, StringComparison.Ordinal);
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task An_entry_committed_after_later_ones_is_sealed_in_its_turn_never_skipped()
    {
        await AuditFixtures.SealEverythingAsync(app);

        // Entry A is written first (lower id) but its transaction stays open; entry B commits at once.
        using var first = app.Services.CreateScope();
        var db = first.ServiceProvider.GetRequiredService<OneStopDbContext>();
        await using var tx = await db.Database.BeginTransactionAsync();
        await first.ServiceProvider.GetRequiredService<AuditLog>().StageAsync("test.late", null, "late", "late-commit", null, CancellationToken.None);
        await db.SaveChangesAsync();
        using (var second = app.Services.CreateScope())
        {
            await second.ServiceProvider.GetRequiredService<AuditLog>().AppendAsync("test.early", null, "early", "early-commit", null, CancellationToken.None);
        }

        // The sealer may not seal B while A's transaction could still commit an entry before it.
        using (var sealer = app.Services.CreateScope())
        {
            await sealer.ServiceProvider.GetRequiredService<AuditSealing>().SealAllAsync(CancellationToken.None);
            var sdb = sealer.ServiceProvider.GetRequiredService<OneStopDbContext>();
            var early = await sdb.Set<AuditEntry>().SingleAsync(e => e.Subject == "early-commit");
            Assert.False(await sdb.Set<AuditSeal>().AnyAsync(s => s.EntryId == early.Id));
        }

        await tx.CommitAsync();
        await AuditFixtures.SealEverythingAsync(app);
        using var check = app.Services.CreateScope();
        var cdb = check.ServiceProvider.GetRequiredService<OneStopDbContext>();
        var sealedSubjects = await (from s in cdb.Set<AuditSeal>() join e in cdb.Set<AuditEntry>() on s.EntryId equals e.Id
                                    where e.Subject == "late-commit" || e.Subject == "early-commit" orderby s.Seq select e.Subject).ToListAsync();
        Assert.Equal(["late-commit", "early-commit"], sealedSubjects);
        var verification = await check.ServiceProvider.GetRequiredService<AuditLog>().VerifyAsync(CancellationToken.None);
        Assert.True(verification.Intact, string.Join("; ", verification.Breaks));
    }
}
