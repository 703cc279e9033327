using Microsoft.EntityFrameworkCore;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Common;

/// <summary>
/// The one write path. A command runs against one database context, with its actor and its name; everything
/// it changes is saved in one transaction together with the ledger events, or nothing is.
/// </summary>
public static class CommandRunner
{
    /// <summary>Runs the command, then builds its result from the saved record (so versions and ETags are the saved ones).</summary>
    public static async Task<TView> Run<TEntity, TView>(QuartermasterDb db, Actor actor, string command, Func<Task<TEntity>> body,
        Func<TEntity, Task<TView>> view, CancellationToken ct = default)
        => await view(await Run(db, actor, command, body, ct));

    public static async Task<T> Run<T>(QuartermasterDb db, Actor actor, string command, Func<Task<T>> body, CancellationToken ct = default)
    {
        db.Changes = new ChangeContext(actor, command);
        var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var result = await body();
            await db.SaveChangesAsync(ct);
            if (transaction is not null) await transaction.CommitAsync(ct);
            return result;
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new ConflictException(ex.Message.StartsWith("The record was changed", StringComparison.Ordinal)
                ? ex.Message
                : "The record was changed by someone else since you read it; reload it and try again.");
        }
        finally
        {
            if (transaction is not null) await transaction.DisposeAsync();
            db.ChangeTracker.Clear();
            db.Changes = null;
        }
    }
}
