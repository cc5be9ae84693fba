using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NewsApi.Store;

/// <summary>
/// Whether the database file the process has open is still the one at its path. SQLite keeps writing into a file
/// that was deleted or replaced under it and acknowledges every write; the data is gone when the process ends. On
/// Linux the open descriptors say so (<c>/proc/self/fd</c> links end in <c>(deleted)</c>); elsewhere only a missing
/// file is seen.
/// </summary>
public sealed class StoreFileCheck(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly string? _path = ResolvePath(configuration, environment);

    /// <summary>Why the store cannot take writes, or null when it can (or is not a file).</summary>
    public string? Problem()
    {
        if (_path is null)
        {
            return null;
        }

        if (!File.Exists(_path))
        {
            return $"The database file {_path} was deleted under the running server.";
        }

        if (OperatingSystem.IsLinux() && Directory.Exists("/proc/self/fd"))
        {
            foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
            {
                string? target;
                try
                {
                    target = new FileInfo(fd).LinkTarget;
                }
                catch (IOException)
                {
                    // The descriptor closed while we looked.
                    continue;
                }

                if (target is not null && target.EndsWith(" (deleted)", StringComparison.Ordinal)
                    && target.StartsWith(_path, StringComparison.Ordinal))
                {
                    return $"The database file {_path} (or its -wal) was deleted or replaced under the running server: restart it.";
                }
            }
        }

        return null;
    }

    private static string? ResolvePath(IConfiguration configuration, IHostEnvironment environment)
    {
        var csb = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(
            StoreSetup.ResolveConnectionString(configuration, environment.ContentRootPath));
        return string.IsNullOrEmpty(csb.DataSource) || csb.DataSource == ":memory:" || csb.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.Memory
            ? null
            : Path.GetFullPath(csb.DataSource);
    }
}

internal sealed class StoreFileHealthCheck(StoreFileCheck file) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(file.Problem() is { } problem ? HealthCheckResult.Unhealthy(problem) : HealthCheckResult.Healthy());
}
