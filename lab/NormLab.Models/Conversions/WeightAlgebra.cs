using NormLab.Models.Description;

namespace NormLab.Models.Conversions;

/// <summary>
/// The exact weight edits the conversions are made of, on [out, in] matrices (y = x·Wᵀ + b).
/// Each returns a new tensor; inputs are not modified.
/// </summary>
public static class WeightAlgebra
{
    /// <summary>Reader fold (SPEC 2): (g ⊙ n + β)·Wᵀ + b = n·(W·diag g)ᵀ + (W·β + b). Returns W·diag(g) (g null = 1).</summary>
    public static Tensor ScaleInputs(Tensor w, double[]? gain)
    {
        var data = (double[])w.Data.Clone();
        if (gain is null) return new Tensor(w.Name, w.Shape, data);
        CheckInputs(w, gain.Length);
        int cols = w.Columns;
        for (int o = 0; o < w.Rows; o++)
            for (int i = 0; i < cols; i++) data[o * cols + i] *= gain[i];
        return new Tensor(w.Name, w.Shape, data);
    }

    /// <summary>W·β + b: a norm bias pushed through its reader (b null = 0).</summary>
    public static double[] PushBias(Tensor w, double[] beta, double[]? bias)
    {
        CheckInputs(w, beta.Length);
        int cols = w.Columns;
        var result = bias is null ? new double[w.Rows] : (double[])bias.Clone();
        for (int o = 0; o < w.Rows; o++)
        {
            double s = 0;
            for (int i = 0; i < cols; i++) s += w.Data[o * cols + i] * beta[i];
            result[o] += s;
        }
        return result;
    }

    /// <summary>Writer recentering (SPEC 1): subtract, in every input column, its mean over the output dimension.</summary>
    public static Tensor CenterOutputs(Tensor w)
    {
        int rows = w.Rows, cols = w.Columns;
        var data = (double[])w.Data.Clone();
        for (int i = 0; i < cols; i++)
        {
            double mean = 0;
            for (int o = 0; o < rows; o++) mean += data[o * cols + i];
            mean /= rows;
            for (int o = 0; o < rows; o++) data[o * cols + i] -= mean;
        }
        return new Tensor(w.Name, w.Shape, data);
    }

    /// <summary>Subtract each row's mean (embedding tables, where a row is one vector entering the stream; a vector is one row).</summary>
    public static Tensor CenterRows(Tensor t)
    {
        int rows = t.Rows, cols = t.Columns;
        var data = (double[])t.Data.Clone();
        for (int r = 0; r < rows; r++)
        {
            double mean = 0;
            for (int j = 0; j < cols; j++) mean += data[r * cols + j];
            mean /= cols;
            for (int j = 0; j < cols; j++) data[r * cols + j] -= mean;
        }
        return new Tensor(t.Name, t.Shape, data);
    }

    /// <summary>Compressed reader (SPEC 3): W'[:, i] = W[:, i] − W[:, d−1] for i &lt; d − 1; [out, d] → [out, d − 1].</summary>
    public static Tensor FoldLastInput(Tensor w)
    {
        int rows = w.Rows, d = w.Columns, m = d - 1;
        var data = new double[rows * m];
        for (int o = 0; o < rows; o++)
        {
            double last = w.Data[o * d + m];
            for (int i = 0; i < m; i++) data[o * m + i] = w.Data[o * d + i] - last;
        }
        return new Tensor(w.Name, [rows, m], data);
    }

    /// <summary>Compressed table (SPEC 3): drop the last column, [n, d] → [n, d − 1].</summary>
    public static Tensor DropLastColumn(Tensor t)
    {
        int rows = t.Rows, d = t.Columns, m = d - 1;
        var data = new double[rows * m];
        for (int r = 0; r < rows; r++) Array.Copy(t.Data, r * d, data, r * m, m);
        return new Tensor(t.Name, [rows, m], data);
    }

    /// <summary>Compressed writer (SPEC 3): drop the last output row (a bias vector: its last element).</summary>
    public static Tensor DropLastRow(Tensor t)
    {
        if (t.Shape.Length == 1) return new Tensor(t.Name, [t.Shape[0] - 1], t.Data[..^1]);
        int cols = t.Columns;
        return new Tensor(t.Name, [t.Rows - 1, cols], t.Data[..((t.Rows - 1) * cols)]);
    }

    public static Tensor Scale(Tensor t, double factor) => new(t.Name, t.Shape, t.Data.Select(v => v * factor).ToArray());

    public static Tensor Renamed(Tensor t, string name) => new(name, t.Shape, t.Data);

    private static void CheckInputs(Tensor w, int length)
    {
        if (w.Columns != length)
            throw new ArgumentException($"tensor {w.Name} has {w.Columns} inputs, the norm vector has {length}.", nameof(w));
    }
}
