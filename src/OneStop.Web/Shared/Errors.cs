using OneStop.Domain.Catalogue;

namespace OneStop.Web.Shared;

/// <summary>Something asked for does not exist (or must not be revealed): 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>The caller may see the thing but lacks the role for this action: 403.</summary>
public sealed class ForbiddenException(string message) : Exception(message);

/// <summary>The action is not allowed in the current state, or someone else changed the data first: 409.</summary>
public sealed class ConflictException(string message) : Exception(message);

/// <summary>Input breaks the rules: 400 with one error per path.</summary>
public sealed class RuleViolationException(IReadOnlyList<RuleError> errors, string? message = null)
    : Exception(message ?? "Dữ liệu không hợp lệ. / The data is not valid.")
{
    public IReadOnlyList<RuleError> Errors { get; } = errors;
}

/// <summary>Recognises the database's refusals that callers turn into answers.</summary>
public static class DatabaseErrors
{
    /// <summary>
    /// The database was briefly out of reach or too busy, so trying again later can succeed: Npgsql's transient errors
    /// (connection refused or terminated by a restart, timeouts, a server shutting down or starting up, an exhausted
    /// pool) and SQLite's busy and locked (5, 6), wherever they sit in the chain of inner exceptions (EF Core wraps
    /// them in DbUpdateException or in "likely due to a transient failure").
    /// </summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is Npgsql.NpgsqlException { IsTransient: true } or Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A unique index refused the row (SQLite "UNIQUE constraint failed", PostgreSQL 23505).</summary>
    public static bool IsUniqueViolation(Microsoft.EntityFrameworkCore.DbUpdateException ex) =>
        ex.InnerException?.Message.Contains("UNIQUE", StringComparison.OrdinalIgnoreCase) == true ||
        ex.InnerException?.Message.Contains("23505", StringComparison.Ordinal) == true ||
        ex.InnerException?.Message.Contains("duplicate key", StringComparison.OrdinalIgnoreCase) == true;
}
