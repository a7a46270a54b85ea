using NormLab.Cli;

// `normlab`: each command lives in its own file under Commands/ and is listed in CommandCatalog;
// ErrorBoundary turns bad input into one line and exit code 2.
return ErrorBoundary.Run(args);
