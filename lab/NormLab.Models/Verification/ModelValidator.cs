using NormLab.Models.Description;
using NormLab.Models.Forward;

namespace NormLab.Models.Verification;

/// <summary>
/// The complete check of a model read from a file, before verify runs it or convert writes a byte:
/// the description within <see cref="ModelLimits"/>, every tensor finite, and every tensor the
/// forward reads present with the shape the description implies (one float64 position through the
/// whole model, whose weight look-ups check each shape). Errors name the file and the tensor.
/// </summary>
public static class ModelValidator
{
    public static void Require(VerificationTarget target, string path)
    {
        var model = target.Model;
        try
        {
            model.Config.Validate();
            foreach (string name in model.Weights.Names) Finite(model.Weights.Load(name));
            ModelForward.Float64(model).Run(VerificationTarget.SeededInput(model.Config, rows: 1));
        }
        catch (Exception e) when (e is InvalidDataException or KeyNotFoundException)
        {
            throw new InvalidDataException(e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message : $"{path}: {e.Message}", e);
        }
    }

    private static void Finite(Tensor t)
    {
        int i = Array.FindIndex(t.Data, v => !double.IsFinite(v));
        if (i >= 0) throw new InvalidDataException($"tensor {t.Name} element {i} is {t.Data[i].ToString(System.Globalization.CultureInfo.InvariantCulture)}, expected a finite weight.");
    }
}
