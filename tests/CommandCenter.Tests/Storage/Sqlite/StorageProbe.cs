using System.Text.Json;
using CommandCenter.Grains.Abstractions;

namespace CommandCenter.Tests.Storage.Sqlite;

/// <summary>A state with nested collections, built the way grain code builds them (collection expressions included).</summary>
[GenerateSerializer]
public sealed record InspectionLog
{
    [Id(0)]
    public string Site { get; init; } = "";

    [Id(1)]
    public IReadOnlyList<InspectionVisit> Visits { get; init; } = [];

    [Id(2)]
    public IReadOnlyDictionary<string, IReadOnlyList<int>> FloorsByShaft { get; init; } = new Dictionary<string, IReadOnlyList<int>>();

    /// <summary>Compares by content: a read-back state holds other collection types than the one written.</summary>
    public static string Json(InspectionLog? log) => JsonSerializer.Serialize(log);
}

[GenerateSerializer]
public sealed record InspectionVisit(
    [property: Id(0)] string Inspector,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] IReadOnlyList<string> Findings);

public interface IStorageProbeGrain : IGrainWithStringKey
{
    Task SaveAsync(InspectionLog log);

    Task<InspectionLog> GetAsync();

    Task<bool> RecordExistsAsync();

    Task ClearAsync();

    /// <summary>Differs between activations, so a test can tell a fresh activation that read storage from a cached one.</summary>
    Task<Guid> GetActivationIdAsync();
}

public sealed class StorageProbeGrain([PersistentState("x", StorageNames.Grains)] IPersistentState<InspectionLog> log) : Grain, IStorageProbeGrain
{
    private readonly Guid _activationId = Guid.NewGuid();

    public Task SaveAsync(InspectionLog value)
    {
        log.State = value;
        return log.WriteStateAsync();
    }

    public Task<InspectionLog> GetAsync() => Task.FromResult(log.State);

    public Task<bool> RecordExistsAsync() => Task.FromResult(log.RecordExists);

    public Task ClearAsync() => log.ClearStateAsync();

    public Task<Guid> GetActivationIdAsync() => Task.FromResult(_activationId);
}
