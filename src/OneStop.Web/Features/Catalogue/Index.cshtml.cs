using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Agencies;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Catalogue;

/// <summary>The public catalogue search page. Query names are Vietnamese, as people share these links.</summary>
public sealed class IndexModel(CatalogueQueries queries, AgencyQueries agencies) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")] public string? Q { get; set; }
    [BindProperty(SupportsGet = true, Name = "linhVuc")] public string? LinhVuc { get; set; }
    [BindProperty(SupportsGet = true, Name = "coQuan")] public string? CoQuan { get; set; }
    [BindProperty(SupportsGet = true, Name = "cap")] public AgencyLevel? Cap { get; set; }
    [BindProperty(SupportsGet = true, Name = "mucDo")] public int? MucDo { get; set; }
    [BindProperty(SupportsGet = true, Name = "trang")] public int Trang { get; set; } = 1;

    public PagedResult<ProcedureSummary> Result { get; private set; } = new([], 0, 1, 20);
    public IReadOnlyList<FieldCount> Fields { get; private set; } = [];
    public IReadOnlyList<AgencySummary> Agencies { get; private set; } = [];
    public List<RuleError> Errors { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Fields = await queries.FieldsAsync(ct);
        Agencies = await agencies.FilterChoicesAsync(ct);
        if (!ModelState.IsValid)
        {
            Errors.Add(new(Ui.T("bộ lọc", "filters"), Ui.T("Giá trị bộ lọc không hợp lệ đã được bỏ qua.", "An invalid filter value was ignored.")));
        }

        ServiceLevel? level = MucDo is { } m && Enum.IsDefined((ServiceLevel)m) ? (ServiceLevel)m : null;
        if (MucDo is not null && level is null)
        {
            Errors.Add(new(Ui.T("mức độ", "level"), Ui.T("Mức độ phải từ 1 đến 4.", "Level must be 1 to 4.")));
        }

        var agency = Agencies.Any(a => a.Code == CoQuan) ? CoQuan : null;
        if (!string.IsNullOrEmpty(CoQuan) && agency is null)
        {
            Errors.Add(new(Ui.T("cơ quan", "agency"), Ui.T("Không có cơ quan đã chọn.", "The chosen agency does not exist.")));
        }

        Result = await queries.SearchAsync(new CatalogueFilter(Q, LinhVuc, agency, Cap, level, Math.Max(1, Trang)), ct);
    }

    public string PageUrl(int page)
    {
        var q = new Dictionary<string, string?>
        {
            ["q"] = Q, ["linhVuc"] = LinhVuc, ["coQuan"] = CoQuan, ["cap"] = Cap?.ToString(), ["mucDo"] = MucDo?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["trang"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/thu-tuc", q.Where(kv => !string.IsNullOrEmpty(kv.Value))!);
    }
}
