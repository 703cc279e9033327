using Quartermaster.Cli;

return await QmCommand.RunAsync(args);
