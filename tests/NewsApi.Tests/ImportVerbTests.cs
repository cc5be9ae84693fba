using Microsoft.Data.Sqlite;
using NewsApi.Cli;

namespace NewsApi.Tests;

/// <summary>The operator's <c>import &lt;folder&gt; [--prune]</c> verb against a real store file.</summary>
public sealed class ImportVerbTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "newsapi-tests", "verb-" + Guid.NewGuid().ToString("N"));

    public ImportVerbTests() => Directory.CreateDirectory(Folder);

    private string Folder => Path.Combine(_root, "articles");
    private string Database => Path.Combine(_root, "news.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_root, recursive: true);
    }

    private Task<int> ImportAsync(params string[] options) =>
        CommandLine.RunAsync(["import", Folder, .. options, $"--ConnectionStrings:NewsApi=Data Source={Database}"]);

    private List<string> Files()
    {
        using var connection = new SqliteConnection($"Data Source={Database}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT SourceFileName FROM Articles ORDER BY Id";
        using var reader = command.ExecuteReader();
        var files = new List<string>();
        while (reader.Read())
        {
            files.Add(reader.GetString(0));
        }

        return files;
    }

    [Fact]
    public async Task Import_removes_articles_whose_files_are_gone_only_with_prune()
    {
        File.WriteAllText(Path.Combine(Folder, "a.txt"), "Harbour reopens after the storm\n\nThe harbour reopened on Monday.\n");
        File.WriteAllText(Path.Combine(Folder, "b.txt"), "Ferry timetable changes for winter\n\nThe ferry sails twice a day.\n");
        Assert.Equal(0, await ImportAsync());
        File.Delete(Path.Combine(Folder, "b.txt"));

        var plain = await ImportAsync();
        var afterPlain = Files();
        var pruning = await ImportAsync("--prune");

        Assert.Equal((0, 0), (plain, pruning));
        Assert.Equal(["a.txt", "b.txt"], afterPlain);
        Assert.Equal(["a.txt"], Files());
    }
}
