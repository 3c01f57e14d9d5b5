using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// Online filing by the applicant: a draft is created, its form saved, files attached (uploaded or reused from the
/// wallet), and it is submitted (the dossier gets its code and waits for the desk). Each operation is one transaction;
/// the filing page saves and submits in one. The procedure version and the agency are read once per request.
/// </summary>
public sealed class Filing(
    OneStopDbContext db, DossierAccess access, DossierLedger ledger, DossierFiles files, TimeProvider clock,
    Audit.AuditLog audit, Notifications.NotificationOutbox outbox, Wallet.DocumentWallet wallet)
{
    /// <summary>A new draft (an Idempotency-Key makes a repeated request return the same one).</summary>
    public Task<Dossier> CreateDraftAsync(Actor actor, DraftInput input, CancellationToken ct) =>
        SaveAsync(actor, null, input with { Uploads = [], FromWallet = [] }, submit: false, ct);

    /// <summary>Saves the draft's online form.</summary>
    public Task<Dossier> SaveFormAsync(Actor actor, Guid id, IReadOnlyDictionary<string, string?> form, Guid? version, CancellationToken ct) =>
        SaveAsync(actor, id, new DraftInput { Form = form, Version = version }, submit: false, ct);

    /// <summary>Attaches files to the draft, uploaded or reused from the wallet; the form stays as saved.</summary>
    public Task<Dossier> AttachAsync(Actor actor, Guid id, IReadOnlyList<UploadInput> uploads, IReadOnlyList<Wallet.WalletChoice> fromWallet, CancellationToken ct) =>
        SaveAsync(actor, id, new DraftInput { Form = null, Uploads = uploads, FromWallet = fromWallet }, submit: false, ct);

    /// <summary>Submits the draft as saved (submitting again returns the same dossier).</summary>
    public Task<Dossier> SubmitAsync(Actor actor, Guid id, CancellationToken ct) => SaveAsync(actor, id, new DraftInput { Form = null }, submit: true, ct);

    /// <summary>Creates or updates a draft with its form and files, and optionally submits it, in one transaction.</summary>
    public async Task<Dossier> SaveAsync(Actor actor, Guid? id, DraftInput input, bool submit, CancellationToken ct)
    {
        var (dossier, content, agency) = await DraftAsync(actor, id, input, ct);
        if (dossier.Status != DossierStatus.Draft && (submit || (id is null && input.IdempotencyKey is not null)))
        {
            return dossier; // a repeated submission (double click, network retry): the same dossier, changed once
        }

        var who = DossierLedger.ActorOf(actor);
        var now = clock.GetUtcNow();
        if (DossierGuards.Check(DossierLedger.StateOf(dossier), who, DossierAction.SaveDraft, now) is { } refusal)
        {
            throw DossierLedger.Problem(refusal);
        }

        DossierLedger.RequireVersion(dossier, input.Version);
        var errors = new List<RuleError>();
        if (FormDataRules.OnlineForm(content) is { } form && (input.Form is not null || submit))
        {
            var (values, formErrors) = FormDataRules.Check(form, input.Form ?? dossier.FormData.ToDictionary(kv => kv.Key, kv => (string?)kv.Value), forSubmission: submit);
            errors.AddRange(formErrors);
            dossier.FormData = values;
        }

        var uploads = await DossierFiles.InspectAsync(input.Uploads, content, errors, ct);
        await files.CheckQuotaAsync(actor, dossier, uploads, now, errors, ct);
        var reused = await wallet.ResolveAsync(actor, dossier, input.FromWallet, content, errors, ct);
        if (submit)
        {
            errors.AddRange(DossierFiles.MissingDocuments(content, dossier, uploads.Select(u => u.DocumentIndex).Concat(reused.Select(r => (int?)r.DocumentIndex))));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors, Ui.T("Hồ sơ chưa hợp lệ, vui lòng sửa các lỗi.", "The dossier is not valid; please correct the errors."));
        }

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var fileIds = await files.StoreAsync(dossier, uploads, DossierFileKind.Submitted, actor, digitised: false, now, ct);
        fileIds.AddRange(await wallet.AttachAsync(dossier, reused, actor, now, ct));
        if (submit)
        {
            // Fees due at submission (the procedure's default lines): the applicant pays online next.
            var atSubmission = content.PaymentTiming == PaymentTiming.AtSubmission ? Fees.Quote(content.Fees) : null;
            var decision = DossierLedger.Require(DossierDecisions.Decide(DossierLedger.StateOf(dossier), who, DossierAction.Submit,
                new ActionArgs { FeesAtSubmission = atSubmission }, new(now, null)));
            // The agency's daily counter row is locked from here to the commit: only in-memory work and the one save
            // follow (the audit entry and the notifications are plain inserts), so submissions to one agency queue for
            // the shortest time and submissions to different agencies never meet.
            dossier.Code = await DossierCodeSequence.NextAsync(db, agency.Code, now, ct);
            ledger.Apply(dossier, decision, actor, agency, now, fileIds);
            await audit.StageAsync("dossier.Submit", actor.Id, actor.Name, dossier.Code, $"{agency.Code} {dossier.ProcedureCode}", ct);
            outbox.Stage(dossier, decision, agency.Name, now);
        }
        else
        {
            dossier.UpdatedAt = now;
            dossier.Version = Guid.NewGuid();
        }

        await ledger.SaveAsync(ct);
        await tx.CommitAsync(ct);
        return dossier;
    }

    /// <summary>The draft to work on with its procedure content and agency: a repeated create, an existing draft, or a new one.</summary>
    private async Task<(Dossier Dossier, ProcedureContent Content, Agency Agency)> DraftAsync(Actor actor, Guid? id, DraftInput input, CancellationToken ct)
    {
        if (!actor.IsApplicant)
        {
            throw new ForbiddenException(Ui.T("Chỉ tài khoản công dân, doanh nghiệp mới nộp hồ sơ trực tuyến.", "Only citizen or business accounts file dossiers online."));
        }

        var dossier = id is { } known ? await access.ForApplicant(actor, known, ct)
            : input.IdempotencyKey is { Length: > 0 } key ? await db.Dossiers.Include(d => d.Files).FirstOrDefaultAsync(d => d.ApplicantId == actor.Id && d.IdempotencyKey == key, ct)
            : null;
        if (dossier is not null)
        {
            var content = await db.ProcedureVersions.AsNoTracking().Where(v => v.Id == dossier.ProcedureVersionId).Select(v => v.Content).FirstAsync(ct);
            return (dossier, content, await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.AgencyId, ct));
        }

        var (version, agency) = await ProcedureAtAgencyAsync(db, clock, input.ProcedureCode, input.AgencyId, input.AgencyCode, ct);
        if (version.ServiceLevel < ServiceLevel.OnlineSubmission)
        {
            throw new ConflictException(Ui.T("Thủ tục này chưa cung cấp dịch vụ nộp hồ sơ trực tuyến.", "This procedure cannot be filed online."));
        }

        var account = await db.Users.AsNoTracking().FirstAsync(u => u.Id == actor.Id, ct);
        var draft = NewDossier(version, agency.Id, Channel.Online, clock.GetUtcNow());
        draft.ApplicantId = actor.Id;
        draft.ApplicantName = account.FullName;
        draft.ApplicantPersonalId = account.PersonalId;
        draft.ApplicantPhone = account.PhoneNumber;
        draft.ApplicantEmail = account.Email;
        draft.ApplicantAddress = account.Address;
        draft.IdempotencyKey = input.IdempotencyKey is { Length: > 0 and <= 100 } k ? k : null;
        db.Dossiers.Add(draft);
        var decision = DossierLedger.Require(DossierDecisions.Decide(DossierLedger.StateOf(draft), DossierLedger.ActorOf(actor), DossierAction.SaveDraft, new ActionArgs(),
            new(clock.GetUtcNow(), null)));
        ledger.Apply(draft, decision, actor, agency, clock.GetUtcNow());
        return (draft, version.Content, agency);
    }

    /// <summary>The version in force of a procedure and an agency (by id or public code) that handles it; 400 naming the field otherwise.</summary>
    public static async Task<(ProcedureVersion Version, Agency Agency)> ProcedureAtAgencyAsync(OneStopDbContext db, TimeProvider clock, string? procedureCode, Guid? agencyId, string? agencyCode, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);
        var version = string.IsNullOrWhiteSpace(procedureCode) ? null
            : await db.ProcedureVersions.AsNoTracking().InForce(today).FirstOrDefaultAsync(v => v.Code == procedureCode, ct);
        if (version is null)
        {
            throw new RuleViolationException([new("procedureCode", Ui.T("Không tìm thấy thủ tục đang có hiệu lực.", "No procedure in force with this code."))]);
        }

        var agency = agencyId is { } aid ? await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == aid, ct)
            : string.IsNullOrWhiteSpace(agencyCode) ? null
            : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == agencyCode.Trim(), ct);
        if (agency is null || !version.Content.IsHandledBy(agency.Code, agency.Level))
        {
            throw new RuleViolationException([new(agencyId is null && agencyCode is not null ? "agencyCode" : "agencyId",
                Ui.T("Chọn cơ quan giải quyết thủ tục này.", "Choose an agency that handles this procedure."))]);
        }

        return (version, agency);
    }

    public static Dossier NewDossier(ProcedureVersion version, Guid agencyId, Channel channel, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        ProcedureVersionId = version.Id,
        ProcedureCode = version.Code,
        ProcedureName = version.Name,
        AgencyId = agencyId,
        Channel = channel,
        Status = DossierStatus.Draft,
        Steps = [.. version.Content.Workflow],
        TimeLimit = version.Content.TimeLimit,
        CurrentRole = Domain.Roles.StaffRole.DeskOfficer,
        ApplicantName = "",
        TrackingKey = TransferSteps.NewTrackingKey(),
        CreatedAt = now,
        UpdatedAt = now,
        Version = Guid.NewGuid(),
    };
}
