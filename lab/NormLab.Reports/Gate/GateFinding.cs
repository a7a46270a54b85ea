namespace NormLab.Reports.Gate;

/// <summary>One compared quantity: its baseline, the fresh value, the limit it is held to, and whether it regressed.</summary>
public sealed record GateFinding(string Metric, string Key, string Baseline, string Fresh, string Limit, bool Regression);
