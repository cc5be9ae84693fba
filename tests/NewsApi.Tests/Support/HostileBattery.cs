using System.Text;
using System.Text.Json;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>Sends a battery and collects the status histogram and every failed check.</summary>
internal sealed class HostileBattery
{
    private readonly SortedDictionary<string, int> _statuses = new(StringComparer.Ordinal);
    private readonly List<string> _failures = [];
    private int _requests;

    public string Summary => $"{_requests} requests; by status: {string.Join(", ", _statuses.Select(s => $"{s.Key}×{s.Value}"))}";

    public IReadOnlyDictionary<string, int> Statuses => _statuses;

    /// <param name="client">A client for the host under test.</param>
    /// <param name="requests">The battery.</param>
    /// <param name="raw">Send targets byte for byte (real sockets only).</param>
    /// <param name="sourceDirectory">The host's source folder, which no body may name.</param>
    public static async Task<HostileBattery> RunAsync(HttpClient client, IReadOnlyList<HostileRequest> requests, bool raw, string sourceDirectory)
    {
        var battery = new HostileBattery();
        foreach (var request in requests)
        {
            battery._requests++;
            using var message = request.ToMessage(client.BaseAddress!, raw);
            HttpResponseMessage response;
            try
            {
                response = await client.SendAsync(message);
            }
            catch (HttpRequestException) when (raw && request.Body is { Length: > 64 * 1024 })
            {
                // Kestrel answered (401, 413) without reading a large body and closed the connection while the client was
                // still sending it; the answer itself is covered by HostileKestrelTests' oversized-body tests.
                battery.Count("closed-while-sending");
                continue;
            }
            catch (HttpRequestException e) when (raw)
            {
                throw new HttpRequestException($"{request}: {e.Message}", e);
            }
            catch (InvalidOperationException e) when (!raw && e.Message == "The path contains null characters.")
            {
                // TestServer decodes the path as Kestrel does and refuses a NUL before the app sees the request; over a
                // socket Kestrel answers such a request line with a bare 400 (HostileKestrelTests sends them for real).
                battery.Count("refused-by-server");
                continue;
            }

            using (response)
            {
                var body = await DecodedBodyAsync(response);
                var code = (int)response.StatusCode;
                if (raw && HostileResponseCheck.IsKestrelRejection(response, body))
                {
                    battery.Count($"{code}-kestrel");
                    continue;
                }

                battery.Count(code.ToString(System.Globalization.CultureInfo.InvariantCulture));
                foreach (var problem in HostileResponseCheck.Check(request, response, body, sourceDirectory))
                {
                    battery._failures.Add($"{request}: {problem}");
                }
            }
        }

        return battery;
    }

    /// <summary>The body as the client would read it: TestServer's client does not undo Brotli or gzip.</summary>
    private static async Task<byte[]> DecodedBodyAsync(HttpResponseMessage response)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var encoding = response.Content.Headers.ContentEncoding.LastOrDefault();
        if (bytes.Length == 0 || encoding is null)
        {
            return bytes;
        }

        using var input = new MemoryStream(bytes);
        await using Stream decoder = encoding switch
        {
            "br" => new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress),
            "gzip" => new System.IO.Compression.GZipStream(input, System.IO.Compression.CompressionMode.Decompress),
            _ => throw new InvalidOperationException($"Unexpected Content-Encoding {encoding}"),
        };
        using var output = new MemoryStream();
        await decoder.CopyToAsync(output);
        return output.ToArray();
    }

    private void Count(string key) => _statuses[key] = _statuses.GetValueOrDefault(key) + 1;

    public void AssertClean()
    {
        Assert.True(_requests >= 2_000, $"only {_requests} requests");
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_requests} requests failed ({Summary}):\n{string.Join('\n', _failures.Take(60))}");

        // A battery that never got past validation, or never got an error, tests less than it claims.
        foreach (var expected in (string[])["200", "201", "204", "304", "400", "401", "404", "405", "412", "413", "415", "422"])
        {
            Assert.True(_statuses.ContainsKey(expected), $"the battery never got a {expected}: {Summary}");
        }
    }
}

/// <summary>One generated request: everything needed to send it again and to tell what it echoes.</summary>
internal sealed record HostileRequest(
    string Method,
    string Target,
    IReadOnlyList<(string Name, string Value)> Headers,
    byte[]? Body,
    string? ContentType)
{
    /// <param name="baseAddress">The server's address.</param>
    /// <param name="raw">Send the target byte for byte (no dot-segment removal or unescaping by <see cref="Uri"/>); TestServer
    /// cannot take such a URI, a real socket can.</param>
    public HttpRequestMessage ToMessage(Uri baseAddress, bool raw)
    {
        var uri = raw
            ? new Uri(baseAddress.GetLeftPart(UriPartial.Authority) + Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true })
            : new Uri(baseAddress, Target);
        var message = new HttpRequestMessage(new HttpMethod(Method), uri);
        if (raw)
        {
            // A fresh connection each time: Kestrel closes a connection after answering without reading a body, and a
            // request sent on it just then would fail in the client, not in the server under test.
            message.Headers.ConnectionClose = true;
        }

        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }

        foreach (var (name, value) in Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return message;
    }

    /// <summary>The request's text as the server could decode it, to tell an echo of the input from a leak.</summary>
    public string EchoableText()
    {
        var sb = new StringBuilder(Uri.UnescapeDataString(Target));
        foreach (var (name, value) in Headers)
        {
            sb.Append('\n').Append(name).Append(": ").Append(value);
        }

        if (Body is not null)
        {
            sb.Append('\n').Append(Encoding.UTF8.GetString(Body)).Append('\n').Append(Encoding.Latin1.GetString(Body));
        }

        return sb.ToString();
    }

    public override string ToString()
    {
        var target = Target.Length > 160 ? Target[..160] + $"…({Target.Length})" : Target;
        var headers = Headers.Count == 0 ? string.Empty
            : " [" + string.Join("; ", Headers.Select(h => $"{h.Name}: {(h.Value.Length > 40 ? h.Value[..40] + "…" : h.Value)}")) + "]";
        var body = Body is null ? string.Empty : $" body {Body.Length} B as {ContentType ?? "(none)"}";
        return $"{Method} {target}{headers}{body}";
    }
}

/// <summary>What every answer to a hostile request must look like.</summary>
internal static class HostileResponseCheck
{
    /// <summary>
    /// Kestrel itself refuses some requests before any middleware runs (a NUL in the path, headers over
    /// <c>Kestrel:Limits</c>, a body over <c>MaxRequestBodySize</c> announced up front): it writes the status with an empty
    /// body, so nothing can leak, and no middleware can make it a problem. Only those are exempt from the problem+json
    /// rule, told apart from the app's answers by the missing <c>X-Content-Type-Options</c> every app response carries.
    /// </summary>
    public static bool IsKestrelRejection(HttpResponseMessage response, byte[] body) =>
        (int)response.StatusCode is 400 or 413 or 414 or 431 && body.Length == 0 && !response.Headers.Contains("X-Content-Type-Options");

    private static readonly string[] LeakMarkers =
    [
        "   at ", "Exception", ".cs:line", "SQLite Error", "SqliteException", "sqlite3", "Microsoft.Data", "Microsoft.EntityFrameworkCore",
        "System.", "SELECT ", "INSERT INTO", "UPDATE \"", "DELETE FROM", " FROM \"", "PRAGMA ", "/tmp/", "/home/", "/root/", "/usr/",
        "/work/", "/var/", "C:\\", "newsapi-tests",
    ];

    public static IEnumerable<string> Check(HostileRequest request, HttpResponseMessage response, byte[] body, string sourceDirectory)
    {
        var code = (int)response.StatusCode;
        var text = Encoding.UTF8.GetString(body);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (code >= 500)
        {
            yield return $"{code}: {Truncate(text)}";
        }

        if (code == 304 && body.Length > 0)
        {
            yield return $"304 with a {body.Length}-byte body";
        }

        if (code is >= 400 and < 500 && request.Method != "HEAD")
        {
            if (mediaType != "application/problem+json")
            {
                yield return $"{code} as {mediaType ?? "(no content type)"}: {Truncate(text)}";
            }
            else if (ProblemStatus(text) is var status && status != code)
            {
                yield return $"{code} with a problem whose status is {status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "missing"}: {Truncate(text)}";
            }
        }

        // Errors are where leaks happen. Successful bodies are content, and content is whatever the battery's own
        // writes put there (an article headlined "SELECT * FROM Articles" is listed verbatim by later requests).
        if (code >= 400 && body.Length > 0)
        {
            var echoable = request.EchoableText();
            foreach (var marker in LeakMarkers.Append(sourceDirectory).Append(Fixtures.RepoRoot()))
            {
                if (text.Contains(marker, StringComparison.OrdinalIgnoreCase) && !echoable.Contains(marker, StringComparison.OrdinalIgnoreCase))
                {
                    yield return $"{code} body leaks '{marker}': {Truncate(text)}";
                }
            }
        }
    }

    private static int? ProblemStatus(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("status", out var s) && s.TryGetInt32(out var v)
                ? v
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}

/// <summary>The generator: a fixed seed gives the same requests on every run and on both hosts.</summary>
internal static class HostileRequests
{
    private const string Key = WritableNewsApiFactory.Key;

    // Numbers as a client might mistype them, or an attacker choose them.
    private static readonly string[] Numbers =
    [
        "0", "1", "2", "3", "-1", "-0", "+1", "1.0", "1.5", "1e3", "1e309", "-1e309", "0x10", "0b1", "010", "0001", "2147483647",
        "2147483648", "-2147483648", "-2147483649", "4294967296", "99999999999999999999999999", "1000000", "1000001", "100", "101",
        "NaN", "Infinity", "-Infinity", "%201", "1%20", "1%00", "%00", "1_000", "1,000", "%D9%A1%D9%A2", "%EF%BC%91", "one", "true",
        string.Empty,
    ];

    private static readonly string[] Booleans =
    [
        "true", "false", "TRUE", "False", "1", "0", "yes", "on", "tru%00e", "null", "%20true", string.Empty,
    ];

    // Already percent-encoded where they need to be.
    private static readonly string[] Strings =
    [
        string.Empty, "a", "REUTERS", "crocodile", "north%20kor", "-updatedAt", "title", "-title", "id", "-id", "relevance", "ID",
        "%00", "a%00b", "%0D%0ASet-Cookie:%20x=1", "%0D%0A%0D%0A%3Chtml%3E", "%0A", "%09", "%1B%5B31m", "%7F", "%C2%85",
        "%E2%80%AE%E2%80%AD", "%E2%80%8F", "%F0%9F%90%8A", "%F0%9F%91%A9%E2%80%8D%F0%9F%91%A9%E2%80%8D%F0%9F%91%A7", "%EF%BB%BF",
        "%C0%AE", "%C0%AE%C0%AE%2F", "%C0%80", "%FF", "%FE%FF", "%ED%A0%80", "%F0%9F", "%F4%90%80%80", "%80%80", "%", "%G1", "%%", "%2",
        "%25", "%25%32%65", "'", "'%20OR%201=1--", "1%3B%20DROP%20TABLE%20Articles%3B--", "%22%20OR%20%22%22%3D%22", "UNION%20SELECT%201",
        "NEAR(a%20b)", "NEAR(", "title:x", "%7Btitle%7D:x", "*", "%22", "%22%22%22", "(", ")", "%5E", "AND", "NOT%20a", "-a", "a%2A",
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "..%5C..%5Cwindows", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%26", "%3D", "%23", "+",
        "%20", "%E3%80%80", "%E2%80%A8", "%EF%BF%BE", "MjB8", "MXw", "LTF8", "OTk5OTk5OTk5OTl8", "fA", "====", "!!!", "a%20b%20c",
    ];

    private static readonly string[] Slugs =
    [
        "1", "2", "3", "4", "5", "0", "-1", "-0", "1.0", "1e3", "0x10", "2147483647", "2147483648", "99999999999999999999", "%201",
        Fixtures.SeedSlug, Fixtures.SeedSlug.ToUpperInvariant(), Fixtures.SeedSlug + "%00", "parliament-debates-budget-for-the-coming-year",
        "..%2F..%2Fetc%2Fpasswd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "%2E%2E%5C%2E%2E%5Cwin.ini",
        "..%5C..%5Cwindows%5Csystem32", "....%2F%2F....%2F%2Fetc", "%252e%252e%252fetc", "%C0%AE%C0%AE%2F%C0%AE%C0%AE%2Fetc%2Fpasswd",
        "%00", "a%00b", "%0D%0ALocation:%20http:%2F%2Fevil", "%E2%80%AEtxt.exe", "%F0%9F%90%8A", "%FF", "%C0%AE", "%ED%A0%80", "%",
        "%20", "~", "%7E", "*", "a;b", "a%3Bb", "%27%20OR%20%271%27=%271", "1%20OR%201=1", "1;DROP%20TABLE%20Articles",
        "%3Cscript%3E", "CON", "nul", "slug.txt", "000_0782390d389fb1a1.txt", "data%2Farticles%2F000_0782390d389fb1a1.txt",
        new string('a', 120), new string('a', 300), new string('a', 5_000), string.Concat(Enumerable.Repeat("%F0%9F%90%8A", 400)),
        string.Concat(Enumerable.Repeat("..%2F", 300)) + "etc%2Fpasswd",
    ];

    private static readonly (string Path, string[] Parameters)[] Collections =
    [
        ("/api/v1/articles", ["page", "pageSize", "after", "hasImages", "credit", "q", "sort"]),
        ("/api/v1/images", ["page", "pageSize", "after", "articleId", "credit", "q"]),
        ("/api/v1/related-links", ["page", "pageSize", "after", "articleId", "resolved"]),
        ("/api/v1/search/suggest", ["prefix"]),
        ("/api/v1/imports/latest", []),
        ("/health/live", []),
        ("/health/ready", []),
    ];

    private static readonly string[] UnknownParameters =
    [
        "page_size", "PAGE", "pagesize", "Q", "query", "limit", "offset", "%00", "q%00", "page%5B%5D", "page[]", "a.b", "__proto__",
        "%C0%AE", "%FF", "%F0%9F%90%8A", new string('x', 2_000), "id", "slug", "fields",
    ];

    private static readonly string[] OtherPaths =
    [
        "/", "/swagger", "/swagger/", "/swagger/index.html", "/swagger/v1/swagger.json", "/swagger/v1/swagger.json?page=-1&%00=%FF", "/swagger/v2/swagger.json", "/swagger/v1/swagger.yaml", "/swagger/nope.js",
        "/swagger/..%2F..%2Fappsettings.json", "/swagger/%2e%2e/%2e%2e/appsettings.json", "/appsettings.json", "/api", "/api/v1",
        "/api/v2/articles", "/api/v1/nope", "/api/v1/articles/1/nope", "/api/v1/articles/1/images/1", "/api/v1/search", "/api/v1/imports",
        "/health", "/health/", "/health/nope", "/%00", "/%FF", "/..%2F..%2Fetc%2Fpasswd", "/api/v1/articles//", "//api/v1/articles",
        "/api/v1/ARTICLES", "/api/v1/articles%2F1", "/api/v1/articles/1%2Fimages", "/api/v1/articles/%2e%2e/images/1",
        "/api/v1/articles/1/..%2F..%2F..%2Fimports%2Flatest", "/favicon.ico", "/.env", "/.git/config", "/NewsApi.dll",
    ];

    private static readonly string[] EntityTags =
    [
        "*", "\"abc\"", "W/\"abc\"", "\"\"", "abc", "\"unterminated", "W/", "W/abc", ",,,", "\"a\", \"b\"", "\"a\",,\"b\"", "*, \"a\"",
        "\"0000000000000000\"", "\"\u00e9\"", "\"a\"b\"", new string('"', 10_000), string.Concat(Enumerable.Repeat("\"x\",", 2_000)),
        " ", "W/W/\"x\"", "\"\\\"\"",
    ];

    private static readonly string[] Accepts =
    [
        "*/*", "application/json", "application/problem+json", "text/html", "application/xml", "text/plain", "image/png", ";;;",
        "application/json; q=0", "*/*; q=abc", "application/*", "text/*", "garbage", string.Empty,
    ];

    private static readonly string[] ApiKeys =
    [
        Key, Key, Key, "wrong-key", string.Empty, " ", Key + " ", " " + Key, Key.ToUpperInvariant(), Key + "\u0000", "hashed-key",
        "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Key))), new string('k', 10_000),
        "\u043a\u043b\u044e\u0447", "' OR 1=1 --",
    ];

    private static readonly string[] ContentTypes =
    [
        "text/plain", "text/plain; charset=utf-8", "text/plain; charset=utf-16", "text/plain; charset=nonsense", "text/plain;;;",
        "application/json", "application/xml", "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\"unterminated", "multipart/mixed; boundary=x", "application/octet-stream", "TEXT/PLAIN", "*/*",
        "text/*", "garbage", "text/plain; boundary=x", string.Empty,
    ];

    private static readonly string[] Methods = ["GET", "GET", "GET", "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS"];

    private static readonly string GoodArticle = """
        Storm closes harbour as fishing fleet shelters

        <em>Boats tied up in the harbour (Picture: PA/John Smith)</em>
        Boats tied up in the harbour (Picture: PA/John Smith)

        A storm closed the harbour on Sunday.

        MORE: Parliament debates budget for the coming year
        """;

    public static IReadOnlyList<HostileRequest> Generate(int seed, int count)
    {
        var random = new Random(seed);
        var requests = new List<HostileRequest>(count);
        for (var i = 0; i < count; i++)
        {
            requests.Add((i % 20) switch
            {
                < 9 => CollectionRequest(random, i),
                < 13 => ItemRequest(random, i),
                < 15 => OtherPathRequest(random),
                _ => WriteRequest(random, i),
            });
        }

        return requests;
    }

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static HostileRequest CollectionRequest(Random random, int i)
    {
        var (path, parameters) = Collections[i % Collections.Length];
        var query = new List<string>();
        var n = random.Next(0, 5);
        for (var p = 0; p < n; p++)
        {
            var name = parameters.Length == 0 || random.Next(6) == 0 ? Pick(random, UnknownParameters) : Pick(random, parameters);
            query.Add(name + "=" + ValueFor(random, name));
            if (random.Next(8) == 0)
            {
                // Repeated, with the same or a different value, sometimes in another case.
                query.Add((random.Next(2) == 0 ? name : name.ToUpperInvariant()) + "=" + ValueFor(random, name));
            }
        }

        var target = path + QueryString(random, query);
        return new HostileRequest(random.Next(6) == 0 ? "HEAD" : "GET", target, Headers(random, write: false), null, null);
    }

    private static string QueryString(Random random, List<string> pairs)
    {
        return random.Next(12) switch
        {
            0 => "?",
            1 => "?&&&" + string.Join("&", pairs),
            2 => "?=&" + string.Join("&", pairs),
            3 => "?" + string.Join(";", pairs),
            4 => "?page&pageSize&q",
            _ => pairs.Count == 0 ? string.Empty : "?" + string.Join("&", pairs),
        };
    }

    private static string ValueFor(Random random, string name)
    {
        if (random.Next(10) == 0)
        {
            return Pick(random, Strings);
        }

        return name switch
        {
            "page" or "pageSize" or "articleId" => Pick(random, Numbers),
            "hasImages" or "resolved" => Pick(random, Booleans),
            "q" or "prefix" when random.Next(3) == 0 => Pick(random, HostileQueries.All).Encoded,
            "q" or "prefix" or "credit" when random.Next(20) == 0 => new string('a', random.Next(90, 12_000)),
            "after" when random.Next(4) == 0 => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Pick(random, Numbers)}|{Pick(random, Strings)}")).TrimEnd('='),
            _ => Pick(random, Strings),
        };
    }

    private static HostileRequest ItemRequest(Random random, int i)
    {
        var slug = Pick(random, Slugs);
        var target = (i % 7) switch
        {
            0 => $"/api/v1/articles/{slug}/images",
            1 => $"/api/v1/articles/{slug}/related-links",
            2 => $"/api/v1/articles/{slug}/backlinks",
            3 => $"/api/v1/images/{slug}",
            4 => $"/api/v1/related-links/{slug}",
            _ => $"/api/v1/articles/{slug}",
        };
        if (random.Next(8) == 0)
        {
            target += "?" + Pick(random, UnknownParameters) + "=" + Pick(random, Strings);
        }

        var method = random.Next(5) == 0 ? Pick(random, Methods) : "GET";
        return new HostileRequest(method, target, Headers(random, write: false), null, null);
    }

    private static HostileRequest OtherPathRequest(Random random) =>
        new(Pick(random, Methods), Pick(random, OtherPaths), Headers(random, write: false), null, null);

    private static HostileRequest WriteRequest(Random random, int i)
    {
        var (method, target) = (i % 5) switch
        {
            0 or 1 => ("POST", "/api/v1/articles"),
            2 => ("PUT", "/api/v1/articles/" + Pick(random, Slugs)),
            3 => (random.Next(3) == 0 ? "POST" : "DELETE", random.Next(3) == 0 ? "/api/v1/imports" : "/api/v1/articles/" + Pick(random, Slugs)),
            _ => (Pick(random, (string[])["PATCH", "POST", "PUT", "DELETE", "TRACE", "OPTIONS"]), Pick(random, (string[])
                ["/api/v1/articles", "/api/v1/articles/1", "/api/v1/imports", "/api/v1/imports/latest", "/api/v1/images/1", "/health/live"])),
        };
        var headers = Headers(random, write: true);
        var (body, contentType) = method is "POST" or "PUT" or "PATCH" && !target.EndsWith("/imports", StringComparison.Ordinal)
            ? Body(random)
            : random.Next(6) == 0 ? Body(random) : (null, null);
        return new HostileRequest(method, target, headers, body, contentType);
    }

    private static (byte[]? Body, string? ContentType) Body(Random random)
    {
        switch (random.Next(22))
        {
            case 0:
                return (null, null);
            case 1:
                return ([], "text/plain");
            case 2 or 3 or 4:
                // A good article with a unique headline, so valid writes succeed.
                return (Encoding.UTF8.GetBytes(GoodArticle.Replace("Storm", "Storm " + random.Next(1_000_000), StringComparison.Ordinal)), "text/plain");
            case 5:
                return (Encoding.UTF8.GetBytes("   \n\n \t "), "text/plain");
            case 6:
                return ([0x00, 0xFF, 0xFE, 0x00, 0x01, 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "text/plain");
            case 7:
                return (Encoding.UTF8.GetBytes("{\"title\":\"Injected\",\"body\":\"x\"}"), "application/json");
            case 8:
                return (Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><a>&e;</a>"), "application/xml");
            case 9:
                return Multipart(random, files: 1);
            case 10:
                return Multipart(random, files: 0);
            case 11:
                return Multipart(random, files: 2);
            case 12:
                return (Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nHeadline\r\n--x--\r\n"), "multipart/form-data");
            case 13:
                return (Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary"), "multipart/form-data; boundary=x");
            case 14:
                return (Encoding.UTF8.GetBytes("garbage that is not multipart at all"), "multipart/form-data; boundary=" + new string('b', 100));
            case 15:
                // Over the 1 MB limit: with a Content-Length the controller refuses it before reading.
                return (Encoding.UTF8.GetBytes("Oversized headline\n\n" + new string('x', 1_048_577)), random.Next(2) == 0 ? "text/plain" : null);
            case 16:
                return OversizedMultipart();
            case 17:
                return (Encoding.UTF8.GetBytes("title=x&body=y"), "application/x-www-form-urlencoded");
            case 18:
                return (Encoding.Unicode.GetBytes("\uFEFFUTF-16 headline here\n\nA body in UTF-16."), "text/plain; charset=utf-16");
            case 19:
                return (Encoding.UTF8.GetBytes("Headline with SELECT * FROM Articles\n\n' OR 1=1 -- ; DROP TABLE Articles;\n"), "text/plain");
            default:
                return (Encoding.UTF8.GetBytes(GoodArticle), Pick(random, ContentTypes));
        }
    }

    private static (byte[] Body, string ContentType) Multipart(Random random, int files)
    {
        var boundary = "hostile" + random.Next(1_000_000);
        var sb = new StringBuilder();
        sb.Append("--").Append(boundary).Append("\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nnot a file\r\n");
        for (var f = 0; f < files; f++)
        {
            var filename = Pick(random, (string[])["a.txt", "../../etc/passwd", "..\\..\\win.ini", "\u202Etxt.exe", "a\u0000b.txt", ""]);
            sb.Append("--").Append(boundary).Append("\r\nContent-Disposition: form-data; name=\"file").Append(f)
                .Append("\"; filename=\"").Append(filename).Append("\"\r\nContent-Type: text/plain\r\n\r\n")
                .Append(GoodArticle.Replace("Storm", "Gale " + random.Next(1_000_000), StringComparison.Ordinal)).Append("\r\n");
        }

        sb.Append("--").Append(boundary).Append("--\r\n");
        return (Encoding.UTF8.GetBytes(sb.ToString()), $"multipart/form-data; boundary={boundary}");
    }

    private static (byte[] Body, string ContentType) OversizedMultipart()
    {
        const string Boundary = "oversized";
        var text = "--" + Boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\nContent-Type: text/plain\r\n\r\n"
            + "Oversized headline\n\n" + new string('x', 1_100_000) + "\r\n--" + Boundary + "--\r\n";
        return (Encoding.UTF8.GetBytes(text), "multipart/form-data; boundary=" + Boundary);
    }

    private static List<(string Name, string Value)> Headers(Random random, bool write)
    {
        var headers = new List<(string, string)>();
        if (write)
        {
            switch (random.Next(10))
            {
                case 0:
                    break;
                case 1:
                    headers.Add(("X-Api-Key", Key));
                    headers.Add(("X-Api-Key", Key));
                    break;
                default:
                    headers.Add(("X-Api-Key", Pick(random, ApiKeys)));
                    break;
            }

            if (random.Next(4) == 0)
            {
                headers.Add(("If-Match", Pick(random, EntityTags)));
            }
        }
        else if (random.Next(25) == 0)
        {
            headers.Add(("X-Api-Key", Pick(random, ApiKeys)));
        }

        if (random.Next(5) == 0)
        {
            headers.Add(("If-None-Match", Pick(random, EntityTags)));
        }

        if (random.Next(6) == 0)
        {
            headers.Add(("Accept", Pick(random, Accepts)));
        }

        if (random.Next(10) == 0)
        {
            headers.Add(("Accept-Encoding", Pick(random, (string[])["gzip", "br", "gzip, br", "identity;q=0", "*;q=0", "garbage", "br;q=abc"])));
        }

        if (random.Next(12) == 0)
        {
            headers.Add(("If-Modified-Since", Pick(random, (string[])["Tue, 01 Jan 2019 00:00:00 GMT", "yesterday", "", "Fri, 31 Dec 9999 23:59:59 GMT"])));
        }

        if (random.Next(10) == 0)
        {
            headers.Add(("X-Request-Id", Pick(random, (string[])["abc", "", new string('r', 5_000), "\u00e9\u00e8", "../../etc", "<script>"])));
        }

        if (random.Next(12) == 0)
        {
            headers.Add(("Origin", Pick(random, (string[])["https://example.com", "null", "*", "javascript:alert(1)", ""])));
            headers.Add(("Access-Control-Request-Method", Pick(random, (string[])["GET", "DELETE", "PUT", "BOGUS"])));
        }

        if (random.Next(15) == 0)
        {
            headers.Add(("Range", Pick(random, (string[])["bytes=0-10", "bytes=-1", "bytes=9999999-", "items=0-1", "garbage"])));
        }

        if (random.Next(40) == 0)
        {
            // Big, but under Kestrel's 32 KB total; the over-limit cases run on a real socket in HostileKestrelTests.
            headers.Add(("X-Padding", new string('p', 20_000)));
        }

        return headers;
    }
}
