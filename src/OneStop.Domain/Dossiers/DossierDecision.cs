using OneStop.Domain.Calendar;
using OneStop.Domain.Payments;
using OneStop.Domain.Roles;

namespace OneStop.Domain.Dossiers;

/// <summary>What an officer or applicant gives with an action; which fields matter depends on the action. Looked-up facts (the chosen officer, the target agency) come resolved by the host, null when not found.</summary>
public sealed record ActionArgs
{
    public string? Note { get; init; }
    public IReadOnlyList<string> Missing { get; init; } = [];
    /// <summary>Assign: the chosen officer of the agency with the current step's role.</summary>
    public Person? Assignee { get; init; }
    /// <summary>Transfer: the agency chosen (or named by the step) and the code its new dossier gets.</summary>
    public TransferTarget? Target { get; init; }
    public ReturnChannel? ReturnChannel { get; init; }
    public DateTimeOffset? NewDueAt { get; init; }
    /// <summary>Payment request: the fees quoted from the procedure version and the officer's choices.</summary>
    public FeeQuote? Fees { get; init; }
    /// <summary>Confirm payment: the payment recorded (online or at the desk).</summary>
    public PaymentMade? Payment { get; init; }
    /// <summary>Supplement: the applicant gave documents or a corrected form.</summary>
    public bool SupplementGiven { get; init; }
    /// <summary>Submit: the fees due at submission (the procedure's default lines), when the procedure asks them then.</summary>
    public FeeQuote? FeesAtSubmission { get; init; }
    /// <summary>Consequences: the other dossier of the transfer (code and agency name).</summary>
    public TransferredFromDetails? Other { get; init; }
}

public sealed record Person(Guid Id, string Name);

public sealed record TransferTarget(Guid AgencyId, string AgencyCode, string AgencyName, string NewDossierCode);

public sealed record PaymentMade(long AmountVnd, string? ReceiptNumber, string Reference, string Gateway);

/// <summary>The notification the applicant receives because of an action (e-mail, SMS, in-app).</summary>
public enum ApplicantNotice
{
    Received,
    SupplementRequested,
    PaymentRequested,
    PaymentReceived,
    ResultReady,
    Apology,
    Refused,
    Stopped,
}

/// <summary>Work the host does beyond setting the dossier's fields, because the decision says so.</summary>
[Flags]
public enum DossierEffects
{
    None = 0,
    /// <summary>Give the dossier its code (filing, registration, transfer in).</summary>
    GiveCode = 1,
    /// <summary>Sign the results with the agency's certificate (approval).</summary>
    SignResults = 2,
    /// <summary>Create the other agency's dossier (transfer).</summary>
    CreateTransfer = 4,
    /// <summary>End the transfer this dossier waits for (withdrawn or stopped).</summary>
    EndOpenTransfer = 8,
    /// <summary>Hand the results back to the agency that transferred this dossier.</summary>
    HandBackToParent = 16,
    /// <summary>Tell the agency that transferred this dossier that it ended here without a result.</summary>
    ReleaseParent = 32,
    /// <summary>Keep the signed results in the applicant's document wallet.</summary>
    KeepResultsInWallet = 64,
    /// <summary>Keep the papers digitised at the desk in the applicant's document wallet.</summary>
    KeepDigitisedInWallet = 128,
}

/// <summary>The history record an action appends.</summary>
public sealed record HistoryRecord(
    DossierAction Action, DossierStatus From, DossierStatus To, int FromStep, int ToStep, StaffRole? ActingRole, string? Note, string? Form, EventDetails? Details);

/// <summary>
/// What an action does to a dossier: its new status, step and acting role, the dates it sets, the desk form it issues, the
/// notification it sends, the history record, and the work left to the host. Null fields stay as they are.
/// </summary>
public sealed record Decision
{
    public required DossierStatus To { get; init; }
    public required int Step { get; init; }
    public required StaffRole Role { get; init; }
    public required HistoryRecord History { get; init; }
    /// <summary>A step was entered: it started now and is due then; its assignee is cleared.</summary>
    public (DateTimeOffset StartedAt, DateTimeOffset DueAt)? EnteredStep { get; init; }
    public Person? Assignee { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public DateTimeOffset? ReceivedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset? OriginalDueAt { get; init; }
    public DateTimeOffset? StepDueAt { get; init; }
    public DateTimeOffset? ReleasedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    /// <summary>The deadline state starts again as on time (new appointment).</summary>
    public bool DeadlineReset { get; init; }
    public bool Apologised { get; init; }
    public ReturnChannel? ReturnChannel { get; init; }
    public FeeQuote? FeesRequested { get; init; }
    public long? FeesPaidVnd { get; init; }
    /// <summary>The number and code of the result attached.</summary>
    public (int Number, string Code)? Result { get; init; }
    /// <summary>The transfer this dossier waited for is over.</summary>
    public bool TransferClosed { get; init; }
    public ApplicantNotice? Notice { get; init; }
    public DossierEffects Effects { get; init; }

    public string? Form => History.Form;
}

/// <summary>Either a decision or the reason for refusing the action.</summary>
public sealed record Outcome(Decision? Decision, Refusal? Refusal)
{
    public static implicit operator Outcome(Decision d) => new(d, null);

    public static implicit operator Outcome(Refusal r) => new(null, r);
}

/// <summary>The desk's forms an action issues (Thông tư 01/2018/TT-VPCP, mẫu 01–05; 06 and 07 are built from the history).</summary>
public static class DeskForm
{
    public const string Receipt = "01";
    public const string SupplementRequest = "02";
    public const string Refusal = "03";
    public const string Apology = "04";
    public const string StopNotice = "05";
    public const string ControlSlip = "06";
    public const string TrackingBook = "07";

    /// <summary>The form an action issues when a person takes it (a consequence of another action issues none).</summary>
    public static string? IssuedBy(DossierAction action) => action switch
    {
        DossierAction.Receive => Receipt,
        DossierAction.RequestSupplement => SupplementRequest,
        DossierAction.Refuse => Refusal,
        DossierAction.Apologise => Apology,
        DossierAction.Stop => StopNotice,
        _ => null,
    };
}

/// <summary>
/// The moment and the working calendar an action is decided against. The calendar is needed only by the actions that
/// count working time (<see cref="DossierDecisions.CountsWorkingTime"/>); the host reads it for those alone.
/// </summary>
public sealed record DecisionContext(DateTimeOffset Now, WorkingCalendar? Calendar, string? DossierCode = null)
{
    public WorkingCalendar WorkingTime => Calendar ?? throw new InvalidOperationException("This action counts working time: decide it with the working calendar.");
}
