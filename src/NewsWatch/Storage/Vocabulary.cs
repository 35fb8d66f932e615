namespace NewsWatch.Storage;

// The words stored in the database's text columns, each defined once. SQL takes them as parameters.

/// <summary>How far the pipeline has taken an article (<c>articles.stage</c>), in order.</summary>
internal static class ArticleStages
{
    public const string Discovered = "discovered";
    public const string Extracted = "extracted";
    public const string Classified = "classified";
    public const string Grouped = "grouped";
}

/// <summary>The outcome of fetching an article's page (<c>article_pages.status</c>).</summary>
internal static class PageStatuses
{
    public const string Fetched = "fetched";
    public const string Disallowed = "disallowed";
    public const string NotHtml = "not-html";
    public const string Failed = "failed";
    public const string Retrying = "retrying";
    /// <summary>The body is binary (NUL bytes, control characters) whatever its label says; the feed summary stands in.</summary>
    public const string NotArticle = "not-article";
    /// <summary>Fetched and extracted, but the page declared UTF-8 and is not; its text was decoded from the charset found.</summary>
    public const string WronglyDeclared = "wrongly-declared";
}

/// <summary>Where an incident stands in review (<c>incidents.status</c>).</summary>
internal static class IncidentStatuses
{
    /// <summary>Waits for a human.</summary>
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Rejected = "rejected";

    /// <summary>Its reports went into another incident (<c>merged_into</c>).</summary>
    public const string Merged = "merged";

    public static readonly IReadOnlyList<string> All = [Pending, Confirmed, Rejected, Merged];
}

/// <summary>How a report stands to the rest of its incident (<c>incident_reports.relation</c>).</summary>
internal static class Relations
{
    public const string First = "first";
    public const string Update = "update";
    public const string Copy = "copy";
    public const string FollowUp = "follow-up";
}

/// <summary>The kinds of fact kept about an incident (<c>incident_facts.kind</c>).</summary>
internal static class FactKinds
{
    /// <summary>The category the rules read in a report; kept as a fact so that a report's view survives a correction.</summary>
    public const string EventType = "event_type";
    public const string EventDate = "event_date";
    public const string Place = "place";
    public const string People = "people";
    public const string Rank = "rank";
    public const string Unit = "unit";
    public const string Casualties = "casualties";
    public const string Route = "route";
    public const string Name = "name";

    /// <summary>The kinds a reviewer may set.</summary>
    public static readonly IReadOnlyList<string> Reviewable = [EventDate, Place, People, Rank, Unit, Casualties, Route, Name];
}

/// <summary>Who placed a report or stated a fact when it was not a reviewer (<c>placed_by</c>, <c>set_by</c>).</summary>
internal static class Authors
{
    public const string Grouper = "grouper";
    public const string Rules = "rules";
}

/// <summary>What a reviewer did (<c>audit_log.action</c>).</summary>
internal static class AuditActions
{
    public const string Confirm = "confirm";
    public const string Reject = "reject";
    public const string Merge = "merge";
    public const string Split = "split";
    public const string Move = "move";

    /// <summary>The actions that take reports from one incident to another.</summary>
    public static readonly IReadOnlyList<string> Rearrangements = [Merge, Move, Split];
}

/// <summary>How precisely an article's publication time is known (<c>articles.published_precision</c>).</summary>
internal static class PublishedPrecisions
{
    public const string Day = "day";
    public const string Month = "month";
    public const string Year = "year";
    public const string Unknown = "unknown";
}

/// <summary>What an account of the review site may do (<c>users.role</c>).</summary>
internal static class UserRoles
{
    /// <summary>Reviews the queue.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>Reviews, and manages accounts and subscribers.</summary>
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Reviewer, Admin];
}
