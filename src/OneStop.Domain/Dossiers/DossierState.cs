using OneStop.Domain.Catalogue;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Dossiers;

/// <summary>
/// What the rules need to know of a dossier to decide an action: where it stands (status, workflow step, the role that
/// acts), its link to another agency's dossier (transfer, liên thông), its deadlines and what it owes or holds. The host
/// loads it; the domain never reads storage.
/// </summary>
public sealed record DossierState
{
    public DossierStatus Status { get; init; }
    public IReadOnlyList<WorkflowStep> Steps { get; init; } = [];
    public int Step { get; init; }
    public StaffRole CurrentRole { get; init; }
    public Guid AgencyId { get; init; }
    /// <summary>The applicant's account; null for a walk-in applicant without one.</summary>
    public Guid? ApplicantId { get; init; }
    public Guid? AssigneeId { get; init; }
    public string? AssigneeName { get; init; }
    /// <summary>This dossier was created by another agency's transfer (a child); its parent is that agency's dossier.</summary>
    public bool IsTransferred { get; init; }
    /// <summary>This dossier waits for a transfer it made to come back.</summary>
    public bool HasOpenTransfer { get; init; }
    /// <summary>A transfer made at the current step has come back with its part done.</summary>
    public bool StepTransferDone { get; init; }
    public int ResultCount { get; init; }
    /// <summary>Fees asked and not yet paid (whole VND).</summary>
    public long FeeDueVnd { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? StepDueAt { get; init; }
    public int ApologyCount { get; init; }
    public TimeLimit TimeLimit { get; init; } = new(TimeLimitUnit.WorkingDays, 0, false, "");
    /// <summary>When the supplement now awaited was asked for (the pause that does not count against the agency starts there).</summary>
    public DateTimeOffset? SupplementRequestedAt { get; init; }

    /// <summary>The workflow step the dossier is at, if any.</summary>
    public WorkflowStep? CurrentStep => Step >= 0 && Step < Steps.Count ? Steps[Step] : null;
}

public enum ActorKind
{
    Applicant = 0,
    Staff = 1,
    /// <summary>OneStop itself: the payment gateway's notification, jobs.</summary>
    System = 2,
}

/// <summary>Who asks: an applicant, an officer with their workflow roles at their own agency, or the system.</summary>
public sealed record DossierActor(ActorKind Kind, Guid Id, string Name, Guid? AgencyId, IReadOnlySet<StaffRole> Roles)
{
    public bool Has(StaffRole role) => Roles.Contains(role);

    public static DossierActor System { get; } = new(ActorKind.System, Guid.Empty, "Hệ thống OneStop", null, new HashSet<StaffRole>());
}
