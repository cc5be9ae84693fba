using ArchUnitNET.Fluent.Slices;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using NewsApi.Data;
using NewsApi.Data.Postgres;
using NewsApi.Parsing;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace NewsApi.Tests.Architecture;

/// <summary>
/// The dependency rules of docs/architecture.md, checked on the compiled assemblies: Parsing ← Data ← host between
/// projects, and Data ← Data.Postgres ← host for the PostgreSQL provider; inside the host, the shared folders
/// (Hosting, Contracts, Paging) use no feature, and no two folders
/// depend on each other, directly or round a longer cycle.
/// </summary>
public class ArchitectureTests
{
    private static readonly System.Reflection.Assembly HostAssembly = typeof(Program).Assembly;
    private static readonly System.Reflection.Assembly DataAssembly = typeof(NewsDbContext).Assembly;
    private static readonly System.Reflection.Assembly ParsingAssembly = typeof(ArticleParser).Assembly;
    private static readonly System.Reflection.Assembly PostgresAssembly = typeof(PostgresStore).Assembly;

    private static readonly ArchUnitNET.Domain.Architecture Code =
        new ArchLoader().LoadAssemblies(HostAssembly, DataAssembly, ParsingAssembly, PostgresAssembly).Build();

    /// <summary>Folders every feature may use; they use no feature themselves.</summary>
    private static readonly string[] Shared = ["NewsApi.Hosting", "NewsApi.Contracts", "NewsApi.Paging"];

    [Fact]
    public void The_parser_depends_on_nothing_of_ours_and_no_package()
    {
        Types().That().ResideInAssembly(ParsingAssembly)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(DataAssembly).Or().ResideInAssembly(HostAssembly).Or().ResideInAssembly(PostgresAssembly))
            .Check(Code);

        // Only the framework: the parsing library has no package references.
        var references = ParsingAssembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name == "netstandard",
            $"NewsApi.Parsing references {name}"));
    }

    [Fact]
    public void The_store_does_not_know_the_host() =>
        Types().That().ResideInAssembly(DataAssembly)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(HostAssembly))
            .Check(Code);

    [Fact]
    public void The_store_does_not_know_its_postgres_provider() =>
        Types().That().ResideInAssembly(DataAssembly)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(PostgresAssembly))
            .Check(Code);

    [Fact]
    public void The_postgres_provider_knows_the_store_only()
    {
        Types().That().ResideInAssembly(PostgresAssembly)
            .Should().NotDependOnAny(Types().That().ResideInAssembly(HostAssembly).Or().ResideInAssembly(ParsingAssembly))
            .Check(Code);

        // Of ours, only the store: the provider is a migrations assembly, not a second home for features.
        var ours = PostgresAssembly.GetReferencedAssemblies().Select(a => a.Name!).Where(n => n.StartsWith("NewsApi", StringComparison.Ordinal));
        Assert.Equal(["NewsApi.Data"], ours);
    }

    [Fact]
    public void Shared_folders_use_no_feature()
    {
        var features = Types().That().ResideInAssembly(HostAssembly).And()
            .ResideInNamespaceMatching(@"^NewsApi\.(?!Hosting|Contracts|Paging)[A-Za-z]+(\..*)?$")
            .As("feature folders");
        foreach (var shared in Shared)
        {
            Types().That().ResideInNamespaceMatching("^" + shared.Replace(".", @"\.", StringComparison.Ordinal) + @"(\..*)?$")
                .Should().NotDependOnAny(features)
                .Check(Code);
        }
    }

    [Fact]
    public void No_two_folders_depend_on_each_other() =>
        SliceRuleDefinition.Slices().Matching("NewsApi.(*)").Should().BeFreeOfCycles().Check(Code);
}
