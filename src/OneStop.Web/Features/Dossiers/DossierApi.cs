using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>Body of POST /dossiers and PUT /dossiers/{id}/form; the agency by id or by its public code.</summary>
public sealed record DraftRequest(string? ProcedureCode, Guid? AgencyId, Dictionary<string, string?>? Form, Guid? Version, string? AgencyCode = null);

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
    public static DossierView Of(Dossier d, IReadOnlyList<DossierAction> actions) => new(
        d.Id, d.Code, d.ProcedureCode, d.ProcedureName, d.AgencyId, d.Channel, d.Status, DossierStatuses.Of(d.Status).Vietnamese,
        DossierStatuses.National(d.Status), d.Step, d.Step < d.Steps.Count ? d.Steps[d.Step].Name : null, d.CurrentRole.ToString(), d.AssigneeName,
        d.ApplicantName, d.ApplicantPhone, d.ApplicantEmail, d.FormData, d.SubmittedAt, d.ReceivedAt, d.DueAt, d.CompletedAt, d.DeadlineState,
        d.ReturnChannel, d.ParentId, d.OpenTransferId is not null, d.Version,
        d.Files.OrderBy(f => f.UploadedAt).Select(f => new FileView(f.Id, f.Kind.ToString(), f.DocumentIndex, f.DocumentName, f.FileName, f.ContentType, f.Size, f.Sha256, f.Digitised, f.ResultCode, f.UploadedAt, f.WalletDocumentId)).ToList(),
        actions.Select(a => a.ToString()).ToList());
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
            TypedResults.Ok(await queries.MineAsync(http.RequireActor(), ct)))
            .WithSummary("Hồ sơ của tôi / My dossiers");

        dossiers.MapPost("/", (HttpContext http, [FromBody] DraftRequest body, [FromHeader(Name = "Idempotency-Key")] string? key, Filing filing, DossierLedger ledger, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var actor = http.RequireActor();
                var d = await filing.CreateDraftAsync(actor, new DraftInput
                {
                    ProcedureCode = body.ProcedureCode,
                    AgencyId = body.AgencyId,
                    AgencyCode = body.AgencyCode,
                    Form = body.Form ?? [],
                    IdempotencyKey = key,
                }, ct);
                return TypedResults.Created($"/api/v1/dossiers/{d.Id}", await ViewAsync(ledger, actor, d, ct));
            }))
            .WithSummary("Tạo hồ sơ nháp; cơ quan theo agencyId hoặc mã agencyCode / Create a draft; the agency by agencyId or by its code agencyCode (Idempotency-Key header makes retries safe)");

        dossiers.MapGet("/{id:guid}", (Guid id, HttpContext http, DossierAccess access, DossierLedger ledger, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var actor = http.RequireActor();
                return TypedResults.Ok(await ViewAsync(ledger, actor, await access.ReadAsync(actor, id, "api dossier", ct), ct));
            }))
            .WithSummary("Chi tiết hồ sơ và các thao tác được phép / A dossier and the actions offered to the caller");

        dossiers.MapPut("/{id:guid}/form", (Guid id, HttpContext http, [FromBody] DraftRequest body, Filing filing, DossierLedger ledger, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var actor = http.RequireActor();
                return TypedResults.Ok(await ViewAsync(ledger, actor, await filing.SaveFormAsync(actor, id, body.Form ?? [], body.Version, ct), ct));
            }))
            .WithSummary("Lưu tờ khai của hồ sơ nháp / Save the draft's form");

        dossiers.MapPost("/{id:guid}/files", (Guid id, HttpContext http, IFormFileCollection files, [FromQuery] int? document, Filing filing, DossierLedger ledger, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var actor = http.RequireActor();
                var d = await filing.AttachAsync(actor, id, files.Select(f => new UploadInput(document, f)).ToList(), PostedDossierForm.WalletChoices(await http.Request.ReadFormAsync(ct)), ct);
                return TypedResults.Ok(await ViewAsync(ledger, actor, d, ct));
            }))
            .DisableAntiforgery().WithSummary("Đính kèm giấy tờ vào hồ sơ nháp; trường wallet[i]={id} dùng lại giấy tờ trong kho cho thành phần i / Attach files to a draft (multipart); field wallet[i]={id} reuses a wallet document for required document i");

        dossiers.MapPost("/{id:guid}/submit", (Guid id, HttpContext http, Filing filing, DossierLedger ledger, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var actor = http.RequireActor();
                return TypedResults.Ok(await ViewAsync(ledger, actor, await filing.SubmitAsync(actor, id, ct), ct));
            }))
            .WithSummary("Nộp hồ sơ / Submit (repeating it returns the same dossier)");

        dossiers.MapGet("/{id:guid}/history", (Guid id, HttpContext http, DossierAccess access, DossierQueries queries, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var d = await access.ReadAsync(http.RequireActor(), id, "api history", ct);
                return TypedResults.Ok((await queries.HistoryAsync(d.Id, ct)).Select(History).ToList());
            }))
            .WithSummary("Lịch sử xử lý / History");

        dossiers.MapPost("/{id:guid}/actions/{action}", (Guid id, string action, HttpContext http, [FromBody] ActionRequest body, DossierService service, DossierLedger ledger, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                if (!Enum.TryParse<DossierAction>(action, ignoreCase: true, out var a) || !Enum.IsDefined(a) || !DossierService.IsDirect(a))
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
                return TypedResults.Ok(await ViewAsync(ledger, actor, d, ct));
            }))
            .WithSummary("Thực hiện thao tác (tiếp nhận, chuyển bước, trả kết quả…) / Take an action");

        dossiers.MapPost("/{id:guid}/result", (Guid id, HttpContext http, IFormFile file, [FromForm] string? title, [FromForm] Guid? version, DossierService service, DossierLedger ledger, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var actor = http.RequireActor();
                var d = await service.ActAsync(actor, id, DossierAction.AttachResult, new ActionInput { Version = version, ResultTitle = title, Uploads = [new UploadInput(null, file)] }, ct);
                return TypedResults.Ok(await ViewAsync(ledger, actor, d, ct));
            }))
            .DisableAntiforgery().WithSummary("Đính kèm kết quả (mã {hồ sơ}-KQ{n}) / Attach a result");

        dossiers.MapPost("/{id:guid}/supplement", (Guid id, HttpContext http, IFormFileCollection files, [FromQuery] int? document, [FromForm] string? note, DossierService service, DossierLedger ledger, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var actor = http.RequireActor();
                var d = await service.ActAsync(actor, id, DossierAction.Supplement, new ActionInput { Note = note, Uploads = files.Select(f => new UploadInput(document, f)).ToList() }, ct);
                return TypedResults.Ok(await ViewAsync(ledger, actor, d, ct));
            }))
            .DisableAntiforgery().WithSummary("Bổ sung hồ sơ / Supplement (multipart)");

        dossiers.MapGet("/{id:guid}/files/{fileId:guid}", (Guid id, Guid fileId, HttpContext http, DossierAccess access, IFileStore store, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var d = await access.ReadAsync(http.RequireActor(), id, $"api file {fileId}", ct);
                var file = d.Files.FirstOrDefault(f => f.Id == fileId) ?? throw new NotFoundException(Ui.T("Không tìm thấy tệp.", "File not found."));
                var stream = await store.OpenAsync(file.StorageKey, ct);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                return TypedResults.File(stream, file.ContentType, file.FileName);
            }))
            .WithSummary("Tải giấy tờ / Download a file");

        dossiers.MapGet("/{id:guid}/forms/{form}", (Guid id, string form, HttpContext http, DossierAccess access, DeskForms forms, CancellationToken ct) =>
            ApiAnswers.Try(http, async () =>
            {
                var d = await access.ReadAsync(http.RequireActor(), id, $"api form {form}", ct);
                if (form is not ("01" or "02" or "03" or "04" or "05" or "06"))
                {
                    throw new NotFoundException(Ui.T("Không có mẫu phiếu này.", "No such form."));
                }

                var pdf = await forms.RenderAsync(d, form, ct)
                    ?? throw new NotFoundException(Ui.T("Phiếu này chưa được ban hành cho hồ sơ.", "This form has not been issued for the dossier."));
                return TypedResults.File(pdf, "application/pdf", $"mau-{form}-{d.Code}.pdf");
            }))
            .WithSummary("Phiếu của Bộ phận Một cửa (mẫu 01–06, PDF) / Desk form PDF");

        var staff = api.MapGroup("/staff").WithTags("Cán bộ / Staff").RequireAuthorization(StaffRoles.StaffPolicy);
        staff.MapGet("/inbox", async (HttpContext http, [FromQuery] Inbox? box, [FromQuery] int? page, DossierQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.InboxAsync(http.RequireActor(), box ?? Inbox.All, page ?? 1, ct)))
            .WithSummary("Hộp hồ sơ theo vai trò / Inbox");
        staff.MapGet("/inbox/counts", async (HttpContext http, DossierQueries queries, CancellationToken ct) =>
            TypedResults.Ok(await queries.InboxCountsAsync(http.RequireActor(), ct)))
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
                return TypedResults.Ok(await queries.SupervisionAsync(actor, new SupervisionFilter(agencyId, subUnits ?? true, status, overdue ?? false, page ?? 1), ct));
            })
            .WithTags("Cán bộ / Staff").RequireAuthorization(StaffRoles.SupervisionPolicy)
            .WithSummary("Giám sát hồ sơ của đơn vị và đơn vị trực thuộc (chỉ xem) / Supervision list (read only)");

        api.MapGet("/tracking/{code}", (string code, [FromQuery] string? phone, [FromQuery] string? key, HttpContext http, DossierQueries queries, CancellationToken ct) =>
            ApiAnswers.Try(http, async () => TypedResults.Ok(await queries.TrackAsync(code, phone, key, ct)
                ?? throw new NotFoundException(Ui.T("Không tìm thấy hồ sơ với mã và số điện thoại này.", "No dossier with this code and phone number.")))))
            .WithTags("Tra cứu / Tracking").AllowAnonymous().RequireRateLimiting(RateLimits.Tracking)
            .WithSummary("Tra cứu công khai bằng mã hồ sơ và số điện thoại (hoặc khoá QR) / Public tracking");
    }

    public static HistoryView History(DossierEvent e) => new(e.At, e.Action.ToString(), DossierStateMachine.Name(e.Action).Vietnamese, e.ActorName, e.ActorRole, e.AgencyName,
        e.FromStatus, e.ToStatus, e.FromStepName, e.ToStepName, e.Note, e.Form, e.Data);

    /// <summary>The dossier as the caller sees it, with the actions the guard table offers them now.</summary>
    private static async Task<DossierView> ViewAsync(DossierLedger ledger, Actor actor, Dossier d, CancellationToken ct) =>
        DossierView.Of(d, await ledger.OfferedAsync(actor, d, ct));
}
