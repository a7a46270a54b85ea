namespace NormLab.Models.Formats;

/// <summary>
/// Recognises PyTorch pickle checkpoints (a raw pickle stream, or torch.save's zip holding one) so
/// they are refused, never unpickled: unpickling runs code the file chooses.
/// </summary>
public static class PickleGuard
{
    private static readonly string[] PickleExtensions = [".pt", ".pth", ".pkl", ".pickle", ".ckpt"];

    public static bool LooksLikePickle(string path)
    {
        if (PickleExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))) return true;
        if (!File.Exists(path)) return false;
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        if (stream.Read(head) < 4) return false;
        bool zip = head[0] == (byte)'P' && head[1] == (byte)'K' && head[2] == 3 && head[3] == 4;
        // Pickle protocol 2–5 opens with PROTO (0x80) and the version; the next byte is an opcode
        // (FRAME 0x95 from protocol 4), never 0 — which tells it from a llama2.c header whose dim is 0x0?80.
        bool pickle = head[0] == 0x80 && head[1] is >= 2 and <= 5 && (head[1] >= 4 ? head[2] == 0x95 : head[2] != 0);
        return zip || pickle;
    }

    public static InvalidDataException Refusal(string path) => new(
        $"{path}: this is a pickle-based PyTorch checkpoint (.bin/.pt); NormLab never unpickles (it can execute code). " +
        "Convert it to safetensors first (e.g. with the safetensors package's convert script) and pass the .safetensors file.");
}
