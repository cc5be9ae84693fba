using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class ImportFileResultConfiguration : IEntityTypeConfiguration<ImportFileResult>
{
    public void Configure(EntityTypeBuilder<ImportFileResult> builder)
    {
        builder.Property(f => f.Outcome).HasMaxLength(16);
        builder.Property(f => f.Diagnostics)
            .HasConversion(DiagnosticsJson.Converter, DiagnosticsJson.Comparer)
            .HasColumnName("DiagnosticsJson");
    }
}
