using System.Runtime.InteropServices;

namespace CommandCenter.Stack.Run;

/// <summary>
/// Ctrl-C, SIGTERM and SIGHUP turned into a cancellation and the exit code a shell script would end with
/// (130, 143, 129). Later signals are ignored, so a second Ctrl-C cannot orphan half-stopped children:
/// the stop timeouts bound the wait instead.
/// </summary>
public sealed class Signals : IDisposable
{
    private readonly CancellationTokenSource _received = new();
    private readonly PosixSignalRegistration[] _registrations;

    public Signals(TextWriter output)
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, context => Receive(context, 130, () => output.WriteLine())),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => Receive(context, 143, null)),
            PosixSignalRegistration.Create(PosixSignal.SIGHUP, context => Receive(context, 129, null)),
        ];
    }

    public CancellationToken Token => _received.Token;

    /// <summary>The exit code of the first signal, once one came.</summary>
    public int? ExitCode { get; private set; }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _received.Dispose();
    }

    private void Receive(PosixSignalContext context, int exitCode, Action? say)
    {
        context.Cancel = true;
        lock (_received)
        {
            if (ExitCode is not null)
            {
                return;
            }

            ExitCode = exitCode;
        }

        say?.Invoke();
        _received.Cancel();
    }
}
