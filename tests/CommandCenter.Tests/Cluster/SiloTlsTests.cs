using System.Net.Http.Json;
using System.Text.Json;
using CommandCenter.Testing;
using Shouldly;

namespace CommandCenter.Tests.Cluster;

/// <summary>Silos talk over mutual TLS: a process with a certificate of another CA cannot join the cluster.</summary>
public sealed class SiloTlsTests
{
    [Fact]
    public async Task SiloWithACertificateOfAnotherCa_CannotJoinAndTheClusterCarriesOn()
    {
        await using var postgres = await ClusterHosts.StartPostgresAsync();
        await using var broker = await ClusterHosts.StartBrokerAsync();
        await using var influx = await InfluxServer.StartAsync();
        var city = TestCity.CreateDataFolder();
        var foreignAuthority = Directory.CreateTempSubdirectory("cc-foreign-ca-").FullName;
        try
        {
            await using var member = await ClusterHosts.StartSiloAsync("member", postgres, broker, influx, city);

            // Later arguments win: the intruder has its own CA, and gives up joining after 20 s instead of 5 minutes.
            var intruder = await Should.ThrowAsync<Exception>(() => ClusterHosts.StartSiloAsync(
                "intruder", postgres, broker, influx, city,
                $"--Orleans:Tls:DemoAuthorityFolder={foreignAuthority}", "--Orleans:MembershipTiming:MaxJoinAttemptTime=00:00:20"));

            intruder.Message.ShouldContain("exited");
            member.Log.Lines.ShouldContain(line => line.Contains("TlsServerConnectionMiddleware", StringComparison.Ordinal)
                && line.Contains("The remote certificate was rejected", StringComparison.Ordinal));
            var health = await member.Http.GetFromJsonAsync<JsonElement>("/health", TestContext.Current.CancellationToken);
            health.GetProperty("parts").GetProperty("silo").GetProperty("detail").GetString().ShouldBe("1 active silo(s)");
            File.Exists(Path.Combine(ClusterHosts.ClusterAuthorityFolder(city), "silo-cc-ingest-member.crt")).ShouldBeTrue();
        }
        finally
        {
            Directory.Delete(city, recursive: true);
            Directory.Delete(foreignAuthority, recursive: true);
        }
    }
}
