namespace CommandCenter.Grains;

public static class PersistentStateExtensions
{
    /// <summary>
    /// Writes the state; if the write fails, memory now differs from storage, so the activation is
    /// dropped and the next call starts over from what storage holds (a retry then redoes the step
    /// instead of finding it done in memory only).
    /// </summary>
    public static async Task WriteOrStartOverAsync<T>(this IPersistentState<T> state, IGrainBase grain)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
