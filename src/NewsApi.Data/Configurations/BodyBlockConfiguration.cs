using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using NewsApi.Data.Entities;

namespace NewsApi.Data.Configurations;

internal sealed class BodyBlockConfiguration : IEntityTypeConfiguration<BodyBlock>
{
    public void Configure(EntityTypeBuilder<BodyBlock> builder)
    {
        // Reading order is the key: an article's body is always read whole and in order.
        builder.HasKey(b => new { b.ArticleId, b.Position });
        builder.Property(b => b.Type).HasConversion<string>().HasMaxLength(16);
        builder.HasOne<Image>().WithMany().HasForeignKey(b => b.ImageId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<RelatedLink>().WithMany().HasForeignKey(b => b.RelatedLinkId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(b => b.ImageId);
        builder.HasIndex(b => b.RelatedLinkId);
    }
}
