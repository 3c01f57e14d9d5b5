using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// The host's side of a decision: the domain's view of a stored dossier and of the person acting, a decision written
/// back onto the dossier with its history record, refusals turned into problem answers, and the save that maps
/// concurrency to 409.
/// </summary>
public sealed class DossierLedger(OneStopDbContext db, TimeProvider clock)
{
    /// <summary>The state the rules decide on, with the two facts that need a query, loaded only when they can matter.</summary>
    public async Task<DossierState> StateAsync(Dossier d, CancellationToken ct)
    {
        var state = StateOf(d);
        if (d.Status == DossierStatus.Processing && state.CurrentStep?.TransferTo is not null)
        {
            state = state with { StepTransferDone = await db.Dossiers.AnyAsync(c => c.ParentId == d.Id && c.ParentStep == d.Step && c.Status == DossierStatus.Returned, ct) };
        }

        if (d.Status == DossierStatus.AwaitingSupplement)
        {
            state = state with
            {
                SupplementRequestedAt = await db.DossierEvents.AsNoTracking().Where(e => e.DossierId == d.Id && e.Action == DossierAction.RequestSupplement)
                    .OrderByDescending(e => e.Id).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(ct),
            };
        }

        return state;
    }

    /// <summary>The actions this person is offered on the dossier now: the guard table, the same one that accepts them.</summary>
    public async Task<IReadOnlyList<DossierAction>> OfferedAsync(Actor actor, Dossier d, CancellationToken ct) =>
        DossierGuards.Offered(await StateAsync(d, ct), ActorOf(actor), clock.GetUtcNow());

    public static DossierState StateOf(Dossier d) => new()
    {
        Status = d.Status,
        Steps = d.Steps,
        Step = d.Step,
        CurrentRole = d.CurrentRole,
        AgencyId = d.AgencyId,
        ApplicantId = d.ApplicantId,
        AssigneeId = d.AssigneeId,
        AssigneeName = d.AssigneeName,
        IsTransferred = d.ParentId is not null,
        HasOpenTransfer = d.OpenTransferId is not null,
        ResultCount = d.ResultCount,
        FeeDueVnd = d.FeeDueVnd,
        ReceivedAt = d.ReceivedAt,
        DueAt = d.DueAt,
        StepDueAt = d.StepDueAt,
        ApologyCount = d.ApologyCount,
        TimeLimit = d.TimeLimit,
    };

    public static DossierActor ActorOf(Actor a) =>
        new(a.IsSystem ? ActorKind.System : a.IsApplicant ? ActorKind.Applicant : ActorKind.Staff, a.Id, a.Name, a.AgencyId, a.Roles);

    /// <summary>Writes a decision onto the dossier and adds its history record to the unit of work.</summary>
    public DossierEvent Apply(Dossier d, Decision decision, Actor actor, Agency agency, DateTimeOffset now, IReadOnlyList<Guid>? fileIds = null)
    {
        var h = decision.History;
        if (!DossierStateMachine.IsAllowed(h.From, h.Action, h.To) && h.Action != DossierAction.SaveDraft)
        {
            throw new InvalidOperationException($"The decision {h.Action} {h.From} -> {h.To} is not an edge of the state machine.");
        }

        d.Status = decision.To;
        d.Step = decision.Step;
        d.CurrentRole = decision.Role;
        if (decision.EnteredStep is { } entered)
        {
            (d.StepStartedAt, d.StepDueAt) = entered;
            d.AssigneeId = null;
            d.AssigneeName = null;
        }

        if (decision.Assignee is { } who)
        {
            d.AssigneeId = who.Id;
            d.AssigneeName = who.Name;
        }

        d.SubmittedAt = decision.SubmittedAt ?? d.SubmittedAt;
        d.ReceivedAt = decision.ReceivedAt ?? d.ReceivedAt;
        d.DueAt = decision.DueAt ?? d.DueAt;
        d.OriginalDueAt = decision.OriginalDueAt ?? d.OriginalDueAt;
        d.StepDueAt = decision.StepDueAt ?? d.StepDueAt;
        d.ReleasedAt = decision.ReleasedAt ?? d.ReleasedAt;
        d.CompletedAt = decision.CompletedAt ?? d.CompletedAt;
        d.ReturnChannel = decision.ReturnChannel ?? d.ReturnChannel;
        d.DeadlineState = decision.DeadlineReset ? DeadlineState.OnTime : d.DeadlineState;
        d.ApologyCount += decision.Apologised ? 1 : 0;
        d.ResultCount = decision.Result?.Number ?? d.ResultCount;
        if (decision.FeesRequested is { } fees)
        {
            d.FeeDueVnd = fees.TotalVnd;
            d.FeeLines = [.. fees.Lines];
        }

        if (decision.FeesPaidVnd is { } paid)
        {
            d.FeePaidVnd += paid;
            d.FeeDueVnd = 0;
        }

        if (decision.TransferClosed)
        {
            d.OpenTransferId = null;
        }

        d.UpdatedAt = now;
        d.Version = Guid.NewGuid();
        var ev = new DossierEvent
        {
            DossierId = d.Id,
            At = now,
            Action = h.Action,
            ActorId = actor.Id == Guid.Empty ? null : actor.Id,
            ActorName = actor.Name,
            ActorRole = actor.RoleFor(h.ActingRole),
            AgencyId = actor.IsApplicant ? null : actor.AgencyId ?? agency.Id,
            AgencyName = actor.IsApplicant ? null : agency.Name,
            FromStatus = h.From,
            ToStatus = h.To,
            FromStep = h.FromStep,
            FromStepName = StepName(d, h.FromStep),
            ToStep = h.ToStep,
            ToStepName = StepName(d, h.ToStep),
            Note = h.Note,
            Form = h.Form,
            Data = h.Details?.ToData() ?? [],
            FileIds = [.. fileIds ?? []],
        };
        db.DossierEvents.Add(ev);
        return ev;
    }

    /// <summary>The decision, or the refusal as the problem it answers with (409, 403 or 400 naming the field).</summary>
    public static Decision Require(Outcome outcome) => outcome.Decision ?? throw Problem(outcome.Refusal!);

    public static Exception Problem(Refusal r)
    {
        var message = Ui.T(r.Vietnamese, r.English);
        return r.Kind switch
        {
            RefusalKind.Forbidden => new ForbiddenException(message),
            RefusalKind.Invalid => new RuleViolationException([new(r.Field ?? "", message)]),
            _ => new ConflictException(message),
        };
    }

    public static void RequireVersion(Dossier dossier, Guid? expected)
    {
        if (expected is { } v && v != dossier.Version)
        {
            throw StaleVersion();
        }
    }

    /// <summary>Saves the unit of work: a concurrent change or a duplicate request answers 409 and nothing is stored.</summary>
    public async Task SaveAsync(CancellationToken ct)
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

    private static ConflictException StaleVersion() => new(Ui.T(
        "Hồ sơ vừa được người khác cập nhật. Tải lại trang để xem trạng thái mới; thao tác của bạn chưa được lưu.",
        "Someone else has just updated this dossier. Reload to see its new state; your action was not saved."));

    private static string? StepName(Dossier d, int step) => step >= 0 && step < d.Steps.Count ? d.Steps[step].Name : null;
}
