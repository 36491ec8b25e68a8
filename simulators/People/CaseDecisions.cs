namespace CommandCenter.Simulators.People;

/// <summary>A step a simulated person takes on a case, each one call of the tickets API.</summary>
public enum CaseMove
{
    File,
    Dispatch,
    Return,
    Accept,
    Feedback,
    Verify,
    Close,
    Evaluate,
}

/// <summary>The next step one person takes on a case, and from when; <paramref name="Target"/> is the unit a dispatch goes to.</summary>
public sealed record CaseStep(CaseMove Move, DateTimeOffset DueAt, CaseUnit? Target = null);

/// <summary>
/// Which unit a case belongs to: the department of its category's group (城管 for city appearance and street order, 市政 for
/// public facilities and landscaping, 交警 for traffic, 住建 for construction), or else the street or community of the place
/// when its staff are simulated; and which other department a wrong dispatch goes to.
/// </summary>
public sealed class CaseRouting
{
    private static readonly Dictionary<string, string> DepartmentOfGroup = new(StringComparer.Ordinal)
    {
        ["city appearance"] = "cg",
        ["advertising"] = "cg",
        ["street order"] = "cg",
        ["public facilities"] = "sz",
        ["landscaping"] = "sz",
        ["traffic"] = "jj",
        ["construction"] = "zj",
    };

    private readonly IReadOnlyDictionary<string, string> _groupOfCategory;
    private readonly IReadOnlyList<string> _departments;
    private readonly IReadOnlySet<string> _unitScopes;

    /// <param name="categories">The city's categories (their group decides the department).</param>
    /// <param name="units">The simulated units: a case is routed only to a unit that someone plays.</param>
    public CaseRouting(IEnumerable<CaseCategory> categories, IEnumerable<CaseUnit> units)
    {
        _groupOfCategory = categories.ToDictionary(category => category.Code, category => category.Group, StringComparer.Ordinal);
        var all = units.ToList();
        _departments = [.. all.Where(unit => unit.Level == CaseUnit.Department).Select(unit => unit.Id).Order(StringComparer.Ordinal)];
        _unitScopes = all.Select(unit => unit.Scope).ToHashSet(StringComparer.Ordinal);
        if (_departments.Count == 0)
        {
            throw new InvalidDataException("no department is simulated, so no case could be dispatched");
        }
    }

    /// <summary>The unit whose job the case is.</summary>
    public CaseUnit RightUnit(CaseView ticket)
    {
        if (_groupOfCategory.GetValueOrDefault(ticket.Category) is { } group
            && DepartmentOfGroup.GetValueOrDefault(group) is { } department && _departments.Contains(department))
        {
            return new CaseUnit(CaseUnit.Department, department);
        }

        // Everything else is the place's own: its street, or its community, whichever is played.
        foreach (var local in new[] { new CaseUnit(CaseUnit.Street, ticket.Location?.StreetId ?? ""), new CaseUnit(CaseUnit.Community, ticket.Location?.CommunityId ?? "") })
        {
            if (_unitScopes.Contains(local.Scope))
            {
                return local;
            }
        }

        return new CaseUnit(CaseUnit.Department, _departments[0]);
    }

    /// <summary>A department that is not <paramref name="right"/>, picked by <paramref name="pick"/> (0 to 1).</summary>
    public CaseUnit? WrongUnit(CaseUnit right, double pick)
    {
        var others = _departments.Where(id => right.Level != CaseUnit.Department || id != right.Id).ToList();
        return others.Count == 0 ? null : new CaseUnit(CaseUnit.Department, others[Math.Min((int)(pick * others.Count), others.Count - 1)]);
    }

    /// <summary>This round of the case goes first to a wrong department: planned so, the first round, and not returned yet.</summary>
    public static bool IsWrongDispatchRound(CaseView ticket, CasePlan plan) =>
        plan.WrongDispatch && ticket.ReworkCount == 0 && (ticket.Returns ?? []).Count == 0;
}

/// <summary>
/// What each simulated person does next with a case they see, and when: a pure function of the case as listed, its
/// <see cref="CasePlan"/> and who looks, so it is tested on fixed times. Delays run from the case's last change.
/// </summary>
public static class CaseDecisions
{
    /// <summary>The command center's operator: files reported cases, dispatches filed ones (again after a return), closes verified ones.</summary>
    public static CaseStep? ForDesk(CaseView ticket, CasePlan plan, CaseRouting routing) => ticket.Status switch
    {
        "Reported" => new CaseStep(CaseMove.File, ticket.UpdatedAt + plan.FileAfter),
        "Filed" => new CaseStep(CaseMove.Dispatch, ticket.UpdatedAt + plan.DispatchAfter, DispatchTarget(ticket, plan, routing)),
        "Verified" => new CaseStep(CaseMove.Close, ticket.UpdatedAt + plan.CloseAfter),
        _ => null,
    };

    /// <summary>
    /// A department, street or community (<paramref name="unitScope"/>: <c>department/cg</c>): returns a case that is not its
    /// job, accepts the others, and feeds back after handling — a late unit only after the disposal deadline, an on-time one
    /// before it even when the limit is short.
    /// </summary>
    public static CaseStep? ForUnit(CaseView ticket, CasePlan plan, CaseRouting routing, string unitScope)
    {
        if (ticket.Target?.Scope != unitScope)
        {
            return null;
        }

        return ticket.Status switch
        {
            "Dispatched" when CaseRouting.IsWrongDispatchRound(ticket, plan) && routing.RightUnit(ticket) != ticket.Target =>
                new CaseStep(CaseMove.Return, ticket.UpdatedAt + plan.ReturnAfter),
            "Dispatched" => new CaseStep(CaseMove.Accept, ticket.UpdatedAt + plan.AcceptAfter),
            "InProgress" => new CaseStep(CaseMove.Feedback, FeedbackDue(ticket, plan)),
            _ => null,
        };
    }

    /// <summary>A grid worker (<paramref name="userName"/> of grid <paramref name="gridId"/>): verifies fed-back cases in the grid, evaluates closed cases they reported.</summary>
    public static CaseStep? ForGridWorker(CaseView ticket, CasePlan plan, string userName, string gridId) => ticket.Status switch
    {
        "Feedback" when ticket.Location?.GridId == gridId => new CaseStep(CaseMove.Verify, ticket.UpdatedAt + plan.VerifyAfter),
        "Closed" when ticket.Reporter == userName && ticket.ClosedAt is { } closed && !ticket.EvaluatedSinceClosed =>
            new CaseStep(CaseMove.Evaluate, closed + plan.EvaluateAfter),
        _ => null,
    };

    private static CaseUnit DispatchTarget(CaseView ticket, CasePlan plan, CaseRouting routing)
    {
        var right = routing.RightUnit(ticket);
        return CaseRouting.IsWrongDispatchRound(ticket, plan) && routing.WrongUnit(right, plan.WrongPick) is { } wrong ? wrong : right;
    }

    private static DateTimeOffset FeedbackDue(CaseView ticket, CasePlan plan)
    {
        var planned = ticket.UpdatedAt + plan.FeedbackAfter;
        if (ticket.DeadlineAt is not { } deadline)
        {
            return planned;
        }

        if (plan.Late)
        {
            return Max(planned, deadline + plan.LateBy);
        }

        // On time means before the deadline, however short the category's limit: halfway there when the plan would miss it.
        return planned < deadline || deadline <= ticket.UpdatedAt ? planned : ticket.UpdatedAt + ((deadline - ticket.UpdatedAt) / 2);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
