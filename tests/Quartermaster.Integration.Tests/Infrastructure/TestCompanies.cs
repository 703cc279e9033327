using Microsoft.EntityFrameworkCore;
using Quartermaster.Application.Common;
using Quartermaster.Domain.Industry;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Nations;
using Quartermaster.Storage;

namespace Quartermaster.Integration.Tests.Infrastructure;

/// <summary>Industry representatives are bound to an existing company: the fixtures create the company their accounts name.</summary>
public static class TestCompanies
{
    public static async Task<string> EnsureAsync(QuartermasterDb db, string code, string nation = "DEU")
    {
        await CommandRunner.Run(db, Actor.LocalOperator("fixture"), $"test: company {code}", async () =>
        {
            if (!await db.Nations.AnyAsync(n => n.Code == nation)) db.Nations.Add(new Nation(nation, nation, NationStatus.Member));
            if (!await db.Companies.AnyAsync(c => c.Code == code)) db.Companies.Add(new Company(Guid.NewGuid(), code, code + " (test)", nation));
            return 0;
        });
        return code;
    }
}
