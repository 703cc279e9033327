using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Domain.Access;
using Quartermaster.Domain.Allocations;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Common;
using Quartermaster.Domain.Funding;
using Quartermaster.Domain.Ledger;
using Quartermaster.Domain.Logistics;
using Quartermaster.Domain.Nations;
using Quartermaster.Domain.Offers;
using Quartermaster.Domain.Requirements;

namespace Quartermaster.Storage.Configuration;

public sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("accounts");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.UserName).IsUnique();
        b.Property(e => e.UserName).HasMaxLength(64);
        b.Property(e => e.DisplayName).HasMaxLength(120);
        b.Property(e => e.Role).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Nation).HasMaxLength(3);
        b.Property(e => e.Company).HasMaxLength(120);
        b.Property(e => e.PasswordHash).HasMaxLength(1000);
        b.Property(e => e.SecurityStamp).HasMaxLength(64);
        b.Ignore(e => e.Viewer);
        b.Ignore(e => e.MayHoldWriteTokens);
        b.Versioned();
    }
}

public sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.ToTable("api_tokens");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Hash).IsUnique();
        b.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
        b.Property(e => e.Name).HasMaxLength(120);
        b.Property(e => e.Prefix).HasMaxLength(16);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.Property(e => e.Scope).HasConversion<string>().HasMaxLength(10);
        b.Versioned();
    }
}
