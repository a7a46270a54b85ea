namespace NormLab.Models.Description;

/// <summary>A model the lab can run: its shape, its (lazy) weights, and a name for reports.</summary>
public sealed record NeutralModel(string Name, ModelConfig Config, ITensorSource Weights);
