using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Grains.Tickets;

/// <summary>A ticket's durable state: its summary, its audit trail and the reporter's contact.</summary>
[GenerateSerializer]
public sealed class TicketState
{
    /// <summary>Null until reported.</summary>
    [Id(0)]
    public TicketSummary? Ticket { get; set; }

    [Id(1)]
    public List<TicketAuditEntry> Audit { get; set; } = [];

    /// <summary>The reporter's phone or e-mail, kept out of every list.</summary>
    [Id(2)]
    public string? Contact { get; set; }
}

/// <summary>
/// A work order: applies <see cref="TicketRules"/>, persists every change before it answers, then
/// brings its deadline and its index entry (which counts it in its area) in line. Those are idempotent
/// and repeated on activation, so a crash between the write and them heals on the next visit.
/// </summary>
public sealed class TicketGrain(
    [PersistentState("ticket", StorageNames.Grains)] IPersistentState<TicketState> state,
    TicketRules rules,
    CityClock time) : Grain, ITicketGrain
{
    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        state.State.Ticket is { } ticket ? PublishAsync(ticket) : Task.CompletedTask;

    public async Task<TicketDetails> ReportAsync(TicketReport report)
    {
        if (state.State.Ticket is { } existing)
        {
            throw new TicketValidationException(Id, existing.Status, TicketWorkflow.AllowedActions(existing.Status), [TextCode.Of(TicketProblems.AlreadyExists, Id)]);
        }

        var change = rules.Report(Id, report, time.GetUtcNow());
        state.State.Contact = report.Contact;
        await CommitAsync(change);
        return Details();
    }

    public Task<TicketDetails?> GetAsync() => Task.FromResult(state.State.Ticket is null ? null : Details());

    public async Task<TicketDetails> ActAsync(TicketAction action, TicketCommand command)
    {
        var ticket = state.State.Ticket ?? throw new TicketNotFoundException(Id);
        await CommitAsync(rules.Act(ticket, action, command, time.GetUtcNow()));
        return Details();
    }

    public async Task OnDeadlineAsync()
    {
        if (state.State.Ticket is not { } ticket)
        {
            await Deadlines.CancelAsync(GrainFactory, this.GetGrainId());
            return;
        }

        var change = rules.Supervise(ticket, time.GetUtcNow());
        if (change.Entries.IsEmpty)
        {
            // Called early (another silo's clock, a retry): just make sure the right deadline is registered.
            await ScheduleNextAsync(ticket);
            return;
        }

        await CommitAsync(change);
    }

    private async Task CommitAsync(TicketChange change)
    {
        state.State.Ticket = change.Ticket;
        state.State.Audit.AddRange(change.Entries);
        await state.WriteOrStartOverAsync(this);

        await PublishAsync(change.Ticket);
    }

    /// <summary>The index shard also counts the ticket in its area's rollup.</summary>
    private async Task PublishAsync(TicketSummary ticket)
    {
        await ScheduleNextAsync(ticket);
        await TicketIndex.ShardOf(GrainFactory, this.GetGrainId()).UpsertAsync(ticket);
    }

    private Task ScheduleNextAsync(TicketSummary ticket) => TicketRules.NextDeadline(ticket) is { } dueAt
        ? Deadlines.ScheduleAsync(GrainFactory, this.GetGrainId(), dueAt)
        : Deadlines.CancelAsync(GrainFactory, this.GetGrainId());

    private TicketDetails Details()
    {
        var ticket = state.State.Ticket!;
        return new TicketDetails(ticket, [.. state.State.Audit], TicketWorkflow.AllowedActions(ticket.Status));
    }
}
