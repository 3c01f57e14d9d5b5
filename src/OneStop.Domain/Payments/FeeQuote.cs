using OneStop.Domain.Catalogue;

namespace OneStop.Domain.Payments;

/// <summary>
/// One line of what a dossier costs: fee line <see cref="Index"/> of the procedure version, its unit amount in whole VND
/// (0 when exempt, null when the agency must set it), how many, and the reason when it costs nothing.
/// </summary>
public sealed record FeeLine(int Index, string Name, long? UnitVnd, int Quantity, string? Reason)
{
    /// <summary>Unit × quantity, held at <see cref="long.MaxValue"/> rather than overflowing (a typed-in quantity or amount can be anything).</summary>
    public long? AmountVnd => UnitVnd is { } u ? Fees.Bounded((Int128)u * Quantity) : null;
}

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
    /// <summary>Upper bound of one dossier's fees (a typo guard: the largest fee in the catalogue is a few million VND).</summary>
    public const long MaxTotalVnd = 1_000_000_000;

    /// <summary>The default lines (<see cref="Fee.Default"/>), one of each: what an online dossier owes unless an officer says otherwise.</summary>
    public static FeeQuote Quote(IReadOnlyList<Fee> fees) =>
        Quote(fees, fees.Select((f, i) => (f, i)).Where(x => x.f.Default).ToDictionary(x => x.i, _ => 1), null);

    /// <summary>
    /// The lines an officer chose: quantity per fee line index, and for a line without an amount in the catalogue the
    /// unit amount they set. Exempt lines cost nothing whatever the quantity.
    /// </summary>
    public static FeeQuote Quote(IReadOnlyList<Fee> fees, IReadOnlyDictionary<int, int> quantities, IReadOnlyDictionary<int, long>? setAmounts)
    {
        var lines = new List<FeeLine>();
        foreach (var (index, quantity) in quantities.Where(q => q.Value > 0).OrderBy(q => q.Key))
        {
            if (index < 0 || index >= fees.Count)
            {
                continue;
            }

            var f = fees[index];
            long? unit = f.AmountVnd ?? (setAmounts is not null && setAmounts.TryGetValue(index, out var set) && set > 0 ? set : null);
            lines.Add(!string.IsNullOrWhiteSpace(f.Exemption)
                ? new FeeLine(index, f.Name, 0, quantity, f.Exemption)
                : new FeeLine(index, f.Name, unit, quantity, unit == 0 ? f.Note ?? f.Name : null));
        }

        var complete = lines.All(l => l.UnitVnd is not null);
        return new FeeQuote(lines, Bounded(lines.Aggregate(Int128.Zero, (sum, l) => sum + (l.AmountVnd ?? 0))), complete);
    }

    /// <summary>
    /// An amount held at <see cref="long.MaxValue"/>: absurd quantities or amounts make a total above
    /// <see cref="MaxTotalVnd"/>, which the decision refuses as bad input, instead of an overflow (a 500).
    /// </summary>
    public static long Bounded(Int128 amount) => amount > long.MaxValue ? long.MaxValue : (long)amount;
}
