using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Http;
using NewsWatch.Classification;
using NewsWatch.Sources;

namespace NewsWatch.Cli;

/// <summary><c>newswatch bench feeds DIR</c>: parse throughput, in memory, on every core.</summary>
internal static class BenchCommand
{
    private static readonly string[] FeedExtensions = [".xml", ".rss", ".atom", ".rdf", ".feed"];

    public static Command Create()
    {
        var directory = new Argument<DirectoryInfo>("DIR") { Description = "Directory of feed files (searched recursively)" };
        directory.AcceptExistingOnly();
        var seconds = new Option<double>("--seconds") { Description = "How long to measure", DefaultValueFactory = _ => 10 };
        var feeds = new Command("feeds", "Decode, parse and normalise every feed file in DIR repeatedly; prints items/s and MB/s") { directory, seconds };
        feeds.SetAction(parse => BenchFeeds(parse.GetValue(directory)!, parse.GetValue(seconds)));
        var data = new Option<string>("--data") { Description = "Labelled *.jsonl files whose texts are classified", DefaultValueFactory = _ => "models/training" };
        var model = ModelCommand.ModelOption();
        var classifySeconds = new Option<double>("--seconds") { Description = "How long to measure each case", DefaultValueFactory = _ => 5 };
        var classify = new Command("classify", "Classifier throughput on headline+lede texts and on full articles, one engine and on every core") { data, model, classifySeconds };
        classify.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, (host, _) =>
            Task.FromResult(BenchClassify(ModelCommand.LoadClassifier(host.Services, parse.GetValue(model)), parse.GetValue(data)!, parse.GetValue(classifySeconds))),
            cancellationToken, migrate: false));
        var sizes = new Option<string>("--sizes") { Description = "Archive sizes to measure at, comma-separated", DefaultValueFactory = _ => "10000,100000,1000000" };
        var probe = new Option<int>("--probe") { Description = "Reports grouped and timed at each size", DefaultValueFactory = _ => 2000 };
        var grouping = new Command("grouping", "Grow a synthetic archive in a temporary database; time grouping one more report at each size") { sizes, probe };
        grouping.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var sizeList = new List<int>();
            foreach (var part in parse.GetValue(sizes)!.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 1000)
                {
                    await Console.Error.WriteLineAsync($"error: --sizes: '{part}' is not a whole number of at least 1000");
                    return ExitCodes.BadUsage;
                }

                sizeList.Add(size);
            }

            if (sizeList.Count == 0 || parse.GetValue(probe) < 100)
            {
                await Console.Error.WriteLineAsync("error: give at least one size and --probe of at least 100");
                return ExitCodes.BadUsage;
            }

            return await GroupingBenchmark.RunInTemporaryDatabaseAsync(parse, sizeList.Order().ToList(), parse.GetValue(probe), ct);
        }, cancellationToken, migrate: false));
        return new Command("bench", "Benchmarks that print figures") { feeds, classify, grouping };
    }

    private static int BenchFeeds(DirectoryInfo directory, double seconds)
    {
        var files = directory.EnumerateFiles("*", SearchOption.AllDirectories)
            .Where(f => FeedExtensions.Contains(f.Extension, StringComparer.OrdinalIgnoreCase))
            .OrderBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => (f.Name, Bytes: File.ReadAllBytes(f.FullName)))
            .ToList();

        // One untimed pass: keep the files that parse, and warm up.
        var usable = new List<(string Name, byte[] Bytes, int Items)>();
        foreach (var (name, bytes) in files)
        {
            try
            {
                usable.Add((name, bytes, ParseOnce(bytes)));
            }
            catch (FeedFormatException ex)
            {
                Console.Error.WriteLine($"skipped {name}: {ex.Message}");
            }
        }

        if (usable.Count == 0)
        {
            Console.Error.WriteLine($"error: no parsable feed files in {directory.FullName}");
            return ExitCodes.BadUsage;
        }

        var itemsPerPass = usable.Sum(f => f.Items);
        var bytesPerPass = usable.Sum(f => (long)f.Bytes.Length);
        Console.Out.WriteLine($"{usable.Count} feeds, {itemsPerPass} items, {bytesPerPass / 1048576.0:0.00} MB per pass; {Environment.ProcessorCount} workers, {seconds:0.#}s");

        // The JIT reaches its optimised code only after a few seconds of work: warm up on every core first.
        var warmUpUntil = Stopwatch.GetTimestamp() + 4 * Stopwatch.Frequency;
        Parallel.For(0, Environment.ProcessorCount, _ =>
        {
            while (Stopwatch.GetTimestamp() < warmUpUntil)
            {
                foreach (var feed in usable)
                    ParseOnce(feed.Bytes);
            }
        });

        long passes = 0;
        var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        var clock = Stopwatch.StartNew();
        Parallel.For(0, Environment.ProcessorCount, _ =>
        {
            while (Stopwatch.GetTimestamp() < deadline)
            {
                foreach (var feed in usable)
                    ParseOnce(feed.Bytes);
                Interlocked.Increment(ref passes);
            }
        });
        clock.Stop();

        var elapsed = clock.Elapsed.TotalSeconds;
        var itemsPerSecond = passes * itemsPerPass / elapsed;
        var megabytesPerSecond = passes * bytesPerPass / 1048576.0 / elapsed;
        Console.Out.WriteLine($"{passes} passes in {elapsed:0.00}s");
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"items/s {itemsPerSecond:0} MB/s {megabytesPerSecond:0.0}"));
        return ExitCodes.Ok;
    }

    private static int BenchClassify(TextClassifier classifier, string dataDirectory, double seconds)
    {
        var examples = TrainingData.ReadDirectory(dataDirectory);
        var ledes = examples.Select(e => (e.Title, e.Text)).ToArray();
        // Full articles: a report followed by others' paragraphs, about the length of a long wire story.
        var articles = examples.Select((e, i) => (e.Title, string.Join("\n\n", Enumerable.Range(0, 12).Select(k => examples[(i + k * 7) % examples.Count].Text)))).ToArray();
        Console.Out.WriteLine($"model {classifier.Version}; {ledes.Length} texts, headline+lede {ledes.Average(l => l.Title.Length + l.Text.Length):0} chars, full article {articles.Average(a => a.Item1.Length + a.Item2.Length):0} chars on average");

        // As for feeds: let the JIT reach optimised code on every core before anything is timed.
        var warmUpUntil = Stopwatch.GetTimestamp() + 3 * Stopwatch.Frequency;
        Parallel.For(0, Environment.ProcessorCount, w =>
        {
            for (var i = w; Stopwatch.GetTimestamp() < warmUpUntil; i += Environment.ProcessorCount)
                classifier.Classify(ledes[i % ledes.Length].Title, ledes[i % ledes.Length].Text, explain: false);
        });

        double Measure(string name, (string Title, string Text)[] texts, int workers)
        {
            long count = 0;
            var deadline = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
            var clock = Stopwatch.StartNew();
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                var i = w;
                while (Stopwatch.GetTimestamp() < deadline)
                {
                    var (title, text) = texts[i % texts.Length];
                    classifier.Classify(title, text, explain: false);
                    Interlocked.Increment(ref count);
                    i += workers;
                }
            });
            var perSecond = count / clock.Elapsed.TotalSeconds;
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-28} {workers} worker(s)  {perSecond,10:0} predictions/s"));
            return perSecond;
        }

        Measure("full articles", articles, 1);
        Measure("full articles", articles, Environment.ProcessorCount);
        Measure("headline+lede", ledes, 1);
        var parallel = Measure("headline+lede", ledes, Environment.ProcessorCount);
        Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"predictions/s {parallel:0}"));
        return ExitCodes.Ok;
    }

    private static int ParseOnce(byte[] bytes)
    {
        var text = TextDecoding.Decode(bytes, contentTypeHeader: null);
        return FeedParser.Parse(text.Text, new Uri("https://bench.invalid/feed.xml")).Entries.Count;
    }
}
