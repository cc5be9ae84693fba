using Microsoft.Extensions.Options;
using NewsApi.Data.Import;
using NewsApi.Hosting;

namespace NewsApi.Store;

/// <summary>An import run handed to the background: its id in the import log, and whether this call started it.</summary>
/// <param name="RunId">The run's id (<c>GET /api/v1/imports/{id}</c>).</param>
/// <param name="Started">False when another run was already going: <paramref name="RunId"/> is that run.</param>
/// <param name="Completion">Ends when the run does (it never faults: failures are logged and recorded in the run).</param>
public sealed record ImportJob(int RunId, bool Started, Task Completion);

/// <summary>
/// Runs imports of the source folder in the background, one at a time, owned by the host rather than by a request:
/// a client that disconnects never cancels an import halfway. Shutdown stops a run between batches (every batch is
/// one transaction, so the store holds whole batches only) and marks it interrupted.
/// </summary>
public sealed partial class ImportJobs(
    IServiceScopeFactory scopes,
    IOptions<NewsApiOptions> options,
    IHostEnvironment environment,
    ILogger<ImportJobs> logger) : IHostedService
{
    // Neither needs disposing (no wait handle, no timer), and the container may dispose a singleton before the host
    // has stopped it.
    private readonly SemaphoreSlim _starting = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private ImportJob? _current;

    /// <summary>
    /// Starts an import unless one is running; returns at once with the run's id (logged as <c>running</c>).
    /// </summary>
    public async Task<ImportJob> StartAsync(bool prune, bool allowEmpty)
    {
        await _starting.WaitAsync(_stopping.Token);
        try
        {
            if (_current is { Completion.IsCompleted: false } running)
            {
                return running with { Started = false };
            }

            var directory = environment.ResolveSourceDirectory(options.Value);
            var scope = scopes.CreateAsyncScope();
            int runId;
            try
            {
                runId = await scope.ServiceProvider.GetRequiredService<ArticleImporter>().CreateRunAsync(directory);
            }
            catch
            {
                await scope.DisposeAsync();
                throw;
            }

            var completion = Task.Run(() => RunAsync(scope, directory, runId, prune, allowEmpty));
            _current = new ImportJob(runId, true, completion);
            return _current;
        }
        finally
        {
            _starting.Release();
        }
    }

    private async Task RunAsync(AsyncServiceScope scope, string directory, int runId, bool prune, bool allowEmpty)
    {
        await using (scope)
        {
            try
            {
                var importer = scope.ServiceProvider.GetRequiredService<ArticleImporter>();
                await importer.ImportAsync(directory, cancellationToken: _stopping.Token, prune: prune, allowEmpty: allowEmpty, runId: runId);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                LogInterrupted(runId);
            }
            catch (Exception e)
            {
                LogFailed(e, runId);
            }
        }
    }

    Task IHostedService.StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops the running import after its current batch and waits for it, within the shutdown timeout.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_current is { } job)
        {
            await job.Completion.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import run {RunId} interrupted by shutdown after its last committed batch")]
    private partial void LogInterrupted(int runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Import run {RunId} failed")]
    private partial void LogFailed(Exception e, int runId);
}
