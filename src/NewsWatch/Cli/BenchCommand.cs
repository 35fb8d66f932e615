using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
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
        return new Command("bench", "Benchmarks that print figures") { feeds };
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

    private static int ParseOnce(byte[] bytes)
    {
        var text = TextDecoding.Decode(bytes, contentTypeHeader: null);
        return FeedParser.Parse(text.Text, new Uri("https://bench.invalid/feed.xml")).Entries.Count;
    }
}
