using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>A converted copy of an ONNX model, its main branch as recognised (nodes now rewritten in the copy), and every change made.</summary>
public sealed record OnnxPreLnConversion(ModelProto Model, PreLnBranch Branch, IReadOnlyList<string> Changes);
