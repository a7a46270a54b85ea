namespace NormLab.Results;

/// <summary>Mean, minimum and maximum of one quantity over seeds.</summary>
public sealed record SeedSpread(double Mean, double Min, double Max)
{
    public static SeedSpread Of(IEnumerable<double> values)
    {
        var v = values.ToArray();
        if (v.Length == 0) throw new ArgumentException("no values to summarize.", nameof(values));
        return new SeedSpread(v.Average(), v.Min(), v.Max());
    }
}
