using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using NewsWatch.Extraction;

// Usage: dotnet run -c Release --project tests/Benchmarks/ExtractionBenchmark -- DIR [SECONDS]
// Reads every *.html / *.html.gz in DIR into memory, then runs each extractor single-threaded over all
// pages repeatedly for SECONDS (after a warm-up pass) and prints pages/s and MB/s for each.
if (args.Length < 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: ExtractionBenchmark DIR [SECONDS]");
    return 2;
}

var seconds = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var pages = Directory.EnumerateFiles(args[0])
    .Where(f => f.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".html.gz", StringComparison.OrdinalIgnoreCase))
    .Order(StringComparer.Ordinal)
    .Select(Read)
    .ToList();
var megabytes = pages.Sum(p => Encoding.UTF8.GetByteCount(p)) / 1048576.0;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pages.Count} pages, {megabytes:0.00} MB per pass, {seconds:0.#}s each"));

var ours = Measure("newswatch", html => ArticleExtractor.Extract(html, null).Paragraphs.Count);
var smartReader = Measure("smartreader", html => new SmartReader.Reader("https://bench.invalid/", html).GetArticle().TextContent?.Length ?? 0);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio {ours / smartReader:0.00}"));
return 0;

double Measure(string name, Func<string, int> extract)
{
    foreach (var page in pages)
        extract(page);
    var passes = 0;
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < seconds)
    {
        foreach (var page in pages)
            extract(page);
        passes++;
    }

    var elapsed = clock.Elapsed.TotalSeconds;
    var pagesPerSecond = passes * pages.Count / elapsed;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-12} pages/s {pagesPerSecond:0.0} MB/s {passes * megabytes / elapsed:0.00}"));
    return pagesPerSecond;
}

static string Read(string path)
{
    using var file = File.OpenRead(path);
    using Stream stream = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    using var reader = new StreamReader(stream, Encoding.UTF8);
    return reader.ReadToEnd();
}
