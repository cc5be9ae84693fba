using System.Globalization;

namespace NewsApi.Generator;

/// <summary>A growable char buffer reused for every article, so generating 100,000 files allocates almost nothing.</summary>
internal sealed class TextBuffer
{
    private char[] _chars = new char[16 * 1024];

    public int Length { get; private set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public char Last => _chars[Length - 1];

    public void Clear() => Length = 0;

    public void Append(char c)
    {
        Ensure(1);
        _chars[Length++] = c;
    }

    public void Append(string s)
    {
        Ensure(s.Length);
        s.CopyTo(_chars.AsSpan(Length));
        Length += s.Length;
    }

    /// <summary>Appends the string with its first letter in upper case (for sentence starts; works for é too).</summary>
    public void AppendCapitalised(string s)
    {
        Append(s);
        _chars[Length - s.Length] = char.ToUpperInvariant(s[0]);
    }

    public void Append(long n)
    {
        Ensure(20);
        n.TryFormat(_chars.AsSpan(Length), out var written, default, CultureInfo.InvariantCulture);
        Length += written;
    }

    /// <summary>Appends a copy of an earlier part of this buffer (the plain duplicate of an image caption).</summary>
    public void AppendCopy(int start, int end)
    {
        Ensure(end - start);
        _chars.AsSpan(start, end - start).CopyTo(_chars.AsSpan(Length));
        Length += end - start;
    }

    public void ReplaceLast(char c) => _chars[Length - 1] = c;

    private void Ensure(int extra)
    {
        if (Length + extra > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, Length + extra));
        }
    }
}
