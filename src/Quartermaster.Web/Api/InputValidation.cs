using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Quartermaster.Domain.Common;
using Quartermaster.Storage;

namespace Quartermaster.Web.Api;

/// <summary>Every invalid value of one request, by field (JSON name).</summary>
public sealed class InputInvalidException(IReadOnlyDictionary<string, string[]> errors)
    : Exception($"{errors.Count} field(s) are not valid: {string.Join("; ", errors.Select(e => $"{e.Key}: {e.Value[0]}"))}")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// The one edge check of every value an API request binds (body records, their nested records and lists, route and
/// query values), before any endpoint runs, reporting every invalid field at once (400, <c>errors</c> by field):
/// <list type="bullet">
/// <item>an enum value must be one of its names (JSON numbers are refused by the serializer; a query such as
/// <c>?aidType=99</c> is refused here);</item>
/// <item>no text may contain a control character (NUL and the other C0 characters except tab, line feed and carriage
/// return): PostgreSQL cannot store NUL, and no field has a use for them;</item>
/// <item>a text must fit its column: the limit is read from the storage model of the entity the record is stored as
/// (name + "Input", or <see cref="StoredAsAttribute"/>), so the limit lives in one place, the EF configuration.</item>
/// </list>
/// The domain's guards refuse the same values again for every other caller (CLI, imports), and the columns back both.
/// </summary>
public static class InputValidation
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> Properties = new();

    public static TBuilder ValidateInput<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
        => builder.AddEndpointFilterFactory((factory, next) =>
        {
            var services = factory.ApplicationServices.GetService<IServiceProviderIsService>();
            var checks = factory.MethodInfo.GetParameters().Select((p, i) => (p, i))
                .Where(x => Checked(x.p.ParameterType) && services?.IsService(x.p.ParameterType) != true).ToArray();
            if (checks.Length == 0) return next;
            return async context =>
            {
                var model = context.HttpContext.RequestServices.GetRequiredService<QuartermasterDb>().Model;
                var errors = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
                foreach (var (p, i) in checks)
                {
                    var value = context.Arguments[i];
                    if (IsRecord(p.ParameterType)) CheckRecord(value, "", model, errors);
                    else CheckValue(value, p.Name!, null, errors);
                }
                if (errors.Count > 0) throw new InputInvalidException(errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
                return await next(context);
            };
        });

    private static bool Checked(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        return t.IsEnum || t == typeof(string) || IsRecord(t);
    }

    private static bool IsRecord(Type t)
        => t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("Quartermaster.", StringComparison.Ordinal) == true;

    private static void CheckRecord(object? record, string prefix, IModel model, SortedDictionary<string, List<string>> errors)
    {
        if (record is null) return;
        var type = record.GetType();
        var entity = type.GetCustomAttribute<StoredAsAttribute>()?.Entity is { } stored
            ? model.FindEntityType(stored)
            : model.GetEntityTypes().FirstOrDefault(e => e.ClrType.Name + "Input" == type.Name);
        foreach (var property in Properties.GetOrAdd(type, t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0).ToArray()))
        {
            var name = prefix + JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            var value = property.GetValue(record);
            var limit = property.PropertyType == typeof(string) ? entity?.FindProperty(property.Name)?.GetMaxLength() : null;
            if (value is not string && value is IEnumerable list)
            {
                var index = 0;
                foreach (var item in list)
                {
                    var at = $"{name}[{index++}]";
                    if (item is not null && IsRecord(item.GetType())) CheckRecord(item, at + ".", model, errors);
                    else CheckValue(item, at, null, errors);
                }
            }
            else if (value is not null && IsRecord(value.GetType())) CheckRecord(value, name + ".", model, errors);
            else CheckValue(value, name, limit, errors);
        }
    }

    private static void CheckValue(object? value, string field, int? maxLength, SortedDictionary<string, List<string>> errors)
    {
        switch (value)
        {
            case Enum e when !Enum.IsDefined(e.GetType(), e):
                Add(errors, field, $"'{e}' is not one of: {string.Join(", ", Enum.GetNames(e.GetType()))}.");
                break;
            case string s:
                var bad = s.FirstOrDefault(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r'));
                if (bad != default || s.Contains('\0'))
                    Add(errors, field, $"contains the control character U+{(int)bad:X4}, which no field accepts.");
                if (maxLength is { } max && s.Trim().Length > max)
                    Add(errors, field, $"must be at most {max} characters (got {s.Trim().Length}).");
                break;
        }
    }

    private static void Add(SortedDictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var list)) errors[field] = list = [];
        list.Add(message);
    }
}
