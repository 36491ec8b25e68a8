using System.Net;
using System.Net.Sockets;

namespace CommandCenter.Stack;

/// <summary>Ephemeral loopback ports for servers that cannot report the port they bound.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
