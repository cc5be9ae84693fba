using System.Runtime.InteropServices;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace NewsApi.Store;

/// <summary>
/// Whether the database file the process has open is still the one at its path. SQLite keeps writing into a file
/// that was deleted or replaced under it and acknowledges every write; the data is gone when the process ends. On
/// Linux the open descriptors say so (<c>/proc/self/fd</c> links end in <c>(deleted)</c>); elsewhere only a missing
/// file is seen. A file (or folder) made read-only under the server is just as bad: the connections already open
/// keep writing, but the next one SQLite opens is read-only and fails every write, and a restart cannot write at all.
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

        if (!Writable(_path))
        {
            return $"The database file {_path} is not writable by the server (its permissions or a read-only mount): writes would fail.";
        }

        if (File.Exists(_path + "-wal") && !Writable(_path + "-wal"))
        {
            return $"The database's write-ahead log {_path}-wal is not writable by the server: writes would fail.";
        }

        // SQLite creates its -wal and -shm files beside the database whenever the last connection reopens it.
        if (Path.GetDirectoryName(_path) is { } folder && !Writable(folder))
        {
            return $"The database's folder {folder} is not writable by the server, so SQLite cannot create its -wal file: writes would fail.";
        }

        return null;
    }

    // access(2) answers for this process's user, its groups, root's exemption and read-only mounts alike, which the
    // permission bits alone do not; .NET has no managed equivalent.
    private static bool Writable(string path) => OperatingSystem.IsWindows() || access(path, WriteOk) == 0;

    private const int WriteOk = 2;

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);

    private static string? ResolvePath(IConfiguration configuration, IHostEnvironment environment)
    {
        // A PostgreSQL server owns its files; the database health check and the store's errors speak for it.
        if (StoreSetup.ReadProvider(configuration) == Hosting.StoreProvider.Postgres)
        {
            return null;
        }

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
