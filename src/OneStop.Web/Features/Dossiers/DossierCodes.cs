using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// Gives dossier codes (format: <see cref="Domain.Dossiers.DossierCodes.Format"/>). The counter row per agency and day is
/// incremented with an atomic upsert inside the caller's transaction, so codes are unique across concurrent requests and
/// across servers sharing the database; a rolled-back submission does not leave a duplicate (it may leave a gap, which is allowed).
/// </summary>
public static class DossierCodeSequence
{
    public static async Task<string> NextAsync(OneStopDbContext db, string agencyCode, DateTimeOffset at, CancellationToken ct)
    {
        var day = Domain.Dossiers.DossierCodes.Day(at);
        // Same statement on PostgreSQL and SQLite (3.35+): insert 1 or add 1, and read the value back.
        var next = await db.Database.SqlQuery<int>($"""
            INSERT INTO "DossierCodeCounters" ("AgencyCode", "Day", "Last") VALUES ({agencyCode}, {day}, 1)
            ON CONFLICT ("AgencyCode", "Day") DO UPDATE SET "Last" = "DossierCodeCounters"."Last" + 1
            RETURNING "Last" AS "Value"
            """).ToListAsync(ct);
        return Domain.Dossiers.DossierCodes.Format(agencyCode, day, next[0]);
    }
}
