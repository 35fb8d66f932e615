using System.Text.Json;

namespace NewsWatch.Incidents;

/// <summary>
/// A place the text mentions. Ambiguous: the spelling names more than one place (e.g. "Goseong"), so the id is only a guess.
/// Broad: a country, a capital, a province or a sea, named in most stories of a kind, so it neither ties two reports together
/// nor sets them apart.
/// </summary>
internal sealed record PlaceMention(string Id, string Name, string Region, bool Ambiguous, bool Broad = false);

/// <summary>
/// Places and defection routes with their spellings (models/gazetteer.json), matched against text word by word.
/// Text and spellings are cut into the same words (<see cref="WordIndex"/>: runs of letters and digits, so hyphens,
/// apostrophes, commas and spaces only separate) and folded the same way (lower case, accents stripped). Each word of the
/// text looks up, once, in a table keyed by its folded hash, the spellings and cues that start with it; the longest
/// spelling that fits wins. Acronyms and words with inner capitals ("JSA", "NLL", "MiG") must match exactly; a spelling
/// written with a capital needs a capital in the text ("Seoul" does not match "seoul"); spellings written in lower case
/// ("truce village") match in any case.
/// </summary>
internal sealed class Gazetteer
{
    private readonly Place[] _places;
    private readonly Route[] _routes;
    // First word of every spelling and cue (and plural of each one-word cue) -> what starts with it.
    private readonly FoldedTable<Entry> _index;
    private readonly Dictionary<string, Route> _routesById;

    private Gazetteer(Place[] places, Route[] routes, FoldedTable<Entry> index)
    {
        _places = places;
        _routes = routes;
        _index = index;
        _routesById = routes.ToDictionary(r => r.Id, StringComparer.Ordinal);
    }

    public int PlaceCount => _places.Length;

    /// <summary>Reads and indexes the gazetteer; throws <see cref="InvalidDataException"/> naming the file and what is wrong with it.</summary>
    public static Gazetteer Load(string path)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidDataException($"Gazetteer '{path}' could not be read: {ex.Message}", ex);
        }

        try
        {
            return Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"Gazetteer '{path}' is not valid JSON: {ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"Gazetteer '{path}' is malformed: {ex.Message}", ex);
        }
    }

    /// <summary>The distinct places the text mentions, in order of first mention.</summary>
    public IReadOnlyList<PlaceMention> FindPlaces(string text)
    {
        text ??= "";
        using var words = WordIndex.Of(text);
        return Find(text, words, "", default, places: true, route: false).Places;
    }

    /// <summary>The id of the route with the most cue hits in the text (ties: more distinct cues, then file order), or null.</summary>
    public string? FindRoute(string text)
    {
        text ??= "";
        using var words = WordIndex.Of(text);
        return Find(text, words, "", default, places: false, route: true).Route;
    }

    public string? RouteName(string routeId) => _routesById.TryGetValue(routeId, out var route) ? route.Name : null;

    /// <summary>Places and route of a headline and text whose words are already found (the headline's places come first).</summary>
    internal (IReadOnlyList<PlaceMention> Places, string? Route) Find(string first, in WordIndex firstWords, string second, in WordIndex secondWords,
        bool places = true, bool route = true)
    {
        List<Phrase>? placeHits = null;
        Span<int> hits = stackalloc int[_routes.Length];
        Span<int> distinct = stackalloc int[_routes.Length];
        var seenCues = new HashSet<Phrase>(ReferenceEqualityComparer.Instance);
        if (first.Length > 0)
            Scan(first, firstWords, places, route, ref placeHits, hits, distinct, seenCues);
        if (second.Length > 0)
            Scan(second, secondWords, places, route, ref placeHits, hits, distinct, seenCues);
        return (placeHits is null ? [] : Mentions(placeHits), route ? BestRoute(hits, distinct) : null);
    }

    /// <summary>True when the whole text is one of the gazetteer's place spellings (used to keep places out of personal names).</summary>
    internal bool IsPlaceName(string text)
    {
        using var words = WordIndex.Of(text);
        if (words.Count == 0 || !_index.TryGet(words.Word(text, 0), words.Hash(0), out var entry))
            return false;
        var phrase = Longest(entry.Places, text, words, 0, ignoreCase: true);
        return phrase is not null && phrase.Words.Length == words.Count;
    }

    private void Scan(string text, in WordIndex words, bool places, bool route, ref List<Phrase>? placeHits, Span<int> hits, Span<int> distinct, HashSet<Phrase> seenCues)
    {
        var nextPlace = 0;
        for (var i = 0; i < words.Count; i++)
        {
            if (!_index.TryGet(words.Word(text, i), words.Hash(i), out var entry))
                continue;
            // Places: the longest spelling starting here; spellings never overlap.
            if (places && i >= nextPlace && Longest(entry.Places, text, words, i) is { } phrase)
            {
                (placeHits ??= []).Add(phrase);
                nextPlace = i + phrase.Words.Length;
            }

            if (!route)
                continue;
            // Routes: every cue starting here counts ("crossed the Tumen" is also "Tumen").
            foreach (var cue in entry.Cues)
            {
                if (Fits(cue, text, words, i, ignoreCase: false))
                    Count(cue, hits, distinct, seenCues);
            }

            foreach (var cue in entry.PluralCues)
            {
                if (Fits(cue, text, words, i, ignoreCase: false, plural: true))
                    Count(cue, hits, distinct, seenCues);
            }
        }
    }

    private List<PlaceMention> Mentions(List<Phrase> hits)
    {
        // A spelling shared by several places counts as the one the text also names plainly; otherwise it is a guess.
        var plain = new HashSet<int>();
        foreach (var phrase in hits)
        {
            if (!phrase.Ambiguous)
                plain.Add(phrase.Places[0]);
        }

        var seen = new HashSet<int>();
        var result = new List<PlaceMention>();
        foreach (var phrase in hits)
        {
            if (!phrase.Ambiguous)
            {
                if (seen.Add(phrase.Places[0]))
                    result.Add(Mention(phrase.Places[0], ambiguous: false));
                continue;
            }

            var known = Array.FindIndex(phrase.Places, plain.Contains);
            var place = known >= 0 ? phrase.Places[known] : phrase.Places[0];
            if (seen.Add(place))
                result.Add(Mention(place, ambiguous: known < 0));
        }

        return result;
    }

    private string? BestRoute(ReadOnlySpan<int> hits, ReadOnlySpan<int> distinct)
    {
        var best = -1;
        for (var r = 0; r < _routes.Length; r++)
        {
            if (hits[r] == 0)
                continue;
            if (best < 0 || hits[r] > hits[best] || hits[r] == hits[best] && distinct[r] > distinct[best])
                best = r;
        }

        return best < 0 ? null : _routes[best].Id;
    }

    private PlaceMention Mention(int index, bool ambiguous)
    {
        var place = _places[index];
        return new PlaceMention(place.Id, place.Name, place.Region, ambiguous, place.Kind is "country" or "capital" or "region" or "province" or "sea_area");
    }

    private static void Count(Phrase phrase, Span<int> hits, Span<int> distinct, HashSet<Phrase> seen)
    {
        var first = seen.Add(phrase);
        foreach (var route in phrase.Routes)
        {
            hits[route]++;
            if (first)
                distinct[route]++;
        }
    }

    private static Phrase? Longest(Phrase[] phrases, string text, in WordIndex words, int i, bool ignoreCase = false)
    {
        foreach (var phrase in phrases)
        {
            if (Fits(phrase, text, words, i, ignoreCase))
                return phrase;
        }

        return null;
    }

    private static bool Fits(Phrase phrase, string text, in WordIndex words, int i, bool ignoreCase, bool plural = false)
    {
        if (i + phrase.Words.Length > words.Count)
            return false;
        for (var k = 1; k < phrase.Words.Length; k++)
        {
            if (words.Hash(i + k) != phrase.Hashes[k] || !Fold.Equal(words.Word(text, i + k), phrase.Words[k]))
                return false;
        }

        if (ignoreCase)
            return true;
        var original = words.Word(text, i);
        return phrase.Case switch
        {
            CaseRule.Exact => plural
                ? original.Length == phrase.Original.Length + 1 && original.StartsWith(phrase.Original, StringComparison.Ordinal)
                : original.SequenceEqual(phrase.Original),
            CaseRule.Capitalised => char.IsUpper(original[0]),
            _ => true,
        };
    }

    // ---- loading -------------------------------------------------------------------------------------------------

    private static Gazetteer Parse(string json)
    {
        using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException("the top level must be an object");

        var ambiguous = new HashSet<string>(StringComparer.Ordinal);
        if (root.TryGetProperty("ambiguous", out var amb))
        {
            foreach (var (value, _) in Strings(amb, "ambiguous"))
                ambiguous.Add(string.Join(' ', FoldedWords(value)));
        }

        if (!root.TryGetProperty("places", out var placesElement) || placesElement.ValueKind != JsonValueKind.Array)
            throw new FormatException("'places' must be an array");
        var places = new List<Place>();
        var placeIds = new HashSet<string>(StringComparer.Ordinal);
        // spelling (its words joined) -> (words, original first word, places)
        var placePhrases = new Dictionary<string, (string[] Words, string Original, List<int> Places, bool Ambiguous)>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in placesElement.EnumerateArray())
        {
            var where = $"places[{index}]";
            if (element.ValueKind != JsonValueKind.Object)
                throw new FormatException($"{where} must be an object");
            var id = RequiredString(element, "id", where);
            where = $"place '{id}'";
            if (!placeIds.Add(id))
                throw new FormatException($"{where} appears twice");
            var name = RequiredString(element, "name", where);
            var kind = OptionalString(element, "kind", where) ?? "";
            var region = OptionalString(element, "region", where) ?? "";
            if (!element.TryGetProperty("variants", out var variants))
                throw new FormatException($"{where} has no 'variants'");
            var spellings = Strings(variants, $"{where} variants").Select(s => s.Value).Prepend(name).ToList();
            var usable = 0;
            foreach (var spelling in spellings)
            {
                // The display name may carry a gloss in brackets: "Panmunjom (Joint Security Area)".
                var cleaned = spelling == name ? StripGloss(name) : spelling;
                var keys = FoldedWords(cleaned);
                if (keys.Length == 0)
                    continue;
                usable++;
                var joined = string.Join(' ', keys);
                if (!placePhrases.TryGetValue(joined, out var entry))
                    placePhrases[joined] = entry = (keys, FirstWord(cleaned), [], ambiguous.Contains(joined));
                if (!entry.Places.Contains(places.Count))
                    entry.Places.Add(places.Count);
            }

            if (usable == 0)
                throw new FormatException($"{where} has no usable spelling");
            places.Add(new Place(id, name, kind, region));
            index++;
        }

        if (places.Count == 0)
            throw new FormatException("'places' is empty");

        var routes = new List<Route>();
        var routeIds = new HashSet<string>(StringComparer.Ordinal);
        var cuePhrases = new Dictionary<string, (string[] Words, string Original, List<int> Routes)>(StringComparer.Ordinal);
        if (root.TryGetProperty("routes", out var routesElement))
        {
            if (routesElement.ValueKind != JsonValueKind.Array)
                throw new FormatException("'routes' must be an array");
            index = 0;
            foreach (var element in routesElement.EnumerateArray())
            {
                var where = $"routes[{index}]";
                if (element.ValueKind != JsonValueKind.Object)
                    throw new FormatException($"{where} must be an object");
                var id = RequiredString(element, "id", where);
                where = $"route '{id}'";
                if (!routeIds.Add(id))
                    throw new FormatException($"{where} appears twice");
                var name = OptionalString(element, "name", where) ?? id;
                if (!element.TryGetProperty("cues", out var cues))
                    throw new FormatException($"{where} has no 'cues'");
                foreach (var (cue, _) in Strings(cues, $"{where} cues"))
                {
                    var keys = FoldedWords(cue);
                    if (keys.Length == 0)
                        continue;
                    var joined = string.Join(' ', keys);
                    if (!cuePhrases.TryGetValue(joined, out var entry))
                        cuePhrases[joined] = entry = (keys, FirstWord(cue), []);
                    if (!entry.Routes.Contains(routes.Count))
                        entry.Routes.Add(routes.Count);
                }

                routes.Add(new Route(id, name));
                index++;
            }
        }

        var placeList = placePhrases.Values.Select(e =>
            new Phrase(e.Words, Hashes(e.Words), e.Original, CaseOf(e.Original), e.Places.ToArray(), [], e.Ambiguous || e.Places.Count > 1, Plural: false)).ToList();
        var cueList = cuePhrases.Values.Select(e =>
            new Phrase(e.Words, Hashes(e.Words), e.Original, CaseOf(e.Original), [], e.Routes.ToArray(), Ambiguous: false,
                Plural: e.Words.Length == 1 && !e.Words[0].EndsWith('s'))).ToList();
        var firstWords = placeList.Select(p => p.Words[0]).Concat(cueList.Select(c => c.Words[0])).Concat(cueList.Where(c => c.Plural).Select(c => c.Words[0] + "s"));
        var placesBy = placeList.ToLookup(p => p.Words[0], StringComparer.Ordinal);
        var cuesBy = cueList.ToLookup(c => c.Words[0], StringComparer.Ordinal);
        var pluralsBy = cueList.Where(c => c.Plural).ToLookup(c => c.Words[0] + "s", StringComparer.Ordinal);
        var table = new FoldedTable<Entry>(firstWords.Distinct(StringComparer.Ordinal).Select(k => KeyValuePair.Create(k, new Entry(
            placesBy[k].OrderByDescending(p => p.Words.Length).ToArray(), cuesBy[k].ToArray(), pluralsBy[k].ToArray()))));
        return new Gazetteer(places.ToArray(), routes.ToArray(), table);
    }

    /// <summary>The words of a spelling, folded as the text's words are.</summary>
    private static string[] FoldedWords(string text)
    {
        using var words = WordIndex.Of(text);
        var folded = new string[words.Count];
        for (var i = 0; i < folded.Length; i++)
            folded[i] = Fold.Of(words.Word(text, i));
        return folded;
    }

    private static string FirstWord(string text)
    {
        using var words = WordIndex.Of(text);
        return words.Count == 0 ? "" : words.Word(text, 0).ToString();
    }

    private static uint[] Hashes(string[] words) => words.Select(w => Fold.Hash(w)).ToArray();

    /// <summary>Acronyms and words with inner capitals match exactly; capitalised words need a capital; lower-case words match anything.</summary>
    private static CaseRule CaseOf(string firstWord)
    {
        if (firstWord.Length == 0 || !char.IsUpper(firstWord[0]))
            return CaseRule.Any;
        for (var i = 1; i < firstWord.Length; i++)
        {
            if (char.IsUpper(firstWord[i]))
                return CaseRule.Exact;
        }

        return CaseRule.Capitalised;
    }

    private static string StripGloss(string name)
    {
        var open = name.IndexOf('(', StringComparison.Ordinal);
        return open > 0 ? name[..open].Trim() : name;
    }

    private static string RequiredString(JsonElement element, string property, string where) =>
        OptionalString(element, property, where) is { Length: > 0 } value && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new FormatException($"{where} has no '{property}'");

    private static string? OptionalString(JsonElement element, string property, string where)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"{where}: '{property}' must be a string");
    }

    private static List<(string Value, int Index)> Strings(JsonElement element, string where)
    {
        if (element.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{where} must be an array of strings");
        var list = new List<(string, int)>();
        var i = 0;
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
                throw new FormatException($"{where}[{i}] must be a string");
            list.Add((item.GetString()!, i));
            i++;
        }

        return list;
    }

    private enum CaseRule { Any, Capitalised, Exact }

    private sealed record Place(string Id, string Name, string Kind, string Region);

    private sealed record Route(string Id, string Name);

    /// <summary>The spellings, cues, and one-word cues in the plural that start with one word.</summary>
    private sealed record Entry(Phrase[] Places, Phrase[] Cues, Phrase[] PluralCues);

    /// <summary>One spelling: its folded words and their hashes, its first word as written, and the places or routes it stands for.</summary>
    private sealed record Phrase(string[] Words, uint[] Hashes, string Original, CaseRule Case, int[] Places, int[] Routes, bool Ambiguous, bool Plural);
}
