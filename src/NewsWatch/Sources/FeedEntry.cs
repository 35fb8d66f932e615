namespace NewsWatch.Sources;

/// <summary>One feed item after normalisation: canonical absolute link, plain-text title and summary, UTC time.</summary>
/// <param name="Guid">The item's id, or its link when it has none.</param>
/// <param name="PublishedAt">Null when the feed gave no date that could be read; the store then uses the time first seen.</param>
internal sealed record FeedEntry(string Guid, string? Link, string Title, string Summary, DateTimeOffset? PublishedAt);

/// <summary>A parsed feed.</summary>
internal sealed record ParsedFeed(string Format, string Title, IReadOnlyList<FeedEntry> Entries);
