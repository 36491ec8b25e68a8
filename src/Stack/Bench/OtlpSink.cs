using System.Net;

namespace CommandCenter.Stack.Bench;

/// <summary>
/// A stand-in OpenTelemetry collector on a free loopback port for the tracing phase: it takes every OTLP/HTTP export
/// (<c>POST /v1/traces</c>, <c>/v1/metrics</c>), counts it and answers 200 with an empty protobuf response, as a collector
/// that keeps up does, so what the command center pays for tracing is measured without a collector's own load.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;
    private long _traceExports;

    private OtlpSink(int port)
    {
        Url = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add($"{Url}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Url { get; }

    /// <summary>Trace exports received: a tracing phase that sent none traced nothing.</summary>
    public long TraceExports => Interlocked.Read(ref _traceExports);

    public static OtlpSink Start() => new(FreePorts.Next());

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            if (context.Request.Url?.AbsolutePath == "/v1/traces")
            {
                Interlocked.Increment(ref _traceExports);
            }

            await context.Request.InputStream.CopyToAsync(Stream.Null);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
