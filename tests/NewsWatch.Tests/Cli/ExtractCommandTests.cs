using System.IO.Compression;
using System.Text.Json.Nodes;
using NewsWatch.Tests.Support;

namespace NewsWatch.Tests.Cli;

public sealed class ExtractCommandTests : IDisposable
{
    private readonly string _directory = TempDirectory.Create();

    public void Dispose() => TempDirectory.Delete(_directory);

    [Fact]
    public async Task Batch_extraction_writes_one_line_per_page_named_after_its_file()
    {
        var pages = Path.Combine(_directory, "pages");
        Directory.CreateDirectory(pages);
        File.Copy(Fixtures.Path("border-article.html"), Path.Combine(pages, "alpha.html"));
        using (var gz = new GZipStream(File.Create(Path.Combine(pages, "beta.html.gz")), CompressionLevel.Fastest))
            gz.Write(Fixtures.Bytes("jsonld-date.html"));
        File.WriteAllText(Path.Combine(pages, "ignored.txt"), "not a page");
        var output = Path.Combine(_directory, "out", "predictions.jsonl");

        var result = await NewsWatchProcess.RunAsync(["extract", "--dir", pages, "--out", output]);

        Assert.Equal(0, result.ExitCode);
        var lines = File.ReadAllLines(output).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(["alpha", "beta"], lines.Select(l => (string?)l["id"]));
        foreach (var line in lines)
        {
            Assert.Equal(["id", "title", "text", "published", "author", "language"], line.Select(p => p.Key));
            Assert.False(string.IsNullOrWhiteSpace((string?)line["text"]));
            Assert.Contains('\n', (string)line["text"]!);
        }

        Assert.NotNull((string?)lines[1]["published"]);
    }

    [Fact]
    public async Task Single_page_prints_title_and_text_or_json()
    {
        var page = Fixtures.Path("border-article.html");

        var text = await NewsWatchProcess.RunAsync(["extract", page]);
        var json = await NewsWatchProcess.RunAsync(["extract", page, "--json"]);

        Assert.Equal(0, text.ExitCode);
        var fields = JsonNode.Parse(json.StdOut)!.AsObject();
        Assert.StartsWith((string)fields["title"]!, text.StdOut);
        Assert.Contains(((string)fields["text"]!).Split('\n')[0], text.StdOut);
    }

    [Fact]
    public async Task Missing_file_and_missing_out_are_bad_usage()
    {
        var missing = await NewsWatchProcess.RunAsync(["extract", Path.Combine(_directory, "nope.html")]);
        var noOut = await NewsWatchProcess.RunAsync(["extract", "--dir", _directory]);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("nope.html' is neither an existing file nor an http(s) URL", missing.StdErr);
        Assert.Equal(2, noOut.ExitCode);
        Assert.Contains("--dir needs --out", noOut.StdErr);
    }
}
