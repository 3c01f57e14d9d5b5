using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Roles;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// A desk officer registers a walk-in or postal dossier: the applicant as typed from their papers, the online form if the
/// procedure has one, and the paper documents digitised (scanned and checked against the originals) at the desk.
/// </summary>
public sealed class DeskRegistration(
    OneStopDbContext db, DossierLedger ledger, DossierFiles files, TimeProvider clock, Audit.AuditLog audit, Wallet.DocumentWallet wallet)
{
    public async Task<Dossier> RegisterAsync(Actor actor, string? procedureCode, WalkInApplicant applicant, IReadOnlyDictionary<string, string?> formInput, IReadOnlyList<UploadInput> scans, CancellationToken ct)
    {
        if (!actor.IsStaff || !actor.Has(StaffRole.DeskOfficer))
        {
            throw new ForbiddenException(Ui.T($"Cần vai trò {StaffRoleNames.Of(StaffRole.DeskOfficer).Vietnamese} để thực hiện thao tác này.", $"This needs the {StaffRoleNames.Of(StaffRole.DeskOfficer).English} role."));
        }

        var (version, agency) = await Filing.ProcedureAtAgencyAsync(db, clock, procedureCode, actor.AgencyId, null, ct);
        var errors = new List<RuleError>();
        if (string.IsNullOrWhiteSpace(applicant.Name))
        {
            errors.Add(new("applicantName", Ui.T("Vui lòng nhập họ tên người nộp.", "Enter the applicant's name.")));
        }

        if (applicant.Phone is { Length: > 0 } phone && !FormDataRules.IsPhone(phone))
        {
            errors.Add(new("applicantPhone", Ui.T("Số điện thoại gồm 10 chữ số, bắt đầu bằng 0.", "The phone number has 10 digits starting with 0.")));
        }

        if (applicant.PersonalId is { Length: > 0 } pid && !FormDataRules.IsPersonalId(pid))
        {
            errors.Add(new("applicantPersonalId", Ui.T("Số định danh cá nhân gồm 12 chữ số.", "The personal ID number has 12 digits.")));
        }

        if (applicant.Channel is not (Channel.InPerson or Channel.Post))
        {
            errors.Add(new("channel", Ui.T("Kênh nộp phải là trực tiếp hoặc bưu chính.", "The channel must be in person or post.")));
        }

        var now = clock.GetUtcNow();
        var content = version.Content;
        var dossier = Filing.NewDossier(version, agency.Id, applicant.Channel, now);
        if (FormDataRules.OnlineForm(content) is { } form)
        {
            var (values, formErrors) = FormDataRules.Check(form, formInput, forSubmission: true);
            errors.AddRange(formErrors);
            dossier.FormData = values;
        }

        var uploads = await DossierFiles.InspectAsync(scans, content, errors, ct);
        await files.CheckQuotaAsync(actor, dossier, uploads, now, errors, ct);
        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        dossier.ApplicantName = applicant.Name!.Trim();
        dossier.ApplicantPersonalId = NullIfEmpty(applicant.PersonalId);
        dossier.ApplicantPhone = NullIfEmpty(applicant.Phone);
        dossier.ApplicantEmail = NullIfEmpty(applicant.Email);
        dossier.ApplicantAddress = NullIfEmpty(applicant.Address);
        dossier.ApplicantId = await VerifiedAccountAsync(dossier.ApplicantPersonalId, ct);
        var decision = DossierLedger.Require(DossierDecisions.Decide(DossierLedger.StateOf(dossier), DossierLedger.ActorOf(actor), DossierAction.Register, new ActionArgs(),
            new(now, null)));
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Dossiers.Add(dossier);
        var fileIds = await files.StoreAsync(dossier, uploads, DossierFileKind.Digitised, actor, digitised: true, now, ct);
        // The agency's daily counter row is locked from here to the commit (the wallet copies carry the code).
        dossier.Code = await DossierCodeSequence.NextAsync(db, agency.Code, now, ct);
        ledger.Apply(dossier, decision, actor, agency, now, fileIds);
        if (decision.Effects.HasFlag(DossierEffects.KeepDigitisedInWallet))
        {
            // The applicant's account (if any) keeps the digitised papers: verified at the desk, reusable for later dossiers.
            await wallet.StageAsync(dossier, dossier.Files, now, ct);
        }

        await audit.StageAsync("dossier.Register", actor.Id, actor.Name, dossier.Code, $"{agency.Code} {dossier.ProcedureCode} {applicant.Channel}", ct);
        await ledger.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return dossier;
    }

    /// <summary>
    /// The applicant account of a walk-in applicant: one whose personal ID came from the national identity provider (an
    /// assurance level is recorded) and equals the ID the officer checked on the card. A local account's self-typed ID
    /// never links, so nobody can claim another person's dossiers by typing their number.
    /// </summary>
    private async Task<Guid?> VerifiedAccountAsync(string? personalId, CancellationToken ct)
    {
        if (personalId is null)
        {
            return null;
        }

        var matches = await db.Users.AsNoTracking().Where(u => u.Kind == AccountKind.Applicant && u.PersonalId == personalId && u.AssuranceLevel != null)
            .Select(u => u.Id).Take(2).ToListAsync(ct);
        return matches.Count == 1 ? matches[0] : null;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
