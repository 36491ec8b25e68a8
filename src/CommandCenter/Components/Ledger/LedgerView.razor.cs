using CommandCenter.Elevators;
using CommandCenter.Protocol;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Ledger;

/// <summary>
/// An elevator's ledger as read (<see cref="ElevatorLedger"/>): where it stands, who answers for it with their
/// phones (masked already when the reader only watches), its live status, duties and alarms.
/// </summary>
public sealed partial class LedgerView : ComponentBase
{
    [Parameter, EditorRequired]
    public ElevatorLedger Ledger { get; set; } = default!;

    [Parameter, EditorRequired]
    public DateTimeOffset Now { get; set; }

    [Parameter, EditorRequired]
    public TimeZoneInfo Zone { get; set; } = default!;

    private string ContactText(Contact? contact) =>
        contact is null ? Text["Ledger.NotInCityFile"]
        : contact.HasPhone ? $"{contact.Name} {contact.Phone}"
        : $"{contact.Name} ({Text["Ledger.NoPhone"]})";
}
