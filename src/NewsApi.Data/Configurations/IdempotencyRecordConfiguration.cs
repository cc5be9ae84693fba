using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.HasKey(r => r.KeyHash);
        builder.Property(r => r.KeyHash).HasMaxLength(64);
        builder.Property(r => r.RequestHash).HasMaxLength(64);

        // Expired records are deleted by age.
        builder.HasIndex(r => r.CreatedAt);
    }
}
