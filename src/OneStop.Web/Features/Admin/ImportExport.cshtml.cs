using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OneStop.Domain.Catalogue;
using OneStop.Web.Data;
using OneStop.Web.Features.Catalogue;
using OneStop.Web.Shared;

namespace OneStop.Web.Features.Admin;

/// <summary>Upload a catalogue (JSON or Excel): all or nothing, with every bad row listed.</summary>
[RequestSizeLimit(MaxBytes + 64 * 1024)]
public sealed class ImportExportModel(CatalogueWriter writer) : PageModel
{
    public const int MaxBytes = 10 * 1024 * 1024;

    public List<RuleError> Errors { get; } = [];
    public ImportSummary? Summary { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(IFormFile? file, CancellationToken ct)
    {
        if (file is null || file.Length == 0)
        {
            Errors.Add(new("file", Ui.T("Hãy chọn một tệp.", "Choose a file.")));
            return Page();
        }

        if (file.Length > MaxBytes)
        {
            Errors.Add(new("file", Ui.T("Tệp lớn hơn 10 MB.", "The file is larger than 10 MB.")));
            return Page();
        }

        CatalogueDocument? document = null;
        await using var stream = file.OpenReadStream();
        var head = new byte[2];
        var read = await stream.ReadAsync(head, ct);
        stream.Position = 0;
        // The content decides, not the name: an .xlsx is a zip ("PK"), anything else must be JSON.
        if (read == 2 && head[0] == (byte)'P' && head[1] == (byte)'K')
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            var (doc, errors) = CatalogueWorkbook.Read(buffer);
            Errors.AddRange(errors);
            document = doc;
        }
        else
        {
            try
            {
                document = await JsonSerializer.DeserializeAsync<CatalogueDocument>(stream, OneStopDbContext.Json, ct);
            }
            catch (JsonException ex)
            {
                Errors.Add(new("file", Ui.T("Tệp không phải JSON danh mục hợp lệ: ", "Not a valid catalogue JSON file: ") + ex.Message));
            }
        }

        if (document is null)
        {
            if (Errors.Count == 0)
            {
                Errors.Add(new("file", Ui.T("Tệp rỗng.", "The file is empty.")));
            }

            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        try
        {
            Summary = await writer.ImportAsync(document, User.Identity!.Name!, ct);
        }
        catch (RuleViolationException ex)
        {
            Errors.AddRange(ex.Errors);
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        catch (ConflictException ex)
        {
            Errors.Add(new("file", ex.Message));
            Response.StatusCode = StatusCodes.Status409Conflict;
        }

        return Page();
    }
}
