using CommandCenter.Localization;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.Components.Firm;

/// <summary>
/// Base of console components that are fed live: feed and timer callbacks run on the renderer, their
/// failures go to the circuit like any other component error, and everything owned is disposed. They
/// run in the page's culture, whoever raised them.
/// </summary>
public abstract class LiveComponentBase : ComponentBase, IDisposable
{
    private static readonly TimeSpan ClockTick = TimeSpan.FromSeconds(1);
    private readonly List<IDisposable> _owned = [];
    private readonly PageCulture _culture = PageCulture.Current;

    [Inject]
    protected TimeProvider Time { get; set; } = default!;

    /// <summary>The time countdowns are drawn against.</summary>
    protected DateTimeOffset Now => Time.GetUtcNow();

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        _owned.Clear();
    }

    /// <summary>Keeps a subscription (or anything else) until the component goes away.</summary>
    protected void Own(IDisposable owned) => _owned.Add(owned);

    /// <summary>Runs work from outside the renderer (a feed, a timer) on it.</summary>
    protected Task OnRendererAsync(Func<Task> work) => InvokeAsync(async () =>
    {
        _culture.Apply();
        try
        {
            await work();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    });

    protected void Every(TimeSpan period, Func<Task> work) => Own(Time.CreateTimer(_ => OnRendererAsync(work), null, period, period));

    /// <summary>Renders again every second while something on screen counts down.</summary>
    protected void TickWhile(Func<bool> countingDown) => Every(ClockTick, () =>
    {
        if (countingDown())
        {
            StateHasChanged();
        }

        return Task.CompletedTask;
    });
}
