using CommandCenter.Elevators.History;
using CommandCenter.Grains.Abstractions;
using CommandCenter.Localization;
using CommandCenter.Protocol;

namespace CommandCenter.Components.Ledger;

/// <summary>
/// The duty records of an elevator and its user unit, each whole on demand (risks, hazards, minutes, maintenance
/// items and what is missing), newest first, by kind, page by page from the history store.
/// </summary>
public sealed partial class RecordHistory : PagedHistory<DutyRecordEntry>
{
    private DutyRecordKind? _kind;

    private async Task ShowAsync(DutyRecordKind? kind, int page)
    {
        _kind = kind;
        Shown = await Ledgers.ReadRecordsAsync(ElevatorId, kind, page, First.PageSize);
    }

    /// <summary>The day, week or month a record covers; a maintenance visit's type in the reader's language.</summary>
    private string PeriodOf(DutyRecordEntry entry) =>
        KindOf(entry) == DutyRecordKind.Maintenance && KebabCase.TryParse<MaintenanceType>(entry.Period, out var type) ? Text.Name(type) : entry.Period;

    private static DutyRecordKind KindOf(DutyRecordEntry entry) =>
        KebabCase.TryParse<DutyRecordKind>(entry.Kind, out var kind) ? kind : DutyRecordKind.Maintenance;
}
