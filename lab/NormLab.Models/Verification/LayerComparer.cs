using NormLab.Results;
using NormLab.Errors;
using System.Numerics;
using NormLab.Models.Description;
using NormLab.Models.Forward;

namespace NormLab.Models.Verification;

/// <summary>
/// Compares a form's stream with the reference as each block finishes (nothing of the form's run is
/// kept, so verification streams like the forward does) and makes one row per layer.
/// </summary>
internal sealed class LayerComparer<T>(ReferenceCapture reference, ModelConfig original, ModelConfig form,
    Func<string, OutputErrors, VerificationRow> row) : ForwardObserver<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    public readonly List<VerificationRow> Rows = [];

    public override void OnBlock(int layer, ReadOnlySpan<T> before, ReadOnlySpan<T> after, int rows, int width)
    {
        var actual = StreamCanon.ToFullWidth(after, form);
        var expected = reference.AfterBlock[layer - 1];
        if (form.ZeroMeanStream && !original.ZeroMeanStream) expected = StreamCanon.Centered(expected, original.Dim);
        Rows.Add(row($"block{layer}", OutputErrors.Compare(actual, expected, original.Dim, logits: false)));
    }
}
