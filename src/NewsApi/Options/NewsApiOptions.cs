using System.ComponentModel.DataAnnotations;

namespace NewsApi.Options;

/// <summary>The <c>NewsApi</c> configuration section.</summary>
public sealed class NewsApiOptions
{
    public const string Section = "NewsApi";

    /// <summary>Folder of <c>*.txt</c> source articles. Relative paths resolve against the content root's repository root when run from the repo.</summary>
    [Required(AllowEmptyStrings = false)]
    public string SourceDirectory { get; set; } = "data/articles";

    /// <summary>Import the source folder when the web host starts.</summary>
    public bool ImportOnStartup { get; set; } = true;

    /// <summary><c>Cache-Control: max-age</c> in seconds for GET responses.</summary>
    [Range(0, 31_536_000)]
    public int CacheMaxAgeSeconds { get; set; } = 60;

    /// <summary>Origins allowed by CORS; <c>*</c> allows any.</summary>
    public string[] CorsOrigins { get; set; } = ["*"];

    /// <summary>Serve Swagger UI and the OpenAPI document.</summary>
    public bool EnableSwagger { get; set; } = true;
}
