namespace NormLab.Models.Forward;

/// <summary>Which norm of a block (or the final one) an observer is shown.</summary>
public enum NormSite
{
    AttentionInput,
    AttentionOutput,
    MlpInput,
    MlpOutput,
    Final,
}
