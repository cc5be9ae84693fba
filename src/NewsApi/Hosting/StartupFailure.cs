using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace NewsApi.Hosting;

/// <summary>A start-up failure whose message already tells the operator what is wrong and what to change.</summary>
public sealed class StartupException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// Turns what stops the host from starting into one line for the operator. A stack trace says nothing to someone
/// who mistyped a port or a path, and the runtime's abort on an unhandled exception (exit 134) looks like a crash.
/// </summary>
public static partial class StartupFailure
{
    public static string Describe(Exception exception)
    {
        if (exception is AggregateException { InnerExceptions.Count: 1 } aggregate)
        {
            exception = aggregate.InnerExceptions[0];
        }

        return exception switch
        {
            StartupException e => e.Message,
            OptionsValidationException e => $"Invalid configuration: {string.Join("; ", e.Failures)}",
            IOException { InnerException: AddressInUseException } e => PortInUse(e.Message),
            _ => $"NewsApi could not start: {Clause(exception.Message)} ({exception.GetType().Name}).",
        };
    }

    // Kestrel's message is "Failed to bind to address http://127.0.0.1:5000: address already in use."
    private static string PortInUse(string message)
    {
        var address = BindAddress().Match(message) is { Success: true } m ? m.Groups[1].Value : null;
        var where = address is not null && Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? $"Port {uri.Port} is already in use ({address})"
            : "The port is already in use";
        return $"{where}. Stop the process that holds it, or choose another port with --urls http://localhost:5001, " +
            "ASPNETCORE_URLS=http://localhost:5001 or Kestrel__Endpoints__Http__Url=http://localhost:5001.";
    }

    /// <summary>The text on one line.</summary>
    internal static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    /// <summary>An exception's message on one line, without its closing full stop, to go inside a sentence.</summary>
    internal static string Clause(string message) => OneLine(message).TrimEnd('.');

    [GeneratedRegex(@"address (\S+?): address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BindAddress();
}
