using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Payments;

namespace OneStop.Web.Features.Payments;

/// <summary>
/// Ngân hàng thử nghiệm: the sandbox bank's payment page. Anyone holding a signed order may open it (as at VNPay);
/// it exists only when the sandbox is on (never in Production).
/// </summary>
[AllowAnonymous]
public sealed class SandboxBankPageModel(SandboxBank bank) : PageModel
{
    public IReadOnlyDictionary<string, string>? Order { get; private set; }
    public string? Error { get; private set; }
    public IReadOnlyList<Domain.Catalogue.RuleError> Errors => Error is null ? [] : [new("outcome", Error)];
    public long AmountVnd => VnPay.FromVnPayAmount(Order?.GetValueOrDefault("vnp_Amount")) ?? 0;

    public IActionResult OnGet()
    {
        if (bank.Gateway is null)
        {
            return NotFound();
        }

        (Order, Error) = bank.Check(Fields(Request.Query));
        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }

    public async Task<IActionResult> OnPostAsync(SandboxOutcome? outcome, CancellationToken ct)
    {
        if (bank.Gateway is null)
        {
            return NotFound();
        }

        // The order travels in the form exactly as it came (hidden fields), and is checked again.
        var fields = Request.Form.Where(f => f.Key.StartsWith("vnp_", StringComparison.Ordinal)).ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        (Order, Error) = bank.Check(fields);
        if (Error is null && outcome is null)
        {
            Error = "Chọn kết quả giao dịch. / Choose an outcome.";
        }

        if (Error is not null)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        return Redirect((await bank.CompleteAsync(Order!, outcome!.Value, ct)).AbsoluteUri);
    }

    private static Dictionary<string, string> Fields(IQueryCollection query) => query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal);
}
