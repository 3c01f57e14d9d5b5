using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace OneStop.Web.Data;

/// <summary>
/// A property stored as one JSON text column (<see cref="OneStopDbContext.Json"/>), compared by its JSON so that a change
/// inside it (a list item, a dictionary entry) is saved. Used by the entity configurations of several features.
/// </summary>
public static class JsonColumn
{
    public static PropertyBuilder<T> HasJsonConversion<T>(this PropertyBuilder<T> property) =>
        property.HasConversion(Converter<T>(), Comparer<T>());

    private static ValueConverter<T, string> Converter<T>() => new(
        v => JsonSerializer.Serialize(v, OneStopDbContext.Json),
        s => JsonSerializer.Deserialize<T>(s, OneStopDbContext.Json)!);

    private static ValueComparer<T> Comparer<T>() => new(
        (a, b) => JsonSerializer.Serialize(a, OneStopDbContext.Json) == JsonSerializer.Serialize(b, OneStopDbContext.Json),
        v => JsonSerializer.Serialize(v, OneStopDbContext.Json).GetHashCode(StringComparison.Ordinal),
        v => JsonSerializer.Deserialize<T>(JsonSerializer.Serialize(v, OneStopDbContext.Json), OneStopDbContext.Json)!);
}
