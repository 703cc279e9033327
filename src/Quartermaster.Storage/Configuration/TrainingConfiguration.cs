using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Quartermaster.Domain.Catalogue;
using Quartermaster.Domain.Requirements;
using Quartermaster.Domain.Training;

namespace Quartermaster.Storage.Configuration;

public sealed class CourseConfiguration : IEntityTypeConfiguration<Course>
{
    public void Configure(EntityTypeBuilder<Course> b)
    {
        b.ToTable("training_courses");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Code).IsUnique();
        b.Property(e => e.Code).HasMaxLength(80);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.Language).HasMaxLength(100);
        b.Property(e => e.Prerequisites).AsJson().HasMaxLength(4000);
        b.Versioned();
    }
}

public sealed class TrainingSiteConfiguration : IEntityTypeConfiguration<TrainingSite>
{
    public void Configure(EntityTypeBuilder<TrainingSite> b)
    {
        b.ToTable("training_sites");
        b.HasKey(e => e.Id);
        b.HasIndex(e => e.Code).IsUnique();
        b.HasIndex(e => e.HostNation);
        b.Property(e => e.Code).HasMaxLength(80);
        b.Property(e => e.Name).HasMaxLength(200);
        b.Property(e => e.HostNation).HasMaxLength(3);
        b.Property(e => e.Courses).AsJson().HasMaxLength(40000);
        b.Property(e => e.StartDates).AsJson().HasMaxLength(8000);
        b.Property(e => e.BlackoutWeeks).AsJson().HasMaxLength(8000);
        b.HasOne<Domain.Nations.Nation>().WithMany().HasForeignKey(e => e.HostNation).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}

public sealed class CohortConfiguration : IEntityTypeConfiguration<Cohort>
{
    public void Configure(EntityTypeBuilder<Cohort> b)
    {
        b.ToTable("training_cohorts");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.SiteId, e.CourseId, e.StartDate });
        b.HasIndex(e => e.RequirementId);
        b.HasIndex(e => e.HostNation);
        b.Property(e => e.State).HasConversion<string>().HasMaxLength(20);
        b.Property(e => e.HostNation).HasMaxLength(3);
        b.Property(e => e.ReceivingUnit).HasMaxLength(120);
        b.Ignore(e => e.GraduationDate);
        b.Ignore(e => e.IsActive);
        b.HasOne<Course>().WithMany().HasForeignKey(e => e.CourseId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<TrainingSite>().WithMany().HasForeignKey(e => e.SiteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Requirement>().WithMany().HasForeignKey(e => e.RequirementId).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}

public sealed class SustainmentNeedConfiguration : IEntityTypeConfiguration<SustainmentNeed>
{
    public void Configure(EntityTypeBuilder<SustainmentNeed> b)
    {
        b.ToTable("sustainment_needs");
        b.HasKey(e => e.Id);
        b.HasIndex(e => new { e.SystemItemId, e.ItemId }).IsUnique();
        b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(30);
        b.Property(e => e.QuantityPerUnit).HasPrecision(18, 4);
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(e => e.SystemItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<CatalogueItem>().WithMany().HasForeignKey(e => e.ItemId).OnDelete(DeleteBehavior.Restrict);
        b.Versioned();
    }
}
