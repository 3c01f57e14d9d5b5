using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Routing;

namespace OneStop.Web.Features.Home;

/// <summary>A readable API reference built from the app's own route table, so it cannot drift from the endpoints.</summary>
public sealed class ApiReferenceModel(EndpointDataSource endpoints, Microsoft.Extensions.Options.IOptions<Data.OneStopOptions> settings) : PageModel
{
    /// <summary>The portal's public address for the example (never the request's Host header).</summary>
    public string PublicUrl => settings.Value.PublicUrl.TrimEnd('/');

    public sealed record ApiEndpoint(string Method, string Path, string Summary, IReadOnlyList<string> Parameters);

    public IReadOnlyList<IGrouping<string, ApiEndpoint>> Groups { get; private set; } = [];

    public void OnGet()
    {
        Groups = endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true || e.RoutePattern.RawText?.StartsWith("api/", StringComparison.Ordinal) == true)
            .Select(e => new
            {
                Endpoint = e,
                Tag = e.Metadata.GetMetadata<ITagsMetadata>()?.Tags is { Count: > 0 } tags ? tags[0] : "API",
            })
            .Select(x => (x.Tag, Item: new ApiEndpoint(
                string.Join(", ", x.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]),
                "/" + x.Endpoint.RoutePattern.RawText!.TrimStart('/'),
                x.Endpoint.Metadata.GetMetadata<IEndpointSummaryMetadata>()?.Summary ?? string.Empty,
                x.Endpoint.RoutePattern.Parameters.Select(p => "{" + p.Name + "}").ToList())))
            .OrderBy(x => x.Item.Path, StringComparer.Ordinal)
            .GroupBy(x => x.Tag, x => x.Item)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
    }
}
