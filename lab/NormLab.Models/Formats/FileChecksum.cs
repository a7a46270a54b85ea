using System.Security.Cryptography;

namespace NormLab.Models.Formats;

/// <summary>The one sha256 check of fetched fixtures: a mismatch names the file, both digests and what to do.</summary>
public static class FileChecksum
{
    public static void Require(string path, string expected, string remedy)
    {
        string actual;
        using (var s = File.OpenRead(path)) actual = Convert.ToHexStringLower(SHA256.HashData(s));
        if (actual != expected)
            throw new InvalidDataException($"{path}: sha256 mismatch (expected {expected}, got {actual}); {remedy}");
    }
}
