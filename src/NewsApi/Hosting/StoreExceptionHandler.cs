using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace NewsApi.Hosting;

/// <summary>
/// A write the store refuses for want of disk or permission is the operator's problem, not a bug: it gets a problem
/// that says so and that nothing was applied (the transaction rolled back), instead of the anonymous 500 of an
/// unexpected exception. EF Core wraps the provider's error in its own exceptions, so the whole chain is searched.
/// PostgreSQL says the same with SQLSTATEs (<c>53100</c> disk full, <c>25006</c> read-only transaction), and a server
/// that cannot be reached (a transient error without a SQLSTATE, or one of the shutdown states) is a 503 to retry.
/// </summary>
internal sealed class StoreExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteReadOnly = 8;
    private const int SqliteFull = 13;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = Classify(exception) switch
        {
            Failure.Full => (StatusCodes.Status507InsufficientStorage, "The store's disk is full",
                "Nothing was applied: the disk that holds the database is full. Retry once space has been freed."),
            Failure.ReadOnly => (StatusCodes.Status503ServiceUnavailable, "The store cannot take writes",
                "Nothing was applied: the database is read-only for the server. Retry once it is writable again."),
            Failure.Unreachable => (StatusCodes.Status503ServiceUnavailable, "The store cannot be reached",
                "The database server did not answer; nothing was applied. Retry shortly."),
            _ => (0, null, null),
        };
        if (status == 0)
        {
            return false;
        }

        context.Response.StatusCode = status;
        context.Response.Headers.RetryAfter = "30";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private enum Failure
    {
        None,
        Full,
        ReadOnly,
        Unreachable,
    }

    private static Failure Classify(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            switch (exception)
            {
                case SqliteException sqlite:
                    return sqlite.SqliteErrorCode switch
                    {
                        SqliteFull => Failure.Full,
                        SqliteReadOnly => Failure.ReadOnly,
                        _ => Failure.None,
                    };
                case DbException server:
                    return server.SqlState switch
                    {
                        "53100" => Failure.Full,
                        "25006" => Failure.ReadOnly,
                        // Shut down or terminated, no connection, too many connections, the database gone.
                        "57P01" or "57P02" or "57P03" or "08000" or "08001" or "08003" or "08004" or "08006" or "53300" or "3D000"
                            => Failure.Unreachable,
                        null when server.IsTransient => Failure.Unreachable,
                        _ => Failure.None,
                    };
            }
        }

        return Failure.None;
    }
}
