namespace NewsApi.EndToEnd.Support;

public static class Paths
{
    /// <summary>The folder holding <c>NewsApi.sln</c>, found upward from the test binaries.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsApi.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("NewsApi.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary><c>artifacts/</c> at the repository root (git-ignored), created when missing.</summary>
    public static string Artifacts()
    {
        var path = Path.Combine(RepoRoot(), "artifacts");
        Directory.CreateDirectory(path);
        return path;
    }
}
