namespace NewsWatch.Sources;

/// <summary>
/// Refuses a feed whose elements nest deeper than any real feed does, before it is parsed: reading such a document (and
/// the feed library walking it) costs time with the square of the depth, and a few megabytes would hold a poll for hours.
/// </summary>
internal static class XmlNesting
{
    /// <summary>A feed item is four levels down and XHTML content rarely adds twenty; far beyond that is hostile or broken.</summary>
    public const int MaxDepth = 512;

    /// <exception cref="FeedFormatException">The document nests elements deeper than <see cref="MaxDepth"/>.</exception>
    public static void Check(string xml)
    {
        var depth = 0;
        for (var i = xml.IndexOf('<'); i >= 0 && i + 1 < xml.Length; i = i + 1 < xml.Length ? xml.IndexOf('<', i + 1) : -1)
        {
            var next = xml[i + 1];
            if (next == '!')
            {
                // Comments and CDATA sections may hold markup that is only text.
                var rest = xml.AsSpan(i);
                i = SkipTo(xml, i + 2, rest.StartsWith("<!--") ? "-->" : rest.StartsWith("<![CDATA[") ? "]]>" : ">");
            }
            else if (next == '?')
            {
                i = SkipTo(xml, i + 2, "?>");
            }
            else if (next == '/')
            {
                depth = Math.Max(0, depth - 1);
                i = SkipTo(xml, i + 2, ">");
            }
            else
            {
                var end = TagEnd(xml, i + 1);
                if (end < xml.Length && xml[end - 1] != '/' && ++depth > MaxDepth)
                {
                    var line = xml.AsSpan(0, i).Count('\n') + 1;
                    throw new FeedFormatException($"the feed nests elements more than {MaxDepth} deep (line {line}); such a document is refused");
                }

                i = end;
            }
        }
    }

    /// <summary>The index of the '>' that ends the tag, quotes in attribute values respected.</summary>
    private static int TagEnd(string xml, int from)
    {
        var quote = '\0';
        for (var i = from; i < xml.Length; i++)
        {
            var c = xml[i];
            if (quote != '\0')
                quote = c == quote ? '\0' : quote;
            else if (c is '"' or '\'')
                quote = c;
            else if (c == '>')
                return i;
        }

        return xml.Length;
    }

    /// <summary>The index of the last character of <paramref name="close"/>, or the end of the document.</summary>
    private static int SkipTo(string xml, int from, string close)
    {
        var end = xml.IndexOf(close, Math.Min(from, xml.Length), StringComparison.Ordinal);
        return end < 0 ? xml.Length : end + close.Length - 1;
    }
}
