using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Classification;
using NewsWatch.Storage;

namespace NewsWatch.Cli;

/// <summary><c>newswatch model backtest FILE.zip</c>: what a candidate model would change in the queue, before anyone switches to it.</summary>
internal static class BacktestCommand
{
    private const int Listed = 25;

    private sealed record Change(long Id, string? Label, string Title);

    public static Command Create()
    {
        var modelFile = new Argument<FileInfo>("FILE.zip") { Description = "The candidate model" };
        var json = CliHost.JsonOption();
        var command = new Command("backtest", "Re-classify the stored archive with a candidate model and report what would enter or leave the queue") { modelFile, json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var file = parse.GetValue(modelFile)!;
            if (!file.Exists)
            {
                await Console.Error.WriteLineAsync($"error: FILE.zip: '{file.FullName}' does not exist.");
                return ExitCodes.BadUsage;
            }

            var options = CliHost.ReadOptions(host.Services).Classification;
            var candidateModel = TextClassifier.Load(file.FullName, options.ThresholdFor(file.FullName));
            var store = host.Services.GetRequiredService<ClassificationStore>();
            int total = 0, entering = 0, leaving = 0, relabelled = 0;
            var enteringItems = new List<Change>();
            var leavingItems = new List<Change>();
            await foreach (var page in store.ReadClassifiedAsync(5000, ct))
            {
                var predictions = page.AsParallel().AsOrdered().Select(a => (Article: a, New: candidateModel.Classify(a.Title, a.Text, explain: false))).ToList();
                foreach (var (article, prediction) in predictions)
                {
                    total++;
                    var was = article.Candidate ?? false;
                    if (prediction.Candidate && !was)
                    {
                        entering++;
                        if (enteringItems.Count < Listed)
                            enteringItems.Add(new Change(article.ArticleId, prediction.Label, article.Title));
                    }
                    else if (!prediction.Candidate && was)
                    {
                        leaving++;
                        if (leavingItems.Count < Listed)
                            leavingItems.Add(new Change(article.ArticleId, article.Label, article.Title));
                    }
                    else if (prediction.Candidate && was && prediction.Label != article.Label)
                    {
                        relabelled++;
                    }
                }
            }

            var report = new { model = candidateModel.Version, threshold = candidateModel.CandidateThreshold, articles = total, entering, leaving, relabelled, enteringItems, leavingItems };
            if (parse.GetValue(json))
            {
                Output.WriteJson(report);
            }
            else
            {
                Console.Out.WriteLine($"{candidateModel.Version} over {total} classified articles: {entering} would enter the queue, {leaving} would leave it, {relabelled} candidates would change label");
                foreach (var item in enteringItems)
                    Console.Out.WriteLine($"  + {item.Id} ({item.Label}) {item.Title}");
                foreach (var item in leavingItems)
                    Console.Out.WriteLine($"  - {item.Id} ({item.Label}) {item.Title}");
            }

            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }
}
