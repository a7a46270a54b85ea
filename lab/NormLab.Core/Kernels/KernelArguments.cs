using NormLab.Validation;

namespace NormLab.Kernels;

/// <summary>The argument checks of a forward kernel, in the reference's order and with its argument names.</summary>
internal static class KernelArguments
{
    public static int Forward(int xLength, int d, int gainLength, int biasLength, float eps, int yLength, string yName = "y")
    {
        int rows = NormArguments.Rows(xLength, d, "x");
        NormArguments.Optional(gainLength, d, "gain");
        NormArguments.Optional(biasLength, d, "bias");
        NormArguments.Epsilon(eps);
        NormArguments.Required(yLength, xLength, yName);
        return rows;
    }
}
