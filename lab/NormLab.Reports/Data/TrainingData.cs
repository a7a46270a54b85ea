using NormLab.Results;

namespace NormLab.Reports.Data;

// The parts of `normlab train`'s JSON (reports/data/training-*.json) the report shows. Reports reads
// the JSON only: these records mirror the fields by name, the rest of each file is ignored.

public sealed record TrainingHeader(string Study, string Profile, string Verdict, string Cpu, int Cores, string DotNet, string Date, string Commit,
    string DataSource, int TrainBytes, int HeldOutBytes, double WallSeconds);

public sealed record TrainingModel(int Channels, int Layers, int Heads, int Context);

public sealed record TrainingSchedule(int Batch, int Seq, int Steps, double LearningRate);

public sealed record EquivalenceTraceData(string Form, string Label, double[] LossRelDiff, double[] ParamRelDiff, double MaxLossRelDiff,
    double FinalLossRelDiff, double MaxParamRelDiff, double FinalParamRelDiff);

public sealed record EquivalencePrecisionData(string Precision, double[] PreLnLoss, EquivalenceTraceData[] Forms);

public sealed record EquivalenceData(TrainingHeader Header, TrainingModel Model, TrainingSchedule Train, string Method, EquivalencePrecisionData[] Precisions);

public sealed record SpeedFormData(string Form, string Label, double MedianStepMs, double MedianRatio, double MinRatio, double MaxRatio, double[] Ratios,
    double MatmulGflops);

public sealed record GemmRateData(int M, int K, int N, bool Parallel, double Gflops, double PercentOfPeak);

public sealed record SpeedData(TrainingHeader Header, TrainingModel Model, TrainingSchedule Train, int Rounds, double PeakGflops, string PeakFormula,
    GemmRateData[] Gemm, SpeedFormData[] Forms, string PaperClaims);

public sealed record GrowthFitData(string Kind, double A, double B, double RSquared);

public sealed record DepthRunData(string Form, string Label, int Depth, int Seed, double HeldOutBpc, double InitialBpc, double[] VarianceAtInit,
    double[] VarianceTrained, double[] AngularDistanceAtInit, double[] AngularDistanceTrained, double[] PruneDeltaBpc, GrowthFitData[] FitsAtInit,
    GrowthFitData[] FitsTrained, double[] Loss);

public sealed record TrainingDepthData(TrainingHeader Header, int Channels, int Heads, TrainingSchedule Train, string Definitions, DepthRunData[] Runs);

public sealed record PeriRunData(string Form, string Label, double LearningRate, int Seed, double HeldOutBpc, double[] Loss, double[] GradNorm, int GradSpikes,
    int[] ProbeSteps, double[] HiddenVariance, double[] HiddenMaxToMedian, double[] HiddenMaxAbs, bool Diverged);

public sealed record PeriData(TrainingHeader Header, TrainingModel Model, TrainingSchedule Train, string Definitions, PeriRunData[] Runs);

/// <summary>The four training studies; each null when its file is absent.</summary>
public sealed record TrainingInputs(EquivalenceData? Equivalence, SpeedData? Speed, TrainingDepthData? Depth, PeriData? Peri)
{
    public const string EquivalenceFile = "training-equivalence.json";
    public const string SpeedFile = "training-speed.json";
    public const string DepthFile = "training-depth.json";
    public const string PeriFile = "training-peri.json";

    public bool Any => Equivalence is not null || Speed is not null || Depth is not null || Peri is not null;

    public static TrainingInputs Load(string dataDirectory)
    {
        T? Read<T>(string file) where T : class
        {
            string path = Path.Combine(dataDirectory, file);
            return File.Exists(path) ? ResultJson.Read<T>(path) : null;
        }
        return new TrainingInputs(Read<EquivalenceData>(EquivalenceFile), Read<SpeedData>(SpeedFile), Read<TrainingDepthData>(DepthFile), Read<PeriData>(PeriFile));
    }

    /// <summary>One study's file, by the study name in its file name (for `normlab train --figures`).</summary>
    public static TrainingInputs LoadOne(string path)
    {
        string name = Path.GetFileName(path);
        string dir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        var temp = Directory.CreateTempSubdirectory("normlab-train-figures-").FullName;
        try
        {
            string study = name.Contains("equivalence") ? EquivalenceFile : name.Contains("speed") ? SpeedFile : name.Contains("depth") ? DepthFile : PeriFile;
            File.Copy(Path.Combine(dir, name), Path.Combine(temp, study));
            return Load(temp);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }
}
