namespace NewsApi.Data.Import;

/// <summary>The <c>*.txt</c> files of a source folder, in the one order every import uses.</summary>
public static class SourceFolder
{
    /// <summary>
    /// Relative paths with '/' separators, sorted ordinally, so the same folder always yields
    /// the same ids and slugs whatever the file system's enumeration order.
    /// </summary>
    public static IReadOnlyList<string> List(string directory)
    {
        var files = Directory.EnumerateFiles(directory, "*.txt", new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = System.IO.FileAttributes.Hidden,
            MatchCasing = MatchCasing.CaseInsensitive,
        })
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }
}
