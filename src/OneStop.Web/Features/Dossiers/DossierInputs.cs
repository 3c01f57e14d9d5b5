using OneStop.Domain.Dossiers;
using OneStop.Web.Data;

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
    /// <summary>The agency by its public code, as API clients know it (used when no id is given).</summary>
    public string? AgencyCode { get; init; }
    /// <summary>The online form's values; null keeps the values already saved on the draft.</summary>
    public IReadOnlyDictionary<string, string?>? Form { get; init; } = new Dictionary<string, string?>();
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
