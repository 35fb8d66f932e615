namespace NewsWatch.Extraction;

/// <summary>A page that cannot be extracted for what it is, not for a fault of ours; the message is stored on the page's row.</summary>
internal sealed class PageFormatException(string message) : Exception(message);

/// <summary>
/// Refuses a page whose elements nest deeper than any real page does, before it is parsed: building and walking such a
/// tree costs time with the square of the depth (two megabytes of nested &lt;div&gt;s took minutes). The depth is counted on
/// the raw markup, as the parser would build it: void elements, elements a sibling closes (p, li, td…), raw text and
/// comments add nothing, and "/&gt;" closes an element only inside SVG and MathML, as in HTML.
/// </summary>
internal static class HtmlNesting
{
    /// <summary>Real pages nest a few dozen levels; browsers stop nesting at 512.</summary>
    public const int MaxDepth = 1000;

    private static readonly HashSet<string> Uncounted = new(StringComparer.OrdinalIgnoreCase)
    {
        // Void elements.
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
        // Closed by their next sibling or by their parent's end, so an unclosed run of them stays flat.
        "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "thead", "tbody", "tfoot", "caption", "colgroup", "rb", "rt", "rp", "rtc",
        "html", "head", "body",
    };

    private static readonly string[] RawText = ["script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"];

    /// <exception cref="PageFormatException">The page nests elements deeper than <see cref="MaxDepth"/>.</exception>
    public static void Check(string html)
    {
        var depth = 0;
        var foreign = 0;
        for (var i = 0; i < html.Length; i++)
        {
            if (html[i] != '<' || i + 1 >= html.Length)
                continue;
            var next = html[i + 1];
            if (next == '!')
            {
                var comment = html.AsSpan(i).StartsWith("<!--");
                var end = html.IndexOf(comment ? "-->" : ">", i + 2, StringComparison.Ordinal);
                i = end < 0 ? html.Length : end;
                continue;
            }

            var closing = next == '/';
            var nameStart = closing ? i + 2 : i + 1;
            var nameEnd = nameStart;
            while (nameEnd < html.Length && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':'))
                nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
                continue;
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            var tagEnd = TagEnd(html, nameEnd);
            i = tagEnd;
            var isForeignRoot = name.Equals("svg", StringComparison.OrdinalIgnoreCase) || name.Equals("math", StringComparison.OrdinalIgnoreCase);
            if (closing)
            {
                if (!IsUncounted(name))
                    depth = Math.Max(0, depth - 1);
                if (isForeignRoot)
                    foreign = Math.Max(0, foreign - 1);
                continue;
            }

            var selfClosed = tagEnd < html.Length && html[tagEnd - 1] == '/';
            if (selfClosed && (foreign > 0 || isForeignRoot))
                continue;
            if (RawTextElement(name) is { } raw)
            {
                var close = html.IndexOf("</" + raw, tagEnd, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? html.Length : close - 1;
                continue;
            }

            if (isForeignRoot)
                foreign++;
            if (!IsUncounted(name) && ++depth > MaxDepth)
                throw new PageFormatException($"the page nests elements more than {MaxDepth} deep (at character {i}); it is not extracted");
        }
    }

    private static bool IsUncounted(ReadOnlySpan<char> name) =>
        Uncounted.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name);

    private static string? RawTextElement(ReadOnlySpan<char> name)
    {
        foreach (var raw in RawText)
        {
            if (name.Equals(raw, StringComparison.OrdinalIgnoreCase))
                return raw;
        }

        return null;
    }

    /// <summary>The index of the '>' that ends the tag; as in the tokenizer, a quote opens a value only after '='.</summary>
    private static int TagEnd(string html, int from)
    {
        var quote = '\0';
        var afterEquals = false;
        for (var i = from; i < html.Length; i++)
        {
            var c = html[i];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
            }
            else if (afterEquals && c is '"' or '\'')
            {
                quote = c;
                afterEquals = false;
            }
            else if (c == '>')
            {
                return i;
            }
            else if (c == '=')
            {
                afterEquals = true;
            }
            else if (!char.IsWhiteSpace(c))
            {
                afterEquals = false;
            }
        }

        return html.Length;
    }
}
