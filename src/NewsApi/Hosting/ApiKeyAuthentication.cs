using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace NewsApi.Hosting;

/// <summary>
/// Authenticates writers by an <c>X-Api-Key</c> header. Configured keys (<c>NewsApi:ApiKeys</c>, given as plain keys or
/// as <c>sha256:&lt;hex&gt;</c>) are held only as SHA-256 hashes and compared in constant time; no key is ever logged.
/// With no key configured, every write is refused and reads are unaffected.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyHashes keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Request.Headers[Header];
        if (presented.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (presented.Count > 1 || !keys.Matches(presented.ToString()))
        {
            return Task.FromResult(AuthenticateResult.Fail("The API key is not valid."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, "api-key")], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"{SchemeName} header=\"{Header}\"";
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "API key required",
                Detail = keys.Any
                    ? $"Writes need a valid API key in the {Header} header."
                    : "Writes are disabled: no API key is configured on this server.",
            },
        });
    }
}

/// <summary>The SHA-256 hashes of the configured API keys.</summary>
internal sealed class ApiKeyHashes
{
    private readonly byte[][] _hashes;

    public ApiKeyHashes(IOptions<NewsApiOptions> options)
    {
        _hashes = options.Value.ApiKeys
            .Where(k => !string.IsNullOrWhiteSpace(k))
            .Select(k => k.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase)
                ? Convert.FromHexString(k["sha256:".Length..])
                : SHA256.HashData(Encoding.UTF8.GetBytes(k)))
            .ToArray();
    }

    public bool Any => _hashes.Length > 0;

    public bool Matches(string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));

        // Compare against every key without stopping early, so timing says nothing about which key nearly matched.
        var match = false;
        foreach (var known in _hashes)
        {
            match |= CryptographicOperations.FixedTimeEquals(hash, known);
        }

        return match;
    }
}
