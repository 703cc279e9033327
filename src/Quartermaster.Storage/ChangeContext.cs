using Quartermaster.Domain.Ledger;

namespace Quartermaster.Storage;

/// <summary>Who changes data and with which command: every ledger event written by a save carries both.</summary>
public sealed record ChangeContext(Actor Actor, string Command);
