using System.Text.Json;
using NormLab.Bench.Results;

namespace NormLab.Bench.Gpu;

/// <summary>One row of scripts/gpu/torch_norms.py: PyTorch (eager or torch.compile) on one variant, dtype and shape.</summary>
public sealed record TorchTiming(string Variant, string Dtype, int Rows, int D, string Mode, double Ms, double? MsMin, double? MsMax);

/// <summary>scripts/gpu/torch_norms.py's file: {"meta": {...}, "rows": [...], "refused": [...]}.</summary>
public sealed record TorchTimings(JsonElement? Meta, IReadOnlyList<TorchTiming> Rows, IReadOnlyList<string>? Refused)
{
    public static TorchTimings None { get; } = new(null, [], []);

    /// <summary>Reads the file; a missing or malformed one is one clear error naming it.</summary>
    public static TorchTimings Load(string path) => ResultJson.Read<TorchTimings>(path);

    /// <summary>The median ms of a mode ("eager", "compile") on a shape, or null.</summary>
    public double? Ms(string variant, string dtype, int rows, int d, string mode) =>
        Rows.FirstOrDefault(t => t.Variant == variant && t.Dtype == dtype && t.Rows == rows && t.D == d && t.Mode == mode)?.Ms is { } ms && ms > 0
            ? ms : null;
}
