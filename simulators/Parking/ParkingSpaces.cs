namespace CommandCenter.Simulators.Parking;

/// <summary>
/// Turnover of parking spaces as a two-state chain per space: a parked car leaves at rate 1/MeanStay,
/// a free space fills at the rate that makes the occupied share settle on the day/night curve.
/// </summary>
internal static class ParkingSpaces
{
    private static readonly TimeSpan MeanStay = TimeSpan.FromMinutes(40);

    /// <summary>Chances, over <paramref name="elapsed"/>, that a parked car leaves and that a free space fills.</summary>
    public static (double Leave, double Arrive) Chances(double targetShare, TimeSpan elapsed)
    {
        var leave = Math.Min(1, elapsed / MeanStay);
        var arrive = Math.Min(1, leave * targetShare / (1 - targetShare));
        return (leave, arrive);
    }
}
