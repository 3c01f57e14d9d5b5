using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Calendar;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Payments;
using OneStop.Web.Data;
using OneStop.Web.Features.Calendar;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;
using OneStop.Domain.Roles;

namespace OneStop.Web.Features.Dossiers;

/// <summary>An uploaded file with the required document it answers (null: other).</summary>
public sealed record UploadInput(int? DocumentIndex, IFormFile File);

/// <summary>What a new dossier file is: the required document it answers and its stored bytes.</summary>
public sealed record NewDossierFile(DossierFileKind Kind, int? DocumentIndex, string DocumentName, string FileName, string ContentType, long Size, string Sha256,
    string StorageKey, bool Digitised, Guid? WalletDocumentId = null);

/// <summary>What an applicant (or a desk officer for a walk-in) files.</summary>
public sealed record DraftInput
{
    public string? ProcedureCode { get; init; }
    public Guid? AgencyId { get; init; }
    public IReadOnlyDictionary<string, string?> Form { get; init; } = new Dictionary<string, string?>();
    public IReadOnlyList<UploadInput> Uploads { get; init; } = [];
    /// <summary>Wallet documents reused for required documents instead of uploads.</summary>
    public IReadOnlyList<Wallet.WalletChoice> FromWallet { get; init; } = [];
    public string? IdempotencyKey { get; init; }
    /// <summary>Expected version (optimistic concurrency) when updating an existing draft.</summary>
    public Guid? Version { get; init; }
}

/// <summary>The applicant of a walk-in or postal dossier, typed by the desk officer.</summary>
public sealed record WalkInApplicant(string? Name, string? PersonalId, string? Phone, string? Email, string? Address, Channel Channel);

/// <summary>Parameters of a staff or applicant action; which ones matter depends on the action.</summary>
public sealed record ActionInput
{
    public Guid? Version { get; init; }
    public string? Note { get; init; }
    public IReadOnlyList<string> Missing { get; init; } = [];
    public Guid? AssigneeId { get; init; }
    public string? TargetAgencyCode { get; init; }
    public ReturnChannel? ReturnChannel { get; init; }
    public DateTimeOffset? NewDueAt { get; init; }
    public string? ResultTitle { get; init; }
    public IReadOnlyList<UploadInput> Uploads { get; init; } = [];
    public IReadOnlyDictionary<string, string?>? Form { get; init; }
    /// <summary>Payment request: quantity per fee line of the procedure version (null: its default lines).</summary>
    public IReadOnlyDictionary<int, int>? FeeQuantities { get; init; }
    /// <summary>Payment request: the unit amount of lines the catalogue gives no amount for.</summary>
    public IReadOnlyDictionary<int, long>? FeeAmounts { get; init; }
}

/// <summary>
/// Every change to a dossier. Each public method is one transaction: it checks who acts, asks the state machine,
/// changes the dossier, appends the history record and saves — or throws and changes nothing.
/// </summary>
public sealed class DossierService(OneStopDbContext db, IFileStore store, CalendarService calendars, TimeProvider clock, Audit.AuditLog audit, Documents.Signing.DocumentSigning signing, Notifications.NotificationOutbox outbox, Wallet.DocumentWallet wallet,
    DeskForms forms)
{
    // ---------------------------------------------------------------- applicant: drafts and submission

    /// <summary>Creates or updates a draft with its form values and files, and optionally submits it, in one transaction.</summary>
    public async Task<Dossier> SaveDraftAsync(Actor actor, Guid? id, DraftInput input, bool submit, CancellationToken ct)
    {
        RequireApplicant(actor);
        Dossier dossier;
        if (id is null && input.IdempotencyKey is { Length: > 0 } key &&
            await db.Dossiers.FirstOrDefaultAsync(d => d.ApplicantId == actor.Id && d.IdempotencyKey == key, ct) is { } existing)
        {
            // A repeated request (double click, network retry): the same dossier, changed once.
            if (existing.Status != DossierStatus.Draft)
            {
                return existing;
            }

            dossier = existing;
        }
        else if (id is { } known)
        {
            dossier = await ForApplicant(actor, known, ct);
            if (dossier.Status != DossierStatus.Draft && submit)
            {
                return dossier; // already submitted: submitting again is a no-op
            }

            RequireStatus(dossier, DossierAction.SaveDraft);
            RequireVersion(dossier, input.Version);
        }
        else
        {
            dossier = await NewDraftAsync(actor, input, ct);
        }

        var content = await ContentAsync(dossier.ProcedureVersionId, ct);
        var form = FormDataRules.OnlineForm(content);
        var errors = new List<RuleError>();
        if (form is not null)
        {
            var (values, formErrors) = FormDataRules.Check(form, input.Form, forSubmission: submit);
            errors.AddRange(formErrors);
            dossier.FormData = values;
        }

        var uploads = await InspectAsync(input.Uploads, content, errors, ct);
        var reused = await wallet.ResolveAsync(actor, dossier, input.FromWallet, content, errors, ct);
        if (submit)
        {
            errors.AddRange(MissingDocuments(content, dossier, uploads.Select(u => u.DocumentIndex).Concat(reused.Select(r => (int?)r.DocumentIndex))));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors, Ui.T("Hồ sơ chưa hợp lệ, vui lòng sửa các lỗi.", "The dossier is not valid; please correct the errors."));
        }

        var now = clock.GetUtcNow();
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.AgencyId, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var fileIds = await StoreAsync(dossier, uploads, DossierFileKind.Submitted, actor, digitised: false, now, ct);
        fileIds.AddRange(await wallet.AttachAsync(dossier, reused, actor, now, ct));
        dossier.UpdatedAt = now;
        if (submit)
        {
            dossier.Code = await DossierCodes.NextAsync(db, agency.Code, now, ct);
            dossier.SubmittedAt = now;
            Move(dossier, actor, DossierAction.Submit, DossierStatus.Registered, dossier.Step, now, agency, fileIds: fileIds);
            await audit.StageAsync("dossier.Submit", actor.Id, actor.Name, dossier.Code, $"{agency.Code} {dossier.ProcedureCode}", ct);
            // Fees due at submission (the procedure's default lines): the applicant pays online next; the desk receives paid dossiers only.
            if (content.PaymentTiming == PaymentTiming.AtSubmission && Fees.Quote(content.Fees) is { Complete: true, TotalVnd: > 0 } quote)
            {
                dossier.FeeDueVnd = quote.TotalVnd;
                dossier.FeeLines = [.. quote.Lines];
                outbox.StagePaymentRequested(dossier, agency.Name, now);
            }
        }
        else
        {
            Bump(dossier);
        }

        await SaveAsync(ct);
        await tx.CommitAsync(ct);
        return dossier;
    }

    private async Task<Dossier> NewDraftAsync(Actor actor, DraftInput input, CancellationToken ct)
    {
        var (version, agency) = await ProcedureAtAgencyAsync(input.ProcedureCode, input.AgencyId, ct);
        if (version.ServiceLevel < ServiceLevel.OnlineSubmission)
        {
            throw new ConflictException(Ui.T("Thủ tục này chưa cung cấp dịch vụ nộp hồ sơ trực tuyến.", "This procedure cannot be filed online."));
        }

        var account = await db.Users.AsNoTracking().FirstAsync(u => u.Id == actor.Id, ct);
        var dossier = NewDossier(version, agency.Id, Channel.Online);
        dossier.ApplicantId = actor.Id;
        dossier.ApplicantName = account.FullName;
        dossier.ApplicantPersonalId = account.PersonalId;
        dossier.ApplicantPhone = account.PhoneNumber;
        dossier.ApplicantEmail = account.Email;
        dossier.ApplicantAddress = account.Address;
        dossier.IdempotencyKey = input.IdempotencyKey is { Length: > 0 and <= 100 } k ? k : null;
        db.Dossiers.Add(dossier);
        db.DossierEvents.Add(Event(dossier, actor, DossierAction.SaveDraft, DossierStatus.Draft, null, clock.GetUtcNow(), agency));
        return dossier;
    }

    /// <summary>A desk officer registers a walk-in or postal dossier; paper documents are scanned (digitised).</summary>
    public async Task<Dossier> RegisterAsync(Actor actor, string? procedureCode, WalkInApplicant applicant, IReadOnlyDictionary<string, string?> formInput, IReadOnlyList<UploadInput> scans, CancellationToken ct)
    {
        RequireRole(actor, StaffRole.DeskOfficer);
        var (version, agency) = await ProcedureAtAgencyAsync(procedureCode, actor.AgencyId, ct);
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

        var content = version.Content;
        var dossier = NewDossier(version, agency.Id, applicant.Channel);
        var form = FormDataRules.OnlineForm(content);
        if (form is not null)
        {
            var (values, formErrors) = FormDataRules.Check(form, formInput, forSubmission: true);
            errors.AddRange(formErrors);
            dossier.FormData = values;
        }

        var uploads = await InspectAsync(scans, content, errors, ct);
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
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Dossiers.Add(dossier);
        var fileIds = await StoreAsync(dossier, uploads, DossierFileKind.Digitised, actor, digitised: true, now, ct);
        dossier.Code = await DossierCodes.NextAsync(db, agency.Code, now, ct);
        dossier.SubmittedAt = now;
        Move(dossier, actor, DossierAction.Register, DossierStatus.Registered, dossier.Step, now, agency, acting: StaffRole.DeskOfficer, fileIds: fileIds);
        // The applicant's account (if any) keeps the digitised papers: verified at the desk, reusable for later dossiers.
        await wallet.StageAsync(dossier, dossier.Files, now, ct);
        await audit.StageAsync("dossier.Register", actor.Id, actor.Name, dossier.Code, $"{agency.Code} {dossier.ProcedureCode} {applicant.Channel}", ct);
        await SaveAsync(ct);
        await tx.CommitAsync(ct);
        return dossier;
    }

    // ---------------------------------------------------------------- actions

    /// <summary>Takes one action on a dossier for an applicant or a member of staff.</summary>
    public async Task<Dossier> ActAsync(Actor actor, Guid id, DossierAction action, ActionInput input, CancellationToken ct)
    {
        var dossier = actor.IsApplicant ? await ForApplicant(actor, id, ct) : await ForStaff(actor, id, ct);
        RequireVersion(dossier, input.Version);
        RequireStatus(dossier, action);
        var now = clock.GetUtcNow();
        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.AgencyId, ct);
        var statusBefore = dossier.Status;

        // Approval signs the results with the agency's certificate: the key is fetched before the transaction (a
        // development certificate may be created in its own), and without one the approval fails and nothing changes.
        var signingKey = action == DossierAction.Forward && dossier.Status == DossierStatus.Processing && dossier.Steps.Count > 0 &&
                         WorkflowNavigator.ForwardReleases(dossier.Steps, dossier.Step) && dossier.ResultCount > 0
            ? await signing.KeyForAsync(agency, ct)
            : null;
        // Desk forms 01–05 are signed once, when issued (DeskForms.IssueAsync after SaveAsync below); their key likewise
        // comes before the transaction (null when this action issues none; 503 and no change when the agency cannot sign).
        var formKey = await forms.KeyForIssueAsync(action, agency, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        switch (action)
        {
            case DossierAction.Supplement:
                await SupplementAsync(actor, dossier, input, agency, now, ct);
                break;
            case DossierAction.Withdraw:
                RequireOwner(actor, dossier);
                if (dossier.ResultCount > 0)
                {
                    throw new ConflictException(Ui.T("Không thể rút hồ sơ đã có kết quả.", "A dossier with a result cannot be withdrawn."));
                }

                dossier.CompletedAt = now;
                Move(dossier, actor, action, DossierStatus.Withdrawn, dossier.Step, now, agency, note: input.Note);
                await EndOpenTransferAsync(actor, dossier, action, DossierStatus.Withdrawn, input.Note, now, ct);
                break;
            case DossierAction.Receive:
                await ReceiveAsync(actor, dossier, agency, now, ct);
                break;
            case DossierAction.RequestSupplement:
                RequireRole(actor, dossier.Status == DossierStatus.Registered ? StaffRole.DeskOfficer : dossier.CurrentRole);
                var missing = input.Missing.Select(m => m.Trim()).Where(m => m.Length > 0).ToList();
                if (missing.Count == 0)
                {
                    throw new RuleViolationException([new("missing", Ui.T("Ghi rõ giấy tờ cần bổ sung.", "List what must be supplemented."))]);
                }

                Move(dossier, actor, action, DossierStatus.AwaitingSupplement, dossier.Step, now, agency, note: input.Note, form: "02",
                    data: new() { ["missing"] = string.Join('\n', missing) });
                break;
            case DossierAction.Refuse:
                RequireRole(actor, StaffRole.DeskOfficer);
                var reason = RequireText(input.Note, "note", Ui.T("Ghi rõ lý do từ chối.", "Give the reason for refusal."));
                dossier.CompletedAt = now;
                Move(dossier, actor, action, DossierStatus.Refused, dossier.Step, now, agency, note: reason, form: "03");
                break;
            case DossierAction.Claim:
                RequireRole(actor, dossier.CurrentRole);
                dossier.AssigneeId = actor.Id;
                dossier.AssigneeName = actor.Name;
                Move(dossier, actor, action, DossierStatus.Processing, dossier.Step, now, agency);
                break;
            case DossierAction.Assign:
                await AssignAsync(actor, dossier, input, agency, now, ct);
                break;
            case DossierAction.Forward:
                await ForwardAsync(actor, dossier, input, agency, now, signingKey, ct);
                break;
            case DossierAction.SendBack:
                RequireActing(actor, dossier);
                if (!WorkflowNavigator.CanSendBack(dossier.Steps, dossier.Step))
                {
                    throw new ConflictException(Ui.T("Hồ sơ đang ở bước xử lý đầu tiên, không thể trả lại.", "The dossier is at the first processing step."));
                }

                var note = RequireText(input.Note, "note", Ui.T("Ghi rõ lý do trả lại.", "Say why it is sent back."));
                EnterStep(dossier, dossier.Step - 1, await calendars.CurrentAsync(ct), now);
                Move(dossier, actor, action, DossierStatus.Processing, dossier.Step, now, agency, note: note, fromStep: dossier.Step + 1);
                break;
            case DossierAction.Transfer:
                await TransferAsync(actor, dossier, input, agency, now, ct);
                break;
            case DossierAction.AttachResult:
                await AttachResultAsync(actor, dossier, input, agency, now, ct);
                break;
            case DossierAction.Stop:
                if (!actor.Has(StaffRole.AgencyLeader) && !actor.Has(StaffRole.DivisionHead))
                {
                    throw Forbidden();
                }

                var why = RequireText(input.Note, "note", Ui.T("Ghi rõ lý do dừng xử lý.", "Give the reason for stopping."));
                dossier.CompletedAt = now;
                Move(dossier, actor, action, DossierStatus.Stopped, dossier.Step, now, agency, note: why, form: "05",
                    acting: actor.Has(StaffRole.AgencyLeader) ? StaffRole.AgencyLeader : StaffRole.DivisionHead);
                await EndOpenTransferAsync(actor, dossier, action, DossierStatus.Stopped, why, now, ct);
                break;
            case DossierAction.Apologise:
                await ApologiseAsync(actor, dossier, input, agency, now, ct);
                break;
            case DossierAction.RequestPayment:
                await RequestPaymentAsync(actor, dossier, input, agency, now, ct);
                break;
            case DossierAction.ConfirmPayment:
                await ConfirmPaymentAtDeskAsync(actor, dossier, input, agency, now, ct);
                break;
            case DossierAction.ReturnResult:
                await ReturnAsync(actor, dossier, input, agency, now, ct);
                break;
            default:
                throw new ConflictException(Ui.T($"Thao tác \"{DossierStateMachine.Name(action).Vietnamese}\" không thực hiện được ở đây.", $"The action {action} is not available here."));
        }

        await audit.StageAsync($"dossier.{action}", actor.Id, actor.Name, dossier.Code ?? dossier.Id.ToString(), $"{statusBefore} -> {dossier.Status}", ct);
        // The applicant's notifications (e-mail, SMS, in-app) are written with the action, delivered later by the outbox.
        outbox.Stage(dossier, action, agency.Name, input.Note, input.Missing, now);
        await SaveAsync(ct);
        await forms.IssueAsync(dossier, agency, formKey, ct); // the form this action issued: signed, stored, saved in this transaction
        await tx.CommitAsync(ct);
        return dossier;
    }

    private async Task SupplementAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        RequireOwner(actor, dossier);
        var content = await ContentAsync(dossier.ProcedureVersionId, ct);
        var errors = new List<RuleError>();
        if (input.Form is not null && FormDataRules.OnlineForm(content) is { } form)
        {
            var (values, formErrors) = FormDataRules.Check(form, input.Form, forSubmission: true);
            errors.AddRange(formErrors);
            dossier.FormData = values;
        }

        var uploads = await InspectAsync(input.Uploads, content, errors, ct);
        if (uploads.Count == 0 && input.Form is null)
        {
            errors.Add(new("files", Ui.T("Hãy đính kèm giấy tờ được yêu cầu bổ sung.", "Attach the documents asked for.")));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        var ids = await StoreAsync(dossier, uploads, DossierFileKind.Supplement, actor, digitised: false, now, ct);
        var target = dossier.ReceivedAt is null ? DossierStatus.Registered : DossierStatus.Processing;
        Dictionary<string, string>? data = null;
        if (target == DossierStatus.Processing && dossier.DueAt is { } due)
        {
            // Time spent waiting for the applicant does not count against the agency: the appointment moves by it.
            var asked = await db.DossierEvents.AsNoTracking().Where(e => e.DossierId == dossier.Id && e.Action == DossierAction.RequestSupplement)
                .OrderByDescending(e => e.Id).Select(e => e.At).FirstAsync(ct);
            var calendar = await calendars.CurrentAsync(ct);
            var paused = calendar.PausedHours(asked, now);
            dossier.DueAt = paused > 0 ? calendar.AddWorkingHours(due, paused) : due;
            if (dossier.StepDueAt is { } stepDue && paused > 0)
            {
                dossier.StepDueAt = calendar.AddWorkingHours(stepDue, paused);
            }

            dossier.DeadlineState = DeadlineState.OnTime;
            data = new() { ["pausedWorkingHours"] = paused.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture), ["dueAt"] = dossier.DueAt.Value.ToString("O") };
        }

        Move(dossier, actor, DossierAction.Supplement, target, dossier.Step, now, agency, note: input.Note, fileIds: ids, data: data);
    }

    private async Task ReceiveAsync(Actor actor, Dossier dossier, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        RequireRole(actor, StaffRole.DeskOfficer);
        if (dossier.FeeDueVnd > 0)
        {
            throw new ConflictException(Ui.T(
                $"Hồ sơ chưa nộp phí, lệ phí ({Money(dossier.FeeDueVnd)} đồng): chỉ tiếp nhận khi người nộp đã thanh toán trực tuyến hoặc đã nộp tại quầy (\"Xác nhận đã thanh toán\").",
                $"The fees ({dossier.FeeDueVnd:N0} VND) are unpaid: receive the dossier once they are paid online or at the desk (\"Confirm payment\")."));
        }

        var calendar = await calendars.CurrentAsync(ct);
        dossier.ReceivedAt = now;
        dossier.DueAt = dossier.OriginalDueAt = calendar.DueAt(now, dossier.TimeLimit);
        dossier.DeadlineState = DeadlineState.OnTime;
        EnterStep(dossier, WorkflowNavigator.FirstProcessingStep(dossier.Steps), calendar, now);
        Move(dossier, actor, DossierAction.Receive, DossierStatus.Received, dossier.Step, now, agency, form: "01", acting: StaffRole.DeskOfficer,
            data: new() { ["dueAt"] = dossier.DueAt.Value.ToString("O") }, fromStep: 0);
    }

    private async Task AssignAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        if (!actor.Has(StaffRole.DivisionHead) && !actor.Has(StaffRole.AgencyLeader))
        {
            throw Forbidden();
        }

        var assignee = input.AssigneeId is { } aid
            ? await db.StaffWithRole(dossier.AgencyId, dossier.CurrentRole).FirstOrDefaultAsync(u => u.Id == aid, ct)
            : null;
        if (assignee is null)
        {
            throw new RuleViolationException([new("assigneeId", Ui.T("Chọn cán bộ của cơ quan có vai trò ở bước này.", "Choose an officer of the agency with this step's role."))]);
        }

        dossier.AssigneeId = assignee.Id;
        dossier.AssigneeName = assignee.FullName;
        Move(dossier, actor, DossierAction.Assign, DossierStatus.Processing, dossier.Step, now, agency, note: input.Note,
            data: new() { ["assignee"] = assignee.FullName }, acting: actor.Has(StaffRole.DivisionHead) ? StaffRole.DivisionHead : StaffRole.AgencyLeader);
    }

    private async Task ForwardAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, Documents.Signing.ISigningKey? signingKey, CancellationToken ct)
    {
        RequireActing(actor, dossier);
        var step = dossier.Steps[dossier.Step];
        if (dossier.OpenTransferId is not null)
        {
            throw new ConflictException(Ui.T("Hồ sơ đang chờ cơ quan liên thông trả lại.", "The dossier is waiting for the other agency."));
        }

        if (step.TransferTo is not null && !await db.Dossiers.AnyAsync(c => c.ParentId == dossier.Id && c.ParentStep == dossier.Step && c.Status == DossierStatus.Returned, ct))
        {
            throw new ConflictException(Ui.T($"Bước \"{step.Name}\" do cơ quan khác thực hiện: hãy chuyển liên thông trước.", $"Step \"{step.Name}\" is done by another agency: transfer the dossier first."));
        }

        var calendar = await calendars.CurrentAsync(ct);
        var from = dossier.Step;
        if (WorkflowNavigator.ForwardReleases(dossier.Steps, dossier.Step))
        {
            if (dossier.ResultCount == 0)
            {
                throw new ConflictException(Ui.T("Chưa có kết quả giải quyết: hãy đính kèm kết quả trước khi phê duyệt.", "No result yet: attach the result before approving."));
            }

            RequireApologyIfLate(dossier, now);
            var results = await db.DossierFiles.Where(f => f.DossierId == dossier.Id && f.Kind == DossierFileKind.Result && f.ResultCode != null).ToListAsync(ct);
            foreach (var result in results)
            {
                await signing.SignResultAsync(result, signingKey!, ct);
            }

            dossier.ReleasedAt = now;
            EnterStep(dossier, WorkflowNavigator.ReleaseStep(dossier.Steps), calendar, now);
            dossier.CurrentRole = StaffRole.DeskOfficer;
            Move(dossier, actor, DossierAction.Forward, DossierStatus.Resolved, dossier.Step, now, agency, note: input.Note, fromStep: from);
        }
        else
        {
            EnterStep(dossier, dossier.Step + 1, calendar, now);
            Move(dossier, actor, DossierAction.Forward, DossierStatus.Processing, dossier.Step, now, agency, note: input.Note, fromStep: from);
        }
    }

    private async Task TransferAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        RequireActing(actor, dossier);
        if (dossier.OpenTransferId is not null)
        {
            throw new ConflictException(Ui.T("Hồ sơ đã được chuyển liên thông và chưa được trả lại.", "The dossier is already with another agency."));
        }

        var step = dossier.Steps[dossier.Step];
        var targetCode = step.TransferTo ?? NullIfEmpty(input.TargetAgencyCode);
        var target = targetCode is null ? null : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == targetCode, ct);
        if (target is null || target.Id == dossier.AgencyId)
        {
            throw new RuleViolationException([new("targetAgencyCode", Ui.T("Chọn cơ quan nhận liên thông (khác cơ quan hiện tại).", "Choose the agency to transfer to (another agency)."))]);
        }

        var quota = Math.Max(step.QuotaHours, 4);
        var child = new Dossier
        {
            Id = Guid.CreateVersion7(),
            ProcedureVersionId = dossier.ProcedureVersionId,
            ProcedureCode = dossier.ProcedureCode,
            ProcedureName = dossier.ProcedureName,
            AgencyId = target.Id,
            Channel = Channel.Transfer,
            Status = DossierStatus.Draft,
            ParentId = dossier.Id,
            ParentStep = dossier.Step,
            ApplicantId = dossier.ApplicantId,
            ApplicantName = dossier.ApplicantName,
            ApplicantPersonalId = dossier.ApplicantPersonalId,
            ApplicantPhone = dossier.ApplicantPhone,
            ApplicantEmail = dossier.ApplicantEmail,
            ApplicantAddress = dossier.ApplicantAddress,
            FormData = new(dossier.FormData),
            TrackingKey = NewTrackingKey(),
            TimeLimit = new TimeLimit(TimeLimitUnit.WorkingHours, quota, false, $"{quota} giờ làm việc (liên thông)"),
            Steps =
            [
                new("Tiếp nhận hồ sơ liên thông", StaffRole.DeskOfficer, 1),
                new(step.Name, StaffRole.Specialist, Math.Max(quota - 3, 1)),
                new("Lãnh đạo phê duyệt", StaffRole.AgencyLeader, 1),
                new($"Trả hồ sơ cho {agency.Name}", StaffRole.DeskOfficer, 1),
            ],
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        db.Dossiers.Add(child);
        var files = await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == dossier.Id).ToListAsync(ct);
        foreach (var f in files)
        {
            // The other agency gets every document, results issued so far included, as inputs to its part.
            var copy = Copy(f, child.Id);
            if (f.Kind == DossierFileKind.Result)
            {
                copy.Kind = DossierFileKind.Submitted;
                copy.DocumentName = $"{f.DocumentName} ({f.ResultCode})";
            }

            db.DossierFiles.Add(copy);
        }

        child.Code = await DossierCodes.NextAsync(db, target.Code, now, ct);
        child.SubmittedAt = now;
        child.CurrentRole = StaffRole.DeskOfficer;
        Move(child, actor, DossierAction.TransferIn, DossierStatus.Registered, 0, now, agency, note: input.Note,
            data: new() { ["from"] = dossier.Code ?? "", ["fromAgency"] = agency.Name });
        dossier.OpenTransferId = child.Id;
        Move(dossier, actor, DossierAction.Transfer, DossierStatus.Processing, dossier.Step, now, agency, note: input.Note,
            data: new() { ["to"] = child.Code, ["toAgency"] = target.Name, ["toAgencyCode"] = target.Code });
    }

    /// <summary>A withdrawn or stopped dossier takes its open transfer with it: the other agency stops working on it.</summary>
    private async Task EndOpenTransferAsync(Actor actor, Dossier dossier, DossierAction action, DossierStatus to, string? note, DateTimeOffset now, CancellationToken ct)
    {
        if (dossier.OpenTransferId is not { } childId)
        {
            return;
        }

        var child = await db.Dossiers.FirstAsync(c => c.Id == childId, ct);
        var childAgency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == child.AgencyId, ct);
        // A stopped parent refuses a transfer not yet received, and stops one in progress.
        var (childAction, childTo) = action == DossierAction.Stop && child.Status == DossierStatus.Registered
            ? (DossierAction.Refuse, DossierStatus.Refused)
            : (action, to);
        if (DossierStateMachine.CanTake(child.Status, childAction))
        {
            child.CompletedAt = now;
            Move(child, actor, childAction, childTo, child.Step, now, childAgency,
                note: Ui.T($"Hồ sơ gốc {dossier.Code} đã kết thúc: {note}", $"The original dossier {dossier.Code} has ended: {note}"));
        }

        dossier.OpenTransferId = null;
    }

    private async Task AttachResultAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        RequireActing(actor, dossier);
        var errors = new List<RuleError>();
        var uploads = await InspectAsync(input.Uploads, null, errors, ct);
        if (uploads.Count != 1 && errors.Count == 0)
        {
            errors.Add(new("file", Ui.T("Đính kèm đúng một tệp kết quả.", "Attach exactly one result file.")));
        }

        if (errors.Count > 0)
        {
            throw new RuleViolationException(errors);
        }

        var title = NullIfEmpty(input.ResultTitle) ?? (await ContentAsync(dossier.ProcedureVersionId, ct)).Result ?? Ui.T("Kết quả giải quyết", "Result");
        var number = dossier.ResultCount + 1;
        var key = await store.SaveAsync(new MemoryStream(uploads[0].Upload.Content), ct);
        var file = new DossierFile
        {
            Id = Guid.CreateVersion7(),
            DossierId = dossier.Id,
            Kind = DossierFileKind.Result,
            DocumentName = title.Length > 500 ? title[..500] : title,
            FileName = uploads[0].Upload.FileName,
            ContentType = uploads[0].Upload.ContentType,
            Size = uploads[0].Upload.Size,
            Sha256 = uploads[0].Upload.Sha256,
            StorageKey = key,
            ResultNumber = number,
            ResultCode = $"{dossier.Code}-KQ{number}",
            UploadedAt = now,
            UploadedBy = actor.Id,
        };
        db.DossierFiles.Add(file);
        dossier.ResultCount = number;
        Move(dossier, actor, DossierAction.AttachResult, DossierStatus.Processing, dossier.Step, now, agency, note: input.Note,
            data: new() { ["resultCode"] = file.ResultCode }, fileIds: [file.Id]);
    }

    private async Task ApologiseAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        if (!actor.Has(StaffRole.DeskOfficer) && !actor.Has(StaffRole.AgencyLeader) && !actor.Has(StaffRole.DivisionHead))
        {
            throw Forbidden();
        }

        var reason = RequireText(input.Note, "note", Ui.T("Ghi rõ lý do chậm trễ.", "Give the reason for the delay."));
        if (input.NewDueAt is not { } newDue || dossier.DueAt is not { } due || newDue <= due || newDue <= now)
        {
            throw new RuleViolationException([new("newDueAt", Ui.T("Ngày hẹn mới phải sau ngày hẹn hiện tại và sau thời điểm hiện tại.", "The new date must be after the current appointment and after now."))]);
        }

        _ = ct;
        dossier.ApologyCount++;
        dossier.DueAt = newDue;
        dossier.DeadlineState = DeadlineState.OnTime;
        Move(dossier, actor, DossierAction.Apologise, dossier.Status, dossier.Step, now, agency, note: reason, form: "04",
            data: new() { ["previousDueAt"] = due.ToString("O"), ["newDueAt"] = newDue.ToString("O") });
    }

    private async Task ReturnAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        RequireRole(actor, StaffRole.DeskOfficer);
        RequireApologyIfLate(dossier, now);
        dossier.CompletedAt = now;
        if (dossier.ParentId is { } parentId)
        {
            // A transferred dossier goes back to the agency that sent it; its results join the parent's.
            dossier.ReturnChannel = ReturnChannel.Online;
            Move(dossier, actor, DossierAction.ReturnResult, DossierStatus.Returned, dossier.Step, now, agency, note: input.Note);
            var parent = await db.Dossiers.FirstAsync(p => p.Id == parentId, ct);
            if (DossierStatuses.IsFinal(parent.Status))
            {
                return; // the original dossier ended meanwhile; nothing to hand back to
            }

            var results = await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == dossier.Id && f.Kind == DossierFileKind.Result && f.ResultCode != null).ToListAsync(ct);
            var ids = new List<Guid>();
            foreach (var r in results)
            {
                var copy = Copy(r, parent.Id);
                copy.ResultCode = null; // the code stays unique to the issuing agency's dossier
                copy.DocumentName = $"{r.DocumentName} ({r.ResultCode})";
                db.DossierFiles.Add(copy);
                ids.Add(copy.Id);
            }

            parent.OpenTransferId = null;
            Move(parent, actor, DossierAction.TransferReturned, parent.Status, parent.Step, now, agency, note: input.Note,
                data: new() { ["from"] = dossier.Code ?? "", ["fromAgency"] = agency.Name }, fileIds: ids);
            return;
        }

        dossier.ReturnChannel = input.ReturnChannel ?? throw new RuleViolationException([new("returnChannel", Ui.T("Chọn hình thức trả kết quả.", "Choose how the result is returned."))]);
        Move(dossier, actor, DossierAction.ReturnResult, DossierStatus.Returned, dossier.Step, now, agency, note: input.Note,
            data: new() { ["returnChannel"] = dossier.ReturnChannel.Value.ToString() });
        // The applicant's account (if any) keeps the signed results.
        await wallet.StageAsync(dossier, dossier.Files.Where(f => f.Kind == DossierFileKind.Result).ToList(), now, ct);
    }

    // ---------------------------------------------------------------- helpers

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

    private static Dossier NewDossier(ProcedureVersion version, Guid agencyId, Channel channel) => new()
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
        CurrentRole = StaffRole.DeskOfficer,
        ApplicantName = "",
        TrackingKey = NewTrackingKey(),
        CreatedAt = DateTimeOffset.UtcNow,
        UpdatedAt = DateTimeOffset.UtcNow,
        Version = Guid.NewGuid(),
    };

    private async Task<(ProcedureVersion Version, Agency Agency)> ProcedureAtAgencyAsync(string? procedureCode, Guid? agencyId, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);
        var version = string.IsNullOrWhiteSpace(procedureCode) ? null
            : await db.ProcedureVersions.AsNoTracking().InForce(today).FirstOrDefaultAsync(v => v.Code == procedureCode, ct);
        if (version is null)
        {
            throw new RuleViolationException([new("procedureCode", Ui.T("Không tìm thấy thủ tục đang có hiệu lực.", "No procedure in force with this code."))]);
        }

        var agency = agencyId is null ? null : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agencyId, ct);
        if (agency is null || !Implements(version, agency))
        {
            throw new RuleViolationException([new("agencyId", Ui.T("Chọn cơ quan giải quyết thủ tục này.", "Choose an agency that handles this procedure."))]);
        }

        return (version, agency);
    }

    /// <summary>Does the agency handle the procedure (its level is one of the procedure's, or it is named)?</summary>
    public static bool Implements(ProcedureVersion version, Agency agency) =>
        version.Content.AgencyCodes.Count > 0
            ? version.Content.AgencyCodes.Contains(agency.Code)
            : version.Content.AgencyLevels.Contains(agency.Level);

    private async Task<ProcedureContent> ContentAsync(Guid versionId, CancellationToken ct) =>
        (await db.ProcedureVersions.AsNoTracking().Where(v => v.Id == versionId).Select(v => v.Content).FirstAsync(ct));

    private sealed record Inspected(int? DocumentIndex, InspectedUpload Upload, string DocumentName);

    private static async Task<List<Inspected>> InspectAsync(IReadOnlyList<UploadInput> uploads, ProcedureContent? content, List<RuleError> errors, CancellationToken ct)
    {
        var result = new List<Inspected>();
        for (var i = 0; i < uploads.Count; i++)
        {
            var u = uploads[i];
            var path = u.DocumentIndex is { } d ? $"documents[{d}]" : $"files[{i}]";
            if (content is not null && u.DocumentIndex is { } idx && (idx < 0 || idx >= content.Documents.Count))
            {
                errors.Add(new(path, Ui.T("Thành phần hồ sơ không tồn tại.", "No such required document.")));
                continue;
            }

            var (upload, error) = await UploadInspector.InspectAsync(u.File, path, ct);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            var name = content is not null && u.DocumentIndex is { } di ? content.Documents[di].Name : Ui.T("Giấy tờ khác", "Other document");
            result.Add(new(u.DocumentIndex, upload!, name));
        }

        return result;
    }

    private static IEnumerable<RuleError> MissingDocuments(ProcedureContent content, Dossier dossier, IEnumerable<int?> incoming)
    {
        var have = dossier.Files.Where(f => f.DocumentIndex is not null).Select(f => f.DocumentIndex!.Value).Concat(incoming.Where(i => i is not null).Select(i => i!.Value)).ToHashSet();
        var form = FormDataRules.OnlineForm(content);
        for (var i = 0; i < content.Documents.Count; i++)
        {
            var doc = content.Documents[i];
            // The document whose form is filled in online needs no upload.
            if (doc.Required && !have.Contains(i) && !(form is not null && doc.Template?.Form == form))
            {
                yield return new($"documents[{i}]", Ui.T($"Thiếu giấy tờ bắt buộc: {doc.Name}", $"Missing required document: {doc.Name}"));
            }
        }
    }

    private async Task<List<Guid>> StoreAsync(Dossier dossier, List<Inspected> uploads, DossierFileKind kind, Actor actor, bool digitised, DateTimeOffset now, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var u in uploads)
        {
            var key = await store.SaveAsync(new MemoryStream(u.Upload.Content, writable: false), ct);
            var file = AddFile(db, dossier, new NewDossierFile(kind, u.DocumentIndex, u.DocumentName, u.Upload.FileName, u.Upload.ContentType, u.Upload.Size, u.Upload.Sha256, key, digitised),
                actor.Id == Guid.Empty ? null : actor.Id, now);
            ids.Add(file.Id);
        }

        return ids;
    }

    /// <summary>Adds a new file to a dossier and to the unit of work; its bytes are already in the store under its key.</summary>
    public static DossierFile AddFile(OneStopDbContext db, Dossier dossier, NewDossierFile f, Guid? by, DateTimeOffset now)
    {
        var file = new DossierFile
        {
            Id = Guid.CreateVersion7(),
            DossierId = dossier.Id,
            Kind = f.Kind,
            DocumentIndex = f.DocumentIndex,
            DocumentName = f.DocumentName.Length > 500 ? f.DocumentName[..500] : f.DocumentName,
            FileName = f.FileName,
            ContentType = f.ContentType,
            Size = f.Size,
            Sha256 = f.Sha256,
            StorageKey = f.StorageKey,
            Digitised = f.Digitised,
            WalletDocumentId = f.WalletDocumentId,
            UploadedAt = now,
            UploadedBy = by,
        };
        // Added explicitly: a new entity with a client-made key found through a navigation would be taken for an update.
        db.DossierFiles.Add(file);
        if (!dossier.Files.Contains(file))
        {
            dossier.Files.Add(file);
        }

        return file;
    }

    private static DossierFile Copy(DossierFile f, Guid dossierId) => new()
    {
        Id = Guid.CreateVersion7(),
        DossierId = dossierId,
        Kind = f.Kind,
        DocumentIndex = f.DocumentIndex,
        DocumentName = f.DocumentName,
        FileName = f.FileName,
        ContentType = f.ContentType,
        Size = f.Size,
        Sha256 = f.Sha256,
        StorageKey = f.StorageKey,
        Digitised = f.Digitised,
        UploadedAt = f.UploadedAt,
        UploadedBy = f.UploadedBy,
    };

    private static void EnterStep(Dossier dossier, int step, WorkingCalendar calendar, DateTimeOffset now)
    {
        dossier.Step = step;
        dossier.CurrentRole = dossier.Steps.Count > step ? dossier.Steps[step].Role : StaffRole.DeskOfficer;
        dossier.AssigneeId = null;
        dossier.AssigneeName = null;
        dossier.StepStartedAt = now;
        dossier.StepDueAt = calendar.AddWorkingHours(now, WorkflowNavigator.QuotaHours(dossier.Steps, step));
    }

    // ---------------------------------------------------------------- fees and payment

    /// <summary>
    /// Yêu cầu thực hiện nghĩa vụ tài chính: the officer at the current step sets the fee lines that apply (default: the
    /// procedure's default lines) and the dossier waits for payment (status 6); the applicant is told the amount.
    /// </summary>
    private async Task RequestPaymentAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        RequireActing(actor, dossier);
        var content = await ContentAsync(dossier.ProcedureVersionId, ct);
        var quote = input.FeeQuantities is { } quantities ? Fees.Quote(content.Fees, quantities, input.FeeAmounts) : Fees.Quote(content.Fees);
        if (!quote.Complete)
        {
            throw new RuleViolationException([new("fees", Ui.T("Nhập số tiền cho các khoản chưa có mức thu trong danh mục.", "Enter the amount of the lines the catalogue has no amount for."))]);
        }

        if (quote.TotalVnd is <= 0 or > Fees.MaxTotalVnd)
        {
            throw new RuleViolationException([new("fees", Ui.T("Chọn các khoản phí, lệ phí phải nộp (tổng lớn hơn 0 đồng). Hồ sơ được miễn thì không yêu cầu nộp.",
                "Choose the fee lines due (a total above 0 VND). An exempt dossier needs no payment request."))]);
        }

        dossier.FeeDueVnd = quote.TotalVnd;
        dossier.FeeLines = [.. quote.Lines];
        Move(dossier, actor, DossierAction.RequestPayment, DossierStatus.AwaitingPayment, dossier.Step, now, agency, note: NullIfEmpty(input.Note),
            data: new() { ["amountVnd"] = quote.TotalVnd.ToString(System.Globalization.CultureInfo.InvariantCulture), ["lines"] = string.Join('\n', quote.Lines.Select(l => $"{l.Name} × {l.Quantity}")) });
    }

    /// <summary>Money taken at the desk (cash, transfer): recorded as a payment with its receipt, as a gateway's would be.</summary>
    private async Task ConfirmPaymentAtDeskAsync(Actor actor, Dossier dossier, ActionInput input, Agency agency, DateTimeOffset now, CancellationToken ct)
    {
        if (!actor.Has(StaffRole.DeskOfficer) && !actor.Has(StaffRole.AgencyLeader))
        {
            throw Forbidden();
        }

        if (dossier.FeeDueVnd <= 0)
        {
            throw new ConflictException(Ui.T("Hồ sơ không có khoản phí nào đang chờ nộp.", "No fees are due on this dossier."));
        }

        var payment = Payments.PaymentLedger.NewPayment(dossier, Payments.PaymentLedger.DeskGateway, now, now);
        payment.Status = OneStop.Domain.Payments.PaymentStatus.Paid;
        payment.PaidAt = now;
        payment.GatewayResponse = NullIfEmpty(input.Note) is { } how ? (how.Length > 40 ? how[..40] : how) : null;
        payment.ReceiptNumber = await Payments.PaymentLedger.NextReceiptNumberAsync(db, dossier, ct);
        db.Payments.Add(payment);
        StagePaymentConfirmed(dossier, agency, payment, actor, now);
    }

    /// <summary>
    /// A confirmed payment settles what the dossier owed and moves it on (status 6 back to processing; at submission it
    /// stays with the desk). Called inside the caller's transaction: the desk action's, or the gateway notification's.
    /// </summary>
    public void StagePaymentConfirmed(Dossier dossier, Agency agency, Payments.Payment payment, Actor actor, DateTimeOffset now)
    {
        dossier.FeePaidVnd += payment.AmountVnd;
        dossier.FeeDueVnd = 0;
        Move(dossier, actor, DossierAction.ConfirmPayment, dossier.Status == DossierStatus.AwaitingPayment ? DossierStatus.Processing : dossier.Status, dossier.Step, now, agency,
            data: new()
            {
                ["amountVnd"] = payment.AmountVnd.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["receipt"] = payment.ReceiptNumber ?? "",
                ["reference"] = payment.Reference,
                ["gateway"] = payment.Gateway,
            },
            acting: actor.IsStaff && !actor.IsSystem ? (actor.Has(StaffRole.DeskOfficer) ? StaffRole.DeskOfficer : StaffRole.AgencyLeader) : null);
        outbox.StagePaymentReceived(dossier, agency.Name, payment.AmountVnd, payment.ReceiptNumber, now);
    }

    private static string Money(long vnd) => vnd.ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("vi-VN"));

    /// <summary>Applies a transition the state machine allows, and appends its history record.</summary>
    private void Move(Dossier dossier, Actor actor, DossierAction action, DossierStatus to, int toStep, DateTimeOffset now, Agency agency,
        string? note = null, string? form = null, Dictionary<string, string>? data = null, List<Guid>? fileIds = null, StaffRole? acting = null, int? fromStep = null)
    {
        if (!DossierStateMachine.IsAllowed(dossier.Status, action, to))
        {
            throw IllegalTransition(dossier, action);
        }

        var from = dossier.Status;
        var ev = Event(dossier, actor, action, from, note, now, agency);
        ev.ToStatus = to;
        ev.FromStep = fromStep ?? dossier.Step;
        ev.FromStepName = StepName(dossier, ev.FromStep.Value);
        ev.ToStep = toStep;
        ev.ToStepName = StepName(dossier, toStep);
        ev.Form = form;
        ev.Data = data ?? [];
        ev.FileIds = fileIds ?? [];
        ev.ActorRole = actor.RoleFor(acting ?? (actor.IsStaff ? (actor.Has(dossier.CurrentRole) ? dossier.CurrentRole : null) : null));
        db.DossierEvents.Add(ev);
        dossier.Status = to;
        if (to == DossierStatus.Registered || to == DossierStatus.Resolved)
        {
            dossier.CurrentRole = StaffRole.DeskOfficer;
        }
        else if (to == DossierStatus.Received || to == DossierStatus.Processing)
        {
            dossier.CurrentRole = dossier.Steps.Count > dossier.Step ? dossier.Steps[dossier.Step].Role : StaffRole.DeskOfficer;
        }

        dossier.UpdatedAt = now;
        Bump(dossier);
    }

    private static string? StepName(Dossier d, int step) => step >= 0 && step < d.Steps.Count ? d.Steps[step].Name : null;

    private static DossierEvent Event(Dossier dossier, Actor actor, DossierAction action, DossierStatus status, string? note, DateTimeOffset now, Agency agency) => new()
    {
        DossierId = dossier.Id,
        At = now,
        Action = action,
        ActorId = actor.Id == Guid.Empty ? null : actor.Id,
        ActorName = actor.Name,
        ActorRole = actor.RoleFor(null),
        AgencyId = actor.IsApplicant ? null : actor.AgencyId ?? agency.Id,
        AgencyName = actor.IsApplicant ? null : agency.Name,
        FromStatus = status,
        ToStatus = status,
        Note = note is { Length: > 2000 } ? note[..2000] : note,
    };

    private static void Bump(Dossier dossier) => dossier.Version = Guid.NewGuid();

    private async Task SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw StaleVersion();
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            throw new ConflictException(Ui.T("Yêu cầu trùng với một yêu cầu vừa được xử lý. Tải lại trang.", "This request duplicates one just handled. Reload the page."));
        }
    }

    /// <summary>
    /// Opens a dossier for reading by its owner, an officer of its agency, or a supervisor of its agency or of a sub-tree
    /// that holds it (read-only; 404 for anyone else), and records in the audit log that this person saw its personal data.
    /// </summary>
    public async Task<Dossier> ReadAsync(Actor actor, Guid id, string what, CancellationToken ct)
    {
        var dossier = actor.IsApplicant ? await ForApplicant(actor, id, ct) : await ForReader(actor, id, ct);
        var supervising = !actor.IsApplicant && dossier.AgencyId != actor.AgencyId;
        await audit.AppendAsync("dossier.read", actor.Id, actor.Name, dossier.Code ?? dossier.Id.ToString(), supervising ? what + " (supervision)" : what, ct);
        return dossier;
    }

    /// <summary>The dossier if the applicant owns it; otherwise 404 (existence is not revealed).</summary>
    public async Task<Dossier> ForApplicant(Actor actor, Guid id, CancellationToken ct) =>
        await db.Dossiers.Include(d => d.Files).FirstOrDefaultAsync(d => d.Id == id && d.ApplicantId == actor.Id && actor.Kind == AccountKind.Applicant, ct)
        ?? throw new NotFoundException(Ui.T("Không tìm thấy hồ sơ.", "Dossier not found."));

    /// <summary>
    /// The dossier if the actor may read it: an officer's own agency, or an agency they supervise (directly or in a
    /// supervised sub-tree, walked in SQL); otherwise 404. Reading only: actions go through <see cref="ForStaff"/>.
    /// </summary>
    public async Task<Dossier> ForReader(Actor actor, Guid id, CancellationToken ct) =>
        await db.Dossiers.Include(d => d.Files).Where(d => d.Id == id).ReadableBy(db, actor).FirstOrDefaultAsync(ct)
        ?? throw new NotFoundException(Ui.T("Không tìm thấy hồ sơ.", "Dossier not found."));

    /// <summary>The dossier if it belongs to the officer's own agency (where all actions happen); otherwise 404.</summary>
    public async Task<Dossier> ForStaff(Actor actor, Guid id, CancellationToken ct) =>
        actor.IsStaff && actor.AgencyId is { } agency
            ? await db.Dossiers.Include(d => d.Files).FirstOrDefaultAsync(d => d.Id == id && d.AgencyId == agency, ct)
              ?? throw new NotFoundException(Ui.T("Không tìm thấy hồ sơ.", "Dossier not found."))
            : throw new NotFoundException(Ui.T("Không tìm thấy hồ sơ.", "Dossier not found."));

    private static void RequireApplicant(Actor actor)
    {
        if (!actor.IsApplicant)
        {
            throw Forbidden(Ui.T("Chỉ tài khoản công dân, doanh nghiệp mới nộp hồ sơ trực tuyến.", "Only citizen or business accounts file dossiers online."));
        }
    }

    private static void RequireOwner(Actor actor, Dossier dossier)
    {
        if (!actor.IsApplicant || dossier.ApplicantId != actor.Id)
        {
            throw Forbidden(Ui.T("Chỉ chủ hồ sơ mới thực hiện được thao tác này.", "Only the applicant can do this."));
        }
    }

    private static void RequireRole(Actor actor, StaffRole role)
    {
        if (!actor.IsStaff || !actor.Has(role))
        {
            throw Forbidden(Ui.T($"Cần vai trò {StaffRoles.Name(role).Vietnamese} để thực hiện thao tác này.", $"This needs the {StaffRoles.Name(role).English} role."));
        }
    }

    /// <summary>The officer acting at the current step: has its role, and the dossier is unassigned or assigned to them.</summary>
    private static void RequireActing(Actor actor, Dossier dossier)
    {
        RequireRole(actor, dossier.CurrentRole);
        if (dossier.AssigneeId is { } a && a != actor.Id)
        {
            throw new ConflictException(Ui.T($"Hồ sơ đang do {dossier.AssigneeName} xử lý.", $"The dossier is being handled by {dossier.AssigneeName}."));
        }
    }

    private static ConflictException StaleVersion() => new(Ui.T(
        "Hồ sơ vừa được người khác cập nhật. Tải lại trang để xem trạng thái mới; thao tác của bạn chưa được lưu.",
        "Someone else has just updated this dossier. Reload to see its new state; your action was not saved."));

    private static void RequireStatus(Dossier dossier, DossierAction action)
    {
        if (!DossierStateMachine.CanTake(dossier.Status, action))
        {
            throw IllegalTransition(dossier, action);
        }
    }

    private static void RequireVersion(Dossier dossier, Guid? expected)
    {
        if (expected is { } v && v != dossier.Version)
        {
            throw StaleVersion();
        }
    }

    private static void RequireApologyIfLate(Dossier dossier, DateTimeOffset now)
    {
        if (dossier.DueAt is { } due && now > due && dossier.ApologyCount == 0 && dossier.ParentId is null)
        {
            throw new ConflictException(Ui.T("Hồ sơ đã quá hạn: phải ban hành văn bản xin lỗi và hẹn lại ngày trả (mẫu 04) trước khi trả kết quả.",
                "The dossier is late: issue the apology letter with a new date (form 04) before returning the result."));
        }
    }

    public static ConflictException IllegalTransition(Dossier dossier, DossierAction action)
    {
        var s = DossierStatuses.Of(dossier.Status);
        var (vi, en) = DossierStateMachine.Name(action);
        return new ConflictException(Ui.T($"Không thể \"{vi}\" khi hồ sơ đang ở trạng thái \"{s.Vietnamese}\".", $"Cannot \"{en}\" while the dossier is \"{s.English}\" ({s.National})."));
    }

    private static ForbiddenException Forbidden(string? message = null) =>
        new(message ?? Ui.T("Bạn không có quyền thực hiện thao tác này.", "You may not do this."));

    private static string RequireText(string? text, string path, string message) =>
        NullIfEmpty(text) ?? throw new RuleViolationException([new(path, message)]);

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static string NewTrackingKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
