using System.Diagnostics;
using System.Globalization;
using System.Text;
using NewsWatch.Cli;
using NewsWatch.Extraction;

// Usage: dotnet run -c Release --project tests/Benchmarks/ExtractionBenchmark -- DIR [SECONDS]
// Reads every *.html / *.html.gz in DIR into memory, then runs the two extractors single-threaded over all
// pages in alternating rounds (so that both see the same machine load) for SECONDS each in all, and prints
// the median pages/s and MB/s of each and the ratio of the medians.
if (args.Length < 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: ExtractionBenchmark DIR [SECONDS]");
    return 2;
}

var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var pages = Directory.EnumerateFiles(args[0])
    .Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal)
    .Select(ExtractCommand.ReadPage)
    .ToList();
var megabytes = pages.Sum(p => Encoding.UTF8.GetByteCount(p)) / 1048576.0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pages.Count} pages, {megabytes:0.00} MB per pass, {seconds:0.#}s each"));

Func<string, int> ours = html => ArticleExtractor.Extract(html, null).Paragraphs.Count;
Func<string, int> smartReader = html => new SmartReader.Reader("https://bench.invalid/", html).GetArticle().TextContent?.Length ?? 0;
foreach (var page in pages)
{
    ours(page);
    smartReader(page);
}

const int Rounds = 5;
var oursRounds = new List<double>();
var smartRounds = new List<double>();
for (var round = 0; round < Rounds; round++)
{
    oursRounds.Add(PagesPerSecond(ours, seconds / Rounds));
    smartRounds.Add(PagesPerSecond(smartReader, seconds / Rounds));
}

var oursMedian = Median(oursRounds);
var smartMedian = Median(smartRounds);
Report("newswatch", oursMedian);
Report("smartreader", smartMedian);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {oursMedian / smartMedian:0.00}"));
return 0;

double PagesPerSecond(Func<string, int> extract, double roundSeconds)
{
    var done = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < roundSeconds)
    {
        foreach (var page in pages)
            extract(page);
        done += pages.Count;
    }

    return done / clock.Elapsed.TotalSeconds;
}

void Report(string name, double pagesPerSecond) =>
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} pages/s {pagesPerSecond:0.0} MB/s {pagesPerSecond / pages.Count * megabytes:0.00}"));

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
