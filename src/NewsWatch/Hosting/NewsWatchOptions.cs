namespace NewsWatch.Hosting;

/// <summary>The "NewsWatch" configuration section.</summary>
internal sealed class NewsWatchOptions
{
    public const string Section = "NewsWatch";

    /// <summary>SQLite database file; a relative path is resolved against the working directory.</summary>
    public string Database { get; set; } = "data/newswatch.db";

    public HttpOptions Http { get; set; } = new();

    public SchedulingOptions Scheduling { get; set; } = new();

    public ArticlesOptions Articles { get; set; } = new();

    public ClassificationOptions Classification { get; set; } = new();

    public IncidentOptions Incidents { get; set; } = new();

    public List<SourceOptions> Sources { get; set; } = [];

    public SourceOptions? FindSource(string name) =>
        Sources.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>The "NewsWatch:Http" section: how every request leaves the process.</summary>
internal sealed class HttpOptions
{
    public string UserAgent { get; set; } = "NewsWatch/1.0 (+https://github.com/newswatch/newswatch)";

    /// <summary>Loopback, private and link-local addresses are refused unless this is set (fixtures, intranet feeds).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Hosts (names or addresses as written in URLs) allowed to be private while others are not, e.g. one intranet feed.</summary>
    public List<string> AllowedPrivateHosts { get; set; } = [];

    /// <summary>Hard cap on a response body after decompression.</summary>
    public long MaxResponseBytes { get; set; } = 5 * 1024 * 1024;

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);

    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(90);

    public int MaxRetries { get; set; } = 2;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public int MaxConcurrentRequestsPerHost { get; set; } = 2;

    public int MaxRedirects { get; set; } = 5;
}

/// <summary>The "NewsWatch:Scheduling" section.</summary>
internal sealed class SchedulingOptions
{
    /// <summary>Each source's first poll is delayed by a random share of this, so sources do not all fire together.</summary>
    public TimeSpan StartJitter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A failing source waits its interval doubled per consecutive failure, up to this.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long a stop waits for polls in flight to finish.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>The "NewsWatch:Articles" section: fetching and keeping article pages.</summary>
internal sealed class ArticlesOptions
{
    /// <summary>Least time between two requests to one host, robots.txt included.</summary>
    public TimeSpan MinHostDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long robots.txt answers are trusted before being fetched again.</summary>
    public TimeSpan RobotsCacheDuration { get; set; } = TimeSpan.FromHours(12);

    /// <summary>A page that keeps failing is given up after this many attempts; its feed summary stands in.</summary>
    public int MaxFetchAttempts { get; set; } = 4;

    /// <summary>Wait before the first retry of a failed page; doubled for each later one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Raw HTML is kept compressed this long so extraction can be re-run without refetching.</summary>
    public TimeSpan RawHtmlRetention { get; set; } = TimeSpan.FromDays(90);
}

/// <summary>The "NewsWatch:Classification" section.</summary>
internal sealed class ClassificationOptions
{
    /// <summary>The model file; a relative path is looked up beside the executable, then in the working directory.</summary>
    public string ModelPath { get; set; } = "models/classifier.zip";

    /// <summary>A report is a candidate for review when its probability of being not_relevant is below this (chosen at training time for high recall).</summary>
    public double CandidateThreshold { get; set; } = 0.5;

    public NewsWatch.Classification.RetrainOptions Retrain { get; set; } = new();

    public string ResolveModelPath()
    {
        if (Path.IsPathRooted(ModelPath))
            return ModelPath;
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, ModelPath);
        return File.Exists(besideExecutable) ? besideExecutable : Path.GetFullPath(ModelPath);
    }
}

/// <summary>The "NewsWatch:Incidents" section: how candidate reports are grouped into incidents.</summary>
internal sealed class IncidentOptions
{
    /// <summary>Places and routes with their spellings; a relative path is looked up beside the executable, then in the working directory.</summary>
    public string GazetteerPath { get; set; } = "models/gazetteer.json";

    /// <summary>Folder of *.jsonl reports from which word weights (inverse document frequency) are computed.</summary>
    public string TermCorpusPath { get; set; } = "models/training";

    /// <summary>A report joins the best-matching incident when its match score reaches this; otherwise it opens a new incident.</summary>
    public double AttachScore { get; set; } = 0.2;

    /// <summary>Estimated word-shingle overlap above which a report is a copy of one already grouped.</summary>
    public double CopyOverlap { get; set; } = 0.85;

    /// <summary>Copies are recognised within this time of the incident's latest report.</summary>
    public TimeSpan CopyWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A report published this long after an incident's first report is a follow-up rather than an update.</summary>
    public TimeSpan FollowUpAfter { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How far apart in event date a report and an incident may be when they share a place, a word or a fingerprint band.</summary>
    public TimeSpan MatchWindow { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How far apart they may be when they name the same person (interviews and trials come years later).</summary>
    public TimeSpan NameWindow { get; set; } = TimeSpan.FromDays(3 * 366);

    /// <summary>At most this many incidents, those sharing the most keys, are scored against each report.</summary>
    public int MaxCandidates { get; set; } = 12;

    public string ResolveGazetteerPath() => ResolvePath(GazetteerPath);

    public string ResolveTermCorpusPath() => ResolvePath(TermCorpusPath);

    private static string ResolvePath(string path)
    {
        if (Path.IsPathRooted(path))
            return path;
        var besideExecutable = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideExecutable) || Directory.Exists(besideExecutable) ? besideExecutable : Path.GetFullPath(path);
    }
}

/// <summary>One entry of "NewsWatch:Sources".</summary>
internal sealed class SourceOptions
{
    public string Name { get; set; } = "";

    public string FeedUrl { get; set; } = "";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(15);

    public bool Enabled { get; set; } = true;

    /// <summary>Fetch each new item's page and extract its text; otherwise the feed summary is all there is.</summary>
    public bool FetchArticles { get; set; }

    /// <summary>CSS selector of the article body, for sites the generic extraction gets wrong.</summary>
    public string? ContentSelector { get; set; }

    /// <summary>CSS selectors of elements removed before extraction.</summary>
    public List<string> RemoveSelectors { get; set; } = [];
}
