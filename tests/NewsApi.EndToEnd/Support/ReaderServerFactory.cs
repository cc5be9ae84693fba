using Microsoft.AspNetCore.Hosting;

namespace NewsApi.EndToEnd.Support;

/// <summary>
/// The live server plus the article the seed's first <c>MORE:</c> teaser names, so that teaser resolves and the
/// reader can follow it (and the target lists the seed as a backlink).
/// </summary>
public sealed class ReaderServerFactory : LiveServerFactory
{
    public const string TeaserTargetHeadline = "Indonesian woman, 44, mauled to death by 4.4m-long pet crocodile after falling into its enclosure";

    /// <summary>The writer's key, to remove an article and see the reader's 410 page.</summary>
    public const string ApiKey = "reader-e2e-key";

    public ReaderServerFactory()
    {
        File.WriteAllText(Path.Combine(SourceDirectory, "zzz_crocodile.txt"),
            $"{TeaserTargetHeadline}\n\nA woman was killed by a large crocodile kept at a pearl farm after she fell into its enclosure.\n\n" +
            "Officials said the animal would be moved to a conservation centre.\n");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("NewsApi:ApiKeys:0", ApiKey);
    }
}
