using AngleSharp.Dom;
using System.Text;

namespace NewsWatch.Extraction;

/// <summary>Turns the chosen content elements into paragraphs: one per block element, text collapsed.</summary>
internal sealed class ParagraphCollector
{
    private readonly List<Paragraph> _paragraphs = [];
    private readonly StringBuilder _current = new();
    private bool _pendingSpace;
    private int _linkChars;
    private string _blockTag = "p";

    public List<Paragraph> Paragraphs
    {
        get
        {
            Flush();
            return _paragraphs;
        }
    }

    public void Add(IElement element)
    {
        Flush();
        Walk(element, insideLink: false);
        Flush();
    }

    private void Walk(INode node, bool insideLink)
    {
        var children = node.ChildNodes;
        for (var i = 0; i < children.Length; i++)
        {
            var child = children[i];
            if (child is IElement element)
            {
                var tag = element.LocalName;
                if (tag == "br" || tag == "hr")
                {
                    Flush();
                    continue;
                }

                if (HtmlTags.IsBlock(tag))
                {
                    Flush();
                    var outerTag = _blockTag;
                    _blockTag = tag;
                    Walk(element, insideLink);
                    Flush();
                    _blockTag = outerTag;
                }
                else
                {
                    // Table cells and inline elements run together within a row or paragraph.
                    Walk(element, insideLink || tag == "a");
                }
            }
            else if (child.NodeType == NodeType.Text)
            {
                Append(child.TextContent, insideLink);
            }
        }
    }

    private void Append(string text, bool insideLink)
    {
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = true;
            }
            else if (!TextCleaner.IsInvisible(c))
            {
                if (_pendingSpace && _current.Length > 0)
                    _current.Append(' ');
                _pendingSpace = false;
                _current.Append(c);
                if (insideLink)
                    _linkChars++;
            }
        }
    }

    private void Flush()
    {
        if (_current.Length > 0)
            _paragraphs.Add(new Paragraph(_current.ToString(), _blockTag, _linkChars));
        _current.Clear();
        _pendingSpace = false;
        _linkChars = 0;
    }
}

internal sealed record Paragraph(string Text, string Tag, int LinkChars)
{
    public double LinkDensity => Text.Length == 0 ? 0 : (double)LinkChars / Text.Length;
}

internal static class TextCleaner
{
    /// <summary>Collapses runs of whitespace (including no-break spaces) to one space and drops zero-width characters.</summary>
    public static string Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
            }
            else if (!IsInvisible(c))
            {
                if (pendingSpace && builder.Length > 0)
                    builder.Append(' ');
                pendingSpace = false;
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static bool IsInvisible(char c) => c is '\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD';
}
