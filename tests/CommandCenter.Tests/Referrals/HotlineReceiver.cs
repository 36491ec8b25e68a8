using System.Collections.Concurrent;
using CommandCenter.TelemetryIngest.Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CommandCenter.Tests.Referrals;

/// <summary>
/// A 12345 hotline's callback endpoint: HTTPS on a loopback ephemeral port with a certificate of a CA it makes in a
/// temp folder (<see cref="CaFile"/>, what the command center is told to trust), recording every request's headers
/// and raw body; it answers 500 while told to fail.
/// </summary>
public sealed class HotlineReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<(IReadOnlyDictionary<string, string> Headers, byte[] Body)> _requests = new();
    private readonly string _folder = Directory.CreateTempSubdirectory("cc-hotline-").FullName;
    private WebApplication _app = default!;

    public string Url { get; private set; } = "";

    /// <summary>The PEM certificate of the CA that issued the receiver's certificate.</summary>
    public string CaFile => Path.Combine(_folder, DemoCertificateAuthority.CaCertificateFile);

    /// <summary>While true every request is answered 500 (and still recorded).</summary>
    public bool Failing { get; set; }

    public IReadOnlyList<(IReadOnlyDictionary<string, string> Headers, byte[] Body)> Requests => [.. _requests];

    public static async Task<HotlineReceiver> StartAsync()
    {
        var receiver = new HotlineReceiver();
        var certificate = DemoCertificateAuthority.EnsureServerCertificate(receiver._folder, TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            receiver._requests.Enqueue((headers, body.ToArray()));
            context.Response.StatusCode = receiver.Failing ? StatusCodes.Status500InternalServerError : StatusCodes.Status200OK;
            await context.Response.WriteAsync(receiver.Failing ? "down" : "ok");
        });
        await app.StartAsync();
        receiver._app = app;
        receiver.Url = app.Urls.Single();
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }
}
