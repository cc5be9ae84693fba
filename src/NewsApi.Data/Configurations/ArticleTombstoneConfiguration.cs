using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class ArticleTombstoneConfiguration : IEntityTypeConfiguration<ArticleTombstone>
{
    public void Configure(EntityTypeBuilder<ArticleTombstone> builder)
    {
        // The id is the removed article's, and Articles' AUTOINCREMENT never hands it out again.
        builder.HasKey(t => t.ArticleId);
        builder.Property(t => t.ArticleId).ValueGeneratedNever();
        builder.Property(t => t.Slug).HasMaxLength(200);
        builder.HasIndex(t => t.Slug).IsUnique();

        // Not unique: a file name can be reused by a later article that is removed in turn.
        builder.HasIndex(t => t.SourceFileName);
        builder.Property(t => t.Reason).HasMaxLength(16);
        builder.Property(t => t.ImportedSha256).HasMaxLength(64).IsFixedLength();
    }
}
