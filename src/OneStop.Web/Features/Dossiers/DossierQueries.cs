using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;
using OneStop.Domain.Roles;

namespace OneStop.Web.Features.Dossiers;

/// <summary>One line of a dossier list (inbox, "my dossiers", tracking book).</summary>
public sealed record DossierListItem(
    Guid Id, string? Code, string ProcedureCode, string ProcedureName, string AgencyName, string ApplicantName, Channel Channel,
    DossierStatus Status, string? StepName, StaffRole CurrentRole, string? AssigneeName, DateTimeOffset CreatedAt, DateTimeOffset? SubmittedAt,
    DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, DeadlineState DeadlineState, bool WaitingOnTransfer);

/// <summary>One line of the supervision list: where a dossier is and how late, without the applicant's personal data.</summary>
public sealed record SupervisedDossier(
    Guid Id, string? Code, string ProcedureCode, string ProcedureName, string AgencyName, DossierStatus Status, StaffRole CurrentRole,
    string? AssigneeName, DateTimeOffset? SubmittedAt, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, DeadlineState DeadlineState, bool WaitingOnTransfer);

/// <summary>Filters of the supervision list: one agency in scope (with or without its sub-units), a status, overdue only.</summary>
public sealed record SupervisionFilter(Guid? AgencyId = null, bool SubUnits = true, DossierStatus? Status = null, bool OverdueOnly = false, int Page = 1);

/// <summary>A page of the supervision list.</summary>
public sealed record SupervisionPage(IReadOnlyList<SupervisedDossier> Items, int Page, bool HasNext);

/// <summary>The public view of a dossier: nothing personal.</summary>
public sealed record TrackingView(string Code, string ProcedureName, string AgencyName, DossierStatus Status, string StatusName, string StatusNameEn,
    string NationalStatus, DateTimeOffset? SubmittedAt, DateTimeOffset? ReceivedAt, DateTimeOffset? DueAt, DateTimeOffset? CompletedAt, bool Late);

/// <summary>The staff inboxes.</summary>
public enum Inbox
{
    ToReceive,
    ToHandle,
    ToApprove,
    ToReturn,
    Waiting,
    DueSoon,
    Overdue,
    Mine,
    All,
}

public sealed class DossierQueries(OneStopDbContext db, TimeProvider clock)
{
    public const int PageSize = 50;

    // The domain's lists, as arrays EF Core sends as query parameters.
    private static readonly DossierStatus[] Open = [.. DossierStatuses.Open];
    private static readonly DossierStatus[] Pending = [.. DossierStatuses.Pending];

    public async Task<IReadOnlyList<DossierListItem>> MineAsync(Actor applicant, CancellationToken ct) =>
        await List(db.Dossiers.AsNoTracking().Where(d => d.ApplicantId == applicant.Id && d.ParentId == null && applicant.Kind == AccountKind.Applicant)
            .OrderByDescending(d => d.CreatedAt).Take(200)).ToListAsync(ct);

    public async Task<IReadOnlyList<DossierListItem>> InboxAsync(Actor staff, Inbox box, int page, CancellationToken ct)
    {
        if (!staff.IsStaff || staff.AgencyId is not { } agency)
        {
            return [];
        }

        var q = db.Dossiers.AsNoTracking().Where(d => d.AgencyId == agency && d.Status != DossierStatus.Draft);
        q = box switch
        {
            Inbox.ToReceive => q.Where(d => d.Status == DossierStatus.Registered),
            Inbox.ToHandle => q.Where(d => d.CurrentRole == StaffRole.Specialist && (d.Status == DossierStatus.Received || d.Status == DossierStatus.Processing)),
            Inbox.ToApprove => q.Where(d => (d.CurrentRole == StaffRole.DivisionHead || d.CurrentRole == StaffRole.AgencyLeader) && (d.Status == DossierStatus.Received || d.Status == DossierStatus.Processing)),
            Inbox.ToReturn => q.Where(d => d.Status == DossierStatus.Resolved),
            Inbox.Waiting => q.Where(d => d.Status == DossierStatus.AwaitingSupplement || d.Status == DossierStatus.AwaitingPayment),
            Inbox.DueSoon => q.Where(d => Open.Contains(d.Status) && d.DeadlineState == DeadlineState.DueSoon),
            Inbox.Overdue => q.Where(d => Open.Contains(d.Status) && d.DeadlineState == DeadlineState.Overdue),
            Inbox.Mine => q.Where(d => d.AssigneeId == staff.Id && Open.Contains(d.Status)),
            _ => q,
        };
        var ordered = box == Inbox.All ? q.OrderByDescending(d => d.SubmittedAt) : q.OrderBy(d => d.DueAt ?? d.SubmittedAt);
        return await List(ordered).Skip(Math.Max(0, page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
    }

    /// <summary>Counts per inbox for the officer's agency, in one query.</summary>
    public async Task<Dictionary<Inbox, int>> InboxCountsAsync(Actor staff, CancellationToken ct)
    {
        var result = Enum.GetValues<Inbox>().ToDictionary(b => b, _ => 0);
        if (!staff.IsStaff || staff.AgencyId is not { } agency)
        {
            return result;
        }

        var rows = await db.Dossiers.AsNoTracking()
            .Where(d => d.AgencyId == agency && Pending.Contains(d.Status))
            .GroupBy(d => new { d.Status, d.CurrentRole, d.DeadlineState, Mine = d.AssigneeId == staff.Id })
            .Select(g => new { g.Key.Status, g.Key.CurrentRole, g.Key.DeadlineState, g.Key.Mine, Count = g.Count() })
            .ToListAsync(ct);
        foreach (var r in rows)
        {
            var working = r.Status is DossierStatus.Received or DossierStatus.Processing;
            if (r.Status == DossierStatus.Registered) { result[Inbox.ToReceive] += r.Count; }
            if (working && r.CurrentRole == StaffRole.Specialist) { result[Inbox.ToHandle] += r.Count; }
            if (working && r.CurrentRole is StaffRole.DivisionHead or StaffRole.AgencyLeader) { result[Inbox.ToApprove] += r.Count; }
            if (r.Status == DossierStatus.Resolved) { result[Inbox.ToReturn] += r.Count; }
            if (r.Status is DossierStatus.AwaitingSupplement or DossierStatus.AwaitingPayment) { result[Inbox.Waiting] += r.Count; }
            if (Open.Contains(r.Status) && r.DeadlineState == DeadlineState.DueSoon) { result[Inbox.DueSoon] += r.Count; }
            if (Open.Contains(r.Status) && r.DeadlineState == DeadlineState.Overdue) { result[Inbox.Overdue] += r.Count; }
            if (Open.Contains(r.Status) && r.Mine) { result[Inbox.Mine] += r.Count; }
        }

        return result;
    }

    /// <summary>Form 07 (sổ theo dõi hồ sơ): the agency's dossiers received in a period, optionally of one status.</summary>
    public async Task<IReadOnlyList<DossierListItem>> BookAsync(Guid agencyId, DateOnly from, DateOnly to, DossierStatus? status, string? procedureCode, int limit, CancellationToken ct)
    {
        // In UTC, as times are stored: SQLite's binary DateTimeOffset compares clock ticks, not instants, so a bound at
        // +07:00 would miss the dossiers of the first seven hours of a Hanoi day.
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).ToUniversalTime();
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Offset).ToUniversalTime();
        var q = db.Dossiers.AsNoTracking().Where(d => d.AgencyId == agencyId && d.SubmittedAt >= start && d.SubmittedAt < end);
        if (status is { } s)
        {
            q = q.Where(d => d.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(procedureCode))
        {
            q = q.Where(d => d.ProcedureCode == procedureCode);
        }

        return await List(q.OrderBy(d => d.SubmittedAt)).Take(limit).ToListAsync(ct);
    }

    /// <summary>Public tracking by code and the applicant's phone number, or by code and the QR tracking key.</summary>
    public async Task<TrackingView?> TrackAsync(string? code, string? phone, string? key, CancellationToken ct)
    {
        code = code?.Trim().ToUpperInvariant();
        phone = phone?.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (string.IsNullOrEmpty(code) || (string.IsNullOrEmpty(phone) && string.IsNullOrEmpty(key)))
        {
            return null;
        }

        var d = await db.Dossiers.AsNoTracking().Where(x => x.Code == code)
            .Select(x => new { x.Code, x.ProcedureName, Agency = x.Agency!.Name, x.Status, x.SubmittedAt, x.ReceivedAt, x.DueAt, x.CompletedAt, x.ApplicantPhone, x.TrackingKey })
            .FirstOrDefaultAsync(ct);
        var matches = d is not null &&
            ((!string.IsNullOrEmpty(phone) && d.ApplicantPhone == phone) ||
             (!string.IsNullOrEmpty(key) && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                 System.Text.Encoding.ASCII.GetBytes(d.TrackingKey), System.Text.Encoding.ASCII.GetBytes(key))));
        if (!matches)
        {
            return null;
        }

        var info = DossierStatuses.Of(d!.Status);
        var late = Deadlines.WasLate(d.Status, d.DueAt, d.CompletedAt, clock.GetUtcNow());
        return new TrackingView(d.Code!, d.ProcedureName, d.Agency, d.Status, info.Vietnamese, info.English, info.National, d.SubmittedAt, d.ReceivedAt, d.DueAt, d.CompletedAt, late);
    }

    public async Task<IReadOnlyList<DossierEvent>> HistoryAsync(Guid dossierId, CancellationToken ct) =>
        await db.DossierEvents.AsNoTracking().Where(e => e.DossierId == dossierId).OrderBy(e => e.Id).ToListAsync(ct);

    /// <summary>Dossiers created by transfers from this one (liên thông).</summary>
    public async Task<IReadOnlyList<DossierListItem>> TransfersAsync(Guid dossierId, CancellationToken ct) =>
        await List(db.Dossiers.AsNoTracking().Where(d => d.ParentId == dossierId).OrderBy(d => d.CreatedAt)).ToListAsync(ct);

    /// <summary>Staff of an agency who hold a role (for assignment).</summary>
    public async Task<IReadOnlyList<(Guid Id, string Name)>> StaffWithRoleAsync(Guid agencyId, StaffRole role, CancellationToken ct)
    {
        var rows = await db.StaffWithRole(agencyId, role).OrderBy(u => u.FullName).Select(u => new { u.Id, u.FullName }).ToListAsync(ct);
        return rows.Select(r => (r.Id, r.FullName)).ToList();
    }

    /// <summary>The agency an agency-code filter of the supervision list names; a code outside the actor's scope is refused (400).</summary>
    public async Task<Guid?> SupervisedAgencyAsync(Actor actor, string? code, string path, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }

        var trimmed = code.Trim();
        var id = await db.Agencies.AsNoTracking().IgnoreQueryFilters().Where(a => a.Code == trimmed).Select(a => (Guid?)a.Id).FirstOrDefaultAsync(ct);
        if (id is null || !await db.MayReadAsync(actor, id.Value, ct))
        {
            throw new RuleViolationException([new(path, Ui.T($"Cơ quan {trimmed} không thuộc phạm vi giám sát của bạn.", $"Agency {trimmed} is not within your supervision."))]);
        }

        return id;
    }

    /// <summary>The agencies the actor may read, in tree order, for the supervision list's filter.</summary>
    public async Task<IReadOnlyList<(string Code, string Name, AgencyLevel Level)>> SupervisedAgenciesAsync(Actor actor, CancellationToken ct)
    {
        var scope = db.ReadableAgencyIds(actor);
        var rows = await db.Agencies.AsNoTracking().Where(a => scope.Contains(a.Id)).OrderBy(a => a.SortOrder)
            .Select(a => new { a.Code, a.Name, a.Level }).ToListAsync(ct);
        return rows.Select(r => (r.Code, r.Name, r.Level)).ToList();
    }

    /// <summary>
    /// Read-only supervision: dossiers of the agencies the actor supervises (sub-trees walked in SQL), newest first,
    /// one page and whether another follows. No personal data of applicants: a supervisor opens a dossier (audited) to see them.
    /// </summary>
    public async Task<SupervisionPage> SupervisionAsync(Actor actor, SupervisionFilter filter, CancellationToken ct)
    {
        var page = Math.Max(1, filter.Page);
        var rows = await Supervised(actor, filter).Skip((page - 1) * PageSize).Take(PageSize + 1).ToListAsync(ct);
        return new SupervisionPage(rows.Take(PageSize).ToList(), page, rows.Count > PageSize);
    }

    /// <summary>The supervision list as one query (agency scope as an IN subquery over the tree walk), newest first.</summary>
    public IQueryable<SupervisedDossier> Supervised(Actor actor, SupervisionFilter filter)
    {
        // Dossiers have no query filter of their own; ignoring the agency model's filter keeps a dossier of the other
        // model (filed before the switch) in the list with its agency's name.
        var q = db.Dossiers.AsNoTracking().IgnoreQueryFilters().Where(d => d.Status != DossierStatus.Draft).ReadableBy(db, actor);
        if (filter.AgencyId is { } agency)
        {
            var units = db.SubTreeOf(agency);
            q = filter.SubUnits ? q.Where(d => units.Contains(d.AgencyId)) : q.Where(d => d.AgencyId == agency);
        }

        if (filter.Status is { } status)
        {
            q = q.Where(d => d.Status == status);
        }

        if (filter.OverdueOnly)
        {
            q = q.Where(d => Open.Contains(d.Status) && d.DeadlineState == DeadlineState.Overdue);
        }

        return q.OrderByDescending(d => d.SubmittedAt).ThenByDescending(d => d.Id)
            .Select(d => new SupervisedDossier(d.Id, d.Code, d.ProcedureCode, d.ProcedureName, d.Agency!.Name, d.Status, d.CurrentRole,
                d.AssigneeName, d.SubmittedAt, d.DueAt, d.CompletedAt, d.DeadlineState, d.OpenTransferId != null));
    }

    private static IQueryable<DossierListItem> List(IQueryable<Dossier> q) => q.Select(d => new DossierListItem(
        d.Id, d.Code, d.ProcedureCode, d.ProcedureName, d.Agency!.Name, d.ApplicantName, d.Channel, d.Status,
        null, d.CurrentRole, d.AssigneeName, d.CreatedAt, d.SubmittedAt, d.ReceivedAt, d.DueAt, d.CompletedAt, d.DeadlineState, d.OpenTransferId != null));
}

public static class StaffQueries
{
    /// <summary>Staff of an agency holding a workflow role there (their grants, as the sign-in cookie carries them).</summary>
    public static IQueryable<Account> StaffWithRole(this OneStopDbContext db, Guid agencyId, StaffRole role)
    {
        var name = role.ToString();
        return db.Users.AsNoTracking()
            .Where(u => u.AgencyId == agencyId && u.Kind == AccountKind.Staff)
            .Where(u => db.StaffGrants.Any(g => g.AccountId == u.Id && g.Role == name && g.AgencyId == agencyId));
    }
}

