using NormLab.Cli;
using Spectre.Console;

// `normlab`: each command lives in its own file under Commands/ and is listed in CommandCatalog;
// ErrorBoundary turns bad input into one line and exit code 2.
// Redirected output (CI logs, `> file`) would fall back to 80 columns and split numbers across
// lines; a file has no width, so tables are laid out wide enough to keep every cell on one line.
if (Console.IsOutputRedirected) AnsiConsole.Console.Profile.Width = RedirectedWidth.Columns;
return ErrorBoundary.Run(args);
