using NormLab.Models.Description;
using NormLab.Models.Forward;

namespace NormLab.Models.Depth;

/// <summary>Runs one forward of a model with a <see cref="DepthObserver{T}"/> and returns its per-layer statistics.</summary>
public static class DepthProbe
{
    /// <summary>float32 (default) runs the lab's CPU kernels; float64 the references.</summary>
    public static IReadOnlyList<LayerDepthStats> Measure(NeutralModel model, ForwardInput input, bool float64 = false)
    {
        if (float64)
        {
            var observer64 = new DepthObserver<double>();
            ModelForward.Float64(model).Run(input, observer64);
            return observer64.Layers;
        }
        var observer = new DepthObserver<float>();
        ModelForward.Float32(model).Run(input, observer);
        return observer.Layers;
    }
}
