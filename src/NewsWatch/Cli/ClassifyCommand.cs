using System.CommandLine;
using System.Text;
using System.Text.Json;
using NewsWatch.Classification;

namespace NewsWatch.Cli;

/// <summary><c>newswatch classify --jsonl IN [--out OUT]</c> or <c>newswatch classify --text "..."</c>.</summary>
internal static class ClassifyCommand
{
    private sealed record Line(string Id, string Label, bool Candidate, IReadOnlyDictionary<string, double> Scores, IReadOnlyList<string> Why);

    private static readonly JsonSerializerOptions JsonLine = new(Output.Json) { WriteIndented = false };

    public static Command Create()
    {
        var jsonl = new Option<FileInfo?>("--jsonl") { Description = "Reports {id, title, text}, one per line" };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the predictions (standard output if absent)" };
        var text = new Option<string?>("--text") { Description = "Classify this one text" };
        var model = ModelCommand.ModelOption();
        var command = new Command("classify", "Classify reports: label, candidate flag, class probabilities and the terms behind them") { jsonl, output, text, model };
        command.Validators.Add(r =>
        {
            if ((r.GetValue(jsonl) is null) == (r.GetValue(text) is null))
                r.AddError("give either --jsonl FILE or --text \"...\".");
        });
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var classifier = ModelCommand.LoadClassifier(host.Services, parse.GetValue(model));
            if (parse.GetValue(text) is { } single)
            {
                var c = classifier.Classify(null, single);
                Output.WriteJson(new Line("text", c.Label, c.Candidate, c.Scores, c.Why));
                return ExitCodes.Ok;
            }

            var input = parse.GetValue(jsonl)!;
            if (!input.Exists)
            {
                await Console.Error.WriteLineAsync($"error: --jsonl: file '{input.FullName}' does not exist.");
                return ExitCodes.BadUsage;
            }

            List<LabelledExample> reports;
            try
            {
                reports = TrainingData.ReadFile(input.FullName, requireLabel: false).ToList();
            }
            catch (InvalidDataException ex)
            {
                await Console.Error.WriteLineAsync($"error: {ex.Message}");
                return ExitCodes.BadUsage;
            }

            var lines = reports.AsParallel().AsOrdered().Select(r =>
            {
                var c = classifier.Classify(r.Title, r.Text);
                return JsonSerializer.Serialize(new Line(r.Id, c.Label, c.Candidate, c.Scores, c.Why), JsonLine);
            }).ToList();
            if (parse.GetValue(output) is { } file)
            {
                file.Directory?.Create();
                await File.WriteAllLinesAsync(file.FullName, lines, new UTF8Encoding(false), ct);
                await Console.Error.WriteLineAsync($"{lines.Count} reports classified, {lines.Count(l => l.Contains("\"candidate\":true", StringComparison.Ordinal))} candidates, written to {file.FullName}");
            }
            else
            {
                foreach (var line in lines)
                    Console.Out.WriteLine(line);
            }

            return ExitCodes.Ok;
        }, cancellationToken, migrate: false));
        return command;
    }
}
