using ClosedXML.Excel;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using OneStop.Domain.Dossiers;
using OneStop.Web.Data;
using OneStop.Web.Features.Dossiers;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Desk;

/// <summary>Mẫu 07, sổ theo dõi hồ sơ: the agency's register of dossiers for a period, on screen, in Excel and as PDF.</summary>
[Authorize(Policy = StaffRoles.StaffPolicy)]
public sealed class BookModel(OneStopDbContext db, DossierQueries queries, DeskForms forms, TimeProvider clock) : PageModel
{
    public const int MaxRows = 5000;

    public DateOnly From { get; private set; }
    public DateOnly To { get; private set; }
    public DossierStatus? Status { get; private set; }
    public string? ProcedureCode { get; private set; }
    public IReadOnlyList<DossierListItem> Rows { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(DateOnly? tuNgay, DateOnly? denNgay, DossierStatus? trangThai, string? thuTuc, string? xuat, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(VietnamTime.Now(clock).DateTime);
        To = denNgay ?? today;
        From = tuNgay ?? new DateOnly(To.Year, To.Month, 1);
        if (From > To)
        {
            (From, To) = (To, From);
        }

        Status = trangThai;
        ProcedureCode = string.IsNullOrWhiteSpace(thuTuc) ? null : thuTuc.Trim();
        var actor = Actor.From(User)!;
        Rows = await queries.BookAsync(actor.AgencyId!.Value, From, To, Status, ProcedureCode, MaxRows, ct);
        var name = $"so-theo-doi-{From:yyyyMMdd}-{To:yyyyMMdd}";
        if (xuat == "xlsx")
        {
            return File(Workbook(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
        }

        if (xuat == "pdf")
        {
            var agency = await db.Agencies.AsNoTracking().FirstAsync(a => a.Id == actor.AgencyId, ct);
            return File(forms.RenderBook(agency, From, To, Rows, clock.GetUtcNow()), "application/pdf", name + ".pdf");
        }

        return Page();
    }

    private byte[] Workbook()
    {
        using var wb = new XLWorkbook();
        var ws = wb.AddWorksheet("SoTheoDoi");
        ws.Cell(1, 1).Value = $"SỔ THEO DÕI HỒ SƠ (mẫu 07) — từ {VietnamTime.Format(From)} đến {VietnamTime.Format(To)}";
        ws.Cell(1, 1).Style.Font.Bold = true;
        for (var c = 0; c < DeskForms.BookColumns.Count; c++)
        {
            ws.Cell(3, c + 1).Value = DeskForms.BookColumns[c];
            ws.Cell(3, c + 1).Style.Font.Bold = true;
        }

        for (var r = 0; r < Rows.Count; r++)
        {
            var row = DeskForms.BookRow(r + 1, Rows[r]);
            for (var c = 0; c < row.Count; c++)
            {
                ws.Cell(r + 4, c + 1).Value = row[c];
            }
        }

        // Fixed widths: measuring text needs GDI+, which servers do not have.
        double[] widths = [6, 30, 45, 25, 17, 17, 17, 12, 28];
        for (var c = 0; c < widths.Length; c++)
        {
            ws.Column(c + 1).Width = widths[c];
        }

        ws.SheetView.FreezeRows(3);
        using var ms = new MemoryStream();
        wb.SaveAs(ms);
        return ms.ToArray();
    }
}
