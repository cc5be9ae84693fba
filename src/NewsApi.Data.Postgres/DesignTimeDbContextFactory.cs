using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NewsApi.Data.Postgres;

/// <summary>
/// Lets <c>dotnet ef</c> build the PostgreSQL model from this project alone; adding a migration or checking for
/// pending model changes never connects, so the server named here need not exist.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NewsDbContext>
{
    public NewsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<NewsDbContext>();
        options.UseNewsApiPostgres("Host=localhost;Database=newsapi_design");
        return new NewsDbContext(options.Options);
    }
}
