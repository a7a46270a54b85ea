using NormLab.Kernels;
using NormLab.Models.Export;
using NormLab.Models.Onnx.Proto;

namespace NormLab.Bench.Anchors;

/// <summary>The single-node graph Y = Norm(X; Scale[, B]) over the last axis, as ONNX bytes.</summary>
public static class OrtNormGraph
{
    public static byte[] Build(OrtNormForm form, Dtype dtype, int rows, int d, float eps)
    {
        var type = dtype switch
        {
            Dtype.Float32 => TensorProto.Types.DataType.Float,
            Dtype.Float16 => TensorProto.Types.DataType.Float16,
            _ => TensorProto.Types.DataType.Bfloat16,
        };
        var builder = new OnnxModelBuilder($"{form.OpType}_{rows}x{d}", Math.Max(form.Opset, 17));
        if (form.Domain.Length > 0) builder.Import(form.Domain, 1);
        builder.Input("X", type, rows, d);
        builder.Input("Scale", type, d);
        if (form.HasBias) builder.Input("B", type, d);
        builder.Output("Y", type, rows, d);
        string[] inputs = form.HasBias ? ["X", "Scale", "B"] : ["X", "Scale"];
        builder.Node(form.OpType, inputs, ["Y"], form.Domain,
            OnnxModelBuilder.Attribute("axis", -1L), OnnxModelBuilder.Attribute("epsilon", eps));
        return builder.ToBytes();
    }
}
