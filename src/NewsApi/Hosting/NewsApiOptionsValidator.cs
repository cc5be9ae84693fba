using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace NewsApi.Hosting;

/// <summary>
/// The data-annotation rules of <see cref="NewsApiOptions"/>, reported the way an operator sets them: the setting's
/// configuration key and environment variable, the value given and the valid range ("The field X must be between"
/// names neither the section nor the variable to change).
/// </summary>
public sealed class NewsApiOptionsValidator : IValidateOptions<NewsApiOptions>
{
    public ValidateOptionsResult Validate(string? name, NewsApiOptions options)
    {
        var results = new List<ValidationResult>();
        if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            return ValidateOptionsResult.Success;
        }

        return ValidateOptionsResult.Fail(results.SelectMany(r => r.MemberNames.DefaultIfEmpty("").Select(member => Describe(options, member, r))));
    }

    private static string Describe(NewsApiOptions options, string member, ValidationResult result)
    {
        var property = member.Length == 0 ? null : typeof(NewsApiOptions).GetProperty(member);
        if (property is null)
        {
            return result.ErrorMessage ?? "invalid";
        }

        var setting = $"{NewsApiOptions.Section}:{member} ({NewsApiOptions.Section}__{member})";
        var value = property.GetValue(options);
        return property.GetCustomAttribute<RangeAttribute>() is { } range && value is IFormattable formattable
            ? string.Create(CultureInfo.InvariantCulture, $"{setting} is {formattable}; it must be between {range.Minimum} and {range.Maximum}")
            : $"{setting}: {result.ErrorMessage}";
    }
}
