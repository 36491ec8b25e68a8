using System.Collections.Immutable;
using CommandCenter.Grains.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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

    /// <summary>
    /// True once the archive holds the finished ticket. With <see cref="Ticket"/> null the ticket has left the
    /// grain (and the index) after <see cref="TicketOptions.ClosedKeptInIndex"/>, and only the archive keeps it.
    /// </summary>
    [Id(3)]
    public bool Archived { get; set; }
}

/// <summary>
/// A work order: applies <see cref="TicketRules"/>, persists every change before it answers, then
/// brings its deadline and its index entry (which counts it in its area) in line. Those are idempotent
/// and repeated on activation, so a crash between the write and them heals on the next visit.
/// <para>
/// Once closed or cancelled, its deadline (due at once) stores it in the <see cref="ITicketArchive"/>, away from
/// the user's step: a failing store is retried by the deadline sweeper with growing delays. After
/// <see cref="TicketOptions.ClosedKeptInIndex"/> the next deadline takes it out of the index and empties the
/// grain down to the mark that it is archived; from then on its details come from the archive.
/// </para>
/// </summary>
public sealed class TicketGrain(
    [PersistentState("ticket", StorageNames.Grains)] IPersistentState<TicketState> state,
    TicketRules rules,
    ITicketArchive archive,
    IEnumerable<ITicketOutcomeListener> outcomeListeners,
    IOptions<TicketOptions> options,
    CityClock time,
    ILogger<TicketGrain> logger) : Grain, ITicketGrain
{
    /// <summary>
    /// A finished ticket leaves the index this long after the window, so a list that read the clock a moment
    /// earlier, or on a silo whose clock is a little behind, still finds it in the index or in the archive.
    /// </summary>
    public static readonly TimeSpan ClockAllowance = TimeSpan.FromMinutes(1);

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        state.State.Ticket is { } ticket ? PublishAsync(ticket) : Task.CompletedTask;

    public async Task<TicketDetails> ReportAsync(TicketReport report)
    {
        using var step = StepTracing.StartTicketStep("ticket.report", Id);
        if (await GetAsync() is { } existing)
        {
            var status = existing.Ticket.Status;
            throw new TicketValidationException(Id, status, TicketWorkflow.AllowedActions(status), [TextCode.Of(TicketProblems.AlreadyExists, Id)]);
        }

        var change = rules.Report(Id, report, time.GetUtcNow());
        // A fresh state, also over the mark of an archived ticket the archive has lost (restored from an older backup).
        state.State = new TicketState { Contact = report.Contact };
        await CommitAsync(change);
        return Details();
    }

    public async Task<TicketDetails?> GetAsync() =>
        state.State.Ticket is not null ? Details()
        : state.State.Archived ? await archive.FindAsync(Id)
        : null;

    public async Task<TicketDetails> ActAsync(TicketAction action, TicketCommand command)
    {
        using var step = StepTracing.StartTicketStep("ticket.act", Id);
        step?.SetTag("commandcenter.ticket.action", action.ToString());
        // An archived ticket is finished, so the rules refuse every step on it.
        var ticket = state.State.Ticket ?? (await GetAsync())?.Ticket ?? throw new TicketNotFoundException(Id);
        await CommitAsync(rules.Act(ticket, action, command, time.GetUtcNow()));
        return Details();
    }

    /// <summary>
    /// An evaluation of an archived closure is stored in the archive too; one that reopens the case takes it out of the archive,
    /// and its next closure archives it again (and tells the listeners, a 12345 hotline among them, once more).
    /// </summary>
    public async Task<TicketDetails> EvaluateAsync(TicketEvaluationCommand command)
    {
        using var step = StepTracing.StartTicketStep("ticket.evaluate", Id);
        if (state.State.Ticket is not { } ticket)
        {
            var archived = (await GetAsync())?.Ticket ?? throw new TicketNotFoundException(Id);
            throw new TicketValidationException(Id, archived.Status, [], [TextCode.Of(TicketProblems.EvaluationArchived, Id)]);
        }

        var change = rules.Evaluate(ticket, command, time.GetUtcNow());
        var wasArchived = state.State.Archived;
        state.State.Archived = wasArchived && !change.Ticket.IsOpen();
        await CommitAsync(change);
        if (wasArchived)
        {
            try
            {
                await (change.Ticket.IsOpen() ? archive.RemoveAsync(Id) : archive.SaveAsync(Details()));
            }
            catch (Exception ex)
            {
                // The grain holds the evaluation; the archive's copy is replaced when the case is next archived.
                logger.LogWarning(ex, "Ticket {TicketId}: the archive could not take its evaluation", Id);
            }
        }

        foreach (var listener in outcomeListeners)
        {
            try
            {
                await listener.EvaluatedAsync(Details());
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Ticket {TicketId}: {Listener} could not take its evaluation", Id, listener.GetType().Name);
            }
        }

        return Details();
    }

    public async Task<TicketDetails> CoHandleAsync(TicketCoCommand command)
    {
        using var step = StepTracing.StartTicketStep("ticket.co-handle", Id);
        // An archived ticket is finished, which no co-handling step fits.
        var ticket = state.State.Ticket ?? (await GetAsync())?.Ticket ?? throw new TicketNotFoundException(Id);
        await CommitAsync(rules.CoHandle(ticket, command, time.GetUtcNow()));
        return Details();
    }

    public async Task<TicketDetails> AttachPhotosAsync(TicketPhotoStep step, string actor, ImmutableArray<string> photoIds, TicketArea? unit)
    {
        using var span = StepTracing.StartTicketStep("ticket.photos", Id);
        // An archived ticket is finished, which no photo step fits.
        var ticket = state.State.Ticket ?? (await GetAsync())?.Ticket ?? throw new TicketNotFoundException(Id);
        await CommitAsync(new TicketChange(TicketPhotoRules.Attach(ticket, step, actor, photoIds, time.GetUtcNow(), unit), []));
        return Details();
    }

    public async Task OnDeadlineAsync()
    {
        using var step = StepTracing.StartTicketStep("ticket.deadline", Id);
        if (state.State.Ticket is not { } ticket)
        {
            await Deadlines.CancelAsync(GrainFactory, this.GetGrainId());
            return;
        }

        if (ticket.FinishedAt() is { } finishedAt)
        {
            await ArchiveAsync(ticket, finishedAt);
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

    /// <summary>
    /// Stores the finished ticket in the archive (a failure throws, and the sweeper calls again later), tells the
    /// index, and once the window has passed takes it out of the index and out of this grain, in that order, so a
    /// crash in between leaves the deadline to finish the job.
    /// </summary>
    private async Task ArchiveAsync(TicketSummary ticket, DateTimeOffset finishedAt)
    {
        if (!state.State.Archived)
        {
            // Before the archive's mark, so a listener that failed is called again with the archiving's retry.
            foreach (var listener in outcomeListeners)
            {
                await listener.FinishedAsync(Details());
            }

            await archive.SaveAsync(Details());
            state.State.Archived = true;
            await state.WriteOrStartOverAsync(this);
        }

        var shard = TicketIndex.ShardOf(GrainFactory, this.GetGrainId());
        if (time.GetUtcNow() < LeavesIndexAt(finishedAt))
        {
            await shard.ArchivedAsync(Id);
            await ScheduleNextAsync(ticket);
            return;
        }

        await shard.EvictAsync(Id);
        state.State = new TicketState { Archived = true };
        await state.WriteOrStartOverAsync(this);
        await Deadlines.CancelAsync(GrainFactory, this.GetGrainId());
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

    private Task ScheduleNextAsync(TicketSummary ticket) => NextDeadline(ticket) is { } dueAt
        ? Deadlines.ScheduleAsync(GrainFactory, this.GetGrainId(), dueAt)
        : Deadlines.CancelAsync(GrainFactory, this.GetGrainId());

    /// <summary>Supervision while open; once finished, archiving at once, then leaving the index after the window.</summary>
    private DateTimeOffset? NextDeadline(TicketSummary ticket) => ticket.FinishedAt() is { } finishedAt
        ? state.State.Archived ? LeavesIndexAt(finishedAt) : finishedAt
        : TicketRules.NextDeadline(ticket);

    private DateTimeOffset LeavesIndexAt(DateTimeOffset finishedAt) => finishedAt + options.Value.ClosedKeptInIndex + ClockAllowance;

    private TicketDetails Details()
    {
        var ticket = state.State.Ticket!;
        return new TicketDetails(ticket, [.. state.State.Audit], TicketWorkflow.AllowedActions(ticket.Status));
    }
}
