using NormLab.Models.Description;
using NormLab.Models.Formats;
using NormLab.Models.Formats.Safetensors;
using NormLab.Models.Synthetic;
using NormLab.Models.Vision;

namespace NormLab.Models.Tests;

/// <summary>
/// A checkpoint with ViT-MNIST's own tensor names and shapes (vit-pytorch: [1, 50, 64] positions,
/// [1, 1, 64] class token, fused to_qkv without bias…) and seeded weights, written as safetensors:
/// it goes through the same layout file as the real fixture, without needing the .pt reader.
/// </summary>
internal static class SyntheticVit
{
    public static string Write(string folder, string name = "vit.safetensors", ulong seed = 11)
    {
        var layout = VitMnist.Layout();
        var c = layout.Config;
        var shapes = new Dictionary<string, int[]>
        {
            ["to_patch_embedding.1.weight"] = [c.Dim, c.PatchDim], ["to_patch_embedding.1.bias"] = [c.Dim],
            ["cls_token"] = [1, 1, c.Dim], ["pos_embedding"] = [1, c.MaxSeq, c.Dim],
            ["mlp_head.0.weight"] = [c.Dim], ["mlp_head.0.bias"] = [c.Dim], ["mlp_head.1.weight"] = [c.Vocab, c.Dim], ["mlp_head.1.bias"] = [c.Vocab],
        };
        for (int l = 0; l < c.Layers; l++)
        {
            string p = $"transformer.layers.{l}.";
            shapes[p + "0.norm.weight"] = [c.Dim]; shapes[p + "0.norm.bias"] = [c.Dim];
            shapes[p + "0.fn.to_qkv.weight"] = [3 * c.QueryDim, c.Dim];
            shapes[p + "0.fn.to_out.0.weight"] = [c.Dim, c.QueryDim]; shapes[p + "0.fn.to_out.0.bias"] = [c.Dim];
            shapes[p + "1.norm.weight"] = [c.Dim]; shapes[p + "1.norm.bias"] = [c.Dim];
            shapes[p + "1.fn.net.0.weight"] = [c.Hidden, c.Dim]; shapes[p + "1.fn.net.0.bias"] = [c.Hidden];
            shapes[p + "1.fn.net.3.weight"] = [c.Dim, c.Hidden]; shapes[p + "1.fn.net.3.bias"] = [c.Dim];
        }
        var set = new LazyTensorSet();
        foreach (var (tensor, shape) in shapes)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            // Norm gains near 1, everything else small with a non-zero mean, so every conversion has work to do.
            bool gain = tensor.EndsWith("norm.weight", StringComparison.Ordinal) || tensor == "mlp_head.0.weight";
            set.Set(tensor, () => new Tensor(tensor, shape, new SeededNormal(seed, tensor).Fill(count, gain ? 1 : 0.02, gain ? 0.1 : 0.1)));
        }
        string path = Path.Combine(folder, name);
        SafetensorsWriter.Write(path, set, StorageType.F32, new Dictionary<string, string>());
        return path;
    }

    public static string LayoutPath(string folder)
    {
        using var stream = typeof(VitMnist).Assembly.GetManifestResourceStream(VitMnist.LayoutResource)!;
        string path = Path.Combine(folder, "vit.layout.json");
        using var file = File.Create(path);
        stream.CopyTo(file);
        return path;
    }
}
