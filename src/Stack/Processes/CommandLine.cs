using System.Diagnostics;

namespace CommandCenter.Stack;

/// <summary>Runs a command-line program (initdb, apt-get, mosquitto_pub, …) to its end.</summary>
public static class CommandLine
{
    public static Task<(int ExitCode, string Output)> RunAsync(string program, params string[] arguments) =>
        RunAsync(new ProcessStartInfo(program, arguments));

    /// <summary>Runs it with its standard output and error read together, and <paramref name="input"/> on its standard input if given.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, string? input = null)
    {
        var (exitCode, output, errors) = await RunApartAsync(start, input);
        return (exitCode, output + errors);
    }

    /// <summary>What a program writes to its standard output alone (a generated file), throwing with its errors unless it exits 0.</summary>
    public static async Task<string> ReadOutputAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program, arguments);
        var (exitCode, output, errors) = await RunApartAsync(start, input: null);
        return exitCode == 0 ? output : throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {exitCode}:\n{errors}");
    }

    private static async Task<(int ExitCode, string Output, string Errors)> RunApartAsync(ProcessStartInfo start, string? input)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.RedirectStandardInput = input is not null;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>As <see cref="RunAsync(ProcessStartInfo, string?)"/>, throwing with the output unless it exits 0.</summary>
    public static async Task<string> RunOrThrowAsync(ProcessStartInfo start, string? input = null)
    {
        var (exitCode, output) = await RunAsync(start, input);
        return exitCode == 0
            ? output
            : throw new InvalidOperationException($"{start.FileName} {string.Join(' ', start.ArgumentList)} exited with {exitCode}:\n{output}");
    }
}
