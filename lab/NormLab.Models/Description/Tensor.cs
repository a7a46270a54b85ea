namespace NormLab.Models.Description;

/// <summary>A named, row-major float64 tensor: what every tensor source hands out.</summary>
public sealed class Tensor
{
    public Tensor(string name, int[] shape, double[] data)
    {
        long count = ModelLimits.Elements(shape, $"tensor {name}");
        if (count != data.Length)
            throw new InvalidDataException($"tensor {name}: shape [{string.Join(", ", shape)}] holds {count} elements, data has {data.Length}.");
        Name = name;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }
    /// <summary>Where the values came from in the user's file ("model.pt: h.0.ln_1.weight"), for messages; null if made by the lab.</summary>
    public string? Origin { get; init; }
    public int[] Shape { get; }
    public double[] Data { get; }

    /// <summary>Rows of a matrix: the first dimension (1 for a vector).</summary>
    public int Rows => Shape.Length == 1 ? 1 : Shape[0];
    /// <summary>Columns of a matrix: everything after the first dimension (its length for a vector).</summary>
    public int Columns => Shape.Length == 1 ? Shape[0] : Data.Length / Math.Max(1, Shape[0]);

    /// <summary>Checks the shape against what the model description expects; names the tensor when it does not match.</summary>
    public Tensor Expect(params int[] shape)
    {
        if (!Shape.SequenceEqual(shape))
            throw new InvalidDataException(
                $"tensor {Name}{(Origin is null ? "" : $" (from {Origin})")} has shape [{string.Join(", ", Shape)}], the model description expects [{string.Join(", ", shape)}].");
        return this;
    }
}
