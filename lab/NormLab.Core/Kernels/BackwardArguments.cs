using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>The backward kernels' argument checks, in the references' order and with their names.</summary>
internal static class BackwardArguments
{
    /// <summary><paramref name="width"/> is the stored row length: d, or d − 1 for CRMSNorm.</summary>
    public static void Check(int xLength, int d, int width, int gainLength, int dyLength, float eps, int dxLength, int dgainLength,
        int dbiasLength, string xName)
    {
        if (width == d) NormArguments.Rows(xLength, d, xName);
        else NormArguments.CompressedRows(xLength, d, xName);
        NormArguments.Optional(gainLength, width, "gain");
        NormArguments.Epsilon(eps);
        NormArguments.Required(dyLength, xLength, "dy");
        NormArguments.Required(dxLength, xLength, "dx");
        NormArguments.Optional(dgainLength, width, "dgain");
        NormArguments.Optional(dbiasLength, width, "dbias");
    }
}
