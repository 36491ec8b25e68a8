using Microsoft.JSInterop;

namespace CommandCenter.Live;

/// <summary>
/// A screen (a Blazor circuit) that closed while a change was on its way to it: a browser closing its tab or losing its
/// network, routine on walls and consoles, and nothing an operator must act on, so it is logged at debug level only.
/// </summary>
public static class ClosedScreen
{
    /// <summary>The failure is the circuit going away: its JavaScript side gone, its renderer disposed, its work cancelled.</summary>
    public static bool Explains(Exception failure) => failure is JSDisconnectedException or ObjectDisposedException or OperationCanceledException;
}
