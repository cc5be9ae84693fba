using Microsoft.EntityFrameworkCore;
using NewsApi.Data.Entities;

namespace NewsApi.Data;

/// <summary>The store: articles with their body, images and related links, and the import log.</summary>
public class NewsDbContext(DbContextOptions<NewsDbContext> options) : DbContext(options)
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<BodyBlock> BodyBlocks => Set<BodyBlock>();
    public DbSet<Image> Images => Set<Image>();
    public DbSet<RelatedLink> RelatedLinks => Set<RelatedLink>();
    public DbSet<ImportRun> ImportRuns => Set<ImportRun>();
    public DbSet<ImportFileResult> ImportFileResults => Set<ImportFileResult>();
    public DbSet<ArticleRendition> ArticleRenditions => Set<ArticleRendition>();
    public DbSet<ArticleTombstone> ArticleTombstones => Set<ArticleTombstone>();
    public DbSet<ArticleSource> ArticleSources => Set<ArticleSource>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NewsDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite has no DateTimeOffset type and EF cannot ORDER BY its text form;
        // every time here is UTC, so store UTC ticks, which sort and compare as integers.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks; read back as UTC.</summary>
public sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks,
    v => new DateTimeOffset(v, TimeSpan.Zero));
