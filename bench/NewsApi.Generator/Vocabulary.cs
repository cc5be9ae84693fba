namespace NewsApi.Generator;

/// <summary>
/// The words articles are made of. Body words are drawn by Zipf rank (weight 1/rank) from common
/// English words, then a shuffled mix of news words, accented words and a few thousand pseudo-words,
/// so a search term may match most articles or a handful and two-word queries vary in selectivity.
/// The vocabulary is fixed (its own constant seed), so the same word has the same rank for every --seed.
/// </summary>
internal sealed class Vocabulary
{
    private const int PseudoWordCount = 4000;

    // Ranked roughly by real English frequency; these take the top of the Zipf curve.
    private static readonly string[] FunctionWords = Split("""
        the of and to a in that is was he for it with as his on be at by i this had not are but from or
        have an they which one you were her all she there would their we him been has when who will more
        no if out so said what up its about into than them can only other new some could time these two
        may then do first any my now such like our over me even most made after also did many before must
        through back years where much your way well down should because each just those people how too
        little state good very make world still own see men work long get here between both life being
        under never day same another know while last might us great old year off come since against go
        came right used take three
        """);

    private static readonly string[] NewsWords = Split("""
        government police minister president officials council court report hospital family children
        school city country party election vote plans talks summit deal crisis attack victims money million
        billion pounds company workers prices market energy climate weather storm flood fire crash driver
        car road train airport flight border war army troops ministers leader leaders parliament law judge
        trial jury prison sentence officers investigation inquiry evidence statement spokesperson negotiator
        meeting agreement sanctions nuclear security health patients doctors nurses virus vaccine study
        scientists research university students teachers housing homes rent tax budget economy growth
        inflation bank interest rates jobs strike union pay football match club fans season team player
        coach goal win defeat victory title record show film star music festival stage book author museum
        art gallery restaurant food chef warned announced expected confirmed revealed claimed denied arrested
        charged killed injured died found rescued launched approved rejected opened closed raised cut
        increased fell rose visited met told added believed thought reported heading pictured agreed stalled
        senior former local national international public private major serious second final positive huge
        young elderly critics relationship progress specifics denuclearisation pet crocodile enclosure
        passenger partner session residents neighbours witnesses ambulance paramedics firefighters coastguard
        village town street bridge river beach mountain island farm factory office shop supermarket pub
        hotel church mosque temple stadium theatre cinema library airline railway motorway tunnel pipeline
        protest march rally campaign petition scandal leak lawsuit appeal ruling verdict fine compensation
        refund shortage surplus deficit recession recovery boom crash shares investors profits losses
        """);

    private static readonly string[] AccentedWords = Split("""
        café naïve Zürich résumé façade fiancée jalapeño crème brûlée São Malmö Kraków Düsseldorf Besançon
        Gdańsk señor über protégé entrée élite déjà rosé Montréal Reykjavík Genève Curaçao piñata soirée
        """);

    public static readonly string[] FirstNames = Split("""
        Jason Maria David Sarah James Emma Mohammed Aisha Kim Mike Steve Laura Daniel Chloé José Zoë Björn
        Søren Renée Ahmed Fatima Li Wei Yuki Carlos Ana Peter Olga Tomasz Priya Raj Grace Tom Lucy Jack Amy
        Oliver Sophie Harry Ella Noah Mia Liam Ava Lucas Isla Leo Freya Omar Leila Hugo Inès Mateo Ngozi Kofi
        """);

    public static readonly string[] RealSurnames = Split("""
        Lee Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Walker Wright
        Robinson Thompson White Hughes Edwards Green Hall Wood Harris Martin Jackson Clarke Müller García
        Núñez Kowalski Nowak Rossi Dubois Lefèvre Novák Jensen Yilmaz Okafor Mensah Chen Wang Singh Patel
        Khan Ali Kim Park Tanaka Sato Ivanov Petrova Silva Santos Ferreira Costa O’Brien Murphy Kelly Byrne
        """);

    public static readonly string[] Places = Split("""
        London Beijing Washington Singapore Manchester Paris Berlin Madrid Rome Tokyo Sydney Dublin Glasgow
        Cardiff Belfast Leeds Bristol Liverpool Moscow Kyiv Warsaw Lisbon Athens Cairo Lagos Nairobi Delhi
        Mumbai Seoul Toronto Chicago Texas Florida California Zürich Kraków Malmö Montréal Reykjavík
        Düsseldorf Gdańsk Besançon Genève Curaçao
        """);

    /// <summary>Words by rank: index 0 is the most frequent.</summary>
    public string[] Words { get; }

    /// <summary>Rank of the first non-function word; headlines draw from here down.</summary>
    public int FirstContentRank { get; } = FunctionWords.Length;

    /// <summary>Pseudo-surnames (capitalised pseudo-words) for people and photographers.</summary>
    public string[] PseudoSurnames { get; }

    private const int GuideSize = 1 << 16;
    private readonly double[] _cumulative;
    private readonly int[] _guide = new int[GuideSize];
    private readonly double _guideScale;

    public Vocabulary()
    {
        var rng = new Rng(0x5EED_0F_0A11_4E75UL);
        var real = new HashSet<string>(FunctionWords.Concat(NewsWords).Concat(AccentedWords), StringComparer.Ordinal);
        var pseudo = new List<string>(PseudoWordCount);
        var seen = new HashSet<string>(real, StringComparer.OrdinalIgnoreCase);
        while (pseudo.Count < PseudoWordCount)
        {
            var word = MakePseudoWord(rng);
            if (word.Length is >= 4 and <= 12 && seen.Add(word))
            {
                pseudo.Add(word);
            }
        }

        // Real and accented words are mixed with the first pseudo-words into the upper-middle ranks, so they show
        // up often enough to read naturally and to be searched for; the remaining pseudo-words form the long tail.
        var common = NewsWords.Concat(AccentedWords).Concat(pseudo.Take(600)).ToArray();
        var rare = pseudo.Skip(600).ToArray();
        Shuffle(rng, common);
        Shuffle(rng, rare);
        Words = [.. FunctionWords, .. common, .. rare];

        PseudoSurnames = rare.Take(300).Select(w => char.ToUpperInvariant(w[0]) + w[1..]).ToArray();

        // Weights 1/rank: a plain division, exact in IEEE arithmetic, so the table (unlike Math.Pow) is identical everywhere.
        _cumulative = new double[Words.Length];
        var sum = 0.0;
        for (var rank = 0; rank < Words.Length; rank++)
        {
            sum += 1.0 / (rank + 1);
            _cumulative[rank] = sum;
        }

        // _guide[b] is a rank at or before the answer for any u in bucket b (one rank of slack absorbs rounding).
        _guideScale = GuideSize / sum;
        for (int b = 0, rank = 0; b < GuideSize; b++)
        {
            while (rank < Words.Length - 1 && _cumulative[rank] <= b / _guideScale)
            {
                rank++;
            }

            _guide[b] = Math.Max(0, rank - 1);
        }
    }

    /// <summary>A word drawn by Zipf frequency, optionally only from ranks at or below <paramref name="fromRank"/>.</summary>
    public string Sample(Rng rng, int fromRank = 0)
    {
        var low = fromRank == 0 ? 0.0 : _cumulative[fromRank - 1];
        var u = low + (rng.NextDouble() * (_cumulative[^1] - low));

        // The rank is the first whose cumulative weight exceeds u. A binary search per word was most of the
        // run time, so a guide table jumps to (just before) the answer and a short forward scan finishes.
        var i = Math.Max(fromRank, _guide[Math.Min((int)(u * _guideScale), GuideSize - 1)]);
        while (i < _cumulative.Length - 1 && _cumulative[i] <= u)
        {
            i++;
        }

        return Words[i];
    }

    private static readonly string[] Onsets = Split("b c d f g h k l m n p r s t v w z br cr dr fl gr pl st tr sh th ch sk");
    private static readonly string[] Vowels = Split("a e i o u a e i o ai ea ou io y");
    private static readonly string[] Codas = Split("n r l s t m nd st x rk ng");

    private static string MakePseudoWord(Rng rng)
    {
        var syllables = rng.Next(2, 3);
        var word = "";
        for (var s = 0; s < syllables; s++)
        {
            word += rng.Pick(Onsets) + rng.Pick(Vowels);
        }

        return rng.Chance(0.6) ? word + rng.Pick(Codas) : word;
    }

    private static void Shuffle(Rng rng, string[] items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    private static string[] Split(string words) =>
        words.Split([' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries);
}
