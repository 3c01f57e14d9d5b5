namespace OneStop.Domain.Catalogue;

/// <summary>The catalogue as a document: the format of JSON import/export and of the seeded demo catalogue.</summary>
public sealed record CatalogueDocument
{
    public const string CurrentFormat = "onestop-catalogue/1";

    public string Format { get; init; } = CurrentFormat;
    public IReadOnlyList<CatalogueEntry> Procedures { get; init; } = [];
    public IReadOnlyList<RolloutBatchEntry> RolloutBatches { get; init; } = [];
}

/// <summary>One procedure version in a catalogue document.</summary>
public sealed record CatalogueEntry
{
    public ProcedureStatus Status { get; init; } = ProcedureStatus.Published;
    public DateOnly EffectiveFrom { get; init; }
    public DateOnly? EffectiveTo { get; init; }
    public int Version { get; init; } = 1;
    public required ProcedureContent Content { get; init; }
}

public sealed record RolloutBatchEntry
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public ServiceLevel ServiceLevel { get; init; }
    public DateOnly EffectiveOn { get; init; }
    public IReadOnlyList<string> ProcedureCodes { get; init; } = [];
    public string? Decision { get; init; }
}
