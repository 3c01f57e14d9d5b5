using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>Body of POST /dossiers and PUT /dossiers/{id}/form.</summary>
public sealed record DraftRequest(string? ProcedureCode, Guid? AgencyId, Dictionary<string, string?>? Form, Guid? Version);

/// <summary>Body of POST /dossiers/{id}/actions/{action}.</summary>
public sealed record ActionRequest(Guid? Version, string? Note, List<string>? Missing, Guid? AssigneeId, string? TargetAgencyCode, ReturnChannel? ReturnChannel, DateTimeOffset? NewDueAt,
    Dictionary<int, int>? FeeQuantities = null, Dictionary<int, long>? FeeAmounts = null);

/// <summary>A dossier as its owner or an officer of its agency sees it.</summary>
public sealed record DossierView(
    Guid Id, string? Code, string ProcedureCode, string ProcedureName, Guid AgencyId, Channel Channel, DossierStatus Status, string StatusName,
    string NationalStatus, int Step, string? StepName, string CurrentRole, string? AssigneeName, string ApplicantName, string? ApplicantPhone,
    string? ApplicantEmail, Dictionary<string, string> Form, DateTimeOffset? SubmittedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt,
    DateTimeOffset? CompletedAt, DeadlineState DeadlineState, ReturnChannel? ReturnChannel, Guid? ParentId, bool WaitingOnTransfer, Guid Version,
    IReadOnlyList<FileView> Files, IReadOnlyList<string> Actions)
{
    public static DossierView Of(Dossier d, IReadOnlyList<string> actions) => new(
        d.Id, d.Code, d.ProcedureCode, d.ProcedureName, d.AgencyId, d.Channel, d.Status, DossierStatuses.Of(d.Status).Vietnamese,
        DossierStatuses.Of(d.Status).National, d.Step, d.Step < d.Steps.Count ? d.Steps[d.Step].Name : null, d.CurrentRole.ToString(), d.AssigneeName,
        d.ApplicantName, d.ApplicantPhone, d.ApplicantEmail, d.FormData, d.SubmittedAt, d.ReceivedAt, d.DueAt, d.CompletedAt, d.DeadlineState,
        d.ReturnChannel, d.ParentId, d.OpenTransferId is not null, d.Version,
        d.Files.OrderBy(f => f.UploadedAt).Select(f => new FileView(f.Id, f.Kind.ToString(), f.DocumentIndex, f.DocumentName, f.FileName, f.ContentType, f.Size, f.Sha256, f.Digitised, f.ResultCode, f.UploadedAt, f.WalletDocumentId)).ToList(),
        actions);
}

public sealed record FileView(Guid Id, string Kind, int? DocumentIndex, string DocumentName, string FileName, string ContentType, long Size, string Sha256, bool Digitised, string? ResultCode, DateTimeOffset UploadedAt, Guid? WalletDocumentId = null);

public sealed record HistoryView(DateTimeOffset At, string Action, string ActionName, string ActorName, string ActorRole, string? AgencyName,
    DossierStatus FromStatus, DossierStatus ToStatus, string? FromStep, string? ToStep, string? Note, string? Form, Dictionary<string, string> Data);

public static class DossierApi
{
    public static void MapDossierApi(this RouteGroupBuilder api)
    {
        var dossiers = api.MapGroup("/dossiers").WithTags("Hồ sơ / Dossiers").RequireAuthorization();

        dossiers.MapGet("/", async (HttpContext http, DossierQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.MineAsync(http.RequireActor(), ct)))
            .WithSummary("Hồ sơ của tôi / My dossiers");

        dossiers.MapPost("/", async (HttpContext http, [FromBody] DraftRequest body, [FromHeader(Name = "Idempotency-Key")] string? key, DossierService service, CancellationToken ct) =>
        {
            var d = await service.SaveDraftAsync(http.RequireActor(), null, new DraftInput
            {
                ProcedureCode = body.ProcedureCode,
                AgencyId = body.AgencyId,
                Form = body.Form ?? [],
                IdempotencyKey = key,
            }, submit: false, ct);
            return Results.Created($"/api/v1/dossiers/{d.Id}", DossierView.Of(d, []));
        }).WithSummary("Tạo hồ sơ nháp / Create a draft (Idempotency-Key header makes retries safe)");

        dossiers.MapGet("/{id:guid}", async (Guid id, HttpContext http, DossierService service, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            var d = await LoadAsync(service, actor, id, "api dossier", ct);
            return Results.Ok(DossierView.Of(d, DossierActions.For(actor, d).Select(a => a.ToString()).ToList()));
        }).WithSummary("Chi tiết hồ sơ / A dossier");

        dossiers.MapPut("/{id:guid}/form", async (Guid id, HttpContext http, [FromBody] DraftRequest body, DossierService service, CancellationToken ct) =>
        {
            var d = await service.SaveDraftAsync(http.RequireActor(), id, new DraftInput { Form = body.Form ?? [], Version = body.Version }, submit: false, ct);
            return Results.Ok(DossierView.Of(d, []));
        }).WithSummary("Lưu tờ khai của hồ sơ nháp / Save the draft's form");

        dossiers.MapPost("/{id:guid}/files", async (Guid id, HttpContext http, IFormFileCollection files, [FromQuery] int? document, DossierService service, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            var current = await service.ForApplicant(actor, id, ct);
            var d = await service.SaveDraftAsync(actor, id, new DraftInput
            {
                Form = current.FormData.ToDictionary(kv => kv.Key, kv => (string?)kv.Value),
                Uploads = files.Select(f => new UploadInput(document, f)).ToList(),
                FromWallet = PostedDossierForm.WalletChoices(await http.Request.ReadFormAsync(ct)),
            }, submit: false, ct);
            return Results.Ok(DossierView.Of(d, []));
        }).DisableAntiforgery().WithSummary("Đính kèm giấy tờ vào hồ sơ nháp; trường wallet[i]={id} dùng lại giấy tờ trong kho cho thành phần i / Attach files to a draft (multipart); field wallet[i]={id} reuses a wallet document for required document i");

        dossiers.MapPost("/{id:guid}/submit", async (Guid id, HttpContext http, DossierService service, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            var current = await service.ForApplicant(actor, id, ct);
            var d = await service.SaveDraftAsync(actor, id, new DraftInput { Form = current.FormData.ToDictionary(kv => kv.Key, kv => (string?)kv.Value) }, submit: true, ct);
            return Results.Ok(DossierView.Of(d, []));
        }).WithSummary("Nộp hồ sơ / Submit (repeating it returns the same dossier)");

        dossiers.MapGet("/{id:guid}/history", async (Guid id, HttpContext http, DossierService service, DossierQueries queries, CancellationToken ct) =>
        {
            var d = await LoadAsync(service, http.RequireActor(), id, "api history", ct);
            return Results.Ok((await queries.HistoryAsync(d.Id, ct)).Select(History).ToList());
        }).WithSummary("Lịch sử xử lý / History");

        dossiers.MapPost("/{id:guid}/actions/{action}", async (Guid id, string action, HttpContext http, [FromBody] ActionRequest body, DossierService service, CancellationToken ct) =>
        {
            if (!Enum.TryParse<DossierAction>(action, ignoreCase: true, out var a) || a is DossierAction.SaveDraft or DossierAction.Submit or DossierAction.Register or DossierAction.MarkOverdue or DossierAction.TransferReturned or DossierAction.TransferIn)
            {
                throw new NotFoundException(Ui.T("Không có thao tác này.", "No such action."));
            }

            var actor = http.RequireActor();
            var d = await service.ActAsync(actor, id, a, new ActionInput
            {
                Version = body.Version,
                Note = body.Note,
                Missing = body.Missing ?? [],
                AssigneeId = body.AssigneeId,
                TargetAgencyCode = body.TargetAgencyCode,
                ReturnChannel = body.ReturnChannel,
                NewDueAt = body.NewDueAt,
                FeeQuantities = body.FeeQuantities,
                FeeAmounts = body.FeeAmounts,
            }, ct);
            return Results.Ok(DossierView.Of(d, DossierActions.For(actor, d).Select(x => x.ToString()).ToList()));
        }).WithSummary("Thực hiện thao tác (tiếp nhận, chuyển bước, trả kết quả…) / Take an action");

        dossiers.MapPost("/{id:guid}/result", async (Guid id, HttpContext http, IFormFile file, [FromForm] string? title, [FromForm] Guid? version, DossierService service, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            var d = await service.ActAsync(actor, id, DossierAction.AttachResult, new ActionInput { Version = version, ResultTitle = title, Uploads = [new UploadInput(null, file)] }, ct);
            return Results.Ok(DossierView.Of(d, DossierActions.For(actor, d).Select(x => x.ToString()).ToList()));
        }).DisableAntiforgery().WithSummary("Đính kèm kết quả (mã {hồ sơ}-KQ{n}) / Attach a result");

        dossiers.MapPost("/{id:guid}/supplement", async (Guid id, HttpContext http, IFormFileCollection files, [FromQuery] int? document, [FromForm] string? note, DossierService service, CancellationToken ct) =>
        {
            var actor = http.RequireActor();
            var d = await service.ActAsync(actor, id, DossierAction.Supplement, new ActionInput { Note = note, Uploads = files.Select(f => new UploadInput(document, f)).ToList() }, ct);
            return Results.Ok(DossierView.Of(d, []));
        }).DisableAntiforgery().WithSummary("Bổ sung hồ sơ / Supplement (multipart)");

        dossiers.MapGet("/{id:guid}/files/{fileId:guid}", DownloadAsync).WithSummary("Tải giấy tờ / Download a file");

        dossiers.MapGet("/{id:guid}/forms/{form}", FormAsync).WithSummary("Phiếu của Bộ phận Một cửa (mẫu 01–06, PDF) / Desk form PDF");

        var staff = api.MapGroup("/staff").WithTags("Cán bộ / Staff").RequireAuthorization(StaffRoles.StaffPolicy);
        staff.MapGet("/inbox", async (HttpContext http, [FromQuery] Inbox? box, [FromQuery] int? page, DossierQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.InboxAsync(http.RequireActor(), box ?? Inbox.All, page ?? 1, ct)))
            .WithSummary("Hộp hồ sơ theo vai trò / Inbox");
        staff.MapGet("/inbox/counts", async (HttpContext http, DossierQueries queries, CancellationToken ct) =>
            Results.Ok(await queries.InboxCountsAsync(http.RequireActor(), ct)))
            .WithSummary("Số hồ sơ mỗi hộp / Inbox counts");

        api.MapGet("/staff/supervision", async (HttpContext http, [FromQuery] string? agency, [FromQuery] bool? subUnits, [FromQuery] DossierStatus? status,
                [FromQuery] bool? overdue, [FromQuery] int? page, DossierQueries queries, CancellationToken ct) =>
            {
                var actor = http.RequireActor();
                if (status == DossierStatus.Draft)
                {
                    throw new RuleViolationException([new("status", Ui.T("Hồ sơ nháp không thuộc phạm vi giám sát.", "Drafts are not supervised."))]);
                }

                var agencyId = await queries.SupervisedAgencyAsync(actor, agency, "agency", ct);
                return Results.Ok(await queries.SupervisionAsync(actor, new SupervisionFilter(agencyId, subUnits ?? true, status, overdue ?? false, page ?? 1), ct));
            })
            .WithTags("Cán bộ / Staff").RequireAuthorization(StaffRoles.SupervisionPolicy)
            .WithSummary("Giám sát hồ sơ của đơn vị và đơn vị trực thuộc (chỉ xem) / Supervision list (read only)");

        api.MapGet("/tracking/{code}", async (string code, [FromQuery] string? phone, [FromQuery] string? key, DossierQueries queries, CancellationToken ct) =>
            await queries.TrackAsync(code, phone, key, ct) is { } view
                ? Results.Ok(view)
                : throw new NotFoundException(Ui.T("Không tìm thấy hồ sơ với mã và số điện thoại này.", "No dossier with this code and phone number.")))
            .WithTags("Tra cứu / Tracking").AllowAnonymous().RequireRateLimiting(RateLimits.Tracking)
            .WithSummary("Tra cứu công khai bằng mã hồ sơ và số điện thoại (hoặc khoá QR) / Public tracking");
    }

    public static HistoryView History(DossierEvent e) => new(e.At, e.Action.ToString(), DossierStateMachine.Name(e.Action).Vietnamese, e.ActorName, e.ActorRole, e.AgencyName,
        e.FromStatus, e.ToStatus, e.FromStepName, e.ToStepName, e.Note, e.Form, e.Data);

    /// <summary>Owner or an officer of the dossier's agency (anyone else gets 404); the reading is audited.</summary>
    public static Task<Dossier> LoadAsync(DossierService service, Actor actor, Guid id, string what, CancellationToken ct) =>
        service.ReadAsync(actor, id, what, ct);

    private static async Task<IResult> DownloadAsync(Guid id, Guid fileId, HttpContext http, DossierService service, IFileStore store, CancellationToken ct)
    {
        var d = await LoadAsync(service, http.RequireActor(), id, $"api file {fileId}", ct);
        var file = d.Files.FirstOrDefault(f => f.Id == fileId) ?? throw new NotFoundException(Ui.T("Không tìm thấy tệp.", "File not found."));
        var stream = await store.OpenAsync(file.StorageKey, ct);
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.File(stream, file.ContentType, file.FileName);
    }

    private static async Task<IResult> FormAsync(Guid id, string form, HttpContext http, DossierService service, DeskForms forms, CancellationToken ct)
    {
        var d = await LoadAsync(service, http.RequireActor(), id, $"api form {form}", ct);
        if (form is not ("01" or "02" or "03" or "04" or "05" or "06"))
        {
            throw new NotFoundException(Ui.T("Không có mẫu phiếu này.", "No such form."));
        }

        var pdf = await forms.RenderAsync(d, form, $"{http.Request.Scheme}://{http.Request.Host}", ct)
            ?? throw new NotFoundException(Ui.T("Phiếu này chưa được ban hành cho hồ sơ.", "This form has not been issued for the dossier."));
        return Results.File(pdf, "application/pdf", $"mau-{form}-{d.Code}.pdf");
    }
}

/// <summary>Which actions an actor can offer on a dossier now (the state machine, then roles and workflow).</summary>
public static class DossierActions
{
    public static IReadOnlyList<DossierAction> For(Actor actor, Dossier d)
    {
        var list = new List<DossierAction>();
        bool Can(DossierAction a) => DossierStateMachine.CanTake(d.Status, a);
        if (actor.IsApplicant)
        {
            if (d.ApplicantId != actor.Id)
            {
                return list;
            }

            if (Can(DossierAction.Submit)) { list.Add(DossierAction.Submit); }
            if (Can(DossierAction.Supplement)) { list.Add(DossierAction.Supplement); }
            if (Can(DossierAction.Withdraw) && d.ResultCount == 0 && d.ParentId == null) { list.Add(DossierAction.Withdraw); }
            return list;
        }

        if (!actor.IsStaff || actor.AgencyId != d.AgencyId)
        {
            return list;
        }

        var acting = actor.Has(d.CurrentRole) && (d.AssigneeId is null || d.AssigneeId == actor.Id);
        var step = d.Step < d.Steps.Count ? d.Steps[d.Step] : null;
        if (d.Status == DossierStatus.Registered && actor.Has(Domain.Roles.StaffRole.DeskOfficer))
        {
            list.AddRange([DossierAction.Receive, DossierAction.RequestSupplement, DossierAction.Refuse]);
        }

        if (d.Status == DossierStatus.Received && actor.Has(d.CurrentRole))
        {
            list.Add(DossierAction.Claim);
        }

        if (d.Status == DossierStatus.Processing && d.OpenTransferId is null)
        {
            if (actor.Has(d.CurrentRole) && d.AssigneeId != actor.Id) { list.Add(DossierAction.Claim); }
            if (acting)
            {
                list.Add(step?.TransferTo is not null ? DossierAction.Transfer : DossierAction.Forward);
                if (step?.TransferTo is not null) { list.Add(DossierAction.Forward); }
                if (WorkflowNavigator.CanSendBack(d.Steps, d.Step)) { list.Add(DossierAction.SendBack); }
                list.Add(DossierAction.AttachResult);
                if (d.ParentId is null && step?.TransferTo is null) { list.Add(DossierAction.Transfer); }
                list.Add(DossierAction.RequestSupplement);
                if (d.ParentId is null) { list.Add(DossierAction.RequestPayment); }
            }
        }

        if (d.FeeDueVnd > 0 && d.Status is DossierStatus.AwaitingPayment or DossierStatus.Registered &&
            (actor.Has(Domain.Roles.StaffRole.DeskOfficer) || actor.Has(Domain.Roles.StaffRole.AgencyLeader)))
        {
            list.Add(DossierAction.ConfirmPayment);
        }

        if (d.Status is DossierStatus.Received or DossierStatus.Processing && (actor.Has(Domain.Roles.StaffRole.DivisionHead) || actor.Has(Domain.Roles.StaffRole.AgencyLeader)))
        {
            list.Add(DossierAction.Assign);
        }

        if (d.Status == DossierStatus.Resolved && actor.Has(Domain.Roles.StaffRole.DeskOfficer))
        {
            list.Add(DossierAction.ReturnResult);
        }

        if (Can(DossierAction.Apologise) && d.ParentId is null && (actor.Has(Domain.Roles.StaffRole.DeskOfficer) || actor.Has(Domain.Roles.StaffRole.AgencyLeader) || actor.Has(Domain.Roles.StaffRole.DivisionHead)))
        {
            list.Add(DossierAction.Apologise);
        }

        if (Can(DossierAction.Stop) && (actor.Has(Domain.Roles.StaffRole.AgencyLeader) || actor.Has(Domain.Roles.StaffRole.DivisionHead)))
        {
            list.Add(DossierAction.Stop);
        }

        return list.Distinct().ToList();
    }
}
