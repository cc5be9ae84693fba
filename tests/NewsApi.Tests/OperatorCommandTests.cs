using Microsoft.Data.Sqlite;
using NewsApi.Parsing;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// The verbs <c>help</c>, <c>check</c> and <c>import</c> of the real executable, with output redirected as in a
/// pipe: data on stdout, everything said to the operator on stderr.
/// </summary>
public sealed class OperatorCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("newsapi-cli-").FullName;

    private string Articles => Path.Combine(_root, "articles");

    private int FileCount => Fixtures.Good.Count + Fixtures.Bad.Count;

    public OperatorCommandTests()
    {
        Directory.CreateDirectory(Articles);
        Fixtures.WriteTo(Articles);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("help")]
    public async Task Help_prints_usage_to_stdout_and_exits_0(string help)
    {
        var run = await AppProcess.RunAsync([help]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("Usage:", run.StandardOutput);
        Assert.Contains("check <folder> [--summary]", run.StandardOutput);
        Assert.Contains("import <folder>", run.StandardOutput);
        Assert.Equal("", run.StandardError);
    }

    [Theory]
    [InlineData("unknown command 'chek'", "chek", "data/articles")]
    [InlineData("'check' needs a folder", "check")]
    [InlineData("'import' needs a folder", "import")]
    [InlineData("unknown option '--sumary' for 'check'", "check", "data/articles", "--sumary")]
    public async Task A_wrong_command_line_prints_the_error_and_usage_to_stderr_and_exits_2(string error, params string[] args)
    {
        var run = await AppProcess.RunAsync(args);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"error: {error}", run.ErrorLines[0]);
        Assert.Contains("Usage:", run.StandardError);
        Assert.Equal("", run.StandardOutput);
    }

    [Fact]
    public async Task Import_of_a_missing_folder_exits_2_and_creates_no_database()
    {
        var database = Path.Combine(_root, "store", "news.db");
        var missing = Path.Combine(_root, "no-such-folder");

        var run = await AppProcess.RunAsync(["import", missing], Store(database));

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Equal($"Folder not found: {missing}", Assert.Single(run.ErrorLines));
        Assert.False(File.Exists(database), "a database file was created");
        Assert.False(Directory.Exists(Path.GetDirectoryName(database)), "the database's folder was created");
    }

    [Fact]
    public async Task Import_names_its_folder_and_database_and_reports_what_it_did()
    {
        var database = Path.Combine(_root, "news.db");

        var run = await AppProcess.RunAsync(["import", Articles], Store(database));

        Assert.True(run.ExitCode == 1, run.ToString()); // the fixtures include files that are skipped
        Assert.Equal($"Importing {Articles} into {database}", run.ErrorLines[0]);
        Assert.Contains("imported", run.StandardOutput);
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM Articles";
        Assert.Equal((long)Fixtures.Good.Count, count.ExecuteScalar());
    }

    [Fact]
    public async Task Import_messages_are_not_wrapped_when_output_is_redirected()
    {
        var longName = "900_" + string.Concat(Enumerable.Repeat("an-empty-file-with-a-long-name-", 4)) + ".txt";
        File.WriteAllBytes(Path.Combine(Articles, longName), []);

        var run = await AppProcess.RunAsync(["import", Articles], Store(Path.Combine(_root, "news.db")));

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains(run.OutputLines, l => l.StartsWith($"skipped {longName} (line ", StringComparison.Ordinal) && l.Contains(": empty-file: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_writes_one_line_per_file_to_stdout_and_its_report_to_stderr()
    {
        var run = await AppProcess.RunAsync(["check", Articles]);

        Assert.True(run.ExitCode == 1, run.ToString()); // some fixtures would be skipped
        Assert.Equal(FileCount, run.OutputLines.Length);
        Assert.All(run.OutputLines, l => Assert.Equal(ParseSummary.Header.Split('\t').Length, l.Split('\t').Length));
        Assert.Contains(run.OutputLines, l => l.StartsWith("900_empty.txt\tskipped\t", StringComparison.Ordinal));
        Assert.Contains($"files {FileCount}, articles {Fixtures.Good.Count}, skipped {Fixtures.Bad.Count}", run.StandardError);
        Assert.Contains(run.ErrorLines, l => l.StartsWith("skipped 901_binary.txt (line ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_summary_writes_the_tsv_with_its_header_to_stdout_and_the_report_to_stderr()
    {
        var plain = await AppProcess.RunAsync(["check", Articles]);
        var run = await AppProcess.RunAsync(["check", Articles, "--summary"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Equal([ParseSummary.Header, .. plain.OutputLines], run.OutputLines);
        Assert.Contains($"files {FileCount}, articles {Fixtures.Good.Count}, skipped {Fixtures.Bad.Count}", run.StandardError);
    }

    private static Dictionary<string, string?> Store(string database) => new() { ["ConnectionStrings__NewsApi"] = $"Data Source={database}" };

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
