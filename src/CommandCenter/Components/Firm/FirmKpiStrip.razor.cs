using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Firm;

/// <summary>The firm's alarm KPIs as a row of figures.</summary>
public sealed partial class FirmKpiStrip : ComponentBase
{
    [Parameter, EditorRequired]
    public FirmAlarmKpis Kpis { get; set; } = default!;
}
