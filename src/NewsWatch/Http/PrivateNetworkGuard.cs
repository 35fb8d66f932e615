using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace NewsWatch.Http;

/// <summary>Raised when a request would reach a loopback, private or link-local address.</summary>
internal sealed class PrivateNetworkRefusedException(string message) : Exception(message);

/// <summary>
/// Connects sockets for the HTTP handler, refusing private destinations. Checking at connect time
/// (after DNS) covers every redirect hop and every host name that resolves to an internal address.
/// </summary>
internal sealed class PrivateNetworkGuard(IOptions<HttpOptions> options)
{
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, cancellationToken);

        var http = options.Value;
        if (!http.AllowPrivateNetworks && !http.AllowedPrivateHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            var refused = addresses.Where(IsPrivate).ToArray();
            addresses = addresses.Except(refused).ToArray();
            if (addresses.Length == 0 && refused.Length > 0)
                throw new PrivateNetworkRefusedException(
                    $"refused to connect to {host}: it resolves to the private address {refused[0]} (set {HttpOptions.Section}:AllowPrivateNetworks to allow)");
        }

        if (addresses.Length == 0)
            throw new SocketException((int)SocketError.HostNotFound);

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            return true;

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
            return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;

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
}
