using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

/// <summary>
/// Diagnostics are only ever read whole with their owner, so they live in one JSON text column
/// rather than a table of their own. The importer writes the same JSON through <see cref="Serialize"/>.
/// </summary>
public static class DiagnosticsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Serialize(List<ArticleDiagnostic> value) => JsonSerializer.Serialize(value, Options);

    public static List<ArticleDiagnostic> Deserialize(string json) =>
        JsonSerializer.Deserialize<List<ArticleDiagnostic>>(json, Options) ?? [];

    internal static readonly ValueConverter<List<ArticleDiagnostic>, string> Converter =
        new(v => Serialize(v), s => Deserialize(s));

    internal static readonly ValueComparer<List<ArticleDiagnostic>> Comparer =
        new((a, b) => Serialize(a!) == Serialize(b!), v => Serialize(v).GetHashCode(StringComparison.Ordinal), v => Deserialize(Serialize(v)));
}
