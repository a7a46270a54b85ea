using NormLab.Errors;
namespace NormLab.Check;

/// <summary>Runs planned cases on backends and holds each result to its bound.</summary>
public static class CheckRunner
{
    /// <summary>
    /// Cases run concurrently, one per core (input generation, the float64 reference and the comparison
    /// are single-threaded and dominate the time); results come back in plan order.
    /// </summary>
    public static IEnumerable<CheckResult> Run(IEnumerable<CasePlan> plans, IReadOnlyList<IKernelBackend> backends) =>
        plans.AsParallel().AsOrdered().WithDegreeOfParallelism(Environment.ProcessorCount)
            .SelectMany(plan => RunOne(plan, backends));

    private static List<CheckResult> RunOne(CasePlan plan, IReadOnlyList<IKernelBackend> backends)
    {
        var active = backends.Where(b => b.Supports(plan)).ToList();
        if (active.Count == 0) return [];
        var c = CaseFactory.Create(plan.Variant, plan.DType, plan.Rows, plan.D, plan.Inputs, plan.Seed);
        var reference = ReferenceRunner.Run(c);
        return active.Select(backend => Judge(c, reference, backend)).ToList();
    }

    /// <summary>Runs one backend on one case (reference precomputed) and compares every output.</summary>
    public static CheckResult Judge(CheckCase c, double[][] reference, IKernelBackend backend)
    {
        var outputs = backend.Run(c);
        if (outputs.Length != reference.Length)
            throw new InvalidOperationException($"backend {backend.Name} returned {outputs.Length} outputs for {c}, expected {reference.Length}.");
        int[] widths = ReferenceRunner.RowWidths(c);
        double[][] scales = ReferenceRunner.RowScales(c, reference);
        var metrics = ErrorMetrics.Zero;
        for (int k = 0; k < outputs.Length; k++)
            metrics = metrics.Max(ErrorMetrics.Compare(outputs[k], reference[k], widths[k], scales[k], c.DType));
        double bound = ErrorBounds.For(c);
        return new CheckResult(CheckNames.Of(c.Variant), backend.Name, CheckNames.Of(c.DType), c.Rows, c.D, CheckNames.Of(c.Inputs),
            metrics.MaxAbsErr, metrics.MaxRelErr, metrics.MaxUlp, bound, metrics.MaxUlp <= bound, backend.Version);
    }
}
