using System.Diagnostics;

namespace NewsApi.Tests.Support;

/// <summary>What a run of the real executable left behind: its exit code and everything it wrote.</summary>
public sealed record AppRun(int ExitCode, string StandardOutput, string StandardError)
{
    public string[] OutputLines => Lines(StandardOutput);
    public string[] ErrorLines => Lines(StandardError);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}

/// <summary>
/// Starts the built app (<c>dotnet NewsApi.dll</c>, copied beside the tests) as a child process, as an operator
/// would, from its own folder so it reads its <c>appsettings.json</c>, with output redirected as in a pipe.
/// </summary>
public static class AppProcess
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    public static async Task<AppRun> RunAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var app = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(app)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(app);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The app must not pick up a store, a folder or an address from the environment the tests run in.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("NewsApi__", StringComparison.OrdinalIgnoreCase)
            || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["NewsApi__ImportOnStartup"] = "false";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            // A host that started instead of failing would run forever: stop it and let the assertions say so.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return new AppRun(process.ExitCode, await stdout, await stderr);
    }
}
