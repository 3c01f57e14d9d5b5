using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;

namespace OneStop.Web.Features.Identity;

/// <summary>
/// Which agencies' dossiers a member of staff may read, as SQL: their own agency and supervised agencies come from the
/// cookie; agencies under a sub-tree grant are found by walking the agency tree in the database on every use (nothing is
/// cached in memory, so every instance agrees and a change to the tree counts at once).
/// </summary>
public static class StaffScope
{
    /// <summary>Every agency whose dossiers the actor may read (a subquery to compose into a larger query).</summary>
    public static IQueryable<Guid> ReadableAgencyIds(this OneStopDbContext db, Actor actor)
    {
        IReadOnlyList<Guid> exact = actor.IsStaff ? actor.ReadableAgencies : [];
        IReadOnlyList<Guid> trees = actor.IsStaff ? actor.SupervisedSubTrees : [];
        return db.AgencyLineage
            .Where(l => trees.Contains(l.AncestorId) || (l.AgencyId == l.AncestorId && exact.Contains(l.AgencyId)))
            .Select(l => l.AgencyId);
    }

    /// <summary>The dossiers among <paramref name="dossiers"/> that the actor may read; an officer without sub-tree grants needs no tree walk.</summary>
    public static IQueryable<Dossier> ReadableBy(this IQueryable<Dossier> dossiers, OneStopDbContext db, Actor actor)
    {
        if (!actor.IsStaff)
        {
            return dossiers.Where(_ => false);
        }

        if (actor.SupervisedSubTrees.Count == 0)
        {
            var exact = actor.ReadableAgencies;
            return dossiers.Where(d => exact.Contains(d.AgencyId));
        }

        var readable = db.ReadableAgencyIds(actor);
        return dossiers.Where(d => readable.Contains(d.AgencyId));
    }

    /// <summary>May the actor read the dossiers of this agency? Answered from the cookie where it can be, else from the tree.</summary>
    public static async Task<bool> MayReadAsync(this OneStopDbContext db, Actor actor, Guid agencyId, CancellationToken ct)
    {
        if (actor.MayReadWithoutTree(agencyId) is { } known)
        {
            return known;
        }

        var trees = actor.SupervisedSubTrees;
        return await db.AgencyLineage.AnyAsync(l => l.AgencyId == agencyId && trees.Contains(l.AncestorId), ct);
    }

    /// <summary>Agencies under <paramref name="root"/>, the root included.</summary>
    public static IQueryable<Guid> SubTreeOf(this OneStopDbContext db, Guid root) =>
        db.AgencyLineage.Where(l => l.AncestorId == root).Select(l => l.AgencyId);
}
