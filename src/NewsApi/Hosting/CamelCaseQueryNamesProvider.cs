using System.Text.Json;
using Microsoft.AspNetCore.Mvc.ModelBinding.Metadata;
using NewsApi.Contracts;

namespace NewsApi.Hosting;

/// <summary>
/// Query parameters of the list queries are bound, validated and reported under their camelCase names
/// (<c>pageSize</c>, not <c>PageSize</c>), the names the documentation and <c>Link</c> headers use,
/// so a 400 names the parameter the way the caller wrote it.
/// </summary>
internal sealed class CamelCaseQueryNamesProvider : IBindingMetadataProvider, IDisplayMetadataProvider
{
    public void CreateBindingMetadata(BindingMetadataProviderContext context)
    {
        if (IsQueryProperty(context.Key))
        {
            context.BindingMetadata.BinderModelName ??= CamelCase(context.Key.Name!);
        }
    }

    public void CreateDisplayMetadata(DisplayMetadataProviderContext context)
    {
        if (IsQueryProperty(context.Key))
        {
            var name = CamelCase(context.Key.Name!);
            context.DisplayMetadata.DisplayName ??= () => name;
        }
    }

    internal static string CamelCase(string name) => JsonNamingPolicy.CamelCase.ConvertName(name);

    private static bool IsQueryProperty(ModelMetadataIdentity key) =>
        key.MetadataKind == ModelMetadataKind.Property && key.ContainerType is { } container && typeof(PageQuery).IsAssignableFrom(container);
}
