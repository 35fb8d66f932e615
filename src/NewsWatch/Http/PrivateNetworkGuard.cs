using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace NewsWatch.Http;

/// <summary>Raised when a request would reach a loopback, private or link-local address.</summary>
internal sealed class PrivateNetworkRefusedException(string message) : Exception(message);

/// <summary>
/// Refuses private destinations. Every request's destination is resolved and judged before it is sent, whether it goes
/// out directly or through a proxy; redirects are followed by <see cref="HttpFetcher"/> one request at a time, so every
/// hop is judged too. A direct connection then goes to exactly the addresses that were judged, so a name cannot resolve
/// to something else in between.
/// </summary>
internal sealed class PrivateNetworkGuard(IOptions<HttpOptions> options)
{
    private static readonly HttpRequestOptionsKey<Destination> Judged = new("NewsWatch.JudgedDestination");

    private sealed record Destination(string Host, int Port, IPAddress[] Addresses);

    /// <summary>Judges the request's destination before anything is sent; sits inside the resilience handler, so it runs once per attempt.</summary>
    public sealed class Handler(PrivateNetworkGuard guard) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var uri = request.RequestUri ?? throw new InvalidOperationException("a request without a URI");
            var host = HostOf(uri.IdnHost);
            request.Options.Set(Judged, new Destination(host, uri.Port, await guard.ResolveAllowedAsync(host, uri.Port, cancellationToken)));
            return await base.SendAsync(request, cancellationToken);
        }
    }

    /// <summary>
    /// Connects sockets for the HTTP handler: to the judged addresses of the destination, or to the configured proxy.
    /// The proxy is the operator's choice and may well be private; the destination behind it was judged before sending.
    /// </summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, IWebProxy? proxy, CancellationToken cancellationToken)
    {
        var host = HostOf(context.DnsEndPoint.Host);
        var port = context.DnsEndPoint.Port;
        var request = context.InitialRequestMessage;
        IPAddress[] addresses;
        if (IsProxy(host, port, request.RequestUri, proxy))
            addresses = await ResolveAsync(host, cancellationToken);
        else if (request.Options.TryGetValue(Judged, out var judged) && SameHost(judged.Host, host) && judged.Port == port)
            addresses = judged.Addresses;
        else
            addresses = await ResolveAllowedAsync(host, port, cancellationToken);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The host's addresses, refused if any is private and the host (with this port) is not allowed to be.</summary>
    private async Task<IPAddress[]> ResolveAllowedAsync(string host, int port, CancellationToken cancellationToken)
    {
        IPAddress[] addresses;
        try
        {
            addresses = await ResolveAsync(host, cancellationToken);
        }
        catch (SocketException ex)
        {
            throw new HttpRequestException(HttpRequestError.NameResolutionError, $"{host} could not be resolved: {ex.Message}", ex);
        }

        var http = options.Value;
        if (http.AllowPrivateNetworks || IsAllowedPrivateHost(http.AllowedPrivateHosts, host, port))
            return addresses;

        // One private address is enough to refuse: a proxy would pick among them itself.
        if (addresses.FirstOrDefault(IsPrivate) is { } refused)
        {
            throw new PrivateNetworkRefusedException(
                $"refused to connect to {host}: it resolves to the private address {refused} (set {HttpOptions.Section}:AllowPrivateNetworks to allow)");
        }

        return addresses;
    }

    private static async Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        return addresses.Length > 0 ? addresses : throw new SocketException((int)SocketError.HostNotFound);
    }

    private static bool IsProxy(string host, int port, Uri? requestUri, IWebProxy? proxy)
    {
        if (proxy is null || requestUri is null || proxy.IsBypassed(requestUri) || proxy.GetProxy(requestUri) is not { } proxyUri)
            return false;
        return SameHost(HostOf(proxyUri.IdnHost), host) && proxyUri.Port == port;
    }

    /// <summary>
    /// An <c>AllowedPrivateHosts</c> entry names a host and a port ("intranet.local:8080", "[fd00::5]:8443"); a bare host
    /// ("intranet.local") allows only the standard ports, 80 and 443.
    /// </summary>
    public static bool IsAllowedPrivateHost(IEnumerable<string> entries, string host, int port) =>
        entries.Any(entry => TryParseAllowedHost(entry, out var allowedHost, out var allowedPort)
            && SameHost(allowedHost, host)
            && (allowedPort is { } p ? p == port : port is 80 or 443));

    /// <summary>Reads one <c>AllowedPrivateHosts</c> entry: a host name or address, with or without ":port".</summary>
    public static bool TryParseAllowedHost(string? entry, out string host, out int? port)
    {
        host = "";
        port = null;
        if (string.IsNullOrWhiteSpace(entry) || entry.Trim() != entry)
            return false;
        if (IPAddress.TryParse(entry, out var bare) && bare.AddressFamily == AddressFamily.InterNetworkV6 && !entry.Contains('['))
        {
            host = bare.ToString();
            return true;
        }

        if (entry.IndexOfAny(['/', '\\', '@', '?', '#']) >= 0 || !Uri.TryCreate("http://" + entry, UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
            return false;
        var explicitPort = entry.LastIndexOf(':') > entry.LastIndexOf(']');
        if (explicitPort && (!int.TryParse(entry[(entry.LastIndexOf(':') + 1)..], out var number) || number is < 1 or > 65535))
            return false;
        host = HostOf(uri.IdnHost);
        port = explicitPort ? uri.Port : null;
        return host.Length > 0;
    }

    /// <summary>A host as compared here: no IPv6 brackets, no trailing dot.</summary>
    private static string HostOf(string host) => host.Trim('[', ']').TrimEnd('.');

    private static bool SameHost(string a, string b) =>
        IPAddress.TryParse(a, out var x) && IPAddress.TryParse(b, out var y) ? x.Equals(y) : string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return true;

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast || IsLocalNat64(address))
                return true;
            // Addresses that carry an IPv4 address reach it (through a translator or a tunnel): the IPv4 address is judged.
            return EmbeddedIPv4(address) is { } embedded && IsPrivate(embedded);
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,      // carrier-grade NAT
            169 => b[1] == 254,                   // link-local, cloud metadata
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            198 => b[1] is 18 or 19,              // benchmarking
            >= 224 => true,                       // multicast, reserved, broadcast
            _ => false,
        };
    }

    /// <summary>64:ff9b:1::/48 (RFC 8215): translators for a network's own use.</summary>
    private static bool IsLocalNat64(IPAddress address) =>
        address.GetAddressBytes() is [0x00, 0x64, 0xff, 0x9b, 0x00, 0x01, ..];

    /// <summary>
    /// The IPv4 address inside NAT64 (64:ff9b::/96), 6to4 (2002::/16), Teredo (2001::/32, the client's address inverted) and
    /// IPv4-compatible (::a.b.c.d) addresses; null for any other IPv6 address.
    /// </summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        var b = address.GetAddressBytes();
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0)
            return new IPAddress(b.AsSpan(12, 4));
        if (b[0] == 0x20 && b[1] == 0x02)
            return new IPAddress(b.AsSpan(2, 4));
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
            return new IPAddress([(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]]);
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0)
            return new IPAddress(b.AsSpan(12, 4));
        return null;
    }
}
