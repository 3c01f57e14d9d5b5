using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace OneStop.Web.Tests;

/// <summary>One line as a log provider received it: the formatted message, its structured values, scopes and exception.</summary>
public sealed record LogLine(LogLevel Level, string Category, string Text);

/// <summary>
/// A logger provider that keeps every line written to it, at every level, with everything a structured sink (the JSON
/// console, OTLP) could write: the message, each named value, the scopes and the exception with its stack.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<LogLine> lines = new();
    private IExternalScopeProvider scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<LogLine> Lines => [.. lines];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner.scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var text = new StringBuilder(formatter(state, exception));
            Append(text, state);
            owner.scopes.ForEachScope((scope, sb) => Append(sb.Append(" | scope: ").Append(scope), scope), text);
            if (exception is not null)
            {
                text.Append('\n').Append(exception);
            }

            owner.lines.Enqueue(new(logLevel, category, text.ToString()));
        }

        private static void Append(StringBuilder text, object? values)
        {
            if (values is IEnumerable<KeyValuePair<string, object?>> pairs)
            {
                foreach (var (key, value) in pairs)
                {
                    text.Append(' ').Append(key).Append('=').Append(value is not string and IEnumerable<object> many ? string.Join(",", many) : value);
                }
            }
        }
    }
}
