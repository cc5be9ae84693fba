using System.Text;

namespace NewsApi.Tests.Support;

/// <summary>
/// The source files every API test starts from: the shipped seed article, articles named by the seed's
/// teasers (so related links resolve across files), articles for search and filters, and bad files that
/// must be skipped while the good ones import.
/// </summary>
public static class Fixtures
{
    public const string SeedFile = "000_0782390d389fb1a1.txt";
    public const string SeedTitle = "North Korean officials head to US amid suggestions of second Trump/Kim summit";
    public const string SeedSlug = "north-korean-officials-head-to-us-amid-suggestions-of-second-trump-kim-summit";
    public const string CrocodileTitle = "Indonesian woman, 44, mauled to death by 4.4m-long pet crocodile after falling into its enclosure";
    public const string DrinkDriverTitle = "Drink driver, 39, killed partner in passenger seat and smashed into 22 cars after all-day session";

    /// <summary>Good articles by file name, in the order the importer sorts them (ordinal).</summary>
    public static readonly IReadOnlyList<(string File, string Text)> Good =
    [
        (SeedFile, File.ReadAllText(Path.Combine(RepoRoot(), "data", "articles", SeedFile))),
        ("001_crocodile.txt", $"""
            {CrocodileTitle}

            <em>The crocodile in its enclosure in North Sulawesi (Picture: AFP/Getty Images)</em>
            The crocodile in its enclosure in North Sulawesi (Picture: AFP/Getty Images)

            A woman was killed by a pet crocodile at a pearl farm in Indonesia, police said.

            The 4.4m-long animal was kept in an enclosure at the farm.

            MORE: {SeedTitle}
            """),
        ("002_cafe.txt", """
            Zürich café owners protest new rules on terraces

            Owners of cafés in Zürich protested on Monday against rules that would close their terraces at ten.

            "We have served coffee here for forty years," said one café owner.

            Crocodile handlers were not involved.
            """),
        ("003_no_images.txt", """
            Parliament debates budget for the coming year

            Members of parliament debated the budget on Tuesday.

            The finance minister defended spending on roads and schools.
            """),
        // Search: a headline match (hovercraft in 100's title) must outrank body matches (101), and the
        // kiosk article puts HTML-significant characters next to matches so highlights must escape them.
        ("100_search_hovercraft_strike.txt", """
            Hovercraft strike halts island crossings

            Crossings to the islands stopped on Wednesday as crews walked out.

            Passengers were told to check the timetable before travelling.
            """),
        ("101_search_harbour_timetable.txt", """
            Harbour timetable changes for winter

            The hovercraft to the mainland will leave the harbour an hour later from November.

            Harbour staff said the winter timetable was agreed with the hovercraft operator.
            """),
        ("102_search_kiosk.txt", """
            Seaside kiosk's fish & chips <prices> spark "debate"

            The kiosk sells fish & chips for <5 pounds, "cheap" as 'ever', said the owner.

            Residents said the kiosk had become a local landmark.
            """),
    ];

    /// <summary>Bad files: each must be skipped and reported, never stop the import.</summary>
    public static readonly IReadOnlyList<(string File, byte[] Bytes)> Bad =
    [
        ("900_empty.txt", []),
        ("901_binary.txt", [0x00, 0x01, 0x02, 0xFF, 0x00, 0x7F, 0x00, 0x10, 0x00, 0x00, 0x89, 0x50, 0x4E, 0x47]),
    ];

    public static void WriteTo(string directory)
    {
        foreach (var (file, text) in Good)
        {
            File.WriteAllText(Path.Combine(directory, file), text, new UTF8Encoding(false));
        }

        foreach (var (file, bytes) in Bad)
        {
            File.WriteAllBytes(Path.Combine(directory, file), bytes);
        }
    }

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
}
