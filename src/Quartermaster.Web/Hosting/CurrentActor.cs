using Quartermaster.Domain.Ledger;

namespace Quartermaster.Web.Hosting;

/// <summary>
/// The actor a request acts as, recorded in the ledger with every change it makes. Until accounts exist
/// (see the access issue), the server acts as the operator who started it (<c>--operator</c>, default the OS user).
/// </summary>
public sealed class CurrentActor(WebOptions options)
{
    public Actor Actor { get; } = Actor.LocalOperator(options.Operator);
}
