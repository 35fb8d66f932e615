using System.Globalization;
using System.Net;
using System.Text;

namespace NewsWatch.Sources;

/// <summary>
/// Mends the faults that make most real feeds ill-formed without making them unreadable: text before
/// the root, an XML declaration after a comment, characters XML forbids, bare ampersands, "&#X41;",
/// and HTML entity names XML does not define.
/// </summary>
internal static class XmlRepair
{
    public static string Repair(string xml)
    {
        var start = xml.IndexOf('<');
        var source = start > 0 ? xml.AsSpan(start) : xml.AsSpan();
        var builder = new StringBuilder(source.Length + 64);
        for (var i = 0; i < source.Length; i++)
        {
            var c = source[i];
            if (c == '<' && i > 0 && source[i..].StartsWith("<?xml ", StringComparison.Ordinal))
            {
                var end = source[i..].IndexOf("?>", StringComparison.Ordinal);
                if (end > 0)
                {
                    i += end + 1;
                    continue;
                }
            }

            if (c == '&')
            {
                i = AppendEntity(source, i, builder);
                continue;
            }

            if (IsForbidden(source, i))
                continue;
            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Appends the entity reference at <paramref name="at"/> in a form XML accepts; returns the index of its last character.</summary>
    private static int AppendEntity(ReadOnlySpan<char> source, int at, StringBuilder builder)
    {
        var end = at + 1;
        while (end < source.Length && end - at <= 32 && (char.IsAsciiLetterOrDigit(source[end]) || source[end] == '#'))
            end++;

        if (end < source.Length && source[end] == ';' && end > at + 1)
        {
            var name = source[(at + 1)..end];
            if (name.Length > 2 && name[0] == '#' && name[1] == 'X')
            {
                builder.Append("&#x").Append(name[2..]).Append(';');
                return end;
            }

            if (name[0] == '#' || name is "amp" or "lt" or "gt" or "quot" or "apos")
            {
                builder.Append(source[at..(end + 1)]);
                return end;
            }

            var decoded = WebUtility.HtmlDecode(source[at..(end + 1)].ToString());
            if (decoded.Length > 0 && decoded[0] != '&')
            {
                foreach (var rune in decoded.EnumerateRunes())
                    builder.Append("&#").Append(rune.Value.ToString(CultureInfo.InvariantCulture)).Append(';');
                return end;
            }
        }

        builder.Append("&amp;");
        return at;
    }

    private static bool IsForbidden(ReadOnlySpan<char> source, int i)
    {
        var c = source[i];
        if (c < 0x20)
            return c is not ('\t' or '\n' or '\r');
        if (c is '\uFFFE' or '\uFFFF')
            return true;
        if (char.IsHighSurrogate(c))
            return i + 1 >= source.Length || !char.IsLowSurrogate(source[i + 1]);
        if (char.IsLowSurrogate(c))
            return i == 0 || !char.IsHighSurrogate(source[i - 1]);
        return false;
    }
}
