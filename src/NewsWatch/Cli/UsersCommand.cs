using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Storage;
using NewsWatch.Web;

namespace NewsWatch.Cli;

/// <summary>
/// <c>newswatch users add|list|remove|password|token</c>: accounts of the review site. Passwords are read from standard input
/// (never from the command line, where other users of the machine can see them).
/// </summary>
internal static class UsersCommand
{
    private sealed record UserListing(string Name, string Role, bool HasToken, bool Locked, DateTimeOffset CreatedAt);

    public static Command Create() => new("users", "Accounts of the review site") { Add(), List(), Remove(), Password(), Token() };

    private static Command Add()
    {
        var name = NameArgument();
        var role = new Option<string>("--role") { Description = "reviewer or admin", Required = true };
        var stdin = PasswordStdinOption();
        var command = new Command("add", "Add an account; the password is read from standard input") { name, role, stdin };
        command.SetAction((parse, cancellationToken) => Run(parse, async (accounts, ct) =>
        {
            await accounts.AddAsync(parse.GetValue(name)!, parse.GetValue(role)!, await ReadPasswordAsync(parse.GetValue(stdin)), ct);
            return $"added {parse.GetValue(name)!.Trim()} ({parse.GetValue(role)})";
        }, cancellationToken));
        return command;
    }

    private static Command List()
    {
        var json = CliHost.JsonOption();
        var command = new Command("list", "The accounts, with their roles; never a password or a token") { json };
        command.SetAction((parse, cancellationToken) => CliHost.RunAsync(parse, async (host, ct) =>
        {
            var users = (await host.Services.GetRequiredService<UserAccounts>().ListAsync(ct))
                .Select(u => new UserListing(u.Name, u.Role, u.HasToken, u.LockedUntil > DateTimeOffset.UtcNow, u.CreatedAt)).ToList();
            if (parse.GetValue(json))
                Output.WriteJson(users);
            else
                Output.WriteTable(["NAME", "ROLE", "TOKEN", "LOCKED", "CREATED"],
                    users.Select(u => (IReadOnlyList<string?>)[u.Name, u.Role, u.HasToken ? "yes" : "", u.Locked ? "yes" : "", Output.Instant(u.CreatedAt)]));
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command Remove()
    {
        var name = NameArgument();
        var command = new Command("remove", "Remove an account") { name };
        command.SetAction((parse, cancellationToken) => Run(parse, async (accounts, ct) =>
        {
            await accounts.RemoveAsync(parse.GetValue(name)!, ct);
            return $"removed {parse.GetValue(name)}";
        }, cancellationToken));
        return command;
    }

    private static Command Password()
    {
        var name = NameArgument();
        var stdin = PasswordStdinOption();
        var command = new Command("password", "Set an account's password, read from standard input (this also ends a lock-out)") { name, stdin };
        command.SetAction((parse, cancellationToken) => Run(parse, async (accounts, ct) =>
        {
            await accounts.SetPasswordAsync(parse.GetValue(name)!, await ReadPasswordAsync(parse.GetValue(stdin)), ct);
            return $"password of {parse.GetValue(name)} changed";
        }, cancellationToken));
        return command;
    }

    private static Command Token()
    {
        var name = NameArgument();
        var command = new Command("token", "Print a new personal API token for the account (replacing any earlier one); it is shown only once") { name };
        command.SetAction((parse, cancellationToken) => Run(parse, (accounts, ct) => accounts.NewTokenAsync(parse.GetValue(name)!, ct), cancellationToken));
        return command;
    }

    private static Task<int> Run(ParseResult parse, Func<UserAccounts, CancellationToken, Task<string>> action, CancellationToken cancellationToken) =>
        CliHost.RunAsync(parse, async (host, ct) =>
        {
            try
            {
                Console.Out.WriteLine(await action(host.Services.GetRequiredService<UserAccounts>(), ct));
                return ExitCodes.Ok;
            }
            catch (AccountException ex)
            {
                await Console.Error.WriteLineAsync($"error: {(ex.Field is { } field ? $"{Flag(field)} {ex.Message}" : ex.Message)}");
                return ExitCodes.BadUsage;
            }
        }, cancellationToken);

    private static string Flag(AccountField field) => field switch
    {
        AccountField.Name => "NAME",
        AccountField.Role => "--role",
        AccountField.Password => "the password",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    /// <summary>The first line of standard input, without its line break.</summary>
    private static async Task<string> ReadPasswordAsync(bool fromStdin)
    {
        if (!fromStdin)
            throw new AccountException(AccountField.Password, "is read from standard input only: add --password-stdin");
        return (await Console.In.ReadLineAsync()) ?? "";
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The account's name" };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin") { Description = "Read the password from the first line of standard input" };
}
