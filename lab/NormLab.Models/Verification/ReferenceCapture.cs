using NormLab.Models.Description;
using NormLab.Models.Forward;

namespace NormLab.Models.Verification;

/// <summary>
/// Keeps the float64 original's stream after every block in full width d (a compressed original's
/// stream gets its dropped element back): what every form is compared with.
/// </summary>
internal sealed class ReferenceCapture(ModelConfig original) : ForwardObserver<double>
{
    public readonly List<double[]> AfterBlock = [];

    public override void OnBlock(int layer, ReadOnlySpan<double> before, ReadOnlySpan<double> after, int rows, int width) =>
        AfterBlock.Add(StreamCanon.ToFullWidth(after, original));
}
