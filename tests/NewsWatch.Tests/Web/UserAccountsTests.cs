using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using NewsWatch.Storage;
using NewsWatch.Tests.Support;
using NewsWatch.Web;

namespace NewsWatch.Tests.Web;

/// <summary>Accounts of the review site through the real executable: passwords from standard input, hashes only in the database.</summary>
public sealed class UserAccountsTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await TestApp.StartAsync([]);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private Task<NewsWatchProcess.Result> Users(string stdin, params string[] args) =>
        NewsWatchProcess.RunAsync(["users", .. args, "--config", _app.ConfigPath], stdin: stdin);

    [Fact]
    public async Task An_account_added_with_a_password_from_stdin_signs_in_with_it_and_the_database_holds_only_a_hash()
    {
        var added = await Users("correct horse battery\n", "add", "kim", "--role", "admin", "--password-stdin");
        var listed = await Users("", "list", "--json");

        Assert.Equal(0, added.ExitCode);
        var row = Assert.Single(JsonNode.Parse(listed.StdOut)!.AsArray())!;
        Assert.Equal("kim", (string?)row["name"]);
        Assert.Equal("admin", (string?)row["role"]);
        Assert.DoesNotContain("correct horse", listed.StdOut + added.StdOut + added.StdErr);
        var accounts = _app.Services.GetRequiredService<UserAccounts>();
        Assert.NotNull(await accounts.CheckPasswordAsync("KIM", "correct horse battery", CancellationToken.None));
        Assert.Null(await accounts.CheckPasswordAsync("kim", "correct horse battery!", CancellationToken.None));
        await using var connection = await _app.Services.GetRequiredService<Database>().OpenAsync();
        Assert.DoesNotContain("correct horse", await connection.ExecuteScalarAsync<string>("SELECT password_hash FROM users"));
    }

    [Fact]
    public async Task A_token_is_printed_once_stored_hashed_and_replaced_by_the_next()
    {
        await Users("a long password\n", "add", "lee", "--role", "reviewer", "--password-stdin");

        var first = (await Users("", "token", "lee")).StdOut.Trim();
        var second = (await Users("", "token", "lee")).StdOut.Trim();

        Assert.StartsWith("nw_", first);
        Assert.NotEqual(first, second);
        var accounts = _app.Services.GetRequiredService<UserAccounts>();
        Assert.Null(await accounts.FindByTokenAsync(first, CancellationToken.None));
        Assert.Equal("lee", (await accounts.FindByTokenAsync(second, CancellationToken.None))!.Name);
        await using var connection = await _app.Services.GetRequiredService<Database>().OpenAsync();
        Assert.Equal(UserAccounts.TokenHash(second), await connection.ExecuteScalarAsync<string>("SELECT token_hash FROM users"));
    }

    [Theory]
    [InlineData("add park --role emperor --password-stdin", "a long password\n", "error: --role 'emperor' is not a role; use one of reviewer, admin")]
    [InlineData("add park --role reviewer --password-stdin", "short\n", "error: the password must be at least 10 characters")]
    [InlineData("add park --role reviewer", "a long password\n", "error: the password is read from standard input only: add --password-stdin")]
    [InlineData("add taken --role reviewer --password-stdin", "a long password\n", "error: NAME 'taken' is taken by another account")]
    [InlineData("remove nobody", "", "error: NAME 'nobody' is not an account")]
    [InlineData("password nobody --password-stdin", "a long password\n", "error: NAME 'nobody' is not an account")]
    [InlineData("token nobody", "", "error: NAME 'nobody' is not an account")]
    public async Task Bad_account_input_is_refused_with_exit_2_naming_what_was_wrong_and_changes_nothing(string command, string stdin, string message)
    {
        await Users("a long password\n", "add", "taken", "--role", "reviewer", "--password-stdin");

        var result = await Users(stdin, command.Split(' '));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.StdErr);
        var names = JsonNode.Parse((await Users("", "list", "--json")).StdOut)!.AsArray().Select(u => (string?)u!["name"]);
        Assert.Equal(["taken"], names);
    }

    [Fact]
    public async Task A_removed_account_no_longer_signs_in_and_a_new_password_replaces_the_old()
    {
        await Users("first password\n", "add", "choi", "--role", "reviewer", "--password-stdin");
        await Users("second password\n", "password", "choi", "--password-stdin");
        var accounts = _app.Services.GetRequiredService<UserAccounts>();
        Assert.Null(await accounts.CheckPasswordAsync("choi", "first password", CancellationToken.None));
        Assert.NotNull(await accounts.CheckPasswordAsync("choi", "second password", CancellationToken.None));

        Assert.Equal(0, (await Users("", "remove", "choi")).ExitCode);

        Assert.Null(await accounts.CheckPasswordAsync("choi", "second password", CancellationToken.None));
    }
}
