using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Protocol;
using Microsoft.EntityFrameworkCore;

namespace CommandCenter.Elevators.History;

/// <summary>One page of a history, newest first; <see cref="Page"/> counts from 1.</summary>
public sealed record HistoryPage<T>(int Total, int Page, int PageSize, IReadOnlyList<T> Items)
{
    public const int DefaultSize = 20;
    public const int MaxSize = 100;

    public int Pages => Total == 0 ? 1 : (Total + PageSize - 1) / PageSize;
}

/// <summary>
/// A duty record as kept: what the ledger lists, and <see cref="Record"/>, the record exactly as filed (the
/// protocol's JSON: risks, hazards with severity and fix status, minutes, maintenance items, technician, times).
/// </summary>
/// <param name="Kind"><c>daily</c>, <c>weekly</c>, <c>monthly</c> or <c>maintenance</c>.</param>
/// <param name="MissingItems">The required maintenance items it lacks: such a record is flagged and does not count for its cycle.</param>
public sealed record DutyRecordEntry(
    string Kind, string SubjectId, DateTimeOffset FiledAt, string Period, string Actor, int Findings, bool Flagged, IReadOnlyList<string> MissingItems, JsonElement Record)
{
    /// <summary>The record as its protocol type, for pages that show its parts.</summary>
    public IWireMessage Filed() => Kind switch
    {
        "daily" => Record.Deserialize(ProtocolJson.Default.DailyCheckRecord)!,
        "weekly" => Record.Deserialize(ProtocolJson.Default.WeeklyInvestigationRecord)!,
        "monthly" => Record.Deserialize(ProtocolJson.Default.MonthlySchedulingRecord)!,
        _ => Record.Deserialize(ProtocolJson.Default.MaintenanceRecord)!,
    };
}

/// <summary>How many distinct periods (days, weeks, months) of one kind of duty record a subject filed.</summary>
public sealed record DutyPeriods(string SubjectId, DutyRecordKind Kind, int Periods);

/// <summary>A maintenance visit as kept: the elevator, when it was filed, and whether it listed every required item.</summary>
public sealed record KeptVisit(string ElevatorId, DateTimeOffset FiledAt, bool Complete);

/// <summary>The duty records of a window, counted (<see cref="ElevatorHistory.ReadFilingsAsync"/>).</summary>
public sealed record DutyFilings(IReadOnlyList<DutyPeriods> Periods, IReadOnlyList<KeptVisit> Visits);

/// <summary>
/// The elevators' history in the relational store: the grains keep duty records and closed alarms here
/// (<see cref="IElevatorHistory"/>), and the ledger pages through them.
/// </summary>
public sealed class ElevatorHistory(IServiceScopeFactory scopes) : IElevatorHistory
{
    private static readonly JsonSerializerOptions AlarmJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public Task KeepRecordAsync(IWireMessage record, IReadOnlyList<string> missingItems, CancellationToken cancellationToken = default)
    {
        var kept = RowOf(record, missingItems);
        return KeepAsync(store => store.DutyRecords, kept, store => store.DutyRecords.AnyAsync(r => r.Key == kept.Key, cancellationToken), cancellationToken);
    }

    public Task KeepClosedAlarmAsync(AlarmSnapshot alarm, CancellationToken cancellationToken = default)
    {
        var kept = new KeptAlarm
        {
            Id = alarm.Id,
            ElevatorId = alarm.ElevatorId,
            Code = alarm.Code,
            Status = KebabCase.Of(alarm.Status),
            Source = KebabCase.Of(alarm.Source),
            GridId = alarm.GridId,
            DistrictId = alarm.DistrictId,
            FirmId = alarm.FirmId,
            OccurredAt = alarm.OccurredAt.UtcDateTime,
            ClosedAt = alarm.Steps[^1].At.UtcDateTime,
            ArrivalLimitMissed = alarm.ArrivalLimitMissed,
            Body = JsonSerializer.Serialize(alarm, AlarmJson),
        };
        return KeepAsync(store => store.Alarms, kept, store => store.Alarms.AnyAsync(a => a.Id == kept.Id, cancellationToken), cancellationToken);
    }

    /// <summary>The records about <paramref name="subjects"/> (an elevator and its user unit), of one kind or all, newest first.</summary>
    public async Task<HistoryPage<DutyRecordEntry>> ReadRecordsAsync(
        IReadOnlyCollection<string> subjects, DutyRecordKind? kind, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        var query = store.DutyRecords.AsNoTracking().Where(r => subjects.Contains(r.SubjectId));
        if (kind is { } only)
        {
            query = query.Where(r => r.Kind == only);
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await query.OrderByDescending(r => r.FiledAt).ThenByDescending(r => r.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new HistoryPage<DutyRecordEntry>(total, page, pageSize, [.. rows.Select(EntryOf)]);
    }

    /// <summary>The elevator's closed alarms, newest first; for a firm, only those it answered for last.</summary>
    public async Task<HistoryPage<AlarmSnapshot>> ReadAlarmsAsync(
        string elevatorId, string? firmId, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        var query = store.Alarms.AsNoTracking().Where(a => a.ElevatorId == elevatorId);
        if (firmId is not null)
        {
            query = query.Where(a => a.FirmId == firmId);
        }

        var total = await query.CountAsync(cancellationToken);
        var bodies = await query.OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(a => a.Body).ToListAsync(cancellationToken);
        return new HistoryPage<AlarmSnapshot>(total, page, pageSize, [.. bodies.Select(body => JsonSerializer.Deserialize<AlarmSnapshot>(body, AlarmJson)!)]);
    }

    /// <summary>How many of the closed alarms were raised at or after <paramref name="since"/>, per grid.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountClosedAlarmsRaisedByGridAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        var from = since.UtcDateTime;
        return await store.Alarms.AsNoTracking()
            .Where(a => a.OccurredAt >= from && a.GridId != null)
            .GroupBy(a => a.GridId!)
            .Select(grid => new { Grid = grid.Key, Count = grid.Count() })
            .ToDictionaryAsync(row => row.Grid, row => row.Count, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Every closed alarm that occurred in [<paramref name="from"/>, <paramref name="to"/>), oldest first (for the assessment).</summary>
    public async Task<IReadOnlyList<AlarmSnapshot>> ReadAlarmsOccurredAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var (start, end) = (from.UtcDateTime, to.UtcDateTime);
        var bodies = await scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>().Alarms.AsNoTracking()
            .Where(a => a.OccurredAt >= start && a.OccurredAt < end)
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Id)
            .Select(a => a.Body).ToListAsync(cancellationToken);
        return [.. bodies.Select(body => JsonSerializer.Deserialize<AlarmSnapshot>(body, AlarmJson)!)];
    }

    /// <summary>
    /// What the duty records filed in [<paramref name="from"/>, <paramref name="to"/>) say, without their bodies: per subject and
    /// kind, how many distinct periods were filed; and every maintenance visit with whether it was complete (for the assessment).
    /// </summary>
    public async Task<DutyFilings> ReadFilingsAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        var (start, end) = (from.UtcDateTime, to.UtcDateTime);
        var inWindow = store.DutyRecords.AsNoTracking().Where(r => r.FiledAt >= start && r.FiledAt < end);
        var periods = await inWindow.Where(r => r.Kind != DutyRecordKind.Maintenance)
            .GroupBy(r => new { r.SubjectId, r.Kind })
            .Select(g => new { g.Key.SubjectId, g.Key.Kind, Periods = g.Select(r => r.Period).Distinct().Count() })
            .ToListAsync(cancellationToken);
        var visits = await inWindow.Where(r => r.Kind == DutyRecordKind.Maintenance)
            .OrderBy(r => r.FiledAt)
            .Select(r => new { r.SubjectId, r.FiledAt, r.Flagged })
            .ToListAsync(cancellationToken);
        return new DutyFilings(
            [.. periods.Select(p => new DutyPeriods(p.SubjectId, p.Kind, p.Periods))],
            [.. visits.Select(v => new KeptVisit(v.SubjectId, new DateTimeOffset(DateTime.SpecifyKind(v.FiledAt, DateTimeKind.Utc)), !v.Flagged))]);
    }

    /// <summary>
    /// Adds the row unless it is there: the check spares a failed insert in the usual repeat, and a unique-key
    /// refusal from a silo keeping the same row at the same moment counts as kept.
    /// </summary>
    private async Task KeepAsync<TRow>(
        Func<ElevatorHistoryStore, DbSet<TRow>> table, TRow row, Func<ElevatorHistoryStore, Task<bool>> isKept, CancellationToken cancellationToken)
        where TRow : class
    {
        await using var scope = scopes.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>();
        if (await isKept(store))
        {
            return;
        }

        table(store).Add(row);
        try
        {
            await store.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            if (!await StoredMeanwhileAsync(isKept))
            {
                throw;
            }
        }
    }

    private async Task<bool> StoredMeanwhileAsync(Func<ElevatorHistoryStore, Task<bool>> isKept)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await isKept(scope.ServiceProvider.GetRequiredService<ElevatorHistoryStore>());
    }

    private static KeptDutyRecord RowOf(IWireMessage record, IReadOnlyList<string> missingItems)
    {
        var row = record switch
        {
            DailyCheckRecord d => new KeptDutyRecord
            {
                Kind = DutyRecordKind.Daily, SubjectId = d.ElevatorId, Period = d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Actor = d.Officer, Findings = d.Risks.Count, Body = JsonSerializer.Serialize(d, ProtocolJson.Default.DailyCheckRecord),
            },
            WeeklyInvestigationRecord w => new KeptDutyRecord
            {
                Kind = DutyRecordKind.Weekly, SubjectId = w.ElevatorId, Period = string.Create(CultureInfo.InvariantCulture, $"{w.Year}-W{w.Week:D2}"),
                Actor = w.Director, Findings = w.Hazards.Count, Flagged = w.Hazards.Any(h => h is { Severity: HazardSeverity.Serious, Fixed: false }),
                Body = JsonSerializer.Serialize(w, ProtocolJson.Default.WeeklyInvestigationRecord),
            },
            MonthlySchedulingRecord m => new KeptDutyRecord
            {
                Kind = DutyRecordKind.Monthly, SubjectId = m.UnitId, Period = string.Create(CultureInfo.InvariantCulture, $"{m.Year}-{m.Month:D2}"),
                Actor = m.Principal, Body = JsonSerializer.Serialize(m, ProtocolJson.Default.MonthlySchedulingRecord),
            },
            MaintenanceRecord r => new KeptDutyRecord
            {
                Kind = DutyRecordKind.Maintenance, SubjectId = r.ElevatorId, Period = KebabCase.Of(r.Type), Actor = r.Technician,
                Findings = r.ItemsDone.Count, Flagged = missingItems.Count > 0, MissingItems = JsonSerializer.Serialize(missingItems),
                Body = JsonSerializer.Serialize(r, ProtocolJson.Default.MaintenanceRecord),
            },
            _ => throw new ArgumentException($"{record.GetType().Name} is not a duty record", nameof(record)),
        };
        row.DeviceId = record.DeviceId;
        row.Seq = record.Seq;
        row.FiledAt = record.Ts.UtcDateTime;
        row.Key = string.Create(CultureInfo.InvariantCulture, $"{row.Kind}/{record.DeviceId}/{record.Seq}/{record.Ts.UtcTicks}");
        row.Actor = Clip(row.Actor, KeptDutyRecord.MaxActorLength);
        return row;
    }

    private static DutyRecordEntry EntryOf(KeptDutyRecord row) => new(
        KebabCase.Of(row.Kind),
        row.SubjectId,
        new DateTimeOffset(DateTime.SpecifyKind(row.FiledAt, DateTimeKind.Utc)),
        row.Period,
        row.Actor,
        row.Findings,
        row.Flagged,
        JsonSerializer.Deserialize<string[]>(row.MissingItems) ?? [],
        JsonDocument.Parse(row.Body).RootElement.Clone());

    private static string Clip(string text, int length) => text.Length <= length ? text : text[..length];
}
