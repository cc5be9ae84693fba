using System.Security.Cryptography;

namespace NewsApi.Hosting;

/// <summary>One definition of a representation's strong ETag, shared by conditional GETs and <c>If-Match</c> on writes.</summary>
public static class ETags
{
    public static string For(ReadOnlySpan<byte> body) => $"\"{Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16))}\"";
}
