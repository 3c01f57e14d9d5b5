using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Wallet;

/// <summary>The applicant chose wallet document <paramref name="WalletDocumentId"/> for required document <paramref name="DocumentIndex"/>.</summary>
public sealed record WalletChoice(int DocumentIndex, Guid WalletDocumentId);

/// <summary>A wallet document checked for reuse in a dossier: the owner's, its bytes intact.</summary>
public sealed record WalletReuse(int DocumentIndex, string DocumentName, WalletDocument Document);

/// <summary>A wallet document as lists and the API show it.</summary>
public sealed record WalletDocumentView(Guid Id, string Title, WalletDocumentKind Kind, string FileName, string ContentType, long Size, string Sha256,
    bool Verified, Guid? SourceDossierId, string? SourceDossierCode, Guid? SourceFileId, string? ResultCode, DateTimeOffset AddedAt);

/// <summary>
/// Kho dữ liệu cá nhân: the applicant's reusable documents. Every read and change filters on the owner in SQL, so an id
/// of someone else's document is simply not found (404). Filling from dossier actions joins the action's transaction.
/// </summary>
public sealed class DocumentWallet(OneStopDbContext db, IFileStore store, TimeProvider clock, Audit.AuditLog audit)
{
    /// <summary>Documents of the owner, newest first.</summary>
    public Task<List<WalletDocumentView>> ListAsync(Guid owner, CancellationToken ct) =>
        db.WalletDocuments.AsNoTracking().Where(w => w.OwnerId == owner).OrderByDescending(w => w.AddedAt).ThenByDescending(w => w.Id)
            .Select(w => new WalletDocumentView(w.Id, w.Title, w.Kind, w.FileName, w.ContentType, w.Size, w.Sha256, w.Verified, w.SourceDossierId, w.SourceDossierCode, w.SourceFileId, w.ResultCode, w.AddedAt))
            .ToListAsync(ct);

    /// <summary>The actor's own document; anyone else's (or a staff account's request) is not found.</summary>
    public async Task<WalletDocument> FindAsync(Actor actor, Guid id, CancellationToken ct) =>
        actor.IsApplicant && await db.WalletDocuments.AsNoTracking().FirstOrDefaultAsync(w => w.Id == id && w.OwnerId == actor.Id, ct) is { } doc
            ? doc
            : throw NotFound();

    public Task<Stream> OpenAsync(WalletDocument doc, CancellationToken ct) => store.OpenAsync(doc.StorageKey, ct);

    /// <summary>Which of these dossier files the owner already keeps in the wallet.</summary>
    public async Task<HashSet<Guid>> SavedAsync(Guid owner, IReadOnlyCollection<Guid> fileIds, CancellationToken ct) =>
        [.. await db.WalletDocuments.AsNoTracking().Where(w => w.OwnerId == owner && w.SourceFileId != null && fileIds.Contains(w.SourceFileId.Value))
            .Select(w => w.SourceFileId!.Value).ToListAsync(ct)];

    /// <summary>Whether the applicant may keep this file of their dossier: any file, but a result only once released (signed).</summary>
    public static bool CanSave(Dossier dossier, DossierFile file) => file.Kind != DossierFileKind.Result || dossier.ReleasedAt is not null;

    /// <summary>
    /// Adds files of a dossier to its applicant's wallet within the caller's transaction (nothing for a dossier without an
    /// account); files already there are skipped, so repeating it changes nothing.
    /// </summary>
    public async Task StageAsync(Dossier dossier, IReadOnlyCollection<DossierFile> files, DateTimeOffset now, CancellationToken ct)
    {
        if (dossier.ApplicantId is not { } owner || files.Count == 0)
        {
            return;
        }

        var have = await SavedAsync(owner, files.Select(f => f.Id).ToList(), ct);
        foreach (var f in files.Where(f => !have.Contains(f.Id)))
        {
            db.WalletDocuments.Add(From(owner, dossier, f, now));
        }
    }

    /// <summary>"Lưu vào kho": the applicant keeps a file of one of their own dossiers. Idempotent; 404 for anyone else's.</summary>
    public async Task<WalletDocument> SaveFromDossierAsync(Actor actor, Guid dossierId, Guid fileId, CancellationToken ct)
    {
        var found = actor.IsApplicant
            ? await db.DossierFiles.AsNoTracking().Where(f => f.Id == fileId && f.DossierId == dossierId)
                .Join(db.Dossiers.AsNoTracking().Where(d => d.ApplicantId == actor.Id), f => f.DossierId, d => d.Id, (f, d) => new { File = f, Dossier = d })
                .FirstOrDefaultAsync(ct)
            : null;
        if (found is null)
        {
            throw new NotFoundException(Ui.T("Không tìm thấy tệp.", "File not found."));
        }

        if (!CanSave(found.Dossier, found.File))
        {
            throw new ConflictException(Ui.T("Kết quả chỉ được lưu vào kho sau khi được phê duyệt và ký số.", "A result can be kept only once it is approved and signed."));
        }

        if (await ExistingAsync(actor.Id, fileId, ct) is { } existing)
        {
            return existing;
        }

        var doc = From(actor.Id, found.Dossier, found.File, clock.GetUtcNow());
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.WalletDocuments.Add(doc);
            await audit.StageAsync("wallet.add", actor.Id, actor.Name, found.Dossier.Code ?? found.Dossier.Id.ToString(), $"{doc.Id} {doc.Kind} file {fileId}", ct);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return doc;
        }
        catch (DbUpdateException)
        {
            // The same file saved at the same moment by a second request (double click): that one stands.
            db.ChangeTracker.Clear();
            return await ExistingAsync(actor.Id, fileId, ct) ?? throw new ConflictException(Ui.T("Không lưu được vào kho. Thử lại.", "Could not save to the wallet. Try again."));
        }
    }

    /// <summary>Removes the document from the wallet only: the dossier file it came from, and its bytes, stay.</summary>
    public async Task RemoveAsync(Actor actor, Guid id, CancellationToken ct)
    {
        var doc = await FindAsync(actor, id, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.WalletDocuments.Where(w => w.Id == doc.Id && w.OwnerId == actor.Id).ExecuteDeleteAsync(ct);
        if (removed == 0)
        {
            throw NotFound();
        }

        await audit.StageAsync("wallet.remove", actor.Id, actor.Name, doc.SourceDossierCode ?? doc.Id.ToString(), $"{doc.Id} {doc.Kind}", ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Checks the wallet documents chosen for required documents of a dossier being filed: each must exist, be the actor's,
    /// answer a real required document, and its stored bytes must still match its hash. Problems go to
    /// <paramref name="errors"/> at "wallet[i]"; a choice the dossier already holds is skipped (saving a draft again).
    /// </summary>
    public async Task<List<WalletReuse>> ResolveAsync(Actor actor, Dossier dossier, IReadOnlyList<WalletChoice> choices, ProcedureContent content, List<RuleError> errors, CancellationToken ct)
    {
        var result = new List<WalletReuse>();
        if (choices.Count == 0)
        {
            return result;
        }

        var ids = choices.Select(c => c.WalletDocumentId).Distinct().ToList();
        var docs = await db.WalletDocuments.AsNoTracking().Where(w => w.OwnerId == actor.Id && ids.Contains(w.Id)).ToDictionaryAsync(w => w.Id, ct);
        foreach (var choice in choices.DistinctBy(c => c.DocumentIndex))
        {
            var path = $"wallet[{choice.DocumentIndex}]";
            if (choice.DocumentIndex < 0 || choice.DocumentIndex >= content.Documents.Count)
            {
                errors.Add(new(path, Ui.T("Thành phần hồ sơ không tồn tại.", "No such required document.")));
            }
            else if (!actor.IsApplicant || !docs.TryGetValue(choice.WalletDocumentId, out var doc))
            {
                errors.Add(new(path, Ui.T("Không tìm thấy giấy tờ đã chọn trong kho giấy tờ của bạn.", "The chosen document is not in your document wallet.")));
            }
            else if (!dossier.Files.Any(f => f.WalletDocumentId == doc.Id && f.DocumentIndex == choice.DocumentIndex))
            {
                if (await HashOfAsync(doc.StorageKey, ct) != doc.Sha256)
                {
                    errors.Add(new(path, Ui.T($"Tệp \"{doc.FileName}\" trong kho không còn nguyên vẹn; hãy tải tệp lên.", $"The stored file \"{doc.FileName}\" is damaged; upload the file instead.")));
                }
                else
                {
                    result.Add(new(choice.DocumentIndex, content.Documents[choice.DocumentIndex].Name, doc));
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The checked wallet documents become files of the dossier (same bytes and key, the wallet document recorded), within
    /// the caller's transaction; the reuse is written to the audit log. Returns the new files' ids.
    /// </summary>
    public async Task<List<Guid>> AttachAsync(Dossier dossier, IReadOnlyList<WalletReuse> reused, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var r in reused)
        {
            var d = r.Document;
            var file = Dossiers.DossierFiles.AddFile(db, dossier, new NewDossierFile(DossierFileKind.Submitted, r.DocumentIndex, r.DocumentName, d.FileName, d.ContentType, d.Size,
                d.Sha256, d.StorageKey, Digitised: d.Kind == WalletDocumentKind.Digitised, WalletDocumentId: d.Id), actor.Id, now);
            ids.Add(file.Id);
        }

        if (reused.Count > 0)
        {
            await audit.StageAsync("wallet.reuse", actor.Id, actor.Name, dossier.Code ?? dossier.Id.ToString(),
                string.Join("; ", reused.Select(r => $"documents[{r.DocumentIndex}] <- {r.Document.Id} {r.Document.Kind}{(r.Document.Verified ? " verified" : "")}")), ct);
        }

        return ids;
    }

    private async Task<string?> HashOfAsync(string key, CancellationToken ct)
    {
        try
        {
            await using var stream = await store.OpenAsync(key, ct);
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }
        catch (IOException)
        {
            return null; // gone from the store: treated as damaged
        }
    }

    private Task<WalletDocument?> ExistingAsync(Guid owner, Guid fileId, CancellationToken ct) =>
        db.WalletDocuments.AsNoTracking().FirstOrDefaultAsync(w => w.OwnerId == owner && w.SourceFileId == fileId, ct);

    private static WalletDocument From(Guid owner, Dossier dossier, DossierFile f, DateTimeOffset now)
    {
        var kind = f.Kind == DossierFileKind.Result ? WalletDocumentKind.Result : f.Digitised ? WalletDocumentKind.Digitised : WalletDocumentKind.FromDossier;
        return new WalletDocument
        {
            Id = Guid.CreateVersion7(),
            OwnerId = owner,
            Title = f.DocumentName,
            Kind = kind,
            FileName = f.FileName,
            ContentType = f.ContentType,
            Size = f.Size,
            Sha256 = f.Sha256,
            StorageKey = f.StorageKey,
            SourceDossierId = dossier.Id,
            SourceDossierCode = dossier.Code,
            SourceFileId = f.Id,
            ResultCode = f.ResultCode,
            AddedAt = now,
            Verified = kind != WalletDocumentKind.FromDossier,
        };
    }

    private static NotFoundException NotFound() => new(Ui.T("Không tìm thấy giấy tờ trong kho.", "Document not found in the wallet."));
}
