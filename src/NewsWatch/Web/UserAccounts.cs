using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using NewsWatch.Storage;

namespace NewsWatch.Web;

/// <summary>The input of an account operation that was refused; the message follows the input's name, and nothing was changed.</summary>
internal enum AccountField
{
    Name,
    Role,
    Password,
}

internal sealed class AccountException(AccountField? field, string message) : Exception(message)
{
    public AccountField? Field { get; } = field;
}

/// <summary>
/// Accounts of the review site: names, roles, passwords hashed with the framework's PBKDF2 hasher, and personal API tokens of
/// which only a SHA-256 hash is kept. No password or token is ever logged or stored as given.
/// </summary>
internal sealed class UserAccounts(UserStore store, TimeProvider time, ILogger<UserAccounts> logger)
{
    public const int MinPasswordLength = 10;

    private static readonly PasswordHasher<string> Hasher = new();

    public async Task AddAsync(string name, string role, string password, CancellationToken cancellationToken)
    {
        name = RequireName(name);
        if (!UserRoles.All.Contains(role))
            throw new AccountException(AccountField.Role, $"'{role}' is not a role; use one of {string.Join(", ", UserRoles.All)}");
        RequirePassword(password);
        if (!await store.AddAsync(name, role, Hasher.HashPassword(name, password), time.GetUtcNow(), cancellationToken))
            throw new AccountException(AccountField.Name, $"'{name}' is taken by another account");
        logger.LogInformation("Account {User} added as {Role}", name, role);
    }

    public Task<IReadOnlyList<UserRow>> ListAsync(CancellationToken cancellationToken) => store.ListAsync(cancellationToken);

    public async Task RemoveAsync(string name, CancellationToken cancellationToken)
    {
        if (!await store.RemoveAsync(name, cancellationToken))
            throw new AccountException(AccountField.Name, $"'{name}' is not an account");
        logger.LogInformation("Account {User} removed", name);
    }

    public async Task SetPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        RequirePassword(password);
        var user = await store.FindAsync(name, cancellationToken) ?? throw new AccountException(AccountField.Name, $"'{name}' is not an account");
        await store.SetPasswordAsync(user.Name, Hasher.HashPassword(user.Name, password), time.GetUtcNow(), cancellationToken);
        logger.LogInformation("Password of {User} changed", user.Name);
    }

    /// <summary>Makes a new personal API token, replacing any earlier one, and returns it; it cannot be shown again.</summary>
    public async Task<string> NewTokenAsync(string name, CancellationToken cancellationToken)
    {
        var user = await store.FindAsync(name, cancellationToken) ?? throw new AccountException(AccountField.Name, $"'{name}' is not an account");
        var token = "nw_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await store.SetTokenHashAsync(user.Name, TokenHash(token), time.GetUtcNow(), cancellationToken);
        logger.LogInformation("New API token for {User}", user.Name);
        return token;
    }

    /// <summary>The account a password signs in, or null; the caller counts failures.</summary>
    public async Task<UserRow?> CheckPasswordAsync(string name, string password, CancellationToken cancellationToken)
    {
        var user = await store.FindAsync(name, cancellationToken);
        if (user is null)
            return null;
        return Hasher.VerifyHashedPassword(user.Name, user.PasswordHash, password) == PasswordVerificationResult.Failed ? null : user;
    }

    public Task<UserRow?> FindByTokenAsync(string token, CancellationToken cancellationToken) =>
        store.FindByTokenHashAsync(TokenHash(token), cancellationToken);

    public static string TokenHash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string RequireName(string name)
    {
        name = name.Trim();
        if (name.Length is 0 or > 64 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
            throw new AccountException(AccountField.Name, $"'{name}' must be 1 to 64 characters without spaces or control characters");
        return name;
    }

    private static void RequirePassword(string password)
    {
        if (password.Length < MinPasswordLength)
            throw new AccountException(AccountField.Password, $"must be at least {MinPasswordLength} characters");
    }
}
