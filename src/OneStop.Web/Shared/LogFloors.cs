namespace OneStop.Web.Shared;

/// <summary>
/// Framework log categories that write request data or credentials are held above the levels at which they do so, for
/// every logging provider and whatever the configuration says, so that raising a level to chase a problem never starts
/// writing tracking keys, password-link tokens, authorisation codes, access tokens or personal ID numbers to the logs.
/// OneStop's own code logs none of these at any level; request lines are left to the load balancer and to traces
/// (OpenTelemetry redacts query strings).
/// </summary>
public static class LogFloors
{
    /// <summary>Category (and every category under it) and the lowest level it may write.</summary>
    public static readonly IReadOnlyDictionary<string, LogLevel> Floors = new Dictionary<string, LogLevel>
    {
        // Information: "Request starting GET /tra-cuu?ma=…&k=…", "/dat-lai-mat-khau?id=…&token=…" (the whole query string).
        ["Microsoft.AspNetCore.Hosting.Diagnostics"] = LogLevel.Warning,
        // Trace: "Executing handler method … with arguments (…)": the tracking key, an ID number typed at the desk.
        ["Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure.PageActionInvoker"] = LogLevel.Debug,
        // Trace: "MessageReceived: '?code=…'", the callback's query string with the authorisation code.
        ["Microsoft.AspNetCore.Authentication.OpenIdConnect"] = LogLevel.Debug,
        // Trace: every token the token server makes or reads, and the claims in it (the personal ID among them).
        ["OpenIddict"] = LogLevel.Debug,
    };

    /// <summary>
    /// After every other configuration: raises each filter rule for a held category (or one under it) to the floor, and
    /// adds a rule at the floor for each provider that has rules of its own and one for all the others. A rule for the
    /// exact category outranks a broader one, and one for a provider outranks one for all, so no configured level lets
    /// the lines through; a stricter configured level is kept.
    /// </summary>
    public static ILoggingBuilder AddLogFloors(this ILoggingBuilder logging)
    {
        logging.Services.PostConfigure<LoggerFilterOptions>(options =>
        {
            var rules = options.Rules.ToList();
            options.Rules.Clear();
            foreach (var rule in rules)
            {
                options.Rules.Add(FloorOf(rule.CategoryName) is { } floor && !(rule.LogLevel >= floor)
                    ? new LoggerFilterRule(rule.ProviderName, rule.CategoryName, floor, rule.Filter)
                    : rule);
            }

            foreach (var provider in rules.Select(r => r.ProviderName).Append(null).Distinct())
            {
                foreach (var (category, floor) in Floors)
                {
                    if (!options.Rules.Any(r => r.ProviderName == provider && string.Equals(r.CategoryName, category, StringComparison.OrdinalIgnoreCase)))
                    {
                        // The level the configuration gives this category here, raised to the floor, never lowered:
                        // the shipped "Microsoft.AspNetCore": "Warning" must keep the held category at Warning too.
                        var configured = ConfiguredLevel(rules, options.MinLevel, provider, category);
                        options.Rules.Add(new LoggerFilterRule(provider, category, configured > floor ? configured : floor, null));
                    }
                }
            }
        });
        return logging;
    }

    /// <summary>
    /// The level the configured rules give <paramref name="category"/> for <paramref name="provider"/>, chosen as the
    /// logging library chooses: a rule for the provider before one for all, then the longest matching category prefix.
    /// </summary>
    private static LogLevel ConfiguredLevel(IReadOnlyList<LoggerFilterRule> rules, LogLevel minLevel, string? provider, string category) =>
        rules.Where(r => r.Filter is null && (r.ProviderName is null || r.ProviderName == provider)
                && (r.CategoryName is null || category.StartsWith(r.CategoryName, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(r => r.ProviderName is not null)
            .ThenByDescending(r => r.CategoryName?.Length ?? -1)
            .Select(r => r.LogLevel)
            .FirstOrDefault() ?? minLevel;

    private static LogLevel? FloorOf(string? category) =>
        category is null ? null : Floors.Where(f => category.StartsWith(f.Key, StringComparison.OrdinalIgnoreCase)).Select(f => (LogLevel?)f.Value).Max();
}
