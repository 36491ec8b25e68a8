using CommandCenter.Protocol;
using CommandCenter.Simulators.Live;

namespace CommandCenter.Simulators.Responders;

/// <summary>
/// Every maintenance firm of the city that has a demo console user, responding to its alarms
/// (<c>run --responders URL</c>), so the demo wall shows countdowns, late arrivals, re-dispatches and
/// closures instead of alarms that stay open for ever.
/// </summary>
public sealed class FirmResponders : IAsyncDisposable
{
    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(5);

    private readonly List<FirmResponder> _desks;

    private FirmResponders(List<FirmResponder> desks) => _desks = desks;

    public IReadOnlyList<FirmResponder> Desks => _desks;

    /// <summary>
    /// Starts a desk per firm; waits (retrying every few seconds) while the command center is not up yet.
    /// Firms without a demo user in <paramref name="usersFile"/> are named and skipped.
    /// </summary>
    public static async Task<FirmResponders> StartAsync(
        Uri baseUrl, string usersFile, IEnumerable<MaintenanceFirm> firms, int seed, double lateShare, ResponseTimings timings,
        TimeProvider time, TextWriter output, CancellationToken cancellationToken)
    {
        var desks = new List<FirmResponder>();
        try
        {
            foreach (var firm in firms)
            {
                if (await StartDeskAsync(firm) is { } desk)
                {
                    desks.Add(desk);
                }
            }
        }
        catch
        {
            await new FirmResponders(desks).DisposeAsync();
            throw;
        }

        output.WriteLine($"Responding to alarms as {desks.Count} firms at {baseUrl} ({lateShare:P0} of arrivals late)");
        return new FirmResponders(desks);

        async Task<FirmResponder?> StartDeskAsync(MaintenanceFirm firm)
        {
            (string, string) user;
            try
            {
                user = ConsoleLogin.DemoFirmUser(usersFile, firm.Id);
            }
            catch (InvalidDataException ex)
            {
                output.WriteLine($"responder {firm.Id}: {ex.Message}; its alarms wait for a person");
                return null;
            }

            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await FirmResponder.StartAsync(
                        firm.Id,
                        baseUrl,
                        user,
                        alarm => ResponsePlan.For(seed, alarm.Id, firm.Id, lateShare, alarm.ArrivalDueAt - time.GetUtcNow(), timings),
                        time,
                        output,
                        cancellationToken);
                }
                catch (HttpRequestException ex)
                {
                    if (attempt == 1)
                    {
                        output.WriteLine($"responder {firm.Id}: {baseUrl} does not answer yet ({ex.Message}); retrying every {RetryEvery.TotalSeconds:0} s");
                    }

                    await Task.Delay(RetryEvery, time, cancellationToken);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var desk in _desks)
        {
            await desk.DisposeAsync();
        }
    }
}
