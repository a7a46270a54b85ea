using NormLab.Models.Forward;

namespace NormLab.Models.Verification;

/// <summary>One input of a labelled data set (a test digit): its index in the set, its true class, the forward input.</summary>
public sealed record LabelledInput(int Index, int Label, ForwardInput Input);
