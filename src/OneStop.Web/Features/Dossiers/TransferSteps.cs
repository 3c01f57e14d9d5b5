using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Calendar;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// Transfers between agencies (liên thông): a transfer creates the receiving agency's own dossier (own code, own queue,
/// the workflow of <see cref="Transfers.Workflow"/>); it comes back with its results, or ends with its original.
/// </summary>
public sealed class TransferSteps(OneStopDbContext db, DossierLedger ledger)
{
    /// <summary>The target agency (named by the step, or chosen) and the code its new dossier gets, given in this transaction.</summary>
    public async Task<PreparedAction> PrepareAsync(Dossier dossier, ActionInput input, DateTimeOffset now, CancellationToken ct)
    {
        var targetCode = dossier.Steps[dossier.Step].TransferTo ?? (string.IsNullOrWhiteSpace(input.TargetAgencyCode) ? null : input.TargetAgencyCode.Trim());
        var target = targetCode is null ? null : await db.Agencies.AsNoTracking().FirstOrDefaultAsync(a => a.Code == targetCode, ct);
        if (target is null || target.Id == dossier.AgencyId)
        {
            return PreparedAction.Of(new ActionArgs());
        }

        var code = await DossierCodeSequence.NextAsync(db, target.Code, now, ct);
        return PreparedAction.Of(new ActionArgs { Target = new TransferTarget(target.Id, target.Code, target.Name, code) });
    }

    /// <summary>Creates the receiving agency's dossier with every document so far (results issued so far included, as inputs).</summary>
    public async Task CreateAsync(Dossier dossier, Decision decision, Actor actor, Agency agency, DateTimeOffset now, WorkingCalendar? calendar, CancellationToken ct)
    {
        var details = (TransferredDetails)decision.History.Details!;
        var target = await db.Agencies.AsNoTracking().FirstAsync(a => a.Code == details.ToAgencyCode, ct);
        var (steps, limit) = Transfers.Workflow(dossier.Steps[dossier.Step], agency.Name);
        var child = new Dossier
        {
            Id = Guid.CreateVersion7(),
            Code = details.ToCode,
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
            TimeLimit = limit,
            Steps = [.. steps],
            CreatedAt = now,
            UpdatedAt = now,
            Version = Guid.NewGuid(),
        };
        db.Dossiers.Add(child);
        foreach (var f in await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == dossier.Id).ToListAsync(ct))
        {
            var copy = f.CopyFor(child.Id);
            if (f.Kind == DossierFileKind.Result)
            {
                copy.Kind = DossierFileKind.Submitted;
                copy.DocumentName = $"{f.DocumentName} ({f.ResultCode})";
            }

            db.DossierFiles.Add(copy);
        }

        var arrived = DossierLedger.Require(DossierDecisions.Follow(DossierLedger.StateOf(child), DossierLedger.ActorOf(actor), DossierAction.TransferIn,
            new ActionArgs { Note = decision.History.Note, Other = new TransferredFromDetails(dossier.Code ?? "", agency.Name) }, new(now, calendar, child.Code)));
        ledger.Apply(child, arrived, actor, agency, now);
        dossier.OpenTransferId = child.Id;
    }

    /// <summary>A withdrawn or stopped dossier takes its open transfer with it: the other agency stops working on it.</summary>
    public async Task EndOpenAsync(Dossier dossier, Decision decision, Actor actor, DateTimeOffset now, WorkingCalendar? calendar, CancellationToken ct)
    {
        var child = await db.Dossiers.FirstAsync(c => c.Id == dossier.OpenTransferId, ct);
        var childAgency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == child.AgencyId, ct);
        var ended = DossierDecisions.EndTransferred(DossierLedger.StateOf(child), DossierLedger.ActorOf(actor), decision.History.Action, dossier.Code ?? "", decision.History.Note, new(now, calendar, child.Code));
        if (ended.Decision is { } d)
        {
            ledger.Apply(child, d, actor, childAgency, now);
        }

        dossier.OpenTransferId = null;
    }

    /// <summary>
    /// A transferred dossier that ended goes back to the agency that sent it: with its results when returned, with the
    /// reason when refused or stopped here. The original leaves its wait either way (unless it ended meanwhile).
    /// </summary>
    public async Task HandBackAsync(Dossier dossier, Decision decision, Actor actor, Agency agency, DateTimeOffset now, WorkingCalendar? calendar, CancellationToken ct)
    {
        var parent = await db.Dossiers.FirstAsync(p => p.Id == dossier.ParentId, ct);
        if (DossierStatuses.IsFinal(parent.Status) || parent.OpenTransferId != dossier.Id)
        {
            return; // the original dossier ended meanwhile, or no longer waits for this one
        }

        var ids = new List<Guid>();
        if (decision.To == DossierStatus.Returned)
        {
            var results = await db.DossierFiles.AsNoTracking().Where(f => f.DossierId == dossier.Id && f.Kind == DossierFileKind.Result && f.ResultCode != null).ToListAsync(ct);
            foreach (var r in results)
            {
                var copy = r.CopyFor(parent.Id); // the result code stays unique to the issuing agency's dossier
                copy.DocumentName = $"{r.DocumentName} ({r.ResultCode})";
                db.DossierFiles.Add(copy);
                ids.Add(copy.Id);
            }
        }

        var note = decision.To == DossierStatus.Returned
            ? decision.History.Note
            : Ui.T($"Hồ sơ liên thông {dossier.Code} đã kết thúc tại {agency.Name} ({DossierStatuses.Of(decision.To).Vietnamese}): {decision.History.Note}",
                $"Transferred dossier {dossier.Code} ended at {agency.Name} ({DossierStatuses.Of(decision.To).English}): {decision.History.Note}");
        var back = DossierLedger.Require(DossierDecisions.Follow(DossierLedger.StateOf(parent), DossierLedger.ActorOf(actor), DossierAction.TransferReturned,
            new ActionArgs { Note = note, Other = new TransferredFromDetails(dossier.Code ?? "", agency.Name) }, new(now, calendar, parent.Code)));
        ledger.Apply(parent, back, actor, agency, now, ids);
    }

    public static string NewTrackingKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10));
}
