namespace NormLab.Cli.Tests;

/// <summary>A fresh folder per test, removed afterwards.</summary>
public sealed class Scratch : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("normlab-bad-input-").FullName;

    public string this[string name] => Path.Combine(Folder, name);

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
