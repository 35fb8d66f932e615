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
        var line = 1;
        for (var i = 0; i < xml.Length; i++)
        {
            var c = xml[i];
            if (c == '\n')
            {
                line++;
                continue;
            }

            if (c != '<' || i + 1 >= xml.Length)
                continue;
            var next = xml[i + 1];
            if (next == '!')
            {
                // Comments and CDATA sections may hold markup that is only text.
                var close = xml.AsSpan(i).StartsWith("<!--") ? "-->" : xml.AsSpan(i).StartsWith("<![CDATA[") ? "]]>" : ">";
                i = SkipTo(xml, i + 2, close, ref line);
            }
            else if (next == '?')
            {
                i = SkipTo(xml, i + 2, "?>", ref line);
            }
            else if (next == '/')
            {
                depth = Math.Max(0, depth - 1);
                i = SkipTo(xml, i + 2, ">", ref line);
            }
            else
            {
                var end = TagEnd(xml, i + 1, ref line);
                if (end < xml.Length && xml[end - 1] != '/' && ++depth > MaxDepth)
                    throw new FeedFormatException($"the feed nests elements more than {MaxDepth} deep (line {line}); such a document is refused");
                i = end;
            }
        }
    }

    /// <summary>The index of the '>' that ends the tag, quotes in attribute values respected.</summary>
    private static int TagEnd(string xml, int from, ref int line)
    {
        var quote = '\0';
        for (var i = from; i < xml.Length; i++)
        {
            var c = xml[i];
            if (c == '\n')
                line++;
            else if (quote != '\0')
                quote = c == quote ? '\0' : quote;
            else if (c is '"' or '\'')
                quote = c;
            else if (c == '>')
                return i;
        }

        return xml.Length;
    }

    private static int SkipTo(string xml, int from, string close, ref int line)
    {
        var end = xml.IndexOf(close, from, StringComparison.Ordinal);
        var stop = end < 0 ? xml.Length - 1 : end + close.Length - 1;
        if (stop >= from)
            line += xml.AsSpan(from, stop - from + 1).Count('\n');
        return stop;
    }
}
