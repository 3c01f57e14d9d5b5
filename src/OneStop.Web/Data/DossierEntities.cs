using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Roles;

namespace OneStop.Web.Data;

/// <summary>
/// Hồ sơ: one application for one procedure at one agency. The workflow steps and the time limit are copied from the
/// procedure version at filing (or from the transfer that created it), so later catalogue changes never alter a dossier.
/// </summary>
public sealed class Dossier
{
    public Guid Id { get; set; }
    /// <summary>{agency identifier}-{yyMMdd}-{NNNN}; null while a draft.</summary>
    public string? Code { get; set; }
    public Guid ProcedureVersionId { get; set; }
    public required string ProcedureCode { get; set; }
    public required string ProcedureName { get; set; }
    /// <summary>The agency whose desk receives and returns it.</summary>
    public Guid AgencyId { get; set; }
    public Agency? Agency { get; set; }
    public Channel Channel { get; set; }
    public DossierStatus Status { get; set; }
    /// <summary>Index into <see cref="Steps"/> of the internal step the dossier is at.</summary>
    public int Step { get; set; }
    /// <summary>Role that acts now (copied from the step for the inbox index).</summary>
    public StaffRole CurrentRole { get; set; }
    public Guid? AssigneeId { get; set; }
    public string? AssigneeName { get; set; }
    public List<WorkflowStep> Steps { get; set; } = [];
    public required TimeLimit TimeLimit { get; set; }

    /// <summary>Transfer (liên thông): the dossier of the agency that handed this one over, and its step.</summary>
    public Guid? ParentId { get; set; }
    public int? ParentStep { get; set; }
    /// <summary>The transfer this dossier waits for, if any.</summary>
    public Guid? OpenTransferId { get; set; }

    public Guid? ApplicantId { get; set; }
    public required string ApplicantName { get; set; }
    public string? ApplicantPersonalId { get; set; }
    public string? ApplicantPhone { get; set; }
    public string? ApplicantEmail { get; set; }
    public string? ApplicantAddress { get; set; }
    public Dictionary<string, string> FormData { get; set; } = [];

    /// <summary>Client-chosen key that makes a repeated create or submit return the same dossier.</summary>
    public string? IdempotencyKey { get; set; }
    /// <summary>Random key printed in the tracking QR code (opens the public status without the phone number).</summary>
    public required string TrackingKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public DateTimeOffset? ReceivedAt { get; set; }
    /// <summary>Ngày hẹn trả (moved by an apology letter).</summary>
    public DateTimeOffset? DueAt { get; set; }
    /// <summary>The appointment first given at reception.</summary>
    public DateTimeOffset? OriginalDueAt { get; set; }
    public DateTimeOffset? StepStartedAt { get; set; }
    public DateTimeOffset? StepDueAt { get; set; }
    public DateTimeOffset? ReleasedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DeadlineState DeadlineState { get; set; }
    public int ApologyCount { get; set; }
    public ReturnChannel? ReturnChannel { get; set; }
    public int ResultCount { get; set; }

    /// <summary>Fees asked and not yet paid, in whole VND (0: nothing due). Set at submission or by a payment request.</summary>
    public long FeeDueVnd { get; set; }
    /// <summary>The fee lines behind <see cref="FeeDueVnd"/>.</summary>
    public List<OneStop.Domain.Payments.FeeLine> FeeLines { get; set; } = [];
    /// <summary>Fees paid so far (online or at the desk).</summary>
    public long FeePaidVnd { get; set; }

    /// <summary>Optimistic concurrency: two officers acting at once cannot both win.</summary>
    public Guid Version { get; set; }

    public List<DossierFile> Files { get; set; } = [];
}

public enum DossierFileKind
{
    /// <summary>Uploaded by the applicant with the dossier.</summary>
    Submitted = 0,
    /// <summary>Uploaded by the applicant after a supplement request.</summary>
    Supplement = 1,
    /// <summary>Paper digitised (số hoá) at the desk: scanned and checked against the original by the officer.</summary>
    Digitised = 2,
    /// <summary>A result issued by the agency, coded {dossier}-KQ{n}.</summary>
    Result = 3,
}

/// <summary>A stored file of a dossier; the bytes live in the file store under a server-made key.</summary>
public sealed class DossierFile
{
    public Guid Id { get; set; }
    public Guid DossierId { get; set; }
    public DossierFileKind Kind { get; set; }
    /// <summary>Index of the required document it answers (null: other).</summary>
    public int? DocumentIndex { get; set; }
    public required string DocumentName { get; set; }
    /// <summary>Name as uploaded, for display only; never used as a path.</summary>
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    public required string StorageKey { get; set; }
    public bool Digitised { get; set; }
    public int? ResultNumber { get; set; }
    public string? ResultCode { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
    public Guid? UploadedBy { get; set; }
    /// <summary>The wallet document the applicant reused for it instead of uploading (same bytes); kept if that is removed later.</summary>
    public Guid? WalletDocumentId { get; set; }

    /// <summary>
    /// The same stored bytes as a file of another dossier (a transfer's documents, results handed back). The copy is not
    /// the issuing result nor a reuse from the wallet: its result number, result code and wallet link stay empty.
    /// </summary>
    public DossierFile CopyFor(Guid dossierId)
    {
        var copy = (DossierFile)MemberwiseClone();
        copy.Id = Guid.CreateVersion7();
        copy.DossierId = dossierId;
        copy.ResultNumber = null;
        copy.ResultCode = null;
        copy.WalletDocumentId = null;
        return copy;
    }
}

/// <summary>One action on a dossier: append-only history (forms 06 and 07 are built from it).</summary>
public sealed class DossierEvent
{
    public long Id { get; set; }
    public Guid DossierId { get; set; }
    public DateTimeOffset At { get; set; }
    public DossierAction Action { get; set; }
    public Guid? ActorId { get; set; }
    public required string ActorName { get; set; }
    /// <summary>Role in which the actor acted: a staff role, "Applicant" or "System".</summary>
    public required string ActorRole { get; set; }
    public Guid? AgencyId { get; set; }
    public string? AgencyName { get; set; }
    public DossierStatus FromStatus { get; set; }
    public DossierStatus ToStatus { get; set; }
    public int? FromStep { get; set; }
    public int? ToStep { get; set; }
    public string? FromStepName { get; set; }
    public string? ToStepName { get; set; }
    public string? Note { get; set; }
    /// <summary>Desk form issued with this action ("01"–"05").</summary>
    public string? Form { get; set; }
    /// <summary>
    /// The signed PDF of <see cref="Form"/> in the file store, made once when the action issued it (or, for a form issued
    /// before forms were signed at issue, at its first download); every download returns exactly these bytes.
    /// </summary>
    public string? FormStorageKey { get; set; }
    /// <summary>SHA-256 (lower-case hex) of the PDF under <see cref="FormStorageKey"/>.</summary>
    public string? FormSha256 { get; set; }
    /// <summary>Structured details of the action as stored; read them typed through <see cref="Details"/>.</summary>
    public Dictionary<string, string> Data { get; set; } = [];

    /// <summary>The details typed per action (missing documents, new appointment, target agency…).</summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public EventDetails? Details => EventDetails.Read(Action, Data);
    public List<Guid> FileIds { get; set; } = [];
}

/// <summary>Last sequence number given per agency and day; incremented in the submitting transaction.</summary>
public sealed class DossierCodeCounter
{
    public required string AgencyCode { get; set; }
    public required string Day { get; set; }
    public int Last { get; set; }
}
