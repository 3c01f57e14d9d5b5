using Microsoft.EntityFrameworkCore;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// Who may open a dossier, checked in the query itself (404 for anyone else, so existence is not revealed): its
/// applicant (only the original dossier: one transferred to another agency belongs to the agencies), an officer of its
/// agency (where every action happens), or a supervisor of its agency or of a sub-tree that holds it (reading only).
/// </summary>
public sealed class DossierAccess(OneStopDbContext db, Audit.AuditLog audit)
{
    /// <summary>Opens a dossier for reading and records in the audit log that this person saw its personal data.</summary>
    public async Task<Dossier> ReadAsync(Actor actor, Guid id, string what, CancellationToken ct)
    {
        var dossier = actor.IsApplicant ? await ForApplicant(actor, id, ct) : await ForReader(actor, id, ct);
        var supervising = !actor.IsApplicant && dossier.AgencyId != actor.AgencyId;
        await audit.AppendAsync("dossier.read", actor.Id, actor.Name, dossier.Code ?? dossier.Id.ToString(), supervising ? what + " (supervision)" : what, ct);
        return dossier;
    }

    /// <summary>The dossier to act on: the applicant's own, or one of the officer's own agency.</summary>
    public Task<Dossier> ForActionAsync(Actor actor, Guid id, CancellationToken ct) => actor.IsApplicant ? ForApplicant(actor, id, ct) : ForStaff(actor, id, ct);

    /// <summary>The applicant's own original dossier; otherwise 404.</summary>
    public async Task<Dossier> ForApplicant(Actor actor, Guid id, CancellationToken ct) =>
        await db.Dossiers.Include(d => d.Files)
            .FirstOrDefaultAsync(d => d.Id == id && d.ApplicantId == actor.Id && d.ParentId == null && actor.Kind == AccountKind.Applicant, ct)
        ?? throw NotFound();

    /// <summary>A dossier the officer may read: own agency or a supervised one (sub-trees walked in SQL); otherwise 404.</summary>
    public async Task<Dossier> ForReader(Actor actor, Guid id, CancellationToken ct) =>
        await db.Dossiers.Include(d => d.Files).Where(d => d.Id == id).ReadableBy(db, actor).FirstOrDefaultAsync(ct) ?? throw NotFound();

    /// <summary>A dossier of the officer's own agency (where all actions happen); otherwise 404.</summary>
    public async Task<Dossier> ForStaff(Actor actor, Guid id, CancellationToken ct) =>
        actor.IsStaff && actor.AgencyId is { } agency
            ? await db.Dossiers.Include(d => d.Files).FirstOrDefaultAsync(d => d.Id == id && d.AgencyId == agency, ct) ?? throw NotFound()
            : throw NotFound();

    private static NotFoundException NotFound() => new(Ui.T("Không tìm thấy hồ sơ.", "Dossier not found."));
}
