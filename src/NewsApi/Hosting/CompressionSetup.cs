using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace NewsApi.Hosting;

public static class CompressionSetup
{
    public static void AddCompression(this WebApplicationBuilder builder)
    {
        builder.Services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat([ProblemJson.ContentType]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
    }

    /// <summary>Compression runs outermost, so cached responses are stored uncompressed and encoded per client.</summary>
    public static void UseCompression(this WebApplication app) => app.UseResponseCompression();
}
