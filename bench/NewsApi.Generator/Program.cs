using System.Diagnostics;
using System.Globalization;
using System.Text;
using NewsApi.Generator;

const string Usage = "Usage: NewsApi.Generator --count <n> --out <folder> [--seed <n>] [--force]";

int? count = null;
string? output = null;
ulong seed = 42;
var force = false;
for (var i = 0; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--count" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0:
            count = n;
            i++;
            break;
        case "--out" when !string.IsNullOrWhiteSpace(value):
            output = value;
            i++;
            break;
        case "--seed" when ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var s):
            seed = s;
            i++;
            break;
        case "--force":
            force = true;
            break;
        case "-h" or "--help":
            Console.WriteLine(Usage);
            return 0;
        default:
            Console.Error.WriteLine($"Unexpected or invalid argument '{args[i]}'.\n{Usage}");
            return 2;
    }
}

if (count is null || output is null)
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var folder = Path.GetFullPath(output);
// --force only allows overwriting same-named files; it never deletes anything else in the folder.
if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any() && !force)
{
    Console.Error.WriteLine($"'{folder}' is not empty; use --force to write into it anyway.");
    return 1;
}

Directory.CreateDirectory(folder);

var stopwatch = Stopwatch.StartNew();
var composer = new ArticleComposer(new Vocabulary(), seed, count.Value);

// Index width grows past six digits only for sets of a million or more, so names always sort in index order.
var width = Math.Max(6, (count.Value - 1).ToString(CultureInfo.InvariantCulture).Length);
var text = new TextBuffer();
var bytes = new byte[64 * 1024];
var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
long totalBytes = 0;
for (var index = 0; index < count.Value; index++)
{
    composer.Compose(index, text);
    if (utf8.GetMaxByteCount(text.Length) > bytes.Length)
    {
        bytes = new byte[utf8.GetMaxByteCount(text.Length)];
    }

    var length = utf8.GetBytes(text.Span, bytes);
    var hex = Rng.For(seed, index, Purpose.FileName).NextUInt64().ToString("x16", CultureInfo.InvariantCulture);
    var path = Path.Combine(folder, $"{index.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}_{hex}.txt");
    // CreateNew, not Create: .NET implements Create as open + lock + ftruncate, which made writing about twice as slow.
    // The folder was empty unless --force, and then only same-named files are replaced.
    if (force)
    {
        File.Delete(path);
    }

    using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
    {
        RandomAccess.Write(handle, bytes.AsSpan(0, length), 0);
    }

    totalBytes += length;
}

var elapsed = stopwatch.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Wrote {count:N0} files, {totalBytes:N0} bytes (avg {totalBytes / count.Value:N0} B) to {folder} in {elapsed:F2} s (seed {seed})."));
return 0;
