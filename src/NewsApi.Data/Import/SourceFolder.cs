namespace NewsApi.Data.Import;

/// <summary>A folder (or the source folder itself, as <c>.</c>) that could not be listed, and why.</summary>
public sealed record UnreadablePath(string Path, string Message);

/// <summary>
/// What a walk of the source folder found: the <c>*.txt</c> files, every folder that could not be read, and the
/// directory symlinks it did not follow.
/// </summary>
/// <remarks>A listing with unreadable folders is incomplete: a file missing from it may still exist.</remarks>
public sealed record SourceListing(IReadOnlyList<string> Files, IReadOnlyList<UnreadablePath> Unreadable, IReadOnlyList<string> SkippedLinks)
{
    public bool Complete => Unreadable.Count == 0;
}

/// <summary>The <c>*.txt</c> files of a source folder, in the one order every import uses.</summary>
public static class SourceFolder
{
    /// <summary>
    /// Relative paths with '/' separators, sorted ordinally, so the same folder always yields
    /// the same ids and slugs whatever the file system's enumeration order.
    /// </summary>
    public static IReadOnlyList<string> List(string directory) => Scan(directory).Files;

    /// <summary>Walks <paramref name="directory"/>; never throws for a folder it cannot read, but reports it.</summary>
    public static SourceListing Scan(string directory) => Scan(directory, d => d.EnumerateFileSystemInfos());

    /// <summary>
    /// The walk, with the listing of one folder as a seam: tests run as root, which no permission bit stops, so they
    /// inject the failure an unreadable folder gives an ordinary user here.
    /// </summary>
    internal static SourceListing Scan(string directory, Func<DirectoryInfo, IEnumerable<FileSystemInfo>> enumerate)
    {
        var files = new List<string>();
        var unreadable = new List<UnreadablePath>();
        var links = new List<string>();
        if (!Directory.Exists(directory))
        {
            unreadable.Add(new UnreadablePath(".", $"The source folder {directory} does not exist (or is not mounted)."));
            return new SourceListing(files, unreadable, links);
        }

        var pending = new Stack<string>();
        pending.Push(string.Empty);
        while (pending.TryPop(out var relative))
        {
            List<FileSystemInfo> entries;
            try
            {
                // Listed whole here: the enumeration is lazy and fails part-way as readily as at the start.
                entries = enumerate(new DirectoryInfo(Path.Combine(directory, relative))).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                unreadable.Add(new UnreadablePath(relative.Length == 0 ? "." : relative + "/", $"The folder could not be read: {e.Message}"));
                continue;
            }

            foreach (var entry in entries)
            {
                if ((entry.Attributes & FileAttributes.Hidden) != 0)
                {
                    continue;
                }

                var path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry is DirectoryInfo)
                {
                    // Directory symlinks are not followed: one pointing at an ancestor is an endless loop (a walk
                    // that follows them turned 5 files into 205 articles), and one pointing elsewhere in the folder
                    // would import the same files twice under two names.
                    if (entry.LinkTarget is not null)
                    {
                        links.Add(path);
                    }
                    else
                    {
                        pending.Push(path);
                    }
                }
                else if (entry.Name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
                {
                    files.Add(path);
                }
            }
        }

        files.Sort(StringComparer.Ordinal);
        unreadable.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        links.Sort(StringComparer.Ordinal);
        return new SourceListing(files, unreadable, links);
    }
}
