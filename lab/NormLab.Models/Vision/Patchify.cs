namespace NormLab.Models.Vision;

/// <summary>
/// A square image as ViT patches (SPEC "ViT-MNIST"): a grid of p × p patches in row-major grid order,
/// each flattened row by row, after the per-pixel input normalization (x − mean)/std.
/// </summary>
public static class Patchify
{
    public static double[] Patches(ReadOnlySpan<double> image, int side, int patch, double mean, double std)
    {
        if (image.Length != side * side || side % patch != 0)
            throw new ArgumentException($"expected a {side}×{side} image divisible into {patch}×{patch} patches, got {image.Length} pixels.", nameof(image));
        int grid = side / patch, per = patch * patch;
        var patches = new double[grid * grid * per];
        for (int gy = 0; gy < grid; gy++)
            for (int gx = 0; gx < grid; gx++)
                for (int y = 0; y < patch; y++)
                    for (int x = 0; x < patch; x++)
                        patches[(gy * grid + gx) * per + y * patch + x] = (image[(gy * patch + y) * side + gx * patch + x] - mean) / std;
        return patches;
    }
}
