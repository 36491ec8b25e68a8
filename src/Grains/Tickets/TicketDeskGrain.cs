using CommandCenter.Grains.Abstractions;
using Orleans.Concurrency;

namespace CommandCenter.Grains.Tickets;

/// <summary>Validates, numbers and creates; stateless, so every silo takes reports in parallel.</summary>
[StatelessWorker]
public sealed class TicketDeskGrain(TicketRules rules) : Grain, ITicketDeskGrain
{
    public async Task<string> ReportAsync(TicketReport report)
    {
        var id = await NumberAsync(report);
        await GrainFactory.GetGrain<ITicketGrain>(id).ReportAsync(report);
        return id;
    }

    public Task<string> NumberAsync(TicketReport report)
    {
        // Checked before numbering so a bad report leaves no gap in the day's sequence.
        var errors = rules.ValidateReport(report);
        if (!errors.IsEmpty)
        {
            throw new TicketValidationException("", null, [], errors);
        }

        return GrainFactory.GetGrain<ITicketNumberGrain>(GrainKeys.TicketNumbers).NextIdAsync();
    }
}
