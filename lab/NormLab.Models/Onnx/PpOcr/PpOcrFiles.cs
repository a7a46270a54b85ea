namespace NormLab.Models.Onnx.PpOcr;

/// <summary>The cached PP-OCRv4 recognizer and its character list.</summary>
public sealed record PpOcrFiles(string ModelPath, string KeysPath);
