namespace NormLab.Bench.Engine;

/// <summary>One thing BenchmarkDotNet times: a kernel, the ORT node or the copy, on a shape's buffers.</summary>
public sealed class BenchSubject(string name, Action run)
{
    public string Name { get; } = name;

    public void Run() => run();

    /// <summary>BenchmarkDotNet shows parameters by their text.</summary>
    public override string ToString() => Name;
}
