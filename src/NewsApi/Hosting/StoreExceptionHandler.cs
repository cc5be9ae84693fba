using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Data.Sqlite;

namespace NewsApi.Hosting;

/// <summary>
/// A write the store refuses for want of disk or permission is the operator's problem, not a bug: it gets a problem
/// that says so and that nothing was applied (the transaction rolled back), instead of the anonymous 500 of an
/// unexpected exception. EF Core wraps the SQLite error in its own exceptions, so the whole chain is searched.
/// </summary>
internal sealed class StoreExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    private const int SqliteReadOnly = 8;
    private const int SqliteFull = 13;

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var code = SqliteErrorCode(exception);
        var (status, title, detail) = code switch
        {
            SqliteFull => (StatusCodes.Status507InsufficientStorage, "The store's disk is full",
                "Nothing was applied: the disk that holds the database is full. Retry once space has been freed."),
            SqliteReadOnly => (StatusCodes.Status503ServiceUnavailable, "The store cannot take writes",
                "Nothing was applied: the database is read-only for the server. Retry once it is writable again."),
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

    private static int? SqliteErrorCode(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException sqlite)
            {
                return sqlite.SqliteErrorCode;
            }
        }

        return null;
    }
}
