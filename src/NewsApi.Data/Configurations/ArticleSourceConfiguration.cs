using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class ArticleSourceConfiguration : IEntityTypeConfiguration<ArticleSource>
{
    public void Configure(EntityTypeBuilder<ArticleSource> builder)
    {
        builder.HasKey(s => s.ArticleId);
        builder.Property(s => s.ArticleId).ValueGeneratedNever();

        // The text goes with its article; a tombstone keeps no text (a restore brings new text).
        builder.HasOne<Article>().WithOne().HasForeignKey<ArticleSource>(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
