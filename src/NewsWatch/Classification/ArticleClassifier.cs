using Microsoft.Extensions.Logging;
using NewsWatch.Hosting;
using NewsWatch.Storage;

namespace NewsWatch.Classification;

/// <summary>The classification stage: each of a source's articles that is ready gets a prediction, committed one by one.</summary>
internal sealed class ArticleClassifier(ClassifierHolder classifiers, ClassificationStore store, TimeProvider time, ILogger<ArticleClassifier> logger)
{
    private const int BatchSize = 500;

    public async Task<int> ClassifySourceAsync(SourceOptions source, long sourceId, CancellationToken cancellationToken)
    {
        var classified = 0;
        while (true)
        {
            var ready = await store.ListReadyAsync(sourceId, source.FetchArticles, BatchSize, cancellationToken);
            // Taken per batch, so that a model promoted by a retrain is used from the next batch on.
            var classifier = classifiers.Current;
            foreach (var article in ready)
            {
                var prediction = classifier.Classify(article.Title, article.Text);
                await store.SaveAsync(article.ArticleId, prediction, time.GetUtcNow(), cancellationToken);
                if (prediction.Candidate)
                    logger.LogInformation("Candidate {ArticleId} ({Label}): {Title}", article.ArticleId, prediction.Label, article.Title);
            }

            classified += ready.Count;
            if (ready.Count < BatchSize)
                return classified;
        }
    }
}
