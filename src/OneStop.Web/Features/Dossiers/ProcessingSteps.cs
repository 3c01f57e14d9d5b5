using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>Processing at the agency: assigning an officer, attaching a result ({code}-KQ{n}), signing the results at approval.</summary>
public sealed class ProcessingSteps(OneStopDbContext db, IFileStore store, Documents.Signing.DocumentSigning signing)
{
    /// <summary>The officer chosen must be of the dossier's agency and hold the current step's role (otherwise: none chosen, 400).</summary>
    public async Task<PreparedAction> PrepareAssignAsync(Dossier dossier, ActionInput input, CancellationToken ct)
    {
        var assignee = input.AssigneeId is { } aid
            ? await db.StaffWithRole(dossier.AgencyId, dossier.CurrentRole).FirstOrDefaultAsync(u => u.Id == aid, ct)
            : null;
        return PreparedAction.Of(new ActionArgs { Assignee = assignee is null ? null : new Person(assignee.Id, assignee.FullName) });
    }

    /// <summary>Exactly one result file; its title defaults to the procedure's result.</summary>
    public async Task<PreparedAction> PrepareResultAsync(Actor actor, Dossier dossier, ActionInput input, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new List<RuleError>();
        var uploads = await DossierFiles.InspectAsync(input.Uploads, null, errors, ct);
        if (uploads.Count != 1 && errors.Count == 0)
        {
            errors.Add(new("file", Ui.T("Đính kèm đúng một tệp kết quả.", "Attach exactly one result file.")));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        var title = string.IsNullOrWhiteSpace(input.ResultTitle)
            ? (await db.ProcedureVersions.AsNoTracking().Where(v => v.Id == dossier.ProcedureVersionId).Select(v => v.Content).FirstAsync(ct)).Result ?? Ui.T("Kết quả giải quyết", "Result")
            : input.ResultTitle.Trim();
        var upload = uploads[0].Upload;
        return new PreparedAction(new ActionArgs(), async (decision, token) =>
        {
            var (number, code) = decision.Result!.Value;
            var file = new DossierFile
            {
                Id = Guid.CreateVersion7(),
                DossierId = dossier.Id,
                Kind = DossierFileKind.Result,
                DocumentName = title.Length > 500 ? title[..500] : title,
                FileName = upload.FileName,
                ContentType = upload.ContentType,
                Size = upload.Size,
                Sha256 = upload.Sha256,
                StorageKey = await store.SaveAsync(new MemoryStream(upload.Content, writable: false), token),
                ResultNumber = number,
                ResultCode = code,
                UploadedAt = now,
                UploadedBy = actor.Id,
            };
            db.DossierFiles.Add(file);
            return [file.Id];
        });
    }

    /// <summary>Approval: every result issued by this agency is signed with its certificate, in the approving transaction.</summary>
    public async Task SignResultsAsync(Dossier dossier, Documents.Signing.ISigningKey key, CancellationToken ct)
    {
        var results = await db.DossierFiles.Where(f => f.DossierId == dossier.Id && f.Kind == DossierFileKind.Result && f.ResultCode != null).ToListAsync(ct);
        foreach (var result in results)
        {
            await signing.SignResultAsync(result, key, ct);
        }
    }
}
