namespace CommandCenter.Simulators.Elevators;

/// <summary>The faults a device raises at random: each code's relative frequency and how long it lasts (min, max seconds).</summary>
public sealed class FaultTable(params (string Code, int Weight, int MinSeconds, int MaxSeconds)[] faults)
{
    private readonly int _totalWeight = faults.Sum(f => f.Weight);

    /// <summary>A fault drawn by weight, with a duration drawn from its range.</summary>
    public (string Code, TimeSpan For) Pick(Random random)
    {
        var ticket = random.Next(_totalWeight);
        foreach (var fault in faults)
        {
            ticket -= fault.Weight;
            if (ticket < 0)
            {
                return (fault.Code, TimeSpan.FromSeconds(random.Next(fault.MinSeconds, fault.MaxSeconds + 1)));
            }
        }

        throw new InvalidOperationException("fault weights do not add up");
    }
}
