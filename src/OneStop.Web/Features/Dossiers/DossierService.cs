using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Calendar;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>What an action's use case gathered before the decision, and what it stores once the decision is known.</summary>
public sealed record PreparedAction(ActionArgs Args, Func<Decision, CancellationToken, Task<IReadOnlyList<Guid>>>? Persist = null)
{
    public static PreparedAction Of(ActionArgs args) => new(args);
}

/// <summary>
/// Takes one action on a dossier, in one transaction: load the dossier the actor may act on, ask the domain
/// (<see cref="DossierDecisions"/>), let the action's use case gather and store what it needs, write the decision and its
/// history, carry out its effects (signing, transfer, wallet), audit, notify, save. A refusal changes nothing.
/// </summary>
public sealed class DossierService(
    OneStopDbContext db, DossierAccess access, DossierLedger ledger, CalendarService calendars, TimeProvider clock, Audit.AuditLog audit,
    Notifications.NotificationOutbox outbox, Documents.Signing.DocumentSigning signing, SupplementStep supplement, ProcessingSteps processing,
    TransferSteps transfers, PaymentSteps payments, Wallet.DocumentWallet wallet, DeskForms forms)
{
    /// <summary>The actions a person takes through <see cref="ActAsync"/>; the others follow from filing or from another action.</summary>
    public static bool IsDirect(DossierAction action) =>
        action is not (DossierAction.SaveDraft or DossierAction.Submit or DossierAction.Register or DossierAction.TransferIn or DossierAction.TransferReturned);

    public async Task<Dossier> ActAsync(Actor actor, Guid id, DossierAction action, ActionInput input, CancellationToken ct)
    {
        if (!IsDirect(action))
        {
            throw new NotFoundException(Ui.T("Không có thao tác này.", "No such action."));
        }

        var dossier = await access.ForActionAsync(actor, id, ct);
        DossierLedger.RequireVersion(dossier, input.Version);
        var state = await ledger.StateAsync(dossier, ct);
        var who = DossierLedger.ActorOf(actor);
        var now = clock.GetUtcNow();
        if (DossierGuards.Check(state, who, action, now) is { } refusal)
        {
            throw DossierLedger.Problem(refusal);
        }

        var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == dossier.AgencyId, ct);
        var calendar = DossierDecisions.CountsWorkingTime(action) ? await calendars.CurrentAsync(ct) : null;
        // Approval signs the results with the agency's certificate: the key is fetched before the transaction (a
        // development certificate may be created in its own), and without one the approval fails and nothing changes.
        var signingKey = action == DossierAction.Forward && WorkflowNavigator.ForwardReleases(dossier.Steps, dossier.Step) ? await signing.KeyForAsync(agency, ct) : null;
        // Desk forms 01–05 are signed once, when issued: their key likewise comes first (503 and no change when the agency cannot sign).
        var formKey = await forms.KeyForIssueAsync(action, agency, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var prepared = action switch
        {
            DossierAction.Supplement => await supplement.PrepareAsync(actor, dossier, input, now, ct),
            DossierAction.Assign => await processing.PrepareAssignAsync(dossier, input, ct),
            DossierAction.AttachResult => await processing.PrepareResultAsync(actor, dossier, input, now, ct),
            DossierAction.Transfer => await transfers.PrepareAsync(dossier, input, now, ct),
            DossierAction.RequestPayment => await payments.PrepareRequestAsync(dossier, input, ct),
            DossierAction.ConfirmPayment => await payments.PrepareDeskPaymentAsync(dossier, input, now, ct),
            _ => PreparedAction.Of(new ActionArgs
            {
                Note = input.Note,
                Missing = input.Missing,
                ReturnChannel = input.ReturnChannel,
                NewDueAt = input.NewDueAt,
            }),
        };
        var decision = DossierLedger.Require(DossierDecisions.Decide(state, who, action, prepared.Args with { Note = input.Note }, new(now, calendar, dossier.Code)));
        var fileIds = prepared.Persist is null ? [] : await prepared.Persist(decision, ct);
        var statusBefore = dossier.Status;
        ledger.Apply(dossier, decision, actor, agency, now, fileIds);
        await RunEffectsAsync(dossier, decision, actor, agency, signingKey, now, calendar, ct);
        await audit.StageAsync($"dossier.{action}", actor.Id, actor.Name, dossier.Code ?? dossier.Id.ToString(), $"{statusBefore} -> {dossier.Status}", ct);
        outbox.Stage(dossier, decision, agency.Name, now);
        await ledger.SaveAsync(ct);
        await forms.IssueAsync(dossier, agency, formKey, ct); // the form the decision issued: signed, stored, saved in this transaction
        await tx.CommitAsync(ct);
        return dossier;
    }

    /// <summary>
    /// A payment confirmed by the gateway's notification (the Payments feature, inside its own transaction): the dossier's
    /// fees are settled and it moves on, through the same decision as money taken at the desk.
    /// </summary>
    public async Task StagePaymentConfirmedAsync(Dossier dossier, Agency agency, PaymentMade payment, DateTimeOffset now, CancellationToken ct)
    {
        var decision = DossierLedger.Require(DossierDecisions.Decide(DossierLedger.StateOf(dossier), DossierActor.System, DossierAction.ConfirmPayment,
            new ActionArgs { Payment = payment }, new(now, null, dossier.Code)));
        ledger.Apply(dossier, decision, Actor.System, agency, now);
        outbox.Stage(dossier, decision, agency.Name, now);
    }

    private async Task RunEffectsAsync(Dossier dossier, Decision decision, Actor actor, Agency agency, Documents.Signing.ISigningKey? signingKey, DateTimeOffset now,
        Domain.Calendar.WorkingCalendar? calendar, CancellationToken ct)
    {
        var effects = decision.Effects;
        if (effects.HasFlag(DossierEffects.SignResults))
        {
            await processing.SignResultsAsync(dossier, signingKey!, ct);
        }

        if (effects.HasFlag(DossierEffects.CreateTransfer))
        {
            await transfers.CreateAsync(dossier, decision, actor, agency, now, calendar, ct);
        }

        if (effects.HasFlag(DossierEffects.EndOpenTransfer))
        {
            await transfers.EndOpenAsync(dossier, decision, actor, now, calendar, ct);
        }

        if (effects.HasFlag(DossierEffects.HandBackToParent) || effects.HasFlag(DossierEffects.ReleaseParent))
        {
            await transfers.HandBackAsync(dossier, decision, actor, agency, now, calendar, ct);
        }

        if (effects.HasFlag(DossierEffects.KeepResultsInWallet))
        {
            // The applicant's account (if any) keeps the signed results.
            await wallet.StageAsync(dossier, dossier.Files.Where(f => f.Kind == DossierFileKind.Result).ToList(), now, ct);
        }
    }
}
