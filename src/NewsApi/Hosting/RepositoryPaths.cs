namespace NewsApi.Hosting;

/// <summary>
/// Relative paths in configuration (the source folder, the database file) resolve against the repository root
/// when the app runs from a checkout, so `dotnet run --project src/NewsApi` finds `data/articles`; elsewhere
/// they resolve against the content root.
/// </summary>
public static class RepositoryPaths
{
    public static string Resolve(string contentRoot, string path)
    {
        if (Path.IsPathRooted(path))
        {
            return path;
        }

        return Path.GetFullPath(Path.Combine(FindRoot(contentRoot) ?? contentRoot, path));
    }

    private static string? FindRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NewsApi.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
