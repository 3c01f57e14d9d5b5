using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Dossiers;

/// <summary>Everything a dossier page shows, loaded in a fixed number of queries.</summary>
public sealed record DossierPageData(
    Dossier Dossier, string AgencyName, IReadOnlyList<DossierEvent> History, IReadOnlyList<DossierListItem> Transfers,
    IReadOnlyList<string> Forms, IReadOnlyList<DossierAction> Actions, ProcedureContent Content, string? ParentCode, IReadOnlyList<PaymentLine> Payments)
{
    /// <summary>On the applicant's own page: the files already in their wallet (null elsewhere: no "save to wallet").</summary>
    public IReadOnlySet<Guid>? InWallet { get; init; }

    public static async Task<DossierPageData> LoadAsync(OneStopDbContext db, DossierQueries queries, DossierLedger ledger, IDossierPayments paymentLines, Actor actor, Dossier d, CancellationToken ct)
    {
        var history = await queries.HistoryAsync(d.Id, ct);
        var transfers = await queries.TransfersAsync(d.Id, ct);
        var agency = await db.Agencies.AsNoTracking().IgnoreQueryFilters().Where(a => a.Id == d.AgencyId).Select(a => a.Name).FirstAsync(ct);
        var content = await db.ProcedureVersions.AsNoTracking().Where(v => v.Id == d.ProcedureVersionId).Select(v => v.Content).FirstAsync(ct);
        var parentCode = d.ParentId is { } p ? await db.Dossiers.AsNoTracking().Where(x => x.Id == p).Select(x => x.Code).FirstOrDefaultAsync(ct) : null;
        var payments = await paymentLines.ListAsync(d.Id, ct);
        return new DossierPageData(d, agency, history, transfers, DeskForms.Available(d, history), await ledger.OfferedAsync(actor, d, ct), content, parentCode, payments);
    }
}

/// <summary>One field of an online form as a page renders it.</summary>
public sealed record FormFieldInput(FormField Field, string? Value, string? Error, string Prefix = "f.", string? ConditionLabel = null)
{
    /// <summary>The inputs of a whole form, with each condition named by its field's label.</summary>
    public static IEnumerable<FormFieldInput> For(FormDefinition form, IReadOnlyDictionary<string, string> values, IReadOnlyList<RuleError> errors) =>
        form.Fields.Select(f => new FormFieldInput(f, values.GetValueOrDefault(f.Key), errors.FirstOrDefault(e => e.Path == f.Key)?.Message, "f.",
            f.VisibleWhen is { } w ? form.Fields.FirstOrDefault(x => x.Key == w.Field)?.Label ?? w.Field : null));
}

/// <summary>
/// Reads what a dossier form posted: form fields are named "f.{key}", a file for required document i is named
/// "doc{i}", and a wallet document reused for it "wallet[{i}]". The filing, walk-in and supplement pages all post this shape.
/// </summary>
public static class PostedDossierForm
{
    public static Dictionary<string, string?> Values(IFormCollection form) =>
        form.Where(kv => kv.Key.StartsWith("f.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key[2..], kv => (string?)kv.Value.ToString(), StringComparer.Ordinal);

    /// <summary>Non-empty files, each with the required document its name points at (null for any other name).</summary>
    public static List<UploadInput> Uploads(IFormCollection form) =>
        form.Files.Where(f => f.Length > 0)
            .Select(f => new UploadInput(f.Name.StartsWith("doc", StringComparison.Ordinal) && int.TryParse(f.Name[3..], System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null, f))
            .ToList();

    /// <summary>Wallet documents chosen for required documents ("wallet[i]" = id; empty choices ignored, a malformed id kept as an empty id so it is refused).</summary>
    public static List<Wallet.WalletChoice> WalletChoices(IFormCollection form) =>
        form.Where(kv => kv.Key.StartsWith("wallet[", StringComparison.Ordinal) && kv.Key.EndsWith(']') && !string.IsNullOrWhiteSpace(kv.Value.ToString()))
            .Select(kv => int.TryParse(kv.Key[7..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i)
                ? new Wallet.WalletChoice(i, Guid.TryParse(kv.Value.ToString(), out var id) ? id : Guid.Empty)
                : new Wallet.WalletChoice(-1, Guid.Empty))
            .ToList();
}
