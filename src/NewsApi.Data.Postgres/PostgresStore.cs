using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using NewsApi.Data.Import;
using NewsApi.Data.Postgres.Import;
using NewsApi.Data.Postgres.Search;
using Npgsql;

namespace NewsApi.Data.Postgres;

/// <summary>The store on PostgreSQL: the provider, this assembly's migrations and the model differences it needs.</summary>
public static class PostgresStore
{
    /// <summary>
    /// Case-insensitive ordering of titles, as SQLite's <c>NOCASE</c> gives them there (PostgreSQL has no <c>NOCASE</c>:
    /// <c>42704</c>). An ICU collation at secondary strength ignores case; it stays deterministic (ties broken by
    /// the bytes) because PostgreSQL 15 refuses <c>LIKE</c> on a nondeterministic one, and the title index must stay
    /// usable for keyset pages.
    /// </summary>
    public const string TitleCollation = "newsapi_title";

    /// <summary>Uses PostgreSQL with this assembly's migrations and its write path (<see cref="PostgresDialect"/>).</summary>
    public static DbContextOptionsBuilder UseNewsApiPostgres(this DbContextOptionsBuilder options, string connectionString)
    {
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(typeof(PostgresStore).Assembly.GetName().Name))
            .ReplaceService<IModelCustomizer, PostgresModelCustomizer>();
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(new StoreDialectExtension(PostgresDialect.Instance));
        return options;
    }

    /// <summary>
    /// Whether the connection string is one Npgsql reads and names a server: null when it does, else why not, in
    /// words for a one-line start-up failure.
    /// </summary>
    public static string? Unsuitable(string connectionString)
    {
        NpgsqlConnectionStringBuilder csb;
        try
        {
            csb = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            // "Data Source=news.db" (a SQLite file) says only "Couldn't set data source"; the keyword is what to fix.
            return e.ParamName is { Length: > 0 } keyword ? $"Npgsql knows no keyword '{keyword}'" : e.Message.TrimEnd('.');
        }

        return string.IsNullOrWhiteSpace(csb.Host) ? "it names no server (Host=...)" : null;
    }

    /// <summary>Where the store lives, for messages: server, port and database, never the password.</summary>
    public static string Describe(string connectionString)
    {
        var csb = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL {csb.Host}:{csb.Port}/{csb.Database ?? csb.Username}";
    }
}

/// <summary>
/// The shared model (<see cref="NewsDbContext"/>) with what PostgreSQL needs instead of SQLite's particulars.
/// </summary>
internal sealed class PostgresModelCustomizer(ModelCustomizerDependencies dependencies) : RelationalModelCustomizer(dependencies)
{
    public override void Customize(ModelBuilder modelBuilder, DbContext context)
    {
        base.Customize(modelBuilder, context);
        modelBuilder.HasCollation(PostgresStore.TitleCollation, locale: "und-u-ks-level2", provider: "icu", deterministic: true);
        modelBuilder.Entity<Entities.Article>().Property(a => a.Title).UseCollation(PostgresStore.TitleCollation);

        // One row only (its triggers and watchers read Id 1); the migration creates the triggers that bump it.
        modelBuilder.Entity<ContentVersionRow>(row =>
        {
            row.ToTable(ContentVersions.Table, t => t.HasCheckConstraint("CK_ContentVersions_OneRow", "\"Id\" = 1"));
            row.Property(r => r.Id).ValueGeneratedNever();
            row.HasData(new ContentVersionRow { Id = 1, Version = 0 });
        });

        // The search index: SQLite's FTS5 tables are raw SQL outside the model; these are ordinary tables, so they are in it.
        modelBuilder.Entity<ArticleSearchVector>(b =>
        {
            b.ToTable("ArticleSearchVectors");
            b.HasKey(v => v.ArticleId);
            b.Property(v => v.ArticleId).ValueGeneratedNever();
            b.Property(v => v.Vector).HasColumnType("tsvector");
            b.HasIndex(v => v.Vector).HasMethod("gin");
            b.HasOne<Entities.Article>().WithOne().HasForeignKey<ArticleSearchVector>(v => v.ArticleId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ImageSearchVector>(b =>
        {
            b.ToTable("ImageSearchVectors");
            b.HasKey(v => v.ImageId);
            b.Property(v => v.ImageId).ValueGeneratedNever();
            b.Property(v => v.Vector).HasColumnType("tsvector");
            b.HasIndex(v => v.Vector).HasMethod("gin");
            b.HasOne<Entities.Image>().WithOne().HasForeignKey<ImageSearchVector>(v => v.ImageId).OnDelete(DeleteBehavior.Cascade);
        });

        // SQLite's LIKE folds ASCII letters only; AsciiLower lets a query do the same on both sides of PostgreSQL's LIKE.
        var (upper, lower) = PostgresQueries.AsciiLowerAlphabets;
        modelBuilder.HasDbFunction(typeof(PostgresQueries).GetMethod(nameof(PostgresQueries.AsciiLower))!)
            .HasTranslation(args => new SqlFunctionExpression("translate",
                [args[0], new SqlConstantExpression(upper, args[0].TypeMapping), new SqlConstantExpression(lower, args[0].TypeMapping)],
                nullable: true, argumentsPropagateNullability: [true, false, false], typeof(string), args[0].TypeMapping));

        // NOCASE's order is the code-point order of the ASCII-folded text: byte order ("C") of the same translate().
        modelBuilder.HasDbFunction(typeof(PostgresQueries).GetMethod(nameof(PostgresQueries.TitleKey))!)
            .HasTranslation(args => new CollateExpression(new SqlFunctionExpression("translate",
                [args[0], new SqlConstantExpression(upper, args[0].TypeMapping), new SqlConstantExpression(lower, args[0].TypeMapping)],
                nullable: true, argumentsPropagateNullability: [true, false, false], typeof(string), args[0].TypeMapping), "C"));

        // The highest id ever given per table, like SQLite's AUTOINCREMENT: the writer gives ids itself (identity values
        // are not transactional), and a removed image or teaser id must not come back.
        modelBuilder.Entity<IdHighWater>(e =>
        {
            e.ToTable("IdHighWater");
            e.HasKey(h => h.Name);
            e.Property(h => h.Name).HasMaxLength(32);
        });
    }
}
