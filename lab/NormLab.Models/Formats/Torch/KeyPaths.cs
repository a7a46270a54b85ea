namespace NormLab.Models.Formats.Torch;

/// <summary>
/// Key paths into a pickled object: segments split on '/' when the path has one, else on '.'. Dict keys
/// may themselves hold dots (state dict names do), so at each dict the longest run of segments that is a
/// key wins; an integer segment also matches an int key or indexes a list or tuple.
/// </summary>
internal static class KeyPaths
{
    public static object? Resolve(string path, object? root, string? keyPath)
    {
        if (string.IsNullOrEmpty(keyPath)) return root;
        char separator = keyPath.Contains('/') ? '/' : '.';
        string[] segments = keyPath.Split(separator);
        object? value = root;
        for (int i = 0; i < segments.Length;)
        {
            int used = Step(value, segments, i, separator, out value);
            if (used == 0) throw new KeyNotFoundException($"{path}: key path '{keyPath}' has no '{segments[i]}' (at '{string.Join(separator, segments[..i])}').");
            i += used;
        }
        return value;
    }

    private static int Step(object? value, string[] segments, int start, char separator, out object? next)
    {
        next = null;
        switch (value)
        {
            case PickleDict dict:
                for (int n = segments.Length - start; n >= 1; n--)
                {
                    string key = string.Join(separator, segments, start, n);
                    if (dict.TryGetValue(key, out next)) return n;
                }
                return long.TryParse(segments[start], out long k) && dict.TryGetValue(k, out next) ? 1 : 0;
            case IReadOnlyList<object?> items when int.TryParse(segments[start], out int index) && index >= 0 && index < items.Count:
                next = items[index];
                return 1;
            default:
                return 0;
        }
    }
}
