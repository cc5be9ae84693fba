using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class RelatedLinkConfiguration : IEntityTypeConfiguration<RelatedLink>
{
    public void Configure(EntityTypeBuilder<RelatedLink> builder)
    {
        builder.HasIndex(r => new { r.ArticleId, r.Position }).IsUnique();
        builder.HasIndex(r => r.NormalizedTitle);
        builder.HasIndex(r => r.TargetArticleId);
        builder.Property(r => r.Marker).HasMaxLength(32);

        // A teaser outlives the article it names: it just becomes unresolved.
        builder.HasOne(r => r.TargetArticle).WithMany().HasForeignKey(r => r.TargetArticleId).OnDelete(DeleteBehavior.SetNull);
    }
}
