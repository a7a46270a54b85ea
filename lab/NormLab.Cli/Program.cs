using System.CommandLine;
using NormLab.Cli;

// `normlab`: each command lives in its own file under Commands/ and is listed here.
var root = new RootCommand("NormLab: verifies and benchmarks the normalization layers of transformers.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
return await root.Parse(args).InvokeAsync();
