namespace NewsWatch.Incidents;

/// <summary>
/// The words of a text (runs of letters and digits): offsets, folded hash and word classes, found in one pass and
/// shared by every rule and the gazetteer. Pooled: dispose it. <see cref="NextWord"/> is the one rule of what a word is,
/// which <see cref="Tokens"/> follows too.
/// </summary>
internal struct WordIndex : IDisposable
{
    private const int Stride = 4; // start, end, hash, class

    private static readonly bool[] AsciiWordChar = Enumerable.Range(0, 128).Select(c => char.IsAsciiLetterOrDigit((char)c)).ToArray();

    private int[] _data;

    public int Count { get; private set; }

    public readonly int Start(int i) => _data[Stride * i];

    public readonly int End(int i) => _data[Stride * i + 1];

    public readonly uint Hash(int i) => (uint)_data[Stride * i + 2];

    public readonly WordClass Class(int i) => (WordClass)_data[Stride * i + 3];

    public readonly bool Is(int i, WordClass c) => (_data[Stride * i + 3] & (int)c) != 0;

    public readonly ReadOnlySpan<char> Word(string s, int i) => s.AsSpan(_data[Stride * i], _data[Stride * i + 1] - _data[Stride * i]);

    /// <summary>The next word at or after <paramref name="from"/>: [<paramref name="start"/>, <paramref name="end"/>); false when none is left.</summary>
    public static bool NextWord(string s, int from, out int start, out int end)
    {
        var i = from;
        while (i < s.Length && !IsWordChar(s[i]))
            i++;
        start = i;
        while (i < s.Length && IsWordChar(s[i]))
            i++;
        end = i;
        return end > start;
    }

    public static WordIndex Of(string s)
    {
        var data = System.Buffers.ArrayPool<int>.Shared.Rent(Stride * (s.Length / 2 + 1));
        var count = 0;
        var pos = 0;
        while (NextWord(s, pos, out var start, out pos))
        {
            var word = s.AsSpan(start, pos - start);
            var hash = Fold.Hash(word);
            data[Stride * count] = start;
            data[Stride * count + 1] = pos;
            data[Stride * count + 2] = (int)hash;
            data[Stride * count + 3] = word.Length > 15 ? 0 : (int)FactWords.Of(word, hash);
            count++;
        }

        return new WordIndex { _data = data, Count = count };
    }

    public void Dispose()
    {
        if (_data is not null)
            System.Buffers.ArrayPool<int>.Shared.Return(_data);
        _data = null!;
    }

    private static bool IsWordChar(char c) => c < 128 ? AsciiWordChar[c] : char.IsLetterOrDigit(c);
}
