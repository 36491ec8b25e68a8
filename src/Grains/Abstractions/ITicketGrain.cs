namespace CommandCenter.Grains.Abstractions;

/// <summary>
/// One work order, keyed by its id (<c>WO-20261125-000123</c>). Every change is validated: an action
/// not allowed in the current status throws <see cref="TicketTransitionException"/>, a bad request
/// <see cref="TicketValidationException"/>, an unknown id <see cref="TicketNotFoundException"/>;
/// none of them changes anything. Time limits run on the working calendar from dispatch and are
/// supervised through the deadline index, so they fire after a restart too.
/// </summary>
public interface ITicketGrain : IDeadlineTarget, IGrainWithStringKey
{
    /// <summary>Creates the ticket; use <see cref="ITicketDeskGrain.ReportAsync"/> to get a fresh id.</summary>
    Task<TicketDetails> ReportAsync(TicketReport report);

    /// <summary>The ticket with its audit trail (from the <see cref="ITicketArchive"/> once it has left the index), or null when no ticket has this id.</summary>
    Task<TicketDetails?> GetAsync();

    /// <summary>Performs one workflow step; dispatch needs <see cref="TicketCommand.Target"/>, cancel and send-back a comment.</summary>
    Task<TicketDetails> ActAsync(TicketAction action, TicketCommand command);

    /// <summary>
    /// Records photos kept in the photo store (by id) as taken at <paramref name="step"/> by <paramref name="actor"/>;
    /// refused (<see cref="TicketValidationException"/>) when the step does not fit the ticket's status or would
    /// have more than <see cref="Tickets.TicketPhotoRules.MaxPerStep"/> photos.
    /// </summary>
    /// <summary>
    /// Records an evaluation (回访) of the closed ticket, one per closure; an unsatisfied one with
    /// <see cref="TicketEvaluationCommand.Rework"/> within <see cref="Tickets.TicketOptions.ReworkWindow"/> of the closure
    /// reopens it as rework, dispatched again to the same unit with a fresh disposal limit.
    /// </summary>
    Task<TicketDetails> EvaluateAsync(TicketEvaluationCommand command);

    /// <summary>A step of co-handling (协办) or of the whistle (吹哨, 报到); it never changes the lead unit's status.</summary>
    Task<TicketDetails> CoHandleAsync(TicketCoCommand command);

    Task<TicketDetails> AttachPhotosAsync(TicketPhotoStep step, string actor, System.Collections.Immutable.ImmutableArray<string> photoIds, TicketArea? unit);
}
