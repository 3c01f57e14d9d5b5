using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Payments;

/// <summary>One line of what a dossier costs: an amount in whole VND (0 when exempt), or null when the agency must set it.</summary>
public sealed record FeeLine(string Name, long? AmountVnd, string? Reason);

/// <summary>The fees of a procedure version for one dossier.</summary>
/// <param name="Complete">Every amount is known, so the total can be paid online.</param>
public sealed record FeeQuote(IReadOnlyList<FeeLine> Lines, long TotalVnd, bool Complete)
{
    /// <summary>Nothing to pay (every line known and zero, or exempt).</summary>
    public bool Free => Complete && TotalVnd == 0;
}

/// <summary>Fees computed from the procedure version in force when the dossier was filed.</summary>
public static class Fees
{
    public static FeeQuote Quote(IReadOnlyList<Fee> fees)
    {
        var lines = fees.Select(f => !string.IsNullOrWhiteSpace(f.Exemption)
            ? new FeeLine(f.Name, 0, f.Exemption)
            : new FeeLine(f.Name, f.AmountVnd, f.AmountVnd == 0 ? f.Note : null)).ToList();
        var complete = lines.All(l => l.AmountVnd is not null);
        return new FeeQuote(lines, checked(lines.Sum(l => l.AmountVnd ?? 0)), complete);
    }
}
