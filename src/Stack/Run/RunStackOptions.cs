using System.Globalization;

namespace CommandCenter.Stack.Run;

/// <summary>What <c>./run.sh</c> was asked for: its options, and its ports from the environment (CC_HTTP_PORT, …).</summary>
public sealed record RunStackOptions
{
    public bool Simulators { get; init; } = true;

    /// <summary>Null: ./data in the repository (env CC_DATA).</summary>
    public string? Data { get; init; }

    public int Elevators { get; init; } = 24;

    /// <summary>Cases each simulated grid worker reports per hour; 0 leaves the people (grid workers, units, the desk) out.</summary>
    public int CasesPerHour { get; init; } = 1;

    /// <summary>0: one command center with its embedded broker; 1-9: cluster mode with that many silos.</summary>
    public int Silos { get; init; }

    public int HttpPort { get; init; } = 5080;

    public int HttpsPort { get; init; } = 5443;

    public int MqttPort { get; init; } = 1883;

    public int MqttTlsPort { get; init; } = 8883;

    public int MqttIngestPort { get; init; } = 2883;

    public int InfluxPort { get; init; } = 8086;

    public int InfluxRpcPort { get; init; } = 8088;

    public int PostgresPort { get; init; } = 5433;

    /// <summary>Environment values that are not what they must be, each named as run.sh names it.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    public string DataFolder => Path.GetFullPath(Data ?? Path.Combine(Repository.Root, "data"));

    /// <summary>
    /// The options with the environment's ports and defaults applied: an option given on the command line wins over
    /// its variable (CC_DATA, CC_SIM_ELEVATORS, CC_SIM_CASES_PER_HOUR); a port variable that is not a port is a problem, not a default.
    /// </summary>
    public static RunStackOptions FromEnvironment(
        bool noSimulators, string? data, int? elevators, int? silos, int? casesPerHour, Func<string, string?> environment)
    {
        var problems = new List<string>();
        int Read(string variable, int fallback, int min, int max, string what)
        {
            var text = environment(variable);
            if (string.IsNullOrEmpty(text))
            {
                return fallback;
            }

            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
            {
                return value;
            }

            problems.Add($"{variable} must be {what}, got '{text}'");
            return fallback;
        }

        int Port(string variable, int fallback) => Read(variable, fallback, 1, 65535, "a port number from 1 to 65535");

        var mqttPort = Port("CC_MQTT_PORT", 1883);
        var influxPort = Port("CC_INFLUX_PORT", 8086);
        return new RunStackOptions
        {
            Simulators = !noSimulators,
            Data = data ?? NonEmpty(environment("CC_DATA")),
            Elevators = elevators ?? Read("CC_SIM_ELEVATORS", 24, 1, 100_000, "a positive number"),
            Silos = silos ?? 0,
            CasesPerHour = casesPerHour ?? Read("CC_SIM_CASES_PER_HOUR", 1, 0, 3600, "a whole number of cases from 0 to 3600"),
            HttpPort = Port("CC_HTTP_PORT", 5080),
            HttpsPort = Port("CC_HTTPS_PORT", 5443),
            MqttPort = mqttPort,
            MqttTlsPort = Port("CC_MQTT_TLS_PORT", 8883),
            MqttIngestPort = Port("CC_MQTT_INGEST_PORT", Math.Min(mqttPort + 1000, 65535)),
            InfluxPort = influxPort,
            InfluxRpcPort = Port("CC_INFLUX_RPC_PORT", Math.Min(influxPort + 2, 65535)),
            PostgresPort = Port("CC_PG_PORT", 5433),
            Problems = problems,
        };
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
