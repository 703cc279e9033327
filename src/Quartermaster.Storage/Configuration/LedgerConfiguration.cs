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

public sealed class LedgerEventConfiguration : IEntityTypeConfiguration<LedgerEvent>
{
    public void Configure(EntityTypeBuilder<LedgerEvent> b)
    {
        b.ToTable("ledger_events");
        b.HasKey(e => e.Sequence);
        b.Property(e => e.Sequence).ValueGeneratedNever();
        b.Property(e => e.Actor).HasMaxLength(200);
        b.Property(e => e.ActorNation).HasMaxLength(3);
        b.Property(e => e.EventType).HasMaxLength(100);
        b.Property(e => e.EntityType).HasMaxLength(60);
        b.Property(e => e.EntityId).HasMaxLength(200);
        b.Property(e => e.Command).HasMaxLength(500);
        b.Property(e => e.PreviousHash).HasMaxLength(64);
        b.Property(e => e.Hash).HasMaxLength(64);
        b.HasIndex(e => new { e.EntityType, e.EntityId });
        b.HasIndex(e => e.RecordedAt);
        // The ledger list filters by type or actor and pages newest first by sequence: each filter is one index seek
        // in sequence order (bench api: without it SQLite sorted every matching event for a page of 50).
        b.HasIndex(e => new { e.EntityType, e.Sequence });
        b.HasIndex(e => new { e.Actor, e.Sequence });
    }
}

public sealed class LedgerTreeNodeConfiguration : IEntityTypeConfiguration<LedgerTreeNode>
{
    public void Configure(EntityTypeBuilder<LedgerTreeNode> b)
    {
        b.ToTable("ledger_tree_nodes");
        b.HasKey(n => new { n.Level, n.Index });
        b.Property(n => n.Hash).HasMaxLength(32);
    }
}

public sealed class LedgerCheckpointConfiguration : IEntityTypeConfiguration<LedgerCheckpoint>
{
    public void Configure(EntityTypeBuilder<LedgerCheckpoint> b)
    {
        b.ToTable("ledger_checkpoints");
        b.HasKey(c => c.TreeSize);
        b.Property(c => c.TreeSize).ValueGeneratedNever();
        b.Property(c => c.RootHash).HasMaxLength(64);
        b.Property(c => c.KeyId).HasMaxLength(64);
        b.Property(c => c.Signature).HasMaxLength(200);
        b.Ignore(c => c.SignedText);
        b.HasIndex(c => c.IssuedAt);
    }
}

public sealed class CheckpointWitnessConfiguration : IEntityTypeConfiguration<CheckpointWitness>
{
    public void Configure(EntityTypeBuilder<CheckpointWitness> b)
    {
        b.ToTable("checkpoint_witnesses");
        b.HasKey(w => w.Id);
        b.Versioned();
        b.Property(w => w.Nation).HasMaxLength(3);
        b.Property(w => w.PublicKey).HasMaxLength(400);
        b.Property(w => w.Signature).HasMaxLength(200);
        b.Property(w => w.SubmittedBy).HasMaxLength(200);
        b.HasIndex(w => new { w.TreeSize, w.Nation }).IsUnique();
        b.HasOne<LedgerCheckpoint>().WithMany().HasForeignKey(w => w.TreeSize).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Nation>().WithMany().HasForeignKey(w => w.Nation).OnDelete(DeleteBehavior.Restrict);
    }
}

public sealed class WitnessKeyConfiguration : IEntityTypeConfiguration<WitnessKey>
{
    public void Configure(EntityTypeBuilder<WitnessKey> b)
    {
        b.ToTable("witness_keys");
        b.HasKey(k => k.Nation);
        b.Versioned();
        b.Property(k => k.Nation).HasMaxLength(3);
        b.Property(k => k.PublicKey).HasMaxLength(400);
        b.HasOne<Nation>().WithMany().HasForeignKey(k => k.Nation).OnDelete(DeleteBehavior.Restrict);
    }
}
