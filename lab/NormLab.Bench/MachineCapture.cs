using Microsoft.ML.OnnxRuntime;
using NormLab.Results;

namespace NormLab.Bench;

/// <summary>The machine of a CPU measurement, with the ONNX Runtime version the bench loads (the record itself lives in Core).</summary>
public static class MachineCapture
{
    public static MachineInfo Capture() => MachineInfo.Capture(OrtEnv.Instance().GetVersionString());
}
