using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class ImportRunConfiguration : IEntityTypeConfiguration<ImportRun>
{
    public void Configure(EntityTypeBuilder<ImportRun> builder)
    {
        builder.Property(r => r.Status).HasMaxLength(16);
        builder.HasMany(r => r.Files).WithOne().HasForeignKey(f => f.ImportRunId).OnDelete(DeleteBehavior.Cascade);
    }
}
