using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class ArticleRenditionConfiguration : IEntityTypeConfiguration<ArticleRendition>
{
    public void Configure(EntityTypeBuilder<ArticleRendition> builder)
    {
        builder.HasKey(r => r.ArticleId);
        builder.Property(r => r.ArticleId).ValueGeneratedNever();
        builder.HasOne<Article>().WithOne().HasForeignKey<ArticleRendition>(r => r.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}
