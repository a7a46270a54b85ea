using NormLab.Models.Onnx.Proto;

namespace NormLab.Models.Onnx;

/// <summary>A converted copy of an ONNX model, the main branch found in the source, and every change made.</summary>
public sealed record OnnxPreLnConversion(ModelProto Model, PreLnBranch Branch, IReadOnlyList<string> Changes);
