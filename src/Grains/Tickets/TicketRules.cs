using System.Collections.Immutable;
using System.Globalization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Grains.City;
using CommandCenter.Protocol;

namespace CommandCenter.Grains.Tickets;

/// <summary>A ticket after a change, and the audit entries the change adds.</summary>
public sealed record TicketChange(TicketSummary Ticket, ImmutableArray<TicketAuditEntry> Entries);

/// <summary>
/// The work-order rules as a plain class: validation, transitions, due times on the working
/// calendar, and overdue supervision. It never reads the clock; callers pass <c>now</c>.
/// <para>
/// Supervision, from dispatch while disposal is pending: a yellow card at the deadline (the
/// category limit after dispatch), a red card when overdue by half the limit more, urgent when
/// overdue by the whole limit more (1wd: yellow after 1wd, red after 1.5wd, urgent after 2wd).
/// Each level makes the next area up the ticket's path responsible (grid → community → street →
/// district → city; a department → city); the target stays on the ticket. Levels never go down,
/// and rework after a send-back keeps the original deadline.
/// </para>
/// </summary>
public sealed class TicketRules(TicketCatalog catalog, CityDirectory city)
{
    /// <summary>The actor of supervision entries.</summary>
    public const string SystemActor = "system";

    public const string ReportAction = "Report";

    /// <summary>The audit action of an evaluation (回访), and of the reopening an unsatisfied one asked for.</summary>
    public const string EvaluateAction = "Evaluate";
    public const string ReopenAction = "Reopen";

    private const int MaxNameLength = 100;
    private const int MaxTextLength = 4000;
    private const int MaxIdShown = 64;

    /// <summary>Everything wrong with a report, empty when it can be accepted.</summary>
    public ImmutableArray<TextCode> ValidateReport(TicketReport report)
    {
        var errors = ImmutableArray.CreateBuilder<TextCode>();
        if (!Enum.IsDefined(report.Source))
        {
            errors.Add(TextCode.Of(TicketProblems.Source, string.Join(", ", Enum.GetNames<TicketSource>())));
        }

        if (catalog.Find(report.Category) is null)
        {
            errors.Add(TextCode.Of(TicketProblems.UnknownCategory, report.Category, string.Join(", ", catalog.Categories.Select(c => c.Code))));
        }

        RequireText(report.Description, "description", MaxTextLength, errors);
        RequireText(report.Reporter, "reporter", MaxNameLength, errors);
        LimitText(report.Contact, "contact", MaxNameLength, errors);
        ValidateLocation(report.Location, errors);
        return errors.ToImmutable();
    }

    /// <summary>A new ticket in status reported; filing is due within the category's filing limit.</summary>
    public TicketChange Report(string id, TicketReport report, DateTimeOffset now)
    {
        var errors = ValidateReport(report);
        if (!errors.IsEmpty)
        {
            throw new TicketValidationException(id, null, [], errors);
        }

        var category = catalog.Find(report.Category)!;
        var path = report.Location.GridId is { } grid ? PathOf(new TicketArea(TicketAreaLevel.Grid, grid))! : [TicketArea.City];
        var ticket = new TicketSummary
        {
            Id = id,
            Version = 1,
            Source = report.Source,
            Category = category.Code,
            Description = report.Description.Trim(),
            Location = report.Location,
            Reporter = report.Reporter.Trim(),
            Status = TicketStatus.Reported,
            ReportedAt = now,
            UpdatedAt = now,
            FilingDueAt = catalog.Calendar.AddWorkingTime(now, category.FilingLimit),
            AreaPath = [.. path],
            PlacePath = [.. path],
        };
        return new TicketChange(ticket, [new TicketAuditEntry(now, ticket.Reporter, ReportAction, null, TicketStatus.Reported, ticket.Description)]);
    }

    /// <summary>
    /// One workflow step. Supervision catches up first (feedback after the deadline still earns its
    /// yellow card) and again after a send-back, which puts the ticket back on the clock.
    /// </summary>
    public TicketChange Act(TicketSummary ticket, TicketAction action, TicketCommand command, DateTimeOffset now)
    {
        if (!TicketWorkflow.TryMove(ticket.Status, action, out var to))
        {
            throw new TicketTransitionException(ticket.Id, ticket.Status, action, TicketWorkflow.AllowedActions(ticket.Status));
        }

        var errors = ValidateCommand(action, command, out var dispatchPath);
        var category = catalog.Find(ticket.Category);
        if (action == TicketAction.Dispatch && category is null)
        {
            errors = errors.Add(TextCode.Of(TicketProblems.CategoryGone, ticket.Category));
        }

        if (!errors.IsEmpty)
        {
            throw new TicketValidationException(ticket.Id, ticket.Status, TicketWorkflow.AllowedActions(ticket.Status), errors);
        }

        var before = Supervise(ticket, now);
        var moved = Move(before.Ticket, action, command, category, dispatchPath, now) with
        {
            Status = to,
            Version = before.Ticket.Version + 1,
            UpdatedAt = now,
            StatusNotes = command.Comment?.Trim(),
        };
        // A return names the unit that sent it back; a dispatch, where it went.
        var entry = new TicketAuditEntry(
            now, command.Actor.Trim(), action.ToString(), ticket.Status, to, command.Comment?.Trim(),
            action == TicketAction.Return ? ticket.Target?.Key : command.Target?.Key);
        var after = Supervise(moved, now);
        return new TicketChange(after.Ticket, [.. before.Entries, entry, .. after.Entries]);
    }

    /// <summary>
    /// An evaluation (回访) of a closed ticket, one per closure. An unsatisfied one asking for rework within
    /// <see cref="TicketCatalog.ReworkWindow"/> of the closure reopens it: dispatched again to the same unit, one rework more,
    /// with a fresh disposal limit from now (the first round's deadline has long passed, and its supervision level stays).
    /// </summary>
    public TicketChange Evaluate(TicketSummary ticket, TicketEvaluationCommand command, DateTimeOffset now)
    {
        var errors = ImmutableArray.CreateBuilder<TextCode>();
        RequireText(command.Actor, "actor", MaxNameLength, errors);
        LimitText(command.Comment, "comment", TextLimits.MaxCommentLength, errors);
        if (!Enum.IsDefined(command.Satisfaction) || !Enum.IsDefined(command.Channel))
        {
            errors.Add(TextCode.Of(TicketProblems.UnknownSatisfaction, KebabCase.Names<TicketSatisfaction>()));
        }

        if (ticket.Status != TicketStatus.Closed || ticket.ClosedAt is not { } closedAt)
        {
            errors.Add(TextCode.Of(TicketProblems.EvaluateOnlyClosed, KebabCase.Of(ticket.Status)));
        }
        else
        {
            if (ticket.Evaluations.LastOrDefault() is { } last && last.At >= closedAt)
            {
                errors.Add(TextCode.Of(TicketProblems.AlreadyEvaluated, CityTime(last.At)));
            }

            if (command.Rework && command.Satisfaction != TicketSatisfaction.Unsatisfied)
            {
                errors.Add(TextCode.Of(TicketProblems.ReworkOnlyUnsatisfied));
            }
            else if (command.Rework && now > closedAt + catalog.ReworkWindow)
            {
                errors.Add(TextCode.Of(
                    TicketProblems.ReworkWindowPassed, CityTime(closedAt), catalog.ReworkWindow.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)));
            }
        }

        if (errors.Count > 0)
        {
            throw new TicketValidationException(ticket.Id, ticket.Status, TicketWorkflow.AllowedActions(ticket.Status), errors.ToImmutable());
        }

        var actor = command.Actor.Trim();
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        var evaluated = ticket with
        {
            Version = ticket.Version + 1,
            UpdatedAt = now,
            Evaluations = [.. ticket.Evaluations, new TicketEvaluation(command.Satisfaction, comment, command.Channel, actor, now, command.Rework)],
        };
        var entry = new TicketAuditEntry(
            now, actor, EvaluateAction, TicketStatus.Closed, TicketStatus.Closed, comment, null,
            TextCode.Of(TicketNotices.Evaluated, KebabCase.Of(command.Satisfaction), KebabCase.Of(command.Channel)));
        if (!command.Rework)
        {
            return new TicketChange(evaluated, [entry]);
        }

        // The category's limit now, or the one it was dispatched with when the category is no longer configured.
        var limit = catalog.Find(ticket.Category)?.TimeLimit ?? (TimeLimit.TryParse(ticket.TimeLimit, out var kept) ? kept : catalog.ClosureLimit);
        var reopened = OnTheClock(evaluated, limit, now) with
        {
            Status = TicketStatus.Dispatched,
            ReworkCount = ticket.ReworkCount + 1,
            ClosedAt = null,
            FeedbackAt = null,
            Responsible = ticket.Target,
            AreaPath = ticket.AreaPath,
            StatusNotes = comment,
        };
        var reopen = new TicketAuditEntry(
            now, actor, ReopenAction, TicketStatus.Closed, TicketStatus.Dispatched, comment, ticket.Target?.Key,
            TextCode.Of(TicketNotices.Reopened, ticket.Target?.Key ?? "", CityTime(reopened.DeadlineAt!.Value)));
        return new TicketChange(reopened, [entry, reopen]);
    }

    /// <summary>
    /// Co-handling (协办) and the whistle (吹哨, 报到): assisting units are added to a dispatched case that is not yet fed back and
    /// then accept and feed back their part; a street summons departments to an open case, and each reports in once. None of it
    /// moves the lead unit's status, which alone decides when the case closes. One trail entry per unit, naming it.
    /// </summary>
    public TicketChange CoHandle(TicketSummary ticket, TicketCoCommand command, DateTimeOffset now)
    {
        var errors = ImmutableArray.CreateBuilder<TextCode>();
        RequireText(command.Actor, "actor", MaxNameLength, errors);
        LimitText(command.Comment, "comment", TextLimits.MaxCommentLength, errors);
        var step = KebabCase.Of(command.Step);
        var units = command.Units.IsDefault ? [] : command.Units.Distinct().ToImmutableArray();
        var fits = command.Step switch
        {
            TicketCoStep.Assist => ticket.Status is TicketStatus.Dispatched or TicketStatus.InProgress,
            TicketCoStep.Whistle => ticket.Status is TicketStatus.Filed or TicketStatus.Dispatched or TicketStatus.InProgress,
            _ => ticket.IsOpen(),
        };
        if (!fits)
        {
            errors.Add(TextCode.Of(TicketProblems.CoStepNotNow, step, KebabCase.Of(ticket.Status)));
        }

        if (units.IsEmpty || (command.Step is not (TicketCoStep.Assist or TicketCoStep.Whistle) && units.Length != 1))
        {
            errors.Add(TextCode.Of(TicketProblems.NeedsUnits, step));
        }

        if (command.Step is TicketCoStep.Whistle or TicketCoStep.AssistFeedback && string.IsNullOrWhiteSpace(command.Comment))
        {
            errors.Add(TextCode.Of(TicketProblems.NeedsComment, step));
        }

        foreach (var unit in units)
        {
            var problem = command.Step switch
            {
                TicketCoStep.Whistle when unit.Level != TicketAreaLevel.Department => TextCode.Of(TicketProblems.OnlyDepartments, unit.Key),
                TicketCoStep.Assist or TicketCoStep.Whistle when PathOf(unit) is null || unit.Level == TicketAreaLevel.City => TextCode.Of(TicketProblems.TargetNotInCity, unit.Key),
                TicketCoStep.Assist when ticket.Target == unit || ticket.Assists.Any(a => a.Unit == unit) => TextCode.Of(TicketProblems.AlreadyInvolved, unit.Key),
                TicketCoStep.Whistle when ticket.Summons.Any(s => s.Department == unit && s.ReportedInAt is null) => TextCode.Of(TicketProblems.AlreadyInvolved, unit.Key),
                TicketCoStep.AssistAccept when !ticket.Assists.Any(a => a.Unit == unit && a.Status == TicketAssistStatus.Assigned) => TextCode.Of(TicketProblems.NotInvolved, unit.Key),
                TicketCoStep.AssistFeedback when !ticket.Assists.Any(a => a.Unit == unit && a.Status == TicketAssistStatus.Accepted) => TextCode.Of(TicketProblems.NotInvolved, unit.Key),
                TicketCoStep.ReportIn when !ticket.Summons.Any(s => s.Department == unit && s.ReportedInAt is null) => TextCode.Of(TicketProblems.NotInvolved, unit.Key),
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add(problem);
            }
        }

        if (errors.Count > 0)
        {
            throw new TicketValidationException(ticket.Id, ticket.Status, TicketWorkflow.AllowedActions(ticket.Status), errors.ToImmutable());
        }

        var actor = command.Actor.Trim();
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        var changed = command.Step switch
        {
            TicketCoStep.Assist => ticket with { Assists = [.. ticket.Assists, .. units.Select(unit => new TicketAssist(unit, TicketAssistStatus.Assigned, actor, now))] },
            TicketCoStep.AssistAccept => ticket with
            {
                Assists = [.. ticket.Assists.Select(a => a.Unit == units[0] ? a with { Status = TicketAssistStatus.Accepted, AcceptedAt = now, Actor = actor } : a)],
            },
            TicketCoStep.AssistFeedback => ticket with
            {
                Assists = [.. ticket.Assists.Select(a => a.Unit == units[0] ? a with { Status = TicketAssistStatus.FedBack, FedBackAt = now, Feedback = comment, Actor = actor } : a)],
            },
            TicketCoStep.Whistle => ticket with { Summons = [.. ticket.Summons, .. units.Select(unit => new TicketSummons(unit, actor, now, comment!))] },
            _ => ticket with
            {
                Summons = [.. ticket.Summons.Select(s => s.Department == units[0] && s.ReportedInAt is null ? s with { ReportedInBy = actor, ReportedInAt = now, Comment = comment } : s)],
            },
        };
        var entries = units.Select(unit => new TicketAuditEntry(now, actor, command.Step.ToString(), ticket.Status, ticket.Status, comment, unit.Key));
        return new TicketChange(changed with { Version = ticket.Version + 1, UpdatedAt = now }, [.. entries]);
    }

    /// <summary>Raises the supervision level to what is due by <paramref name="now"/>, one audit entry per level reached.</summary>
    public TicketChange Supervise(TicketSummary ticket, DateTimeOffset now)
    {
        var due = LevelAt(ticket, now);
        if (due <= ticket.Level)
        {
            return new TicketChange(ticket, []);
        }

        var entries = Enumerable.Range((int)ticket.Level + 1, due - ticket.Level)
            .Select(level => new TicketAuditEntry(
                now,
                SystemActor,
                SupervisionAction((SupervisionLevel)level),
                ticket.Status,
                ticket.Status,
                null,
                ResponsibleAt(ticket, (SupervisionLevel)level).Key,
                TextCode.Of(
                    TicketNotices.Escalated,
                    CityTime(ticket.DeadlineAt!.Value),
                    ResponsibleAt(ticket, (SupervisionLevel)level).Key)));
        var raised = ticket with
        {
            Level = due,
            Responsible = ResponsibleAt(ticket, due),
            Version = ticket.Version + 1,
            UpdatedAt = now,
        };
        return new TicketChange(raised, [.. entries]);
    }

    /// <summary>The supervision level due at <paramref name="now"/>; never below the level already reached.</summary>
    public static SupervisionLevel LevelAt(TicketSummary ticket, DateTimeOffset now)
    {
        if (!ticket.IsPendingDisposal())
        {
            return ticket.Level;
        }

        var due = now >= ticket.UrgentAt ? SupervisionLevel.Urgent
            : now >= ticket.RedCardAt ? SupervisionLevel.Red
            : now >= ticket.DeadlineAt ? SupervisionLevel.Yellow
            : SupervisionLevel.Normal;
        return due > ticket.Level ? due : ticket.Level;
    }

    /// <summary>When the next supervision level falls due, or null when nothing more can happen.</summary>
    public static DateTimeOffset? NextDeadline(TicketSummary ticket) => !ticket.IsPendingDisposal() ? null : ticket.Level switch
    {
        SupervisionLevel.Normal => ticket.DeadlineAt,
        SupervisionLevel.Yellow => ticket.RedCardAt,
        SupervisionLevel.Red => ticket.UrgentAt,
        _ => null,
    };

    /// <summary><c>YellowCard</c>, <c>RedCard</c> or <c>Urgent</c>: the audit action of reaching a level.</summary>
    public static string SupervisionAction(SupervisionLevel level) => level switch
    {
        SupervisionLevel.Yellow => "YellowCard",
        SupervisionLevel.Red => "RedCard",
        _ => level.ToString(),
    };

    private TicketSummary Move(
        TicketSummary ticket, TicketAction action, TicketCommand command, TicketCategory? category, IReadOnlyList<TicketArea>? dispatchPath, DateTimeOffset now)
    {
        var calendar = catalog.Calendar;
        switch (action)
        {
            case TicketAction.File:
                return ticket with { DecidedAt = now, DispatchDueAt = calendar.AddWorkingTime(now, catalog.DispatchLimit) };
            case TicketAction.Cancel:
                return ticket with { DecidedAt = now };
            case TicketAction.Dispatch:
                return OnTheClock(ticket, category!.TimeLimit, now) with
                {
                    DispatchedAt = now,
                    Target = command.Target,
                    Assignee = command.Assignee?.Trim(),
                    AreaPath = [.. dispatchPath!],
                    Responsible = command.Target,
                };
            case TicketAction.Return:
                // Back to where the case is, off the clock, waiting for a new dispatch within the dispatch limit.
                return ticket with
                {
                    Returns = [.. ticket.Returns, new TicketReturn(ticket.Target ?? TicketArea.City, command.Actor.Trim(), now, command.Comment!.Trim())],
                    Target = null,
                    Assignee = null,
                    Responsible = null,
                    AreaPath = ticket.PlacePath.IsDefaultOrEmpty ? [TicketArea.City] : ticket.PlacePath,
                    DispatchedAt = null,
                    DispatchDueAt = calendar.AddWorkingTime(now, catalog.DispatchLimit),
                    TimeLimit = null,
                    DeadlineAt = null,
                    RedCardAt = null,
                    UrgentAt = null,
                    ClosureDueAt = null,
                };
            case TicketAction.Feedback:
                return ticket with { FeedbackAt = now };
            case TicketAction.Close:
                return ticket with { ClosedAt = now };
            case TicketAction.SendBack:
                return ticket with { ReworkCount = ticket.ReworkCount + 1, FeedbackAt = null };
            default:
                return ticket;
        }
    }

    /// <summary>The disposal clock from <paramref name="now"/>: deadline (yellow card), red card, urgent and closure due times.</summary>
    private TicketSummary OnTheClock(TicketSummary ticket, TimeLimit limit, DateTimeOffset now)
    {
        var calendar = catalog.Calendar;
        var deadline = calendar.AddWorkingTime(now, limit);
        return ticket with
        {
            TimeLimit = limit.ToString(),
            DeadlineAt = deadline,
            RedCardAt = calendar.AddWorkingTime(deadline, limit.Half(calendar.WorkingDayLength)),
            UrgentAt = calendar.AddWorkingTime(deadline, limit),
            ClosureDueAt = calendar.AddWorkingTime(deadline, catalog.ClosureLimit),
        };
    }

    private string CityTime(DateTimeOffset at) =>
        TimeZoneInfo.ConvertTime(at, catalog.Calendar.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private ImmutableArray<TextCode> ValidateCommand(TicketAction action, TicketCommand command, out IReadOnlyList<TicketArea>? dispatchPath)
    {
        dispatchPath = null;
        var errors = ImmutableArray.CreateBuilder<TextCode>();
        RequireText(command.Actor, "actor", MaxNameLength, errors);
        LimitText(command.Comment, "comment", TextLimits.MaxCommentLength, errors);
        if (action is TicketAction.Cancel or TicketAction.SendBack or TicketAction.Return && string.IsNullOrWhiteSpace(command.Comment))
        {
            errors.Add(TextCode.Of(TicketProblems.NeedsComment, KebabCase.Of(action)));
        }

        if (action != TicketAction.Dispatch)
        {
            if (command.Target is not null || command.Assignee is not null)
            {
                errors.Add(TextCode.Of(TicketProblems.TargetOnlyForDispatch));
            }

            return errors.ToImmutable();
        }

        LimitText(command.Assignee, "assignee", MaxNameLength, errors);
        if (command.Target is not { } target || string.IsNullOrWhiteSpace(target.Id) || !Enum.IsDefined(target.Level) || target.Level == TicketAreaLevel.City)
        {
            errors.Add(TextCode.Of(TicketProblems.DispatchNeedsTarget));
        }
        else if ((dispatchPath = PathOf(target)) is null)
        {
            errors.Add(target.Level == TicketAreaLevel.Department
                ? TextCode.Of(TicketProblems.UnknownDepartment, target.Id, city.Departments.Count == 0 ? "—" : string.Join(", ", city.Departments.Select(d => d.Id)))
                : TextCode.Of(TicketProblems.TargetNotInCity, target.Key));
        }

        return errors.ToImmutable();
    }

    private void ValidateLocation(TicketLocation? location, ImmutableArray<TextCode>.Builder errors)
    {
        if (location is null || (string.IsNullOrWhiteSpace(location.GridId) && string.IsNullOrWhiteSpace(location.Address) && location.Latitude is null))
        {
            errors.Add(TextCode.Of(TicketProblems.LocationNeeded));
            return;
        }

        if (location.Latitude is null != location.Longitude is null)
        {
            errors.Add(TextCode.Of(TicketProblems.LatitudeWithLongitude));
        }

        // NaN compares false with every bound, so finiteness is checked on its own.
        if ((location.Latitude is { } lat && !double.IsFinite(lat)) || (location.Longitude is { } lon && !double.IsFinite(lon))
            || location.Latitude is < -90 or > 90 || location.Longitude is < -180 or > 180)
        {
            errors.Add(TextCode.Of(TicketProblems.CoordinatesOutOfRange));
        }

        LimitText(location.Address, "address", MaxTextLength, errors);
        if (location.GridId is { } grid && PathOf(new TicketArea(TicketAreaLevel.Grid, grid)) is null)
        {
            errors.Add(TextCode.Of(TicketProblems.GridNotInCity, grid));
        }

        // The elevator a case names is a link to its ledger: a device id, which may be a registered device the city file lacks.
        if (location.ElevatorId is { } elevator && !MessageSchemas.IsValidDeviceId(elevator))
        {
            errors.Add(TextCode.Of(TicketProblems.InvalidElevatorId, elevator.Length > MaxIdShown ? elevator[..MaxIdShown] : elevator));
        }
    }

    /// <summary>
    /// The area, then its ancestors up to the city; a department goes straight to the city, and so
    /// does every area or department while no city file is loaded (nothing to check them against).
    /// Null for an area or department the loaded city does not have.
    /// </summary>
    private IReadOnlyList<TicketArea>? PathOf(TicketArea area)
    {
        if (city.IsEmpty)
        {
            return [area, TicketArea.City];
        }

        if (area.Level == TicketAreaLevel.Department)
        {
            return city.FindDepartment(area.Id) is null ? null : [area, TicketArea.City];
        }

        if (city.FindArea(area.Key) is null)
        {
            return null;
        }

        var path = new List<TicketArea> { area };
        for (var key = city.ParentOf(area.Key); key is not null && TicketArea.TryParse(key, out var parent); key = city.ParentOf(key))
        {
            path.Add(parent);
        }

        return path;
    }

    private static TicketArea ResponsibleAt(TicketSummary ticket, SupervisionLevel level) =>
        ticket.AreaPath[Math.Min((int)level, ticket.AreaPath.Length - 1)];

    private static void RequireText(string? text, string name, int maxLength, ImmutableArray<TextCode>.Builder errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(TextCode.Of(TicketProblems.Required, name));
        }

        LimitText(text, name, maxLength, errors);
    }

    private static void LimitText(string? text, string name, int maxLength, ImmutableArray<TextCode>.Builder errors)
    {
        if (text?.Length > maxLength)
        {
            errors.Add(TextCode.Of(TicketProblems.TooLong, name, maxLength.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
