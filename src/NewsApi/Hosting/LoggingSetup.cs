using Serilog;

namespace NewsApi.Hosting;

public static class LoggingSetup
{
    public static void AddLogging(this WebApplicationBuilder builder)
    {
        // No bootstrap logger: CreateBootstrapLogger freezes a static logger, which breaks when tests
        // start several hosts in one process (serilog-aspnetcore #251).
        builder.Services.AddSerilog(
            (services, logger) => logger
                .ReadFrom.Configuration(builder.Configuration)
                .ReadFrom.Services(services)
                .Filter.ByExcluding(IsStartupFailure),
            preserveStaticLogger: true);
    }

    // Program writes a failed start as one line on stderr (StartupFailure); the host's own "Hosting failed to start"
    // would repeat it with a stack trace on stdout.
    private static bool IsStartupFailure(Serilog.Events.LogEvent e) =>
        e.Properties.TryGetValue("SourceContext", out var source) && source is Serilog.Events.ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" }
        && e.Properties.TryGetValue("EventId", out var id) && id is Serilog.Events.StructureValue structure
        && structure.Properties.Any(p => p is { Name: "Name", Value: Serilog.Events.ScalarValue { Value: "HostedServiceStartupFaulted" } });

    public static void UseRequestLogging(this WebApplication app)
    {
        app.UseMiddleware<RequestIdMiddleware>();

        // One line per request: method, path, status and elapsed milliseconds.
        // This host's own logger, not the static Log: several hosts in one process (tests) must not log for each other.
        var logger = app.Services.GetRequiredService<Serilog.ILogger>();
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = logger;
            o.MessageTemplate = "{RequestMethod} {RequestPath} {StatusCode} {Elapsed:0.0} ms";

            // The path as sent on the wire (percent-encoded), so a %0D%0A in a URL cannot start a forged log line.
            o.GetMessageTemplateProperties = (http, _, elapsed, status) =>
            [
                new Serilog.Events.LogEventProperty("RequestMethod", new Serilog.Events.ScalarValue(http.Request.Method)),
                new Serilog.Events.LogEventProperty("RequestPath", new Serilog.Events.ScalarValue(http.Request.Path.ToUriComponent())),
                new Serilog.Events.LogEventProperty("StatusCode", new Serilog.Events.ScalarValue(status)),
                new Serilog.Events.LogEventProperty("Elapsed", new Serilog.Events.ScalarValue(elapsed)),
            ];
            o.EnrichDiagnosticContext = (diagnostics, http) => diagnostics.Set("RequestId", http.TraceIdentifier);
        });
    }
}

/// <summary>Accepts a caller's <c>X-Request-Id</c> when it is sane, else makes one, and echoes it.</summary>
internal sealed class RequestIdMiddleware(RequestDelegate next)
{
    public const string Header = "X-Request-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var given = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = IsSafe(given) ? given : Guid.NewGuid().ToString("N");
        // Set as the response starts, so a cached response replayed from the output cache carries this request's id.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            http.Response.Headers[Header] = http.TraceIdentifier;
            return Task.CompletedTask;
        }, context);
        using (Serilog.Context.LogContext.PushProperty("RequestId", context.TraceIdentifier))
        {
            return next(context);
        }
    }

    // Echoed into headers and logs, so only short, plain tokens are taken.
    private static bool IsSafe(string value) =>
        value.Length is > 0 and <= 128 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
