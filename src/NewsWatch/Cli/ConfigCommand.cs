using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using NewsWatch.Hosting;

namespace NewsWatch.Cli;

/// <summary><c>newswatch config</c>: the configuration in effect, defaults filled in and secrets masked.</summary>
internal static class ConfigCommand
{
    private static readonly string[] SecretWords = ["password", "secret", "token", "apikey", "key"];

    public static Command Create()
    {
        var command = new Command("config", "Print the effective configuration (usable as a --config file)");
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, (host, _) =>
        {
            var options = CliHost.ReadOptions(host.Services);
            // Unset, the threshold is the one the model's card records: print the value in effect.
            var classification = options.Classification;
            if (classification.CandidateThreshold is null && File.Exists(classification.ResolveModelPath()))
                classification.CandidateThreshold = classification.ThresholdFor(classification.ResolveModelPath());
            var node = JsonSerializer.SerializeToNode(options, new JsonSerializerOptions { WriteIndented = true })!;
            Mask(node);
            var document = new JsonObject { [NewsWatchOptions.Section] = node };
            Console.Out.WriteLine(document.ToJsonString(Output.Json));
            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken, migrate: false));
        return command;
    }

    private static void Mask(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue && SecretWords.Any(w => name.EndsWith(w, StringComparison.OrdinalIgnoreCase)) && value.ToString().Length > 0)
                        obj[name] = "********";
                    else if (value is not null)
                        Mask(value);
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                        Mask(item);
                }

                break;
        }
    }
}
