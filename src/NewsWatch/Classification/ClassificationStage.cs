using Microsoft.Extensions.Logging;
using NewsWatch.Storage;

namespace NewsWatch.Classification;

/// <summary>How a pass of the classification stage decides.</summary>
/// <param name="Classifier">The model to use; the one in use by the worker when null.</param>
/// <param name="EveryReportIsCandidate">Every report goes to grouping (an archive already known to be relevant); the model only names the category.</param>
internal sealed record ClassificationRun(TextClassifier? Classifier = null, bool EveryReportIsCandidate = false);

internal readonly record struct ClassificationOutcome(int Classified, int Candidates, int Failed);

/// <summary>
/// The classification stage: every article that is ready gets a prediction, committed one by one. An article the classifier
/// fails on keeps its stage with the error and is tried again later; the others go on.
/// </summary>
internal sealed class ClassificationStage(ClassifierHolder classifiers, ClassificationStore store, ArticleStore articles, TimeProvider time, ILogger<ClassificationStage> logger)
{
    private const int BatchSize = 500;

    /// <param name="sourcesFetchingPages">Sources whose articles wait for their page; the others' are classified on their feed summary.</param>
    /// <param name="retryFailedAfter">How long an article the classifier failed on waits before it is tried again.</param>
    public async Task<ClassificationOutcome> ClassifyReadyAsync(
        IReadOnlyCollection<string> sourcesFetchingPages, ClassificationRun run, TimeSpan retryFailedAfter, CancellationToken cancellationToken)
    {
        int classified = 0, candidates = 0, failed = 0;
        while (true)
        {
            var ready = await store.ListReadyAsync(sourcesFetchingPages, time.GetUtcNow(), BatchSize, cancellationToken);
            if (ready.Count == 0)
                return new ClassificationOutcome(classified, candidates, failed);
            // Taken per batch, so that a model promoted by a retrain is used from the next batch on.
            var classifier = run.Classifier ?? classifiers.Current;
            var predictions = ready.AsParallel().AsOrdered().Select(a => TryClassify(classifier, a)).ToList();
            for (var i = 0; i < ready.Count; i++)
            {
                var article = ready[i];
                if (predictions[i].Error is { } error)
                {
                    await RecordFailureAsync(article, $"classification failed: {error.Message}", error, retryFailedAfter, cancellationToken);
                    failed++;
                    continue;
                }

                var prediction = predictions[i].Prediction!;
                if (run.EveryReportIsCandidate && !prediction.Candidate)
                    prediction = prediction with { Label = BestRelevantLabel(prediction), Candidate = true };
                try
                {
                    await store.SaveAsync(article.ArticleId, new ClassificationRow(prediction.Label, prediction.Candidate, prediction.Scores, prediction.Why, prediction.ModelVersion), time.GetUtcNow(), cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException && ex is not OutOfMemoryException)
                {
                    // Recording the failure goes to the same database: if that is what is broken, this throws too and the pass stops.
                    await RecordFailureAsync(article, $"classification could not be stored: {ex.Message}", ex, retryFailedAfter, cancellationToken);
                    failed++;
                    continue;
                }

                classified++;
                if (prediction.Candidate)
                {
                    candidates++;
                    logger.LogInformation("Candidate {ArticleId} ({Label}): {Title}", article.ArticleId, prediction.Label, article.Title);
                }
            }

            if (ready.Count < BatchSize)
                return new ClassificationOutcome(classified, candidates, failed);
        }
    }

    private async Task RecordFailureAsync(ClassifiableArticle article, string error, Exception ex, TimeSpan retryAfter, CancellationToken cancellationToken)
    {
        logger.LogError(ex, "Classifying article {ArticleId} failed; it is tried again after {RetryAfter}", article.ArticleId, retryAfter);
        await articles.RecordStageFailureAsync(article.ArticleId, article.Stage, error, time.GetUtcNow() + retryAfter, cancellationToken);
    }

    private static (Prediction? Prediction, Exception? Error) TryClassify(TextClassifier classifier, ClassifiableArticle article)
    {
        try
        {
            return (classifier.Classify(article.Title, article.Text), null);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (null, ex);
        }
    }

    private static string BestRelevantLabel(Prediction prediction) =>
        prediction.Scores.Where(s => s.Key != Labels.NotRelevant).MaxBy(s => s.Value).Key;
}
