using OneStop.Web.Features.Identity;

namespace OneStop.Web.Shared;

/// <summary>Who is calling an API route that needs a signed-in caller.</summary>
public static class HttpActor
{
    /// <summary>The signed-in caller; without one the route answers 404 (it does not say that it exists).</summary>
    public static Actor RequireActor(this HttpContext http) => Actor.From(http.User) ?? throw new NotFoundException("");
}
