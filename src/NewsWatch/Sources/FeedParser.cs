using System.Security.Cryptography;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using CodeHollow.FeedReader;
using CodeHollow.FeedReader.Feeds;

namespace NewsWatch.Sources;

/// <summary>A document that could not be read as a feed; the message is meant for the source's health row.</summary>
internal sealed class FeedFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Reads RSS 0.9x/1.0/2.0 and Atom with CodeHollow.FeedReader, then normalises each item:
/// canonical absolute link, GUID, plain-text title and summary, UTC publication time.
/// </summary>
internal static class FeedParser
{
    public const int MaxSummaryLength = 2000;
    private const int MaxTitleLength = 500;

    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        // DTDs are neither needed nor safe to process; entity names they would define are mended by XmlRepair.
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        // Characters XML forbids are tolerated rather than refused; checking them also halves parse speed.
        CheckCharacters = false,
    };

    /// <param name="documentUri">Where the feed was fetched from (after redirects); relative links resolve against it.</param>
    public static ParsedFeed Parse(string xml, Uri? documentUri)
    {
        XmlNesting.Check(xml);
        var document = Load(xml);
        var root = document.Root ?? throw new FeedFormatException("the document is empty");
        // FeedReader re-encodes every value with the declared encoding; the text is already decoded, so drop it.
        document.Declaration = null;
        var (format, feed) = Read(xml, root);

        var entries = new List<FeedEntry>(feed.Items.Count);
        foreach (var item in feed.Items)
            entries.Add(Normalize(item, documentUri));

        return new ParsedFeed(format, HtmlText.ToPlainText(feed.Title, MaxTitleLength), entries);
    }

    private static XDocument Load(string xml)
    {
        try
        {
            return LoadStrict(xml);
        }
        catch (XmlException original)
        {
            try
            {
                return LoadStrict(XmlRepair.Repair(xml));
            }
            catch (XmlException)
            {
                throw NotWellFormed(xml, original);
            }
        }
    }

    private static XDocument LoadStrict(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), ReaderSettings);
        return XDocument.Load(reader);
    }

    private static FeedFormatException NotWellFormed(string xml, XmlException ex)
    {
        var head = xml.AsSpan(0, Math.Min(xml.Length, 512)).TrimStart();
        if (LooksLikeHtml(head))
            return new FeedFormatException("the response is an HTML page, not a feed", ex);

        // XmlException appends " Line n, position m." to its message; the position is reported once, in our words.
        var reason = ex.Message;
        var cut = reason.IndexOf(" Line ", StringComparison.Ordinal);
        if (cut > 0)
            reason = reason[..cut];
        return new FeedFormatException($"feed is not well-formed XML at line {ex.LineNumber}, column {ex.LinePosition}: {reason.TrimEnd('.')}", ex);
    }

    private static bool LooksLikeHtml(ReadOnlySpan<char> head)
    {
        foreach (var start in (ReadOnlySpan<string>)["<!DOCTYPE html", "<html", "<head", "<body"])
        {
            if (head.StartsWith(start, StringComparison.OrdinalIgnoreCase))
                return true;
        }

        return false;
    }

    private static (string Format, Feed Feed) Read(string xml, XElement root)
    {
        var name = root.Name.LocalName;
        if (name.Equals("feed", StringComparison.OrdinalIgnoreCase))
            return ("Atom", new AtomFeed(xml, root).ToFeed());

        if (name.Equals("rdf", StringComparison.OrdinalIgnoreCase))
        {
            // An RDF document with no channel has nothing to read, which is not an error.
            var channel = Child(root, "channel");
            return ("RSS 1.0", channel is null ? new Feed { Items = [] } : new Rss10Feed(xml, channel).ToFeed());
        }

        if (name.Equals("rss", StringComparison.OrdinalIgnoreCase))
        {
            // Some feeds put the channel's children directly under <rss>.
            var channel = Child(root, "channel") ?? root;
            var version = root.Attribute("version")?.Value.Trim();
            return version switch
            {
                "0.91" => ("RSS 0.91", new Rss091Feed(xml, channel).ToFeed()),
                "0.92" => ("RSS 0.92", new Rss092Feed(xml, channel).ToFeed()),
                // A missing or unknown version is read as 2.0, which is a superset of the rest.
                _ => ("RSS 2.0", new Rss20Feed(xml, channel).ToFeed()),
            };
        }

        if (name is "html" or "HTML" or "head" or "body")
            throw new FeedFormatException("the response is an HTML page, not a feed");
        throw new FeedFormatException($"the document is XML but not an RSS or Atom feed (root element <{root.Name.LocalName}>)");
    }

    private static XElement? Child(XElement parent, string localName)
    {
        foreach (var element in parent.Elements())
        {
            if (element.Name.LocalName.Equals(localName, StringComparison.OrdinalIgnoreCase))
                return element;
        }

        return null;
    }

    private static FeedEntry Normalize(FeedItem item, Uri? documentUri)
    {
        var baseUri = XmlBase(item.SpecificItem?.Element, documentUri);
        var id = item.Id?.Trim();
        var link = CanonicalLink.Normalize(item.Link, baseUri);
        // Items with no link but a URL for an id (common in Atom) are linked by their id.
        if (link is null && id is not null && id.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            link = CanonicalLink.Normalize(id, baseUri);

        var summary = HtmlText.ToPlainText(string.IsNullOrWhiteSpace(item.Description) ? item.Content : item.Description, MaxSummaryLength);
        var title = HtmlText.ToPlainText(item.Title, MaxTitleLength);
        if (title.Length == 0)
            title = HtmlText.Truncate(summary, 120);

        var published = FeedDates.Parse(item.PublishingDateString) ?? FallbackDate(item.SpecificItem?.Element);
        var guid = !string.IsNullOrEmpty(id) ? id : link ?? ContentHash(title, summary, item.PublishingDateString);
        return new FeedEntry(guid, link, title, summary, published);
    }

    /// <summary>An item without a publication date often still says when it was issued or last updated.</summary>
    private static DateTimeOffset? FallbackDate(XElement? element)
    {
        if (element is null)
            return null;
        foreach (var name in (ReadOnlySpan<string>)["published", "pubDate", "issued", "date", "created", "updated", "modified"])
        {
            foreach (var child in element.Elements())
            {
                if (child.Name.LocalName == name && FeedDates.Parse(child.Value) is { } date)
                    return date;
            }
        }

        return null;
    }

    /// <summary>The xml:base in scope for an item, resolved against the document's own address.</summary>
    private static Uri? XmlBase(XElement? element, Uri? documentUri)
    {
        // Outermost first: each xml:base resolves against the one above it. Most feeds have none.
        List<string>? bases = null;
        for (var e = element; e is not null; e = e.Parent)
        {
            if (e.Attribute(XNamespace.Xml + "base")?.Value is { Length: > 0 } value)
                (bases ??= []).Add(value.Trim());
        }

        if (bases is null)
            return documentUri;

        var result = documentUri;
        for (var i = bases.Count - 1; i >= 0; i--)
        {
            if (result is null ? Uri.TryCreate(bases[i], UriKind.Absolute, out var next) : Uri.TryCreate(result, bases[i], out next))
                result = next;
        }

        return result;
    }

    private static string ContentHash(string title, string summary, string? date)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', title, summary, date)));
        return "sha256:" + Convert.ToHexStringLower(bytes.AsSpan(0, 16));
    }
}
