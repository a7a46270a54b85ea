using System.Text.Json;
using NormLab.Results;

namespace NormLab.Bench.Gpu;

/// <summary>One row of scripts/gpu/torch_norms.py: PyTorch (eager or torch.compile) on one variant, dtype and shape.</summary>
public sealed record TorchTiming(string Variant, string Dtype, int Rows, int D, string Mode, double Ms, double? MsMin, double? MsMax);

/// <summary>
/// scripts/gpu/torch_norms.py's file: {"meta": {..., "refusals": [{variant, dtype, rows, d, mode, reason}]}, "rows": [...]}.
/// A refused mode has no row, so the kernel it would anchor gets no ratio; <see cref="Refusals"/> says why.
/// </summary>
public sealed record TorchTimings(JsonElement? Meta, IReadOnlyList<TorchTiming> Rows)
{
    public static TorchTimings None { get; } = new(null, []);

    /// <summary>Reads the file; a missing or malformed one is one clear error naming it.</summary>
    public static TorchTimings Load(string path) => ResultJson.Read<TorchTimings>(path);

    /// <summary>Each refused mode as one line, "variant dtype rows×d mode: reason".</summary>
    public IReadOnlyList<string> Refusals =>
        Meta is { ValueKind: JsonValueKind.Object } meta && meta.TryGetProperty("refusals", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(Line)]
            : [];

    /// <summary>The median ms of a mode ("eager", "compile") on a shape, or null.</summary>
    public double? Ms(string variant, string dtype, int rows, int d, string mode) =>
        Rows.FirstOrDefault(t => t.Variant == variant && t.Dtype == dtype && t.Rows == rows && t.D == d && t.Mode == mode)?.Ms is { } ms && ms > 0
            ? ms : null;

    private static string Line(JsonElement r)
    {
        string Field(string name) => r.ValueKind == JsonValueKind.Object && r.TryGetProperty(name, out var v) ? v.ToString() : "?";
        return $"{Field("variant")} {Field("dtype")} {Field("rows")}×{Field("d")} {Field("mode")}: {Field("reason")}";
    }
}
