using System.Text.Json;
using System.Text.Json.Serialization;

namespace NormLab.Results;

/// <summary>
/// reports/data/depth.json: the metric definitions, the study's set-up, its per-depth summary and
/// every per-layer row (study and models). The report reads <see cref="Rows"/> and <see cref="Summary"/>.
/// </summary>
public sealed record DepthDocument(
    IReadOnlyDictionary<string, string> Definitions, DepthStudySetup? Study, IReadOnlyList<DepthSummaryRow> Summary, IReadOnlyList<DepthRow> Rows)
{
    public static readonly IReadOnlyDictionary<string, string> MetricDefinitions = new Dictionary<string, string>
    {
        ["layer"] = "the residual stream after block layer (1-based); 0 is the stream entering block 1",
        ["variance"] = "per token, the biased variance over the hidden features, averaged over tokens",
        ["rms"] = "sqrt(mean of x^2) over all tokens and features",
        ["maxAbs"] = "largest |x| over all tokens and features",
        ["maxToMedian"] = "maxAbs / median |x| over all tokens and features (massive activations: ~1000x)",
        ["angularDistance"] = "per token arccos(cos(x_before, x_after))/pi in [0,1] between the stream before and after the block, averaged over tokens",
    };

    public static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        WriteIndented = true,
    };

    public void Write(string path) => NormLab.IO.AtomicOutput.WriteText(path, JsonSerializer.Serialize(this, Json));

    public static DepthDocument Read(string path) =>
        JsonSerializer.Deserialize<DepthDocument>(File.ReadAllText(path), Json)
        ?? throw new InvalidDataException($"{path}: not a depth document.");
}

/// <summary>The study's set-up as written into depth.json.</summary>
public sealed record DepthStudySetup(int Dim, int Heads, int Hidden, int Tokens, int[] Depths, int[] Seeds, string Init, string Precision);
