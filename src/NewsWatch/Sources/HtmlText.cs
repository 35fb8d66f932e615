using System.Net;
using System.Text;

namespace NewsWatch.Sources;

/// <summary>Turns a fragment of HTML (a feed title or summary) into one line of plain text.</summary>
internal static class HtmlText
{
    public static string ToPlainText(string? html, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrEmpty(html))
            return "";

        // A little past the cap, so that Truncate can cut at a word boundary.
        var stopAt = maxLength > int.MaxValue - 8 ? int.MaxValue : maxLength + 8;
        var builder = new StringBuilder(Math.Min(html.Length, stopAt));
        var pendingSpace = false;
        var i = 0;
        while (i < html.Length && builder.Length < stopAt)
        {
            var c = html[i];
            if (c == '<' && i + 1 < html.Length && IsTagStart(html[i + 1]))
            {
                // Inline elements sit inside words and sentences; every other tag separates text.
                pendingSpace |= !IsInlineTag(html, i);
                i = SkipTag(html, i);
                continue;
            }

            // Entities are decoded in the same pass, so a decoded space or tag character is treated as text.
            var decoded = c == '&' ? DecodeEntity(html, ref i) : null;
            if (decoded is null)
            {
                Append(builder, c, ref pendingSpace);
                i++;
                continue;
            }

            foreach (var d in decoded)
                Append(builder, d, ref pendingSpace);
        }

        return Truncate(builder.ToString(), maxLength);
    }

    private static void Append(StringBuilder builder, char c, ref bool pendingSpace)
    {
        if (char.IsWhiteSpace(c))
        {
            pendingSpace = true;
            return;
        }

        if (pendingSpace && builder.Length > 0)
            builder.Append(' ');
        pendingSpace = false;
        builder.Append(c);
    }

    /// <summary>Decodes the entity at <paramref name="i"/> and moves past it; null when it is a plain ampersand.</summary>
    private static string? DecodeEntity(string html, ref int i)
    {
        var end = html.IndexOf(';', i + 1, Math.Min(12, html.Length - i - 1));
        if (end < 0)
            return null;
        var entity = html.AsSpan(i, end - i + 1);
        string decoded = entity switch
        {
            "&amp;" => "&",
            "&lt;" => "<",
            "&gt;" => ">",
            "&quot;" => "\"",
            "&apos;" or "&#39;" => "'",
            "&nbsp;" => " ",
            _ => WebUtility.HtmlDecode(entity.ToString()),
        };
        if (decoded.Length > 0 && decoded[0] == '&' && decoded.Length == entity.Length)
            return null;
        i = end + 1;
        return decoded;
    }

    private static readonly string[] InlineTags = ["a", "abbr", "b", "cite", "code", "em", "font", "i", "mark", "q", "s", "small", "span", "strong", "sub", "sup", "time", "u"];

    private static bool IsInlineTag(string html, int start)
    {
        var nameStart = start + 1 < html.Length && html[start + 1] == '/' ? start + 2 : start + 1;
        var nameEnd = nameStart;
        while (nameEnd < html.Length && char.IsAsciiLetterOrDigit(html[nameEnd]))
            nameEnd++;
        var name = html.AsSpan(nameStart, nameEnd - nameStart);
        foreach (var inline in InlineTags)
        {
            if (name.Equals(inline, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    private static bool IsTagStart(char c) => char.IsAsciiLetter(c) || c is '/' or '!' or '?';

    /// <summary>Returns the index after the tag starting at <paramref name="start"/>, skipping script and style bodies whole.</summary>
    private static int SkipTag(string html, int start)
    {
        if (string.CompareOrdinal(html, start, "<!--", 0, 4) == 0)
        {
            var endComment = html.IndexOf("-->", start + 4, StringComparison.Ordinal);
            return endComment < 0 ? html.Length : endComment + 3;
        }

        var end = html.IndexOf('>', start + 1);
        if (end < 0)
            return html.Length;

        foreach (var rawTag in (ReadOnlySpan<string>)["script", "style"])
        {
            if (IsOpeningTag(html, start, rawTag))
            {
                var close = html.IndexOf("</" + rawTag, end, StringComparison.OrdinalIgnoreCase);
                if (close < 0)
                    return html.Length;
                var closeEnd = html.IndexOf('>', close);
                return closeEnd < 0 ? html.Length : closeEnd + 1;
            }
        }

        return end + 1;
    }

    private static bool IsOpeningTag(string html, int start, string name) =>
        start + 1 + name.Length < html.Length
        && string.Compare(html, start + 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
        && !char.IsAsciiLetterOrDigit(html[start + 1 + name.Length]);

    /// <summary>Cuts at a word boundary and marks the cut with an ellipsis.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
            return text;
        var cut = text.LastIndexOf(' ', maxLength - 1, Math.Min(maxLength, 40));
        return string.Concat(text.AsSpan(0, cut > 0 ? cut : maxLength - 1).TrimEnd(), "…");
    }
}
