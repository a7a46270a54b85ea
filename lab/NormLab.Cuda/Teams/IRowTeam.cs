namespace NormLab.Cuda.Teams;

/// <summary>
/// The threads that cooperate on one row, and how they reduce. A kernel body is written once
/// against this; the team type is the only thing that differs between kernel v1 (a warp per row)
/// and v2 (a thread block per row). Every member is called by all threads of the team alike.
/// </summary>
public interface IRowTeam
{
    /// <summary>The row this team works on (may be past the last row in a partly filled launch).</summary>
    int Row { get; }

    /// <summary>This thread's index within the team, 0..Size−1.</summary>
    int Lane { get; }

    /// <summary>Threads in the team.</summary>
    int Size { get; }

    /// <summary>Sum over the team; every thread gets the result.</summary>
    float Sum(float value);

    /// <summary>Sum of the team's compensated partial sums, carried as (value, error) through every level; every thread gets the rounded result.</summary>
    float Sum(Kernels.CompensatedSum value);

    /// <summary>Maximum over the team of non-negative values (magnitudes); every thread gets the result.</summary>
    float Max(float value);
}
