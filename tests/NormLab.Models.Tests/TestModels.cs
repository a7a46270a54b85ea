using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Llama2c;
using NormLab.Models.Forward;
using NormLab.Models.Verification;
using NormLab.Models.Synthetic;

namespace NormLab.Models.Tests;

/// <summary>The models tests run on: the stories260K fixture and small seeded synthetic ones.</summary>
internal static class TestModels
{
    public static string Stories260KPath => FixturePaths.Require("stories260K.bin");

    public static NeutralModel Stories260K() => Llama2cCheckpoint.Load(Stories260KPath);

    /// <summary>A small GPT-2-shaped model: quick, yet every code path (fused QKV, biases, positions, tied head).</summary>
    public static NeutralModel SmallGpt(int layers = 3, NormPlacement placement = NormPlacement.Pre, bool layerScaling = false,
        MlpKind mlp = MlpKind.GeluTanh, ulong seed = 7, StemKind stem = StemKind.TokenEmbedding, HeadKind head = HeadKind.Tied) =>
        SyntheticGpt.Create(new SyntheticGptOptions
        {
            Layers = layers, Dim = 48, Heads = 4, Hidden = 96, Vocab = 97, MaxSeq = 16, Seed = seed,
            Placement = placement, LayerScaling = layerScaling, Mlp = mlp, Stem = stem, Head = head,
        });

    public static ForwardInput InputFor(NeutralModel model) => model.Config.Stem == StemKind.TokenEmbedding
        ? ForwardInput.FromTokens(SmallTokens)
        : VerificationTarget.SeededInput(model.Config, rows: SmallTokens.Length);

    public static readonly int[] Tokens = [1, 45, 300, 7, 88, 12, 5, 63];
    public static readonly int[] SmallTokens = [3, 14, 15, 92, 65, 35, 8, 9];
}
