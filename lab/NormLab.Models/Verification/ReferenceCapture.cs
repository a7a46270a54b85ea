using NormLab.Models.Forward;

namespace NormLab.Models.Verification;

/// <summary>Keeps the float64 original's stream after every block (full width): what every form is compared with.</summary>
internal sealed class ReferenceCapture : ForwardObserver<double>
{
    public readonly List<double[]> AfterBlock = [];

    public override void OnBlock(int layer, ReadOnlySpan<double> before, ReadOnlySpan<double> after, int rows, int width) =>
        AfterBlock.Add(after.ToArray());
}
