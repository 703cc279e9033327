using Microsoft.EntityFrameworkCore;
using Quartermaster.Domain.Ledger;
using Quartermaster.Storage;

namespace Quartermaster.Application.Common;

/// <summary>
/// The one write path. A command runs against one database context, with its actor and its name; everything
/// it changes is saved in one transaction together with the ledger events, or nothing is.
/// <para>The command is one retriable unit: it runs inside the database's execution strategy, so a transient fault
/// (a PostgreSQL restart, a terminated connection) runs it again from the start on a fresh connection. When a
/// concurrent writer took a unique key the command needed (the same import, the same new code, at the same
/// moment), the command is run once more against the new state (an import then finds its rows unchanged), and a
/// second collision is a <see cref="ConflictException"/> (409), never an internal error.</para>
/// </summary>
public static class CommandRunner
{
    /// <summary>Runs the command, then builds its result from the saved record (so versions and ETags are the saved ones).</summary>
    public static async Task<TView> Run<TEntity, TView>(QuartermasterDb db, Actor actor, string command, Func<Task<TEntity>> body,
        Func<TEntity, Task<TView>> view, CancellationToken ct = default)
        => await view(await Run(db, actor, command, body, ct));

    public static async Task<T> Run<T>(QuartermasterDb db, Actor actor, string command, Func<Task<T>> body, CancellationToken ct = default)
    {
        var runs = 0;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await db.Database.CreateExecutionStrategy().ExecuteAsync(token =>
                {
                    // A retry starts from a clean slate: nothing the failed attempt tracked is saved by the next one.
                    if (runs++ > 0) db.ChangeTracker.Clear();
                    return Once(db, actor, command, body, token);
                }, ct);
            }
            catch (DbUpdateException ex) when (ex is not DbUpdateConcurrencyException && DatabaseFaults.IsUniqueViolation(ex) && db.Database.CurrentTransaction is null)
            {
                if (attempt == 2)
                    throw new ConflictException("Someone else saved a record with the same key at the same moment; nothing was saved. Reload and try again.");
            }
        }
    }

    private static async Task<T> Once<T>(QuartermasterDb db, Actor actor, string command, Func<Task<T>> body, CancellationToken ct)
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
