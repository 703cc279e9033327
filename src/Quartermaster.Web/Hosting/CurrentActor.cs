using Microsoft.AspNetCore.Http;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Ledger;

namespace Quartermaster.Web.Hosting;

/// <summary>The signed-in person a request acts as: recorded in the ledger with every change it makes.</summary>
public sealed class CurrentActor(IHttpContextAccessor http)
{
    public Actor Actor => Claims.ActorOf(http.HttpContext?.User ?? new())
                          ?? throw new UnauthorizedAccessException("Sign in first.");

    public Viewer? Viewer => Claims.ViewerOf(http.HttpContext?.User ?? new());
}
