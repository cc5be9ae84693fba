using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace NewsApi.Data;

/// <summary>Lets <c>dotnet ef</c> build the model from this project alone, without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NewsDbContext>
{
    public NewsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<NewsDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
