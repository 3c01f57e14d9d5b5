using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>The applicant supplements a dossier as asked: documents (and the corrected online form, if any).</summary>
public sealed class SupplementStep(OneStopDbContext db, DossierFiles files)
{
    public async Task<PreparedAction> PrepareAsync(Actor actor, Dossier dossier, ActionInput input, DateTimeOffset now, CancellationToken ct)
    {
        var content = await db.ProcedureVersions.AsNoTracking().Where(v => v.Id == dossier.ProcedureVersionId).Select(v => v.Content).FirstAsync(ct);
        var errors = new List<RuleError>();
        Dictionary<string, string>? values = null;
        if (input.Form is not null && FormDataRules.OnlineForm(content) is { } form)
        {
            (values, var formErrors) = FormDataRules.Check(form, input.Form, forSubmission: true);
            errors.AddRange(formErrors);
        }

        var uploads = await DossierFiles.InspectAsync(input.Uploads, content, errors, ct);
        await files.CheckQuotaAsync(actor, dossier, uploads, now, errors, ct);
        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        return new PreparedAction(new ActionArgs { SupplementGiven = uploads.Count > 0 || input.Form is not null }, async (_, token) =>
        {
            if (values is not null)
            {
                dossier.FormData = values;
            }

            return await files.StoreAsync(dossier, uploads, DossierFileKind.Supplement, actor, digitised: false, now, token);
        });
    }
}
