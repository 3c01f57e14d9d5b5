using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Feedback;
using OneStop.Domain.Ratings;
using OneStop.Web.Data;
using OneStop.Web.Features.Feedback;
using OneStop.Web.Features.Identity;

namespace OneStop.Web.Features.Ratings;

/// <summary>A dissatisfied rating's comment, for the agency's leaders.</summary>
public sealed record DissatisfiedComment(string DossierCode, string ProcedureCode, DateTimeOffset RatedAt, string Comment);

/// <summary>The satisfaction report of one agency (with its sub-units) for a period.</summary>
public sealed record SatisfactionReportData(
    string AgencyName, DateTimeOffset From, DateTimeOffset To, RatingCounts Ratings, IReadOnlyList<(string Key, string Vietnamese, string English, double? Average, int Count)> Criteria,
    IReadOnlyList<DissatisfiedComment> Comments, FeedbackTimeliness Feedback, IReadOnlyList<(FeedbackStatus Status, int Count)> FeedbackByStatus)
{
    public bool MeetsTarget => Ratings.SatisfiedPercent is { } p && p >= RatingRules.TargetPercent;
}

/// <summary>Builds the satisfaction report (ratings by answer and channel, % satisfied against 85%, criteria averages, dissatisfied comments, feedback on time and by status) and its Excel workbook.</summary>
public sealed class SatisfactionReport(OneStopDbContext db, SatisfactionFigures figures)
{
    public async Task<SatisfactionReportData> BuildAsync(Guid agencyId, DateTimeOffset from, DateTimeOffset to, bool withComments, CancellationToken ct)
    {
        var agencies = db.SubTreeOf(agencyId);
        var ratings = db.Set<DossierRating>().AsNoTracking().Where(r => agencies.Contains(r.AgencyId) && r.RatedAt >= from && r.RatedAt < to);
        var scores = await ratings.Select(r => new { r.TimeScore, r.ContactsScore, r.AttitudeScore, r.InformationScore }).ToListAsync(ct);
        (string, string, string, double?, int) Average(string key, string vi, string en, Func<int?[]> pick)
        {
            var given = pick().Where(v => v is not null).Select(v => (double)v!.Value).ToList();
            return (key, vi, en, given.Count == 0 ? null : Math.Round(given.Average(), 2), given.Count);
        }

        var criteria = RatingRules.Criteria.Select(c => Average(c.Key, c.Vietnamese, c.English, () => c.Key switch
        {
            "time" => [.. scores.Select(s => s.TimeScore)],
            "contacts" => [.. scores.Select(s => s.ContactsScore)],
            "attitude" => [.. scores.Select(s => s.AttitudeScore)],
            _ => [.. scores.Select(s => s.InformationScore)],
        })).ToList();
        var comments = withComments
            ? await ratings.Where(r => r.Answer == RatingAnswer.Dissatisfied && r.Comment != null).OrderByDescending(r => r.RatedAt).Take(200)
                .Select(r => new DissatisfiedComment(r.DossierCode, r.ProcedureCode, r.RatedAt, r.Comment!)).ToListAsync(ct)
            : [];
        var byStatus = (await db.Set<FeedbackItem>().AsNoTracking().Where(f => agencies.Contains(f.AgencyId) && f.ReceivedAt >= from && f.ReceivedAt < to)
            .GroupBy(f => f.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct))
            .OrderBy(g => g.Key).Select(g => (g.Key, g.Count)).ToList();
        var name = await db.Agencies.IgnoreQueryFilters().Where(a => a.Id == agencyId).Select(a => a.Name).FirstAsync(ct);
        return new SatisfactionReportData(name, from, to, await figures.RatingsAsync(agencyId, from, to, ct), criteria, comments,
            await figures.FeedbackAsync(agencyId, from, to, ct), byStatus);
    }

    public static byte[] Workbook(SatisfactionReportData r)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("HaiLong");
        var rows = new List<(string, object?)>
        {
            ("Cơ quan (Agency)", r.AgencyName),
            ("Từ ngày (From)", Shared.VietnamTime.Format(r.From)),
            ("Đến trước (To)", Shared.VietnamTime.Format(r.To)),
            ("Rất hài lòng (Very satisfied)", r.Ratings.VerySatisfied),
            ("Hài lòng (Satisfied)", r.Ratings.Satisfied),
            ("Không hài lòng (Dissatisfied)", r.Ratings.Dissatisfied),
            ("Tổng số đánh giá (Ratings)", r.Ratings.Total),
            ("Trực tuyến (Online)", r.Ratings.Online),
            ("Tại quầy (Kiosk)", r.Ratings.Kiosk),
            ("Tỷ lệ hài lòng % (Satisfied %)", r.Ratings.SatisfiedPercent),
            ("Chỉ tiêu % (Target %)", RatingRules.TargetPercent),
            ("PAKN đúng hạn (Feedback on time)", r.Feedback.OnTime),
            ("PAKN trễ hạn (Feedback late)", r.Feedback.Late),
        };
        rows.AddRange(r.Criteria.Select(c => ($"Điểm TB: {c.Vietnamese} ({c.English}, 0–2)", (object?)c.Average)));
        rows.AddRange(r.FeedbackByStatus.Select(s => ($"PAKN: {FeedbackRules.StatusName(s.Status).Vietnamese} ({s.Status})", (object?)s.Count)));
        for (var i = 0; i < rows.Count; i++)
        {
            sheet.Cell(i + 1, 1).Value = rows[i].Item1;
            sheet.Cell(i + 1, 2).Value = rows[i].Item2 is decimal m ? (double)m : rows[i].Item2 ?? "";
        }

        sheet.Column(1).Width = 60;
        sheet.Column(2).Width = 40;
        var comments = book.AddWorksheet("KhongHaiLong");
        string[] headers = ["Mã hồ sơ (Dossier)", "Thủ tục (Procedure)", "Thời điểm (Rated at)", "Ý kiến (Comment)"];
        for (var c = 0; c < headers.Length; c++)
        {
            comments.Cell(1, c + 1).Value = headers[c];
        }

        for (var i = 0; i < r.Comments.Count; i++)
        {
            var x = r.Comments[i];
            comments.Cell(i + 2, 1).Value = x.DossierCode;
            comments.Cell(i + 2, 2).Value = x.ProcedureCode;
            comments.Cell(i + 2, 3).Value = Shared.VietnamTime.Format(x.RatedAt);
            comments.Cell(i + 2, 4).Value = x.Comment;
        }

        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();
    }
}
