using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.RateLimiting;
using OneStop.Domain.Catalogue;
using OneStop.Web.Features.Identity;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Feedback;

/// <summary>Gửi câu hỏi, phản ánh: anyone, signed in or with name, phone and e-mail; the code and the answer's due date are shown at once.</summary>
[EnableRateLimiting(RateLimits.Feedback)]
public sealed class SendModel(FeedbackService service) : PageModel
{
    [BindProperty] public string? Kind { get; set; } = "question";
    [BindProperty] public string? Title { get; set; }
    [BindProperty(Name = "Content")] public string? Text { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Phone { get; set; }
    [BindProperty] public string? Email { get; set; }
    [BindProperty(SupportsGet = true, Name = "thuTuc")] public string? ProcedureCode { get; set; }
    [BindProperty] public string? DossierCode { get; set; }
    [BindProperty] public string? AgencyCode { get; set; }
    [BindProperty] public bool Consent { get; set; }
    public bool SignedIn { get; private set; }
    public FeedbackReceipt? Receipt { get; private set; }
    public List<RuleError> Errors { get; } = [];

    public string? ErrorFor(string path) => Errors.FirstOrDefault(e => e.Path == path)?.Message;

    public void OnGet() => SignedIn = Actor.From(User) is { IsApplicant: true };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var actor = Actor.From(User);
        SignedIn = actor is { IsApplicant: true };
        try
        {
            Receipt = await service.SubmitAsync(actor, new FeedbackRequest(Kind, Title, Text, Name, Phone, Email, ProcedureCode, DossierCode, AgencyCode, Consent), ct);
        }
        catch (RuleViolationException ex)
        {
            Errors.AddRange(ex.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }

        return Page();
    }
}
