using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>Nộp hồ sơ trực tuyến: fill the procedure's form, attach documents, save a draft or submit.</summary>
[Authorize(Policy = StaffRoles.ApplicantPolicy)]
public sealed class FileModel(OneStopDbContext db, Filing filing, DossierAccess access, TimeProvider clock, Wallet.DocumentWallet wallet) : PageModel
{
    public ProcedureVersion Version { get; private set; } = null!;
    public FormDefinition? Form { get; private set; }
    public IReadOnlyList<(Guid Id, string Name)> Agencies { get; private set; } = [];
    public Dossier? Draft { get; private set; }
    public Guid? AgencyId { get; private set; }
    public Dictionary<string, string> Values { get; private set; } = [];
    public List<RuleError> Errors { get; } = [];
    public string IdempotencyKey { get; private set; } = Guid.NewGuid().ToString("N");
    public bool Saved { get; private set; }
    /// <summary>The applicant's wallet documents, offered beside each upload.</summary>
    public IReadOnlyList<Wallet.WalletDocumentView> Wallet { get; private set; } = [];
    /// <summary>Wallet choices posted with a request that failed, shown again.</summary>
    public Dictionary<int, Guid> WalletChosen { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string code, Guid? id, bool? luu, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        if (id is { } draftId)
        {
            Draft = await access.ForApplicant(Actor.From(User)!, draftId, ct);
            if (Draft.Status != DossierStatus.Draft)
            {
                return Redirect($"/ho-so-cua-toi/{Draft.Id}");
            }

            if (Draft.ProcedureCode != code)
            {
                // The draft keeps the procedure it was started for; show it with that procedure's form.
                return Redirect($"/nop-ho-so/{Uri.EscapeDataString(Draft.ProcedureCode)}?id={Draft.Id}");
            }

            AgencyId = Draft.AgencyId;
            Values = Draft.FormData;
        }
        else
        {
            // Prefill from the profile: the applicant declares once.
            var account = await db.Users.AsNoTracking().FirstAsync(u => u.Id == Actor.From(User)!.Id, ct);
            foreach (var f in Form?.Fields ?? [])
            {
                var v = f.Key switch
                {
                    "requesterFullName" or "fullName" => account.FullName,
                    "requesterPersonalId" or "personalId" => account.PersonalId,
                    "phone" or "requesterPhone" => account.PhoneNumber,
                    "email" => account.Email,
                    _ => null,
                };
                if (v is not null)
                {
                    Values[f.Key] = v;
                }
            }

            AgencyId = Agencies.Count == 1 ? Agencies[0].Id : null;
        }

        Saved = luu == true;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(string code, Guid? id, Guid? agencyId, Guid? version, string? idempotencyKey, string? action, CancellationToken ct)
    {
        if (!await LoadAsync(code, ct))
        {
            return NotFound();
        }

        var actor = Actor.From(User)!;
        var values = PostedDossierForm.Values(Request.Form);
        var uploads = PostedDossierForm.Uploads(Request.Form).Where(u => u.DocumentIndex is not null).ToList();
        var fromWallet = PostedDossierForm.WalletChoices(Request.Form);
        var submit = action == "submit";
        try
        {
            var d = await filing.SaveAsync(actor, id, new DraftInput
            {
                ProcedureCode = code,
                AgencyId = agencyId,
                Form = values,
                Uploads = uploads,
                FromWallet = fromWallet,
                IdempotencyKey = idempotencyKey,
                Version = version,
            }, submit, ct);
            return d.Status == DossierStatus.Draft
                ? Redirect($"/nop-ho-so/{Uri.EscapeDataString(code)}?id={d.Id}&luu=true")
                : Redirect($"/ho-so-cua-toi/{d.Id}?nop=true");
        }
        catch (ConflictException) when (id is null && !string.IsNullOrEmpty(idempotencyKey))
        {
            // A double click that raced past the first check: the other request made the dossier; show that one.
            db.ChangeTracker.Clear();
            var twin = await db.Dossiers.AsNoTracking().Where(d => d.ApplicantId == actor.Id && d.IdempotencyKey == idempotencyKey)
                .Select(d => new { d.Id, d.Status }).FirstOrDefaultAsync(ct);
            if (twin is null)
            {
                throw;
            }

            return twin.Status == DossierStatus.Draft
                ? Redirect($"/nop-ho-so/{Uri.EscapeDataString(code)}?id={twin.Id}&luu=true")
                : Redirect($"/ho-so-cua-toi/{twin.Id}?nop=true");
        }
        catch (Exception ex) when (PageActions.IsRefusal(ex))
        {
            return await this.RefusedAsync(ex, Errors, "dossier", async () =>
            {
                if (uploads.Count > 0)
                {
                    Errors.Add(new("files", Ui.T("Vì hồ sơ chưa được lưu, hãy chọn lại các tệp đính kèm.", "As nothing was saved, choose the files again.")));
                }

                AgencyId = agencyId;
                WalletChosen = fromWallet.Where(c => c.DocumentIndex >= 0).DistinctBy(c => c.DocumentIndex).ToDictionary(c => c.DocumentIndex, c => c.WalletDocumentId);
                Values = values.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value!);
                IdempotencyKey = idempotencyKey ?? IdempotencyKey;
                Draft = id is { } draftId ? await access.ForApplicant(actor, draftId, ct) : null;
            });
        }
    }

    private async Task<bool> LoadAsync(string code, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);
        var version = await db.ProcedureVersions.AsNoTracking().InForce(today).FirstOrDefaultAsync(v => v.Code == code, ct);
        if (version is null || version.ServiceLevel < ServiceLevel.OnlineSubmission)
        {
            return false;
        }

        Version = version;
        Form = FormDataRules.OnlineForm(version.Content);
        var levels = version.Content.AgencyLevels.ToList();
        var codes = version.Content.AgencyCodes.ToList();
        var agencies = await db.Agencies.AsNoTracking()
            .Where(a => codes.Count > 0 ? codes.Contains(a.Code) : levels.Contains(a.Level))
            .OrderBy(a => a.Name).Select(a => new { a.Id, a.Name }).ToListAsync(ct);
        Agencies = agencies.Select(a => (a.Id, a.Name)).ToList();
        Wallet = await wallet.ListAsync(Actor.From(User)!.Id, ct);
        return true;
    }
}
