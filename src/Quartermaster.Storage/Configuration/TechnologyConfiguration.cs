using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Domain.Technology;

namespace Quartermaster.Storage.Configuration;

public sealed class TechnologyProjectConfiguration : IEntityTypeConfiguration<TechnologyProject>
{
    public void Configure(EntityTypeBuilder<TechnologyProject> b)
    {
        b.ToTable("technology_projects");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Code).IsUnique();
        b.Property(e => e.Code).HasMaxLength(80);
        b.Property(e => e.Title).HasMaxLength(200);
        b.Property(e => e.Description).HasMaxLength(4000);
        b.Property(e => e.Domain).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.Participants).AsJson().HasMaxLength(20000);
        b.Property(e => e.TrlHistory).AsJson().HasMaxLength(100000);
        b.Property(e => e.Milestones).AsJson().HasMaxLength(100000);
        b.Property(e => e.MunitionsListEntry).HasMaxLength(40);
        b.Property(e => e.DualUseEntry).HasMaxLength(40);
        b.Property(e => e.Eccn).HasMaxLength(40);
        b.Property(e => e.ReleasableTo).HasMaxLength(1000);
        b.Ignore(e => e.IsClassified);
        b.Ignore(e => e.LeadCompanyId);
        b.Ignore(e => e.ReleasableNations);
        b.Ignore(e => e.ParticipantNations);
        b.Versioned();
    }
}

public sealed class TechnicalDataRecordConfiguration : IEntityTypeConfiguration<TechnicalDataRecord>
{
    public void Configure(EntityTypeBuilder<TechnicalDataRecord> b)
    {
        b.ToTable("technical_data_records");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.ProjectId);
        b.Property(e => e.Title).HasMaxLength(200);
        b.Property(e => e.Marking).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.Location).HasMaxLength(500);
        b.Property(e => e.ReleasableTo).HasMaxLength(1000);
        b.Ignore(e => e.ReleasableNations);
        b.HasOne<TechnologyProject>().WithMany().HasForeignKey(e => e.ProjectId).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}
