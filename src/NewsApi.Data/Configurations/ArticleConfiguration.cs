using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> builder)
    {
        builder.Property(a => a.Slug).HasMaxLength(200);
        builder.HasIndex(a => a.Slug).IsUnique();
        builder.HasIndex(a => a.SourceFileName).IsUnique();
        builder.HasIndex(a => a.NormalizedTitle);

        // Sort keys of the list endpoint, each with Id as the tie-breaker keyset cursors need.
        builder.HasIndex(a => new { a.Title, a.Id });
        builder.HasIndex(a => new { a.UpdatedAt, a.Id });
        builder.HasIndex(a => new { a.ImageCount, a.Id });
        builder.HasIndex(a => new { a.PublishedAt, a.Id });

        builder.Property(a => a.Title).UseCollation("NOCASE");
        builder.Property(a => a.Origin).HasMaxLength(16).HasDefaultValue(ArticleOrigins.Import);
        builder.Property(a => a.Byline).HasMaxLength(200);
        builder.Property(a => a.Dateline).HasMaxLength(200);
        builder.Property(a => a.SourceUrl).HasMaxLength(2048);
        builder.Property(a => a.Sha256).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.ImportedSha256).HasMaxLength(64).IsFixedLength();
        builder.Property(a => a.Diagnostics)
            .HasConversion(DiagnosticsJson.Converter, DiagnosticsJson.Comparer)
            .HasColumnName("DiagnosticsJson");

        builder.HasMany(a => a.Body).WithOne().HasForeignKey(b => b.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.Images).WithOne(i => i.Article).HasForeignKey(i => i.ArticleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(a => a.RelatedLinks).WithOne(r => r.Article).HasForeignKey(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
