namespace NormLab.Reports.Tests;

/// <summary>
/// Approved-file snapshots: the text must equal Approved/NAME.md byte for byte; on a mismatch the
/// text is written to Approved/NAME.received.md (to diff, and to rename over the approved file once
/// the change is intended) and the test fails.
/// </summary>
public static class Approval
{
    public static void Verify(string name, string actual)
    {
        string directory = TestPaths.ApprovedDirectory();
        string approved = Path.Combine(directory, name + ".md");
        string received = Path.Combine(directory, name + ".received.md");
        string? expected = File.Exists(approved) ? File.ReadAllText(approved) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"no approved file {approved}; wrote {received} — review it and rename it to approve."
            : $"{name} differs from {approved}; wrote {received} — diff them, and rename it over the approved file if the change is intended.");
    }
}
