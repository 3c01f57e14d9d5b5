using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Domain.Text;
using OneStop.Web.Data;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// The files of dossiers: uploads inspected against the procedure's documents, stored, added, copied, and the required
/// documents still missing. Every upload path (filing, desk scans, supplements, results) goes through
/// <see cref="InspectAsync"/> — type from the bytes, a clean one-line file name, no active PDF content, markup or
/// oversized image — and, where files are added to a dossier by a person, <see cref="CheckQuotaAsync"/>.
/// </summary>
public sealed class DossierFiles(OneStopDbContext db, IFileStore store, IOptions<OneStopOptions> options)
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

            var (inspected, error) = await UploadInspector.InspectAsync(u.File, path, ct);
            if (error is not null)
            {
                errors.Add(error);
                continue;
            }

            // The name goes into signed forms: one line, no control or direction characters.
            var upload = inspected! with { FileName = DocumentText.FileName(inspected.FileName) };
            if (UploadRules.CheckContent(upload.ContentType, upload.Content) is { } refusal)
            {
                errors.Add(new(path, Refusal(refusal, upload.FileName)));
                continue;
            }

            var name = content is not null && u.DocumentIndex is { } di ? content.Documents[di].Name : Ui.T("Giấy tờ khác", "Other document");
            result.Add(new(u.DocumentIndex, upload, name));
        }

        return result;
    }

    private static string Refusal(ContentRefusal refusal, string name) => refusal switch
    {
        ContentRefusal.ActivePdfContent => Ui.T(
            $"Tệp \"{name}\" chứa mã JavaScript, lệnh chạy chương trình hoặc tệp đính kèm bên trong: hãy in lại thành PDF thông thường rồi tải lên.",
            $"The file \"{name}\" contains JavaScript, a launch action or embedded files: print it to a plain PDF and upload that."),
        ContentRefusal.Markup => Ui.T(
            $"Tệp \"{name}\" chứa mã HTML hoặc mã lệnh: không nhận.",
            $"The file \"{name}\" contains HTML or script and is not accepted."),
        _ => Ui.T(
            $"Ảnh \"{name}\" quá lớn (tối đa {UploadRules.MaxImageSide:N0} điểm ảnh mỗi cạnh và {UploadRules.MaxImagePixels / 1_000_000} triệu điểm ảnh).",
            $"The image \"{name}\" is too large (at most {UploadRules.MaxImageSide:N0} pixels a side and {UploadRules.MaxImagePixels / 1_000_000} megapixels)."),
    };

    /// <summary>
    /// Adds an error for each quota (<see cref="OneStopOptions.Uploads"/>) the uploads would exceed on this dossier:
    /// files per document and per dossier, bytes per draft, and for an applicant the bytes uploaded today (Vietnam time).
    /// </summary>
    public async Task CheckQuotaAsync(Actor actor, Dossier dossier, IReadOnlyList<Inspected> uploads, DateTimeOffset now, List<RuleError> errors, CancellationToken ct)
    {
        if (uploads.Count == 0)
        {
            return;
        }

        long? today = null;
        if (actor.IsApplicant)
        {
            var local = VietnamTime.ToVietnam(now);
            var midnight = new DateTimeOffset(local.Date, VietnamTime.Offset);
            today = await db.DossierFiles.AsNoTracking().Where(f => f.UploadedBy == actor.Id && f.UploadedAt >= midnight).SumAsync(f => f.Size, ct);
        }

        var quota = options.Value.Uploads;
        var existing = dossier.Files.Where(f => f.Kind != DossierFileKind.Result).Select(f => new FileTally(f.DocumentIndex, f.Size)).ToList();
        var incoming = uploads.Select(u => new FileTally(u.DocumentIndex, u.Upload.Size)).ToList();
        foreach (var r in UploadRules.CheckQuota(quota, existing, incoming, dossier.Status == DossierStatus.Draft, today))
        {
            errors.Add(r.Breach switch
            {
                QuotaBreach.FilesPerDocument => new($"documents[{r.DocumentIndex}]", Ui.T(
                    $"Mỗi thành phần hồ sơ có tối đa {r.Limit} tệp.", $"At most {r.Limit} files per required document.")),
                QuotaBreach.FilesPerDossier => new("files", Ui.T(
                    $"Mỗi hồ sơ có tối đa {r.Limit} tệp.", $"At most {r.Limit} files per dossier.")),
                QuotaBreach.BytesPerDraft => new("files", Ui.T(
                    $"Tổng dung lượng tệp của hồ sơ nháp vượt quá {Megabytes(r.Limit)} MB.", $"The draft's files would exceed {Megabytes(r.Limit)} MB in all.")),
                _ => new("files", Ui.T(
                    $"Mỗi ngày mỗi tài khoản tải lên tối đa {Megabytes(r.Limit)} MB; hãy tiếp tục vào ngày mai.", $"Each account uploads at most {Megabytes(r.Limit)} MB a day; please continue tomorrow.")),
            });
        }
    }

    private static long Megabytes(long bytes) => bytes / (1024 * 1024);

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
