using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NewsApi.Data;
using NewsApi.Hosting;

namespace NewsApi.Store;

public static class HealthSetup
{
    public static void AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<NewsDbContext>("database", tags: ["ready"])
            .AddCheck<StartupImportHealthCheck>("startup-import", tags: ["ready"])
            .AddCheck<StoreFileHealthCheck>("database-file", tags: ["ready"]);
        builder.Services.AddSingleton<StoreFileCheck>();

        // The probes are not controller actions, so the API explorer does not see them: they document themselves.
        builder.Services.ConfigureSwaggerGen(o => o.DocumentFilter<HealthEndpointsDocumentFilter>());
    }

    /// <summary>
    /// Writes into a database file deleted or replaced under the server would be acknowledged and then lost: they get
    /// a 503 problem instead, in one place for every write endpoint.
    /// </summary>
    public static void UseStoreWriteGuard(this WebApplication app)
    {
        var file = app.Services.GetRequiredService<StoreFileCheck>();
        app.Use(async (context, next) =>
        {
            if (RequestBudgets.Classify(context.Request) == RequestBudget.Write && file.Problem() is { } problem)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "30";
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status503ServiceUnavailable,
                        Title = "The store cannot take writes",
                        Detail = problem,
                    },
                });
                return;
            }

            await next(context);
        });
    }

    public static void MapHealth(this WebApplication app)
    {
        // Liveness runs no checks: the process answers, that is all.
        // MapHealthChecks answers every method; a probe is a GET (or HEAD), anything else is a client mistake (405).
        var probeMethods = new HttpMethodMetadata([HttpMethods.Get, HttpMethods.Head]);
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(probeMethods);
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithMetadata(probeMethods);
    }
}

internal sealed class StartupImportHealthCheck(StoreState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.IsReady
            ? HealthCheckResult.Healthy("Store migrated and start-up import finished.")
            : HealthCheckResult.Unhealthy("Start-up import still running."));
}
