namespace NormLab.Bench.Anchors;

/// <summary>
/// The memory roofline for one byte count, measured in the same rounds as the kernels: a read-only
/// stream (sum), the copy, and a streaming scale y = a·x with ordinary and with non-temporal stores,
/// each on all cores moving as many bytes (read + written) as the kernel. The limit of a round is the
/// best GB/s of the four: read-heavy kernels are held to the read stream, write-heavy ones can reach
/// it only with the store kind that suits them.
/// </summary>
public sealed unsafe class Roofline
{
    private readonly AlignedBuffer read;
    private readonly AlignedBuffer x;
    private readonly AlignedBuffer y;
    private readonly StreamParts readParts;
    private readonly StreamParts scaleParts;
    private float sink;


    public Roofline(long bytesMoved)
    {
        Copy = new AllCoreCopy(bytesMoved);
        int half = checked((int)(bytesMoved / 8));
        read = new AlignedBuffer(2 * half);
        x = new AlignedBuffer(half);
        y = new AlignedBuffer(half);
        readParts = new StreamParts(read.Length);
        scaleParts = new StreamParts(half);
        Action<int, int> sum = (s, e) => sink += StreamKernels.Sum(read.Pointer, s, e);
        Action<int, int> scale = (s, e) => StreamKernels.Scale(x.Pointer, y.Pointer, 1.5f, s, e);
        Action<int, int> scaleNt = (s, e) => StreamKernels.ScaleNonTemporal(x.Pointer, y.Pointer, 1.5f, s, e);
        Streams =
        [
            ("read", 4L * read.Length, () => readParts.Run(sum)),
            ("copy", Copy.BytesMoved, Copy.Run),
            ("scale", 8L * x.Length, () => scaleParts.Run(scale)),
            ("scale-nt", 8L * x.Length, () => scaleParts.Run(scaleNt)),
        ];
    }

    public AllCoreCopy Copy { get; }

    /// <summary>Every stream with the bytes it moves; the copy is one of them. The sums go to a field (racy but harmless) so the reads stay.</summary>
    public IReadOnlyList<(string Name, long BytesMoved, Action Run)> Streams { get; }
}
