namespace NormLab.Models.Formats;

/// <summary>
/// Recognises pickles that are not torch.save's zip format — a raw pickle stream, e.g. a legacy torch.save
/// (PROTO 2 then its magic number) — so they are refused, never unpickled: unpickling runs code the file
/// chooses. torch.save's zip checkpoints are read by the weights-only Torch.TorchCheckpoint instead.
/// </summary>
public static class PickleGuard
{
    private static readonly string[] PickleExtensions = [".pkl", ".pickle"];
    private static readonly string[] TorchExtensions = [".pt", ".pth", ".ckpt"];

    /// <summary>A raw pickle (by extension or content), or a .pt/.pth/.ckpt that is not a zip.</summary>
    public static bool LooksLikePickle(string path)
    {
        if (PickleExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase))) return true;
        if (!File.Exists(path)) return false;
        bool torchExtension = TorchExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));
        return LooksLikeRawPickle(path) || (torchExtension && !Torch.ZipDirectory.HasZipMagic(path));
    }

    /// <summary>Content check: pickle protocol 2–5 opens with PROTO (0x80) and the version; the next byte is an opcode
    /// (FRAME 0x95 from protocol 4), never 0 — which tells it from a llama2.c header whose dim is 0x0?80.</summary>
    public static bool LooksLikeRawPickle(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        if (stream.Read(head) < 4) return false;
        return head[0] == 0x80 && head[1] is >= 2 and <= 5 && (head[1] >= 4 ? head[2] == 0x95 : head[2] != 0);
    }

    public static InvalidDataException Refusal(string path) => new(
        $"{path}: this is a raw pickle (a legacy, non-zip torch.save or a .pkl); NormLab never unpickles one (it can execute code). " +
        "Re-save it with torch.save (zip format, torch >= 1.6), which NormLab reads weights-only, or convert it to safetensors.");
}
