using NormLab.Check;
using NormLab.Kernels;
using NormLab.Reference;

namespace NormLab.Variants;

/// <summary>
/// The one list of variants. Canonical parameters (pRMSNorm's p, LayerNorm Scaling's ℓ) come from
/// <see cref="VariantParameters"/>. Peri-LN's output norm is LayerNorm (as in Peri-LN), the pre-norm
/// fused add RMSNorm (Llama style), so both statistics meet both fusions.
/// </summary>
public static class VariantRegistry
{
    private static readonly Dtype[] AllStorage = [Dtype.Float32, Dtype.Float16, Dtype.BFloat16];

    public static IReadOnlyList<VariantEntry> All { get; } =
    [
        new()
        {
            Id = NormVariant.LayerNorm, Name = "layernorm", Statistic = VariantStatistic.MeanVariance, Outputs = ["y"],
            Float32Bound = _ => ErrorBounds.PlainNorm, CpuDtypes = AllStorage,
            Reference = c => One(c, (x, g, b, y) => LayerNormReference.Forward(x, c.D, g, b, c.Eps, y)),
            Forward = Plain(LayerNormKernel.Scalar, LayerNormKernel.Simd),
        },
        new()
        {
            Id = NormVariant.LayerNormAffine, Name = "layernorm-affine", BenchName = "LayerNorm", Statistic = VariantStatistic.MeanVariance,
            HasGain = true, HasBias = true, Outputs = ["y"], Float32Bound = _ => ErrorBounds.FusedNorm, CpuDtypes = AllStorage,
            Reference = c => One(c, (x, g, b, y) => LayerNormReference.Forward(x, c.D, g, b, c.Eps, y)),
            Forward = Plain(LayerNormKernel.Scalar, LayerNormKernel.Simd),
        },
        new()
        {
            Id = NormVariant.RmsNorm, Name = "rmsnorm", BenchName = "RMSNorm", Statistic = VariantStatistic.Rms, HasGain = true,
            Outputs = ["y"], Float32Bound = _ => ErrorBounds.PlainNorm, CpuDtypes = AllStorage,
            Reference = c => One(c, (x, g, b, y) => RmsNormReference.Forward(x, c.D, g, b, c.Eps, y)),
            Forward = Plain(RmsNormKernel.Scalar, RmsNormKernel.Simd),
        },
        new()
        {
            Id = NormVariant.PRmsNorm, Name = "prmsnorm", BenchName = FormattableString.Invariant($"pRMSNorm(p={VariantParameters.PartialFraction})"),
            Statistic = VariantStatistic.PartialRms, HasGain = true, Outputs = ["y"], Float32Bound = _ => ErrorBounds.PlainNorm,
            Reference = c => One(c, (x, g, b, y) => RmsNormReference.PartialForward(x, c.D, c.P, g, b, c.Eps, y)),
            Forward = new(
                (x, _, d, g, b, eps, y, _) => PRmsNormKernel.Scalar(x, d, VariantParameters.PartialFraction, g, b, eps, y),
                (x, _, d, g, b, eps, y, _) => PRmsNormKernel.Simd(x, d, VariantParameters.PartialFraction, g, b, eps, y)),
        },
        new()
        {
            Id = NormVariant.CRmsNorm, Name = "crmsnorm", BenchName = "CRMSNorm", Statistic = VariantStatistic.CompressedRms,
            Outputs = ["y"], Float32Bound = _ => ErrorBounds.CompressedNorm,
            Reference = c => One(c, (x, g, b, y) => CRmsNormReference.Forward(x, c.D, g, b, c.Eps, y)),
            Forward = Plain(CRmsNormKernel.Scalar, CRmsNormKernel.Simd),
        },
        new()
        {
            Id = NormVariant.LayerNormScaling, Name = "layernorm-scaling", BenchName = FormattableString.Invariant($"LayerNormScaling(l={VariantParameters.ScalingLayer})"),
            Statistic = VariantStatistic.MeanVariance, HasGain = true, HasBias = true, DepthScaled = true, Outputs = ["y"],
            Float32Bound = _ => ErrorBounds.FusedNorm,
            Reference = c => One(c, (x, g, b, y) => LayerNormScalingReference.Forward(x, c.D, g, b, c.Eps, c.Layer, y)),
            Forward = new(
                (x, _, d, g, b, eps, y, _) => LayerNormScalingKernel.Scalar(x, d, g, b, eps, VariantParameters.ScalingLayer, y),
                (x, _, d, g, b, eps, y, _) => LayerNormScalingKernel.Simd(x, d, g, b, eps, VariantParameters.ScalingLayer, y)),
        },
        new()
        {
            Id = NormVariant.PeriNormResidual, Name = "peri-ln-residual", BenchName = "PeriLN-residual", Statistic = VariantStatistic.MeanVariance,
            Residual = ResidualMode.PeriOutput, HasGain = true, HasBias = true, Outputs = ["h"], Float32Bound = _ => ErrorBounds.FusedNorm,
            Reference = c => One(c, (x, g, b, y) => ResidualNormReference.PeriOutput(NormKind.LayerNorm, Widen(c.Residual), x, c.D, g, b, c.Eps, y)),
            Forward = new(
                (x, r, d, g, b, eps, h, _) => PeriNormResidualKernel.Scalar(NormKind.LayerNorm, r, x, d, g, b, eps, h),
                (x, r, d, g, b, eps, h, _) => PeriNormResidualKernel.Simd(NormKind.LayerNorm, r, x, d, g, b, eps, h)),
        },
        new()
        {
            Id = NormVariant.PreNormResidual, Name = "prenorm-residual", BenchName = "PreNorm-residual-add", Statistic = VariantStatistic.Rms,
            Residual = ResidualMode.PreNormAdd, HasGain = true, Outputs = ["h", "output"], Float32Bound = _ => ErrorBounds.FusedNorm,
            Reference = c =>
            {
                double[] x = Widen(c.X), h = new double[x.Length], y = new double[x.Length];
                ResidualNormReference.PreNormAdd(NormKind.RmsNorm, x, Widen(c.Residual), c.D, Widen(c.Gain), Widen(c.Bias), c.Eps, h, y);
                return [h, y];
            },
            Forward = new(
                (x, r, d, g, b, eps, h, o) => PreNormResidualKernel.Scalar(NormKind.RmsNorm, x, r, d, g, b, eps, h, o),
                (x, r, d, g, b, eps, h, o) => PreNormResidualKernel.Simd(NormKind.RmsNorm, x, r, d, g, b, eps, h, o)),
        },
        FlashNorm(NormVariant.FlashNormRms, "flashnorm-rms", VariantStatistic.Rms, hasBias: false),
        FlashNorm(NormVariant.FlashNormLayerNorm, "flashnorm-ln", VariantStatistic.MeanVariance, hasBias: true),
        Backward(NormVariant.LayerNormBackward, "layernorm-backward", VariantStatistic.MeanVariance, LayerNormReference.Backward,
            new(LayerNormBackwardKernel.Scalar, LayerNormBackwardKernel.Simd)),
        Backward(NormVariant.RmsNormBackward, "rmsnorm-backward", VariantStatistic.Rms, RmsNormReference.Backward,
            new(RmsNormBackwardKernel.Scalar, RmsNormBackwardKernel.Simd)),
        Backward(NormVariant.CRmsNormBackward, "crmsnorm-backward", VariantStatistic.CompressedRms, CRmsNormReference.Backward,
            new(CRmsNormBackwardKernel.Scalar, CRmsNormBackwardKernel.Simd)),
    ];

    private static readonly Dictionary<NormVariant, VariantEntry> ById = All.ToDictionary(e => e.Id);

    public static VariantEntry Of(NormVariant id) => ById[id];

    /// <summary>The entry with this check name ("layernorm", …), or null.</summary>
    public static VariantEntry? Find(string name) => All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The entries named in a comma-separated <paramref name="selection"/> (case-insensitive), among <paramref name="among"/>
    /// (default: all); an unknown name is a <see cref="UsageException"/> naming <paramref name="option"/> and the known names.
    /// </summary>
    public static IReadOnlyList<VariantEntry> Select(string selection, string option, IEnumerable<VariantEntry>? among = null)
    {
        var known = (among ?? All).ToList();
        var picked = new List<VariantEntry>();
        foreach (string name in selection.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            picked.Add(known.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new UsageException($"{option}: unknown variant '{name}' (known: {string.Join(", ", known.Select(e => e.Name))})"));
        return picked.Count > 0 ? picked : throw new UsageException($"{option}: no variant named (known: {string.Join(", ", known.Select(e => e.Name))})");
    }

    private delegate void Norm32(ReadOnlySpan<float> x, int d, ReadOnlySpan<float> gain, ReadOnlySpan<float> bias, float eps, Span<float> y);

    private static CpuPair<ForwardKernel> Plain(Norm32 scalar, Norm32 simd) =>
        new((x, _, d, g, b, eps, y, _) => scalar(x, d, g, b, eps, y), (x, _, d, g, b, eps, y, _) => simd(x, d, g, b, eps, y));

    private static VariantEntry FlashNorm(NormVariant id, string name, VariantStatistic statistic, bool hasBias) => new()
    {
        Id = id, Name = name, Statistic = statistic, Role = VariantRole.NormMatmul, HasGain = true, HasBias = hasBias, Outputs = ["output"],
        Float32Bound = ErrorBounds.FlashNorm,
        Reference = c =>
        {
            var output = new double[c.Rows * c.N];
            FlashNormReference.Forward(c.Kind, Widen(c.X), c.D, Widen(c.Gain), Widen(c.Bias), c.Eps, Widen(c.W), c.N, Widen(c.C), output);
            return [output];
        },
        Matmul = (c, simd) =>
        {
            var weights = FlashNormWeights.Fold(c.Kind, c.Gain, c.Bias, c.W, c.D, c.N, c.C);
            var output = new float[c.Rows * c.N];
            if (simd) FlashNormKernel.Simd(c.X, c.D, weights, c.Eps, output); else FlashNormKernel.Scalar(c.X, c.D, weights, c.Eps, output);
            return output;
        },
    };

    private delegate void BackwardReference(ReadOnlySpan<double> x, int d, ReadOnlySpan<double> gain, ReadOnlySpan<double> dy, double eps,
        Span<double> dx, Span<double> dgain, Span<double> dbias);

    private static VariantEntry Backward(NormVariant id, string name, VariantStatistic statistic, BackwardReference reference,
        CpuPair<BackwardKernel> kernels) => new()
        {
            Id = id, Name = name, Statistic = statistic, Role = VariantRole.Backward, HasGain = true, Outputs = ["dx", "dgain", "dbias"],
            Float32Bound = _ => ErrorBounds.Backward, Backward = kernels,
            Reference = c =>
            {
                double[] x = Widen(c.X), dx = new double[x.Length], dgain = new double[c.Width], dbias = new double[c.Width];
                reference(x, c.D, Widen(c.Gain), Widen(c.Dy), c.Eps, dx, dgain, dbias);
                return [dx, dgain, dbias];
            },
        };

    private static double[][] One(CheckCase c, Action<double[], double[], double[], double[]> run)
    {
        double[] x = Widen(c.X), y = new double[x.Length];
        run(x, Widen(c.Gain), Widen(c.Bias), y);
        return [y];
    }

    private static double[] Widen(float[] v) => Array.ConvertAll(v, e => (double)e);
}
