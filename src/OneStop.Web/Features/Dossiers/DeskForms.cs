using System.Globalization;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Catalogue;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Documents;
using OneStop.Web.Shared;
using OneStop.Domain.Roles;
using OneStop.Domain.Ratings;

namespace OneStop.Web.Features.Dossiers;

/// <summary>
/// The one-stop desk's forms (Thông tư 03/2025/TT-VPCP, Phụ lục I) built from a dossier and its history. Forms 01–05,
/// which the agency issues to the applicant, are signed once, when the action that issues them happens, and kept in the
/// file store: a reprint is the same file, byte for byte. Form 06, the internal control slip, changes with every step:
/// it is drawn on request and not signed.
/// </summary>
public sealed class DeskForms(OneStopDbContext db, PdfFormRenderer renderer, Documents.Signing.DocumentSigning signing, IFileStore store,
    Microsoft.Extensions.Options.IOptions<OneStopOptions> settings)
{
    public static readonly IReadOnlyDictionary<string, (string Vietnamese, string English)> Titles = new Dictionary<string, (string, string)>
    {
        ["01"] = ("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Receipt and appointment slip"),
        ["02"] = ("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Request to supplement the dossier"),
        ["03"] = ("Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Refusal to accept the dossier"),
        ["04"] = ("Phiếu xin lỗi và hẹn lại ngày trả kết quả", "Apology letter with a new date"),
        ["05"] = ("Thông báo dừng giải quyết hồ sơ", "Notice of stopping"),
        ["06"] = ("Phiếu kiểm soát quá trình giải quyết hồ sơ", "Control slip"),
        ["07"] = ("Sổ theo dõi hồ sơ", "Tracking book"),
    };

    /// <summary>Forms 01–05 that exist for a dossier (each issued by an action), and 06 always once submitted.</summary>
    public static IReadOnlyList<string> Available(Dossier dossier, IEnumerable<DossierEvent> history)
    {
        var forms = history.Where(e => e.Form is not null).Select(e => e.Form!).Distinct().Order().ToList();
        if (dossier.Code is not null)
        {
            forms.Add("06");
        }

        return forms;
    }

    /// <summary>
    /// The agency's signing key when <paramref name="action"/> issues a form, else null. Called before the action's
    /// transaction begins (a development certificate may be made in a transaction of its own); throws
    /// <see cref="Documents.Signing.SigningUnavailableException"/> (503) when the agency cannot sign, so the action
    /// fails before anything changes.
    /// </summary>
    public async Task<Documents.Signing.ISigningKey?> KeyForIssueAsync(DossierAction action, Agency agency, CancellationToken ct) =>
        DeskForm.IssuedBy(action) is null ? null : await signing.KeyForAsync(agency, ct);

    /// <summary>
    /// Signs and stores the forms that the action just saved has issued — the history records of
    /// <paramref name="dossier"/> in this unit of work with a form and no stored copy — and saves their storage keys.
    /// Called inside the action's transaction after its SaveChanges, with the key from <see cref="KeyForIssueAsync"/>,
    /// so the action and its signed form are committed together or not at all.
    /// </summary>
    public async Task IssueAsync(Dossier dossier, Agency agency, Documents.Signing.ISigningKey? key, CancellationToken ct)
    {
        var issued = db.ChangeTracker.Entries<DossierEvent>()
            .Where(e => e.State == EntityState.Unchanged && e.Entity.DossierId == dossier.Id && e.Entity.Form is not null && e.Entity.FormStorageKey is null)
            .Select(e => e.Entity).OrderBy(e => e.Id).ToList();
        if (issued.Count == 0)
        {
            return;
        }

        foreach (var e in issued)
        {
            await IssueAsync(dossier, agency, e, key ?? throw new InvalidOperationException($"Form {e.Form} was issued without a signing key: fetch it with KeyForIssueAsync before the transaction."), ct);
        }

        await db.SaveChangesAsync(ct);
    }

    /// <summary>Signs and stores form <see cref="DossierEvent.Form"/> of one saved history record; the caller saves the record.</summary>
    public async Task IssueAsync(Dossier dossier, Agency agency, DossierEvent issued, Documents.Signing.ISigningKey key, CancellationToken ct)
    {
        var signed = signing.Sign(await DrawAsync(dossier, agency, issued.Form!, issued, ct), key, dossier.Code!);
        (issued.FormStorageKey, issued.FormSha256) = await StoreAsync(signed, ct);
    }

    /// <summary>
    /// Form 01–06 of a dossier; null when that form was never issued for it. Forms 01–05 are the stored signed copy of
    /// the latest issue. One issued before forms were signed at issue has none yet: it is signed and stored at this
    /// first download (a concurrent first download keeps whichever copy was stored first), so every later one is the
    /// same file.
    /// </summary>
    public async Task<byte[]?> RenderAsync(Dossier dossier, string form, CancellationToken ct)
    {
        var issued = dossier.Code is null ? null
            : await db.DossierEvents.AsNoTracking().Where(e => e.DossierId == dossier.Id && (form == "06" || e.Form == form)).OrderByDescending(e => e.Id).FirstOrDefaultAsync(ct);
        if (issued is null)
        {
            return null;
        }

        if (form != "06" && issued.FormStorageKey is { } stored)
        {
            return await ReadAsync(stored, issued.FormSha256, ct);
        }

        var agency = await db.Agencies.AsNoTracking().IgnoreQueryFilters().FirstAsync(a => a.Id == dossier.AgencyId, ct);
        var pdf = await DrawAsync(dossier, agency, form, issued, ct);
        if (form == "06")
        {
            return pdf.Bytes;
        }

        var signed = signing.Sign(pdf, await signing.KeyForAsync(agency, ct), dossier.Code!);
        var (key, sha256) = await StoreAsync(signed, ct);
        var first = await db.DossierEvents.Where(e => e.Id == issued.Id && e.FormStorageKey == null)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.FormStorageKey, key).SetProperty(e => e.FormSha256, sha256), ct);
        if (first == 1)
        {
            return signed;
        }

        var winner = await db.DossierEvents.AsNoTracking().Where(e => e.Id == issued.Id).Select(e => new { e.FormStorageKey, e.FormSha256 }).FirstAsync(ct);
        return await ReadAsync(winner.FormStorageKey!, winner.FormSha256, ct);
    }

    private async Task<(string Key, string Sha256)> StoreAsync(byte[] pdf, CancellationToken ct) =>
        (await store.SaveAsync(new MemoryStream(pdf, writable: false), ct), Convert.ToHexStringLower(SHA256.HashData(pdf)));

    /// <summary>The stored bytes, checked against the hash recorded when they were issued.</summary>
    private async Task<byte[]> ReadAsync(string key, string? sha256, CancellationToken ct)
    {
        byte[] bytes;
        await using (var stream = await store.OpenAsync(key, ct))
        using (var buffer = new MemoryStream())
        {
            await stream.CopyToAsync(buffer, ct);
            bytes = buffer.ToArray();
        }

        return sha256 is null || Convert.ToHexStringLower(SHA256.HashData(bytes)) == sha256
            ? bytes
            : throw new InvalidOperationException($"The stored form {key} does not match the hash recorded when it was issued.");
    }

    /// <summary>Draws form <paramref name="form"/> as issued by <paramref name="issued"/> (for 06: the latest record), ready for signing.</summary>
    private async Task<Documents.Signing.RenderedPdf> DrawAsync(Dossier dossier, Agency agency, string form, DossierEvent issued, CancellationToken ct)
    {
        var history = await db.DossierEvents.AsNoTracking().Where(e => e.DossierId == dossier.Id).OrderBy(e => e.Id).ToListAsync(ct);
        var superior = agency.ParentId is { } pid
            ? await db.Agencies.AsNoTracking().IgnoreQueryFilters().Where(a => a.Id == pid).Select(a => a.Name).FirstOrDefaultAsync(ct)
            : null;
        var code = dossier.Code!;
        var doc = new DeskFormDocument
        {
            FormNumber = form,
            Title = Titles[form].Vietnamese.ToUpper(CultureInfo.GetCultureInfo("vi-VN")),
            Subtitle = $"Mã hồ sơ: {code}",
            SuperiorAgencyName = (superior ?? "UBND thành phố Hà Nội").ToUpper(CultureInfo.GetCultureInfo("vi-VN")),
            AgencyName = agency.Name.ToUpper(CultureInfo.GetCultureInfo("vi-VN")),
            DeskName = agency.DeskName,
            DossierCode = code,
            // The portal's public address (as in the notifications), not the request's: a form may be issued with no request.
            TrackingUrl = DossierCodes.TrackingLink(settings.Value.PublicUrl, code, dossier.TrackingKey),
            IssuedAt = issued.At,
            Blocks = Blocks(dossier, form, issued, history, agency),
            SignerTitle = form switch
            {
                "01" or "02" or "03" => "NGƯỜI TIẾP NHẬN HỒ SƠ",
                "04" or "05" => "THỦ TRƯỞNG CƠ QUAN",
                _ => null,
            },
            SignerName = form is "01" or "02" or "03" ? issued.ActorName : null,
        };
        return renderer.RenderForSigning(doc);
    }

    private static List<DeskFormBlock> Blocks(Dossier d, string form, DossierEvent issued, IReadOnlyList<DossierEvent> history, Agency agency)
    {
        var applicant = new List<KeyValuePair<string, string>>
        {
            new("Người nộp hồ sơ", d.ApplicantName),
        };
        if (d.ApplicantAddress is { } address)
        {
            applicant.Add(new("Địa chỉ", address));
        }

        if (d.ApplicantPhone is { } phone)
        {
            applicant.Add(new("Số điện thoại", phone));
        }

        if (d.ApplicantEmail is { } email)
        {
            applicant.Add(new("Thư điện tử", email));
        }

        applicant.Add(new("Thủ tục", $"{d.ProcedureName} ({d.ProcedureCode})"));
        applicant.Add(new("Kênh nộp", ChannelName(d.Channel)));
        var blocks = new List<DeskFormBlock>();
        switch (form)
        {
            case "01":
                blocks.Add(new ParagraphBlock($"{agency.DeskName} tiếp nhận hồ sơ của:"));
                blocks.Add(new FieldsBlock(applicant));
                blocks.Add(new HeadingBlock("Thành phần hồ sơ đã nhận"));
                blocks.Add(new ListBlock(DocumentLines(d)));
                blocks.Add(new FieldsBlock(
                [
                    new("Thời điểm tiếp nhận", LongTime(issued.At)),
                    new("Thời hạn giải quyết", d.TimeLimit.Text),
                    new("Thời gian hẹn trả kết quả", issued.Details is ReceivedDetails received ? LongTime(received.DueAt) : "—"),
                    new("Nơi trả kết quả", $"{agency.DeskName}{(agency.DeskAddress is null ? "" : ", " + agency.DeskAddress)} hoặc trực tuyến"),
                ]));
                blocks.Add(new ParagraphBlock("Tra cứu tình trạng hồ sơ bằng mã hồ sơ và số điện thoại tại Cổng dịch vụ công, hoặc quét mã QR trên phiếu này.", Italic: true));
                if (RatingRules.KioskCode(d.TrackingKey) is { } ratingCode)
                {
                    blocks.Add(new ParagraphBlock($"Đánh giá mức độ hài lòng khi nhận kết quả: mã đánh giá {RatingRules.FormatKioskCode(ratingCode)}, nhập tại máy tính bảng ở Bộ phận Một cửa hoặc tại trang \"Đánh giá\" (/danh-gia) của Cổng dịch vụ công; hoặc quét mã QR trên phiếu này.", Italic: true));
                }

                break;
            case "02":
                blocks.Add(new ParagraphBlock($"{agency.DeskName} đã nhận hồ sơ của:"));
                blocks.Add(new FieldsBlock(applicant));
                blocks.Add(new ParagraphBlock("Hồ sơ chưa đầy đủ, hợp lệ. Đề nghị ông/bà bổ sung, hoàn thiện các nội dung sau:"));
                blocks.Add(new ListBlock(issued.Details is SupplementRequestedDetails asked ? [.. asked.Missing] : []));
                if (issued.Note is { } note2)
                {
                    blocks.Add(new FieldsBlock([new("Ghi chú", note2)]));
                }

                blocks.Add(new ParagraphBlock("Ông/bà bổ sung trực tuyến trên Cổng dịch vụ công (mục \"Hồ sơ của tôi\") hoặc tại Bộ phận Một cửa. Mọi vướng mắc xin liên hệ Bộ phận Một cửa.", Italic: true));
                break;
            case "03":
                blocks.Add(new FieldsBlock(applicant));
                blocks.Add(new ParagraphBlock("Sau khi xem xét, cơ quan từ chối tiếp nhận giải quyết hồ sơ với lý do:"));
                blocks.Add(new ParagraphBlock(issued.Note ?? "—"));
                blocks.Add(new ParagraphBlock("Xin thông báo để ông/bà biết.", Italic: true));
                break;
            case "04":
                blocks.Add(new ParagraphBlock($"Ngày {LongDate(d.ReceivedAt ?? issued.At)}, {agency.Name} tiếp nhận hồ sơ của ông/bà {d.ApplicantName} về thủ tục {d.ProcedureName}, hẹn trả kết quả {(issued.Details is ApologyDetails before ? LongTime(before.PreviousDueAt) : "—")}."));
                blocks.Add(new ParagraphBlock($"Tuy nhiên, đến nay cơ quan chưa trả được kết quả đúng hẹn. Lý do: {issued.Note}"));
                blocks.Add(new ParagraphBlock($"Cơ quan xin lỗi ông/bà vì sự chậm trễ này và hẹn trả kết quả vào {(issued.Details is ApologyDetails after ? LongTime(after.NewDueAt) : "—")}."));
                blocks.Add(new ParagraphBlock("Mong ông/bà thông cảm.", Italic: true));
                break;
            case "05":
                blocks.Add(new FieldsBlock(applicant));
                blocks.Add(new ParagraphBlock("Cơ quan thông báo dừng giải quyết hồ sơ nêu trên. Lý do:"));
                blocks.Add(new ParagraphBlock(issued.Note ?? "—"));
                break;
            case "06":
                blocks.Add(new FieldsBlock(
                [
                    new("Người nộp hồ sơ", d.ApplicantName),
                    new("Thủ tục", $"{d.ProcedureName} ({d.ProcedureCode})"),
                    new("Ngày hẹn trả", d.DueAt is { } due6 ? LongTime(due6) : "—"),
                ]));
                blocks.Add(new TableBlock(
                    ["Tên cơ quan, bộ phận", "Người giao / thao tác", "Thời gian", "Kết quả", "Ghi chú"],
                    history.Where(e => e.Action != DossierAction.SaveDraft).Select(e => (IReadOnlyList<string>)
                    [
                        e.AgencyName ?? "Chủ hồ sơ",
                        $"{e.ActorName} ({RoleName(e.ActorRole)})",
                        ControlTime(e.At),
                        $"{DossierStateMachine.Name(e.Action).Vietnamese}{(e.ToStepName is { } s && e.ToStep != e.FromStep ? " → " + s : "")} ({DossierStatuses.Of(e.ToStatus).Vietnamese})",
                        e.Note ?? Summary(e.Details),
                    ]).ToList(),
                    [1.4f, 1.4f, 1.2f, 1.6f, 1.2f]));
                break;
        }

        return blocks;
    }

    /// <summary>Form 07 for an agency and a period, as a PDF register (landscape).</summary>
    public byte[] RenderBook(Agency agency, DateOnly from, DateOnly to, IReadOnlyList<DossierListItem> rows, DateTimeOffset now) =>
        renderer.Render(new DeskFormDocument
        {
            FormNumber = "07",
            Title = "SỔ THEO DÕI HỒ SƠ",
            Subtitle = $"Từ ngày {VietnamTime.Format(from)} đến ngày {VietnamTime.Format(to)}",
            SuperiorAgencyName = "UBND THÀNH PHỐ HÀ NỘI",
            AgencyName = agency.Name.ToUpper(CultureInfo.GetCultureInfo("vi-VN")),
            DeskName = agency.DeskName,
            DossierCode = "",
            IssuedAt = now,
            Landscape = true,
            Blocks =
            [
                new TableBlock(BookColumns, rows.Select((r, i) => BookRow(i + 1, r)).ToList(), [0.4f, 1.6f, 1.8f, 1.3f, 1f, 1f, 1f, 1f, 1.1f]),
            ],
        });

    public static readonly IReadOnlyList<string> BookColumns =
        ["STT", "Mã hồ sơ", "Thủ tục", "Người nộp", "Ngày nhận", "Hẹn trả", "Ngày trả", "Kênh", "Trạng thái"];

    public static IReadOnlyList<string> BookRow(int n, DossierListItem r) =>
    [
        n.ToString(CultureInfo.InvariantCulture), r.Code ?? "", r.ProcedureName, r.ApplicantName,
        r.ReceivedAt is { } rec ? VietnamTime.Format(rec) : "", r.DueAt is { } due ? VietnamTime.Format(due) : "",
        r.CompletedAt is { } done ? VietnamTime.Format(done) : "", ChannelName(r.Channel),
        DossierStatuses.Of(r.Status).Vietnamese + (r.DeadlineState == DeadlineState.Overdue ? " (quá hạn)" : ""),
    ];

    private static List<string> DocumentLines(Dossier d)
    {
        var lines = d.Files.Where(f => f.Kind != DossierFileKind.Result)
            .Select(f => $"{f.DocumentName}{(f.Digitised ? " (đã số hoá)" : "")}: {f.FileName}").ToList();
        if (d.FormData.Count > 0)
        {
            lines.Insert(0, "Tờ khai điện tử (điền trực tuyến)");
        }

        return lines.Count == 0 ? ["—"] : lines;
    }

    public static string ChannelName(Channel c) => c switch
    {
        Channel.Online => "Trực tuyến",
        Channel.InPerson => "Trực tiếp",
        Channel.Post => "Bưu chính",
        Channel.Transfer => "Liên thông",
        _ => c.ToString(),
    };

    private static string RoleName(string role) => Enum.TryParse<StaffRole>(role, out var r)
        ? Identity.StaffRoles.Name(r).Vietnamese
        : role switch { "Applicant" => "Chủ hồ sơ", "System" => "Hệ thống", _ => role };

    /// <summary>"HH giờ mm phút, ngày dd tháng MM năm yyyy", as the control slip writes times.</summary>
    public static string ControlTime(DateTimeOffset t)
    {
        var v = VietnamTime.ToVietnam(t);
        return $"{v:HH} giờ {v:mm} phút, ngày {v:dd} tháng {v:MM} năm {v:yyyy}";
    }

    private static string LongTime(DateTimeOffset t) => ControlTime(t);

    /// <summary>What the control slip notes for an action without a note: the other dossier of a transfer, or the result's code.</summary>
    private static string Summary(EventDetails? details) => details switch
    {
        TransferredDetails t => $"{t.ToCode}, {t.ToAgency}",
        TransferredFromDetails f => f.FromCode,
        ResultAttachedDetails r => r.ResultCode,
        _ => "",
    };

    private static string LongDate(DateTimeOffset t)
    {
        var v = VietnamTime.ToVietnam(t);
        return $"{v:dd}/{v:MM}/{v:yyyy}";
    }
}
