using Google.Protobuf;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>
/// Reads and writes ONNX model files as protobuf messages only: nothing read is ever executed.
/// A malformed or truncated file is an <see cref="InvalidDataException"/> naming the file.
/// </summary>
public static class OnnxModelFile
{
    public static ModelProto Load(string path)
    {
        NormLab.IO.InputFile.RequireRegular(path, "ONNX model");
        byte[] bytes = File.ReadAllBytes(path);
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path}: not a valid ONNX protobuf ({e.Message})", e);
        }
        // Protobuf accepts many byte strings (an empty file parses as an empty message); an ONNX
        // model must at least carry a graph with nodes and an opset.
        if (model.Graph is null || model.Graph.Node.Count == 0 || model.OpsetImport.Count == 0)
            throw new InvalidDataException($"{path}: parses as protobuf but holds no ONNX graph (no nodes or no opset_import)");
        return model;
    }

    public static void Save(ModelProto model, string path)
    {
        string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir is not null) Directory.CreateDirectory(dir);
        NormLab.IO.AtomicOutput.WriteBytes(path, model.ToByteArray());
    }
}
