using Microsoft.Extensions.Logging;
using Quartz;

namespace NewsWatch.Classification;

/// <summary>Weekly by default: retrains on the training set plus reviews, promoting the new model only if it is no worse.</summary>
[DisallowConcurrentExecution]
internal sealed class RetrainModelJob(ModelRetrainer retrainer, ILogger<RetrainModelJob> logger) : IJob
{
    public static readonly JobKey Key = new("retrain-model", "maintenance");

    /// <summary>
    /// An interval after the model card last changed (a training or a retrain), so that restarting the worker neither
    /// retrains at once nor puts the retrain off for ever; a few minutes after start if that moment has passed.
    /// </summary>
    public static DateTimeOffset FirstRun(ClassificationOptions classification, DateTimeOffset now)
    {
        var card = Path.ChangeExtension(classification.ResolveModelPath(), ".card.json");
        var due = File.Exists(card) ? new DateTimeOffset(File.GetLastWriteTimeUtc(card), TimeSpan.Zero) + classification.Retrain.Interval : now + classification.Retrain.Interval;
        var earliest = now + TimeSpan.FromMinutes(5);
        return due > earliest ? due : earliest;
    }

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await retrainer.RetrainAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The model in use stays; the next run tries again.
            logger.LogError(ex, "Retraining the classifier failed; the model in use is unchanged");
        }
    }
}
