using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NormLab.Cli.Commands;

/// <summary>`normlab env`: what this machine offers the kernels (cores, SIMD width, runtime).</summary>
public static class EnvCommand
{
    public static Command Create()
    {
        var command = new Command("env", "Print the machine facts the lab's results depend on (CPU, cores, SIMD width, .NET).");
        command.SetAction(_ =>
        {
            Console.WriteLine($"os          {RuntimeInformation.OSDescription}");
            Console.WriteLine($"arch        {RuntimeInformation.ProcessArchitecture}");
            Console.WriteLine($"cores       {Environment.ProcessorCount}");
            Console.WriteLine($".NET        {RuntimeInformation.FrameworkDescription}");
            Console.WriteLine($"Vector128   {Vector128.IsHardwareAccelerated}");
            Console.WriteLine($"Vector256   {Vector256.IsHardwareAccelerated}");
            Console.WriteLine($"Vector512   {Vector512.IsHardwareAccelerated}");
            return 0;
        });
        return command;
    }
}
