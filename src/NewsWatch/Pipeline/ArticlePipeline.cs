using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsWatch.Classification;
using NewsWatch.Extraction;
using NewsWatch.Incidents;
using NewsWatch.Sources;
using NewsWatch.Storage;

namespace NewsWatch.Pipeline;

/// <summary>What one pass of the pipeline may do.</summary>
/// <param name="FetchPages">Fetch the pages that are due; off for work on a stored archive, which must not reach the network.</param>
internal sealed record PipelineRun(bool FetchPages = true, ClassificationRun? Classification = null)
{
    public static PipelineRun Scheduled { get; } = new();
}

/// <param name="ExtractionFailed">Articles whose page could not be processed at all (not a fetch error, which is retried as such).</param>
/// <param name="Interrupted">Pages not fetched because the pass's page budget was spent or the worker stopped; they wait for the next pass.</param>
internal readonly record struct PipelineOutcome(
    int Extracted, int Unfetchable, int Retrying, int ExtractionFailed, int Interrupted, ClassificationOutcome Classification, GroupingOutcome Grouping);

/// <summary>
/// The one place that knows the order of the stages. Every stored article that is due moves on, whichever source brought it:
/// its page is fetched and extracted (for sources that fetch pages), it is classified, and candidates are grouped into
/// incidents. Each stage commits each article on its own and records its progress on the article's row, so a pass can stop
/// anywhere and the next one goes on from there; an article that fails at a stage stays there with its error and holds up
/// no other.
/// </summary>
internal sealed class ArticlePipeline(
    ExtractionStage extraction,
    ClassificationStage classification,
    IncidentGrouper grouping,
    ArticlePageStore pages,
    ArticleStore articles,
    IOptionsMonitor<SourceList> sources,
    IOptions<PipelineOptions> options,
    TimeProvider time,
    ILogger<ArticlePipeline> logger)
{
    /// <summary>At most this many pages per source that fetches pages are fetched in one pass, so that a pass ends in reasonable time.</summary>
    private const int PagesPerSource = 100;

    /// <summary>
    /// An article a stage failed on unexpectedly is tried again after this long: long enough not to fill the log with the same
    /// error at every poll, short enough that a passing fault (a full disk) costs an hour.
    /// </summary>
    public static readonly TimeSpan RetryFailedAfter = TimeSpan.FromHours(1);

    public async Task<PipelineOutcome> AdvanceAsync(PipelineRun run, CancellationToken cancellationToken)
    {
        var fetching = sources.CurrentValue.Where(s => s.FetchArticles).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var pages = run.FetchPages ? await FetchPagesAsync(fetching, cancellationToken) : new PageCounts();

        var classified = await classification.ClassifyReadyAsync(fetching.Keys, run.Classification ?? new ClassificationRun(), RetryFailedAfter, cancellationToken);
        var grouped = await grouping.GroupReadyAsync(RetryFailedAfter, cancellationToken);

        var outcome = new PipelineOutcome(pages.Extracted, pages.Unfetchable, pages.Retrying, pages.Failed, pages.Interrupted, classified, grouped);
        if (pages.Total + classified.Classified + classified.Failed + grouped.Grouped + grouped.Failed > 0)
        {
            logger.LogInformation(
                "Pipeline: pages {Extracted} extracted, {Unfetchable} not fetchable, {Retrying} to retry, {Interrupted} left for the next pass; " +
                "{Classified} classified ({Candidates} candidates); {Grouped} grouped into {Opened} new incidents; {Failed} failed",
                pages.Extracted, pages.Unfetchable, pages.Retrying, pages.Interrupted, classified.Classified, classified.Candidates,
                grouped.Grouped, grouped.OpenedIncidents, pages.Failed + classified.Failed + grouped.Failed);
        }

        return outcome;
    }

    /// <summary>
    /// Fetches the due pages within the pass's page budget: hosts at once (up to <see cref="PipelineOptions.MaxConcurrentHosts"/>),
    /// one host's pages one after another. A page still in flight when the budget is spent or the worker stops is left as it was,
    /// interrupted rather than failed, and is fetched by a later pass.
    /// </summary>
    private async Task<PageCounts> FetchPagesAsync(Dictionary<string, SourceOptions> fetching, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var due = await extraction.ListDueAsync(fetching.Keys, PagesPerSource * fetching.Count, cancellationToken);
        var counts = new PageCounts();
        if (due.Count == 0)
            return counts;

        using var budget = new CancellationTokenSource(settings.PageBudget, time);
        using var pass = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, budget.Token);
        var byHost = due.GroupBy(p => Uri.TryCreate(p.Url, UriKind.Absolute, out var url) ? url.Authority : "").ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrentHosts, CancellationToken = CancellationToken.None };
        await Parallel.ForEachAsync(byHost, parallel, async (host, _) =>
        {
            foreach (var page in host)
            {
                if (pass.IsCancellationRequested)
                {
                    counts.Add(ref counts.Interrupted);
                    continue;
                }

                try
                {
                    switch (await extraction.ExtractAsync(page, ExtractionStage.Rules(fetching[page.SourceName]), pass.Token))
                    {
                        case PageStatuses.Fetched or PageStatuses.WronglyDeclared: counts.Add(ref counts.Extracted); break;
                        case PageStatuses.Retrying: counts.Add(ref counts.Retrying); break;
                        default: counts.Add(ref counts.Unfetchable); break;
                    }
                }
                catch (OperationCanceledException) when (pass.IsCancellationRequested)
                {
                    counts.Add(ref counts.Interrupted);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Recording the failure goes to the same database: if that is what is broken, this throws too and the pass stops.
                    logger.LogError(ex, "Extracting article {ArticleId} failed; it is tried again after {RetryAfter}", page.ArticleId, RetryFailedAfter);
                    await articles.RecordStageFailureAsync(page.ArticleId, ArticleStages.Discovered, $"extraction failed: {ex.Message}", time.GetUtcNow() + RetryFailedAfter, CancellationToken.None);
                    counts.Add(ref counts.Failed);
                }
            }
        });

        cancellationToken.ThrowIfCancellationRequested();
        if (counts.Interrupted > 0)
            logger.LogInformation("Page budget of {Budget} spent: {Interrupted} pages wait for the next pass", settings.PageBudget, counts.Interrupted);
        return counts;
    }

    /// <summary>Page outcomes of one pass, counted from several hosts at once.</summary>
    private sealed class PageCounts
    {
        public int Extracted;
        public int Unfetchable;
        public int Retrying;
        public int Failed;
        public int Interrupted;

        public int Total => Extracted + Unfetchable + Retrying + Failed + Interrupted;

        public void Add(ref int counter) => Interlocked.Increment(ref counter);
    }

    /// <summary>
    /// A pass after a poll: a failure here is logged and left for the next pass, so that it never counts against the source
    /// just polled (the articles it concerns may have come from any source).
    /// </summary>
    public async Task AdvanceAfterPollAsync(CancellationToken cancellationToken)
    {
        try
        {
            await AdvanceAsync(PipelineRun.Scheduled, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is not OutOfMemoryException)
        {
            logger.LogError(ex, "Advancing stored articles failed; they wait for the next pass");
        }
    }

    /// <summary>Runs extraction again over every stored raw page (of one source when named), without fetching; returns how many.</summary>
    public async Task<int> ReextractAsync(string? sourceName, CancellationToken cancellationToken)
    {
        var done = 0;
        foreach (var page in await pages.ListStoredPagesAsync(sourceName, cancellationToken))
        {
            var rules = sources.CurrentValue.Find(page.SourceName) is { } configured ? ExtractionStage.Rules(configured) : null;
            await extraction.ReextractAsync(page, rules, cancellationToken);
            done++;
        }

        return done;
    }
}
