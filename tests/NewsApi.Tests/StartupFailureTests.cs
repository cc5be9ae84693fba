using System.Net;
using System.Net.Sockets;
using NewsApi.Tests.Support;

namespace NewsApi.Tests;

/// <summary>
/// The real executable, started as an operator starts it, with something wrong: it must say what in one line on
/// stderr and exit non-zero, never abort (exit 134) with a stack trace.
/// </summary>
public sealed class StartupFailureTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("newsapi-startup-").FullName;

    [Fact]
    public async Task A_port_in_use_is_named_with_how_to_choose_another()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await AppProcess.RunAsync(["--urls", $"http://127.0.0.1:{port}"], Store(Path.Combine(_root, "news.db")));

        var line = AssertOneLineFailure(run);
        Assert.Contains($"Port {port} is already in use", line);
        Assert.Contains("--urls", line);
        Assert.Contains("ASPNETCORE_URLS", line);

        // The host logged normally up to the failure.
        Assert.Contains("Store ready at", run.StandardOutput);
    }

    [Fact]
    public async Task A_setting_out_of_range_is_named_with_its_valid_range()
    {
        var settings = Store(Path.Combine(_root, "news.db"));
        settings["NewsApi__CacheMaxAgeSeconds"] = "-5";

        var run = await AppProcess.RunAsync(["--urls", "http://127.0.0.1:0"], settings);

        var line = AssertOneLineFailure(run);
        Assert.Contains("NewsApi:CacheMaxAgeSeconds (NewsApi__CacheMaxAgeSeconds) is -5; it must be between 0 and 31536000", line);
    }

    [Fact]
    public async Task A_database_path_whose_folder_cannot_exist_is_named()
    {
        // A file where the database's folder should be: no folder can be created there, even by root.
        var blocker = Path.Combine(_root, "not-a-folder");
        File.WriteAllText(blocker, "");
        var database = Path.Combine(blocker, "news.db");

        var run = await AppProcess.RunAsync(["--urls", "http://127.0.0.1:0"], Store(database));

        var line = AssertOneLineFailure(run);
        Assert.StartsWith($"Cannot open the database {database}:", line);
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_is_named()
    {
        var database = Path.Combine(_root, "notes.db");
        File.WriteAllText(database, "These are notes, not a SQLite database.\n");

        var run = await AppProcess.RunAsync(["--urls", "http://127.0.0.1:0"], Store(database));

        var line = AssertOneLineFailure(run);
        Assert.Equal($"Cannot open the database {database}: the file is not a SQLite database. " +
            "Set ConnectionStrings__NewsApi to \"Data Source=<file>\" in a writable folder.", line);
        Assert.Equal("These are notes, not a SQLite database.\n", File.ReadAllText(database));
    }

    [Fact]
    public async Task A_postgres_connection_string_without_the_postgres_provider_is_named()
    {
        var run = await AppProcess.RunAsync(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["ConnectionStrings__NewsApi"] = "Host=127.0.0.1;Database=news",
        });

        var line = AssertOneLineFailure(run);
        Assert.Equal("ConnectionStrings:NewsApi does not suit NewsApi:Provider Sqlite: Connection string keyword 'host' is not supported. " +
            "Set ConnectionStrings__NewsApi to \"Data Source=<file>\", or choose the provider it is for with NewsApi__Provider.", line);
    }

    [Fact]
    public async Task A_sqlite_file_with_the_postgres_provider_is_named()
    {
        var settings = Store(Path.Combine(_root, "news.db"));
        settings["NewsApi__Provider"] = "Postgres";

        var run = await AppProcess.RunAsync(["--urls", "http://127.0.0.1:0"], settings);

        var line = AssertOneLineFailure(run);
        Assert.Equal("ConnectionStrings:NewsApi does not suit NewsApi:Provider Postgres: Npgsql knows no keyword 'data source'. " +
            "Set ConnectionStrings__NewsApi to \"Host=<server>;Database=<name>;Username=<user>\", or choose the provider it is for with NewsApi__Provider.", line);
        Assert.False(File.Exists(Path.Combine(_root, "news.db")));
    }

    [Fact]
    public async Task An_unknown_provider_is_named_with_the_valid_ones()
    {
        var settings = Store(Path.Combine(_root, "news.db"));
        settings["NewsApi__Provider"] = "MySql";

        var run = await AppProcess.RunAsync(["--urls", "http://127.0.0.1:0"], settings);

        Assert.Equal("Invalid configuration: NewsApi:Provider (NewsApi__Provider) is 'MySql'; it must be Sqlite or Postgres.", AssertOneLineFailure(run));
    }

    [Fact]
    public async Task A_postgres_server_that_is_not_there_stops_start_up_with_one_line_naming_it()
    {
        // A well-formed server address that nothing listens on.
        var run = await AppProcess.RunAsync(["--urls", "http://127.0.0.1:0"], new Dictionary<string, string?>
        {
            ["NewsApi__Provider"] = "postgres",
            ["ConnectionStrings__NewsApi"] = "Host=127.0.0.1;Port=1;Database=news",
        });

        var line = AssertOneLineFailure(run);
        Assert.StartsWith("Cannot use the database PostgreSQL 127.0.0.1:1/news: ", line);
        Assert.Contains("ConnectionStrings__NewsApi", line);
    }

    private static Dictionary<string, string?> Store(string database) => new() { ["ConnectionStrings__NewsApi"] = $"Data Source={database}" };

    private static string AssertOneLineFailure(AppRun run)
    {
        Assert.True(run.ExitCode is 1, run.ToString());
        var line = Assert.Single(run.ErrorLines);
        Assert.DoesNotContain("   at ", run.StandardOutput + run.StandardError);
        Assert.DoesNotContain("Exception", run.StandardOutput + run.StandardError);
        return line;
    }

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
