using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NewsApi.Tests.Support;
using Serilog.Core;
using Serilog.Events;

namespace NewsApi.Tests;

/// <summary>Captures every Serilog event of the host (ReadFrom.Services picks up sinks registered in DI).</summary>
public sealed class LogCapturingNewsApiFactory : NewsApiFactory
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(new Sink(Events)));
    }

    private sealed class Sink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}

public sealed class RequestLoggingTests(LogCapturingNewsApiFactory factory) : IClassFixture<LogCapturingNewsApiFactory>
{
    [Fact]
    public async Task Each_request_is_one_line_with_method_path_status_and_elapsed_ms()
    {
        var client = await factory.CreateReadyClientAsync();

        await client.GetAsync("/api/v1/articles?pageSize=1");

        var line = await WaitForAsync(e => Scalar(e, "RequestPath") is "/api/v1/articles" && Scalar(e, "StatusCode") is 200);
        Assert.Equal("GET", Scalar(line, "RequestMethod"));
        Assert.IsType<double>(Scalar(line, "Elapsed"));
        Assert.EndsWith(" ms", line.RenderMessage());
    }

    [Fact]
    public async Task Line_breaks_in_a_url_cannot_forge_a_log_line()
    {
        var client = await factory.CreateReadyClientAsync();

        await client.GetAsync("/api/v1/articles/x%0D%0AGET%20/forged%20200%200.1%20ms");

        var line = await WaitForAsync(e => e.RenderMessage().Contains("forged", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line.RenderMessage());
        Assert.DoesNotContain('\r', line.RenderMessage());
        Assert.Contains("%0D%0A", line.RenderMessage());
    }

    private static object? Scalar(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) && value is ScalarValue scalar ? scalar.Value : null;

    private async Task<LogEvent> WaitForAsync(Func<LogEvent, bool> match)
    {
        // The request log is written as the response completes, which may be just after the client has it.
        for (var i = 0; i < 400; i++)
        {
            if (factory.Events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            await Task.Delay(50);
        }

        throw new Xunit.Sdk.XunitException("No matching log event: " + string.Join(" | ", factory.Events.Select(e => e.RenderMessage()).TakeLast(5)));
    }
}
