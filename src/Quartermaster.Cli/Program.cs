using System.CommandLine;
using Quartermaster.Cli;

return await QmCommand.Build().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
