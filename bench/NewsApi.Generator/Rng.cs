namespace NewsApi.Generator;

/// <summary>What a random stream is used for, so each purpose gets independent numbers.</summary>
internal enum Purpose
{
    Headline = 1,
    Body = 2,
    MissingHeadline = 3,
    FileName = 4,
}

/// <summary>
/// SplitMix64. System.Random's seeded algorithm is an implementation detail that may change between
/// runtimes; this one is fixed by the code below, so a seed means the same bytes everywhere.
/// </summary>
internal sealed class Rng(ulong state)
{
    private ulong _state = state;

    /// <summary>A stream per (seed, article, purpose): any article can be produced on its own, in any order.</summary>
    public static Rng For(ulong seed, int index, Purpose purpose) =>
        new(Mix(Mix(seed) + (((ulong)index << 8) | (ulong)purpose)));

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64() => Mix(_state += 0x9E3779B97F4A7C15UL);

    /// <summary>Uniform in [0, n): the high half of a 64x64-bit product (Lemire), no division and no visible bias.</summary>
    public int Next(int n) => (int)Math.BigMul(NextUInt64(), (ulong)n, out _);

    /// <summary>Uniform in [min, max], both inclusive.</summary>
    public int Next(int min, int max) => min + Next(max - min + 1);

    /// <summary>Uniform in [0, 1) from 53 random bits; exact, so identical on every platform.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(T[] items) => items[Next(items.Length)];
}
