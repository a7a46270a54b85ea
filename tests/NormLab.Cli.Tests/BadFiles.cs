using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace NormLab.Cli.Tests;

/// <summary>Malformed inputs built in code: safetensors files, a GPT-2 checkpoint with its config.json, llama2.c headers, a FIFO.</summary>
public static class BadFiles
{
    /// <summary>A safetensors file from a raw JSON header (duplicate keys and all) and a data section of <paramref name="dataBytes"/>.</summary>
    public static void Safetensors(string path, string header, int dataBytes)
    {
        byte[] json = Encoding.UTF8.GetBytes(header);
        using var s = File.Create(path);
        s.Write(BitConverter.GetBytes((ulong)json.Length));
        s.Write(json);
        s.Write(new byte[dataBytes]);
    }

    /// <summary>
    /// A complete, valid 1-layer GPT-2 (d 4, 1 head, vocab 8, 8 positions) in float32 with its
    /// config.json; <paramref name="poison"/> sets one element of one tensor (e.g. NaN).
    /// </summary>
    public static void Gpt2(string folder, object? config = null, (string Tensor, int Index, float Value)? poison = null)
    {
        const int d = 4, v = 8, s = 8;
        var tensors = new (string Name, int[] Shape)[]
        {
            ("wte.weight", [v, d]), ("wpe.weight", [s, d]),
            ("h.0.ln_1.weight", [d]), ("h.0.ln_1.bias", [d]),
            ("h.0.attn.c_attn.weight", [d, 3 * d]), ("h.0.attn.c_attn.bias", [3 * d]),
            ("h.0.attn.c_proj.weight", [d, d]), ("h.0.attn.c_proj.bias", [d]),
            ("h.0.ln_2.weight", [d]), ("h.0.ln_2.bias", [d]),
            ("h.0.mlp.c_fc.weight", [d, 4 * d]), ("h.0.mlp.c_fc.bias", [4 * d]),
            ("h.0.mlp.c_proj.weight", [4 * d, d]), ("h.0.mlp.c_proj.bias", [d]),
            ("ln_f.weight", [d]), ("ln_f.bias", [d]),
        };
        var header = new Dictionary<string, object>();
        var data = new MemoryStream();
        foreach (var (name, shape) in tensors)
        {
            int count = shape.Aggregate(1, (a, b) => a * b);
            long begin = data.Length;
            for (int i = 0; i < count; i++)
            {
                float value = name.Contains("ln_") && name.EndsWith("weight") ? 1f : 0.01f * ((i * 7 + name.Length) % 11 - 5);
                if (poison is { } p && p.Tensor == name && p.Index == i) value = p.Value;
                data.Write(BitConverter.GetBytes(value));
            }
            header[name] = new { dtype = "F32", shape, data_offsets = new[] { begin, data.Length } };
        }
        Safetensors(Path.Combine(folder, "model.safetensors"), JsonSerializer.Serialize(header), 0);
        using (var f = new FileStream(Path.Combine(folder, "model.safetensors"), FileMode.Append)) data.WriteTo(f);
        Config(folder, config ?? new { n_embd = d, n_layer = 1, n_head = 1, vocab_size = v, n_positions = s });
    }

    public static void Config(string folder, object config) =>
        File.WriteAllText(Path.Combine(folder, "config.json"), config as string ?? JsonSerializer.Serialize(config));

    /// <summary>A llama2.c file: the 7-int header and <paramref name="payloadBytes"/> of zeros.</summary>
    public static void Llama2c(string path, int[] header, int payloadBytes = 64)
    {
        using var s = File.Create(path);
        foreach (int h in header) s.Write(BitConverter.GetBytes(h));
        s.Write(new byte[payloadBytes]);
    }

    public static void Fifo(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
