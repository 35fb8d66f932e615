namespace NewsWatch.Incidents;

/// <summary>An open-addressing table of folded words, looked up by a text word and its <see cref="Fold.Hash"/> without allocating.</summary>
internal sealed class FoldedTable<T>
{
    private readonly string?[] _keys;
    private readonly uint[] _hashes;
    private readonly T[] _values;
    private readonly int _mask;

    /// <param name="items">Folded keys (see <see cref="Fold.Of"/>), each once.</param>
    public FoldedTable(IEnumerable<KeyValuePair<string, T>> items)
    {
        var list = items.ToList();
        var size = 16;
        while (size < list.Count * 3)
            size *= 2;
        _keys = new string?[size];
        _hashes = new uint[size];
        _values = new T[size];
        _mask = size - 1;
        foreach (var (key, value) in list)
        {
            var hash = Fold.Hash(key);
            var slot = (int)(hash & (uint)_mask);
            while (_keys[slot] is not null)
            {
                if (_keys[slot] == key)
                    throw new ArgumentException($"'{key}' appears twice", nameof(items));
                slot = (slot + 1) & _mask;
            }

            _keys[slot] = key;
            _hashes[slot] = hash;
            _values[slot] = value;
        }
    }

    public bool TryGet(ReadOnlySpan<char> word, uint hash, out T value)
    {
        for (var slot = (int)(hash & (uint)_mask); _keys[slot] is { } key; slot = (slot + 1) & _mask)
        {
            if (_hashes[slot] == hash && Fold.Equal(word, key))
            {
                value = _values[slot];
                return true;
            }
        }

        value = default!;
        return false;
    }
}
