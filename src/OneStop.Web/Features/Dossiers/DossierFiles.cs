using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>The files of dossiers: uploads inspected against the procedure's documents, stored, added, copied, and the required documents still missing.</summary>
public sealed class DossierFiles(OneStopDbContext db, IFileStore store)
{
    public sealed record Inspected(int? DocumentIndex, InspectedUpload Upload, string DocumentName);

    public static async Task<List<Inspected>> InspectAsync(IReadOnlyList<UploadInput> uploads, ProcedureContent? content, List<RuleError> errors, CancellationToken ct)
    {
        var result = new List<Inspected>();
        for (var i = 0; i < uploads.Count; i++)
        {
            var u = uploads[i];
            var path = u.DocumentIndex is { } d ? $"documents[{d}]" : $"files[{i}]";
            if (content is not null && u.DocumentIndex is { } idx && (idx < 0 || idx >= content.Documents.Count))
            {
                errors.Add(new(path, Ui.T("Thành phần hồ sơ không tồn tại.", "No such required document.")));
                continue;
            }

            var (upload, error) = await UploadInspector.InspectAsync(u.File, path, ct);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            var name = content is not null && u.DocumentIndex is { } di ? content.Documents[di].Name : Ui.T("Giấy tờ khác", "Other document");
            result.Add(new(u.DocumentIndex, upload!, name));
        }

        return result;
    }

    public static IEnumerable<RuleError> MissingDocuments(ProcedureContent content, Dossier dossier, IEnumerable<int?> incoming)
    {
        var have = dossier.Files.Where(f => f.DocumentIndex is not null).Select(f => f.DocumentIndex!.Value).Concat(incoming.Where(i => i is not null).Select(i => i!.Value)).ToHashSet();
        var form = FormDataRules.OnlineForm(content);
        for (var i = 0; i < content.Documents.Count; i++)
        {
            var doc = content.Documents[i];
            // The document whose form is filled in online needs no upload.
            if (doc.Required && !have.Contains(i) && !(form is not null && doc.Template?.Form == form))
            {
                yield return new($"documents[{i}]", Ui.T($"Thiếu giấy tờ bắt buộc: {doc.Name}", $"Missing required document: {doc.Name}"));
            }
        }
    }

    public async Task<List<Guid>> StoreAsync(Dossier dossier, List<Inspected> uploads, DossierFileKind kind, Actor actor, bool digitised, DateTimeOffset now, CancellationToken ct)
    {
        var ids = new List<Guid>();
        foreach (var u in uploads)
        {
            var key = await store.SaveAsync(new MemoryStream(u.Upload.Content, writable: false), ct);
            var file = AddFile(db, dossier, new NewDossierFile(kind, u.DocumentIndex, u.DocumentName, u.Upload.FileName, u.Upload.ContentType, u.Upload.Size, u.Upload.Sha256, key, digitised),
                actor.Id == Guid.Empty ? null : actor.Id, now);
            ids.Add(file.Id);
        }

        return ids;
    }

    /// <summary>Adds a new file to a dossier and to the unit of work; its bytes are already in the store under its key.</summary>
    public static DossierFile AddFile(OneStopDbContext db, Dossier dossier, NewDossierFile f, Guid? by, DateTimeOffset now)
    {
        var file = new DossierFile
        {
            Id = Guid.CreateVersion7(),
            DossierId = dossier.Id,
            Kind = f.Kind,
            DocumentIndex = f.DocumentIndex,
            DocumentName = f.DocumentName.Length > 500 ? f.DocumentName[..500] : f.DocumentName,
            FileName = f.FileName,
            ContentType = f.ContentType,
            Size = f.Size,
            Sha256 = f.Sha256,
            StorageKey = f.StorageKey,
            Digitised = f.Digitised,
            WalletDocumentId = f.WalletDocumentId,
            UploadedAt = now,
            UploadedBy = by,
        };
        // Added explicitly: a new entity with a client-made key found through a navigation would be taken for an update.
        db.DossierFiles.Add(file);
        if (!dossier.Files.Contains(file))
        {
            dossier.Files.Add(file);
        }

        return file;
    }
}
