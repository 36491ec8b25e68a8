using System.Collections.Concurrent;
using Orleans.Storage;

namespace CommandCenter.Tests.Grains;

/// <summary>
/// Switches on the test cluster's grain storage: fail a grain's next write (the crash window between a
/// grain's side effects and its save), hold a grain's writes until released, and count its writes.
/// </summary>
public sealed class StorageFaults
{
    private readonly ConcurrentDictionary<GrainId, int> _writes = new();
    private readonly ConcurrentDictionary<GrainId, byte> _failNext = new();
    private readonly ConcurrentDictionary<GrainId, TaskCompletionSource> _held = new();

    public void FailNextWrite(GrainId grain) => _failNext[grain] = 0;

    /// <summary>Write attempts of <paramref name="grain"/> so far, held and failed ones included.</summary>
    public int WritesOf(GrainId grain) => _writes.GetValueOrDefault(grain);

    /// <summary>Holds every write of <paramref name="grain"/> until the returned action is called.</summary>
    public Action HoldWrites(GrainId grain)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _held[grain] = gate;
        return () =>
        {
            _held.TryRemove(grain, out _);
            gate.TrySetResult();
        };
    }

    internal async Task BeforeWriteAsync(GrainId grain)
    {
        _writes.AddOrUpdate(grain, 1, (_, count) => count + 1);
        if (_held.TryGetValue(grain, out var gate))
        {
            await gate.Task;
        }

        if (_failNext.TryRemove(grain, out _))
        {
            throw new IOException($"Injected write failure for {grain}");
        }
    }
}

/// <summary>Memory grain storage behind the <see cref="StorageFaults"/> switches.</summary>
public sealed class FaultInjectingGrainStorage(IGrainStorage inner, StorageFaults faults) : IGrainStorage
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ReadStateAsync(stateName, grainId, grainState);

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await faults.BeforeWriteAsync(grainId);
        await inner.WriteStateAsync(stateName, grainId, grainState);
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        inner.ClearStateAsync(stateName, grainId, grainState);
}
