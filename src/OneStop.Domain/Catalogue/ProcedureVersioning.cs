namespace OneStop.Domain.Catalogue;

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ProcedureStatus>))]
public enum ProcedureStatus
{
    Draft = 0,
    Published = 1,
    Suspended = 2,
    /// <summary>A published version replaced by a newer one; dossiers filed under it keep it.</summary>
    Superseded = 3,
}

/// <summary>What happens to versions when one is published, suspended or edited.</summary>
public static class ProcedureVersioning
{
    public static bool CanEdit(ProcedureStatus status) => status == ProcedureStatus.Draft;

    public static bool CanPublish(ProcedureStatus status) => status == ProcedureStatus.Draft;

    public static bool CanSuspend(ProcedureStatus status) => status == ProcedureStatus.Published;

    public static bool CanResume(ProcedureStatus status) => status == ProcedureStatus.Suspended;

    /// <summary>
    /// The effective-from date of a version being published: the requested date, but never before the current
    /// version's start (so that the history of versions is a sequence of non-overlapping periods).
    /// </summary>
    public static DateOnly EffectiveFrom(DateOnly requested, DateOnly? currentFrom) =>
        currentFrom is { } from && requested < from ? from : requested;

    /// <summary>Whether a version is the one in force on a date.</summary>
    public static bool InForce(ProcedureStatus status, DateOnly from, DateOnly? to, DateOnly date) =>
        status is ProcedureStatus.Published or ProcedureStatus.Superseded && from <= date && (to is null || date < to);
}
