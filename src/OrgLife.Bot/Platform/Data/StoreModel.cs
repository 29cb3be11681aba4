using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace OrgLife.Bot.Platform.Data;

/// <summary>
/// One feature's part of the store model: the entity configuration it registers from its own
/// <c>Add&lt;Feature&gt;()</c> with <see cref="StoreModelRegistration.AddStoreModel"/>. The store applies every
/// registered part, so the store knows no feature and a new feature touches no shared file.
/// </summary>
internal sealed class StoreModelPart(Action<ModelBuilder> configure)
{
    /// <summary>Names the part in the model cache key (the declaring type of the configure method).</summary>
    public string Name { get; } = configure.Method.DeclaringType?.FullName ?? configure.Method.Name;

    public void Configure(ModelBuilder modelBuilder) => configure(modelBuilder);
}

internal static class StoreModelRegistration
{
    /// <summary>Adds a feature's tables to the store: <c>services.AddStoreModel(AttendanceModel.Configure)</c>.</summary>
    public static IServiceCollection AddStoreModel(this IServiceCollection services, Action<ModelBuilder> configure) =>
        services.AddSingleton(new StoreModelPart(configure));

    /// <summary>
    /// Hands the model parts to a context being configured. The parts travel inside the options (a pooled
    /// context takes nothing else), and the model cache is keyed by them, so hosts with different features
    /// (tests) never share a model.
    /// </summary>
    public static TBuilder UseStoreModel<TBuilder>(this TBuilder options, IEnumerable<StoreModelPart> parts)
        where TBuilder : DbContextOptionsBuilder
    {
        ArgumentNullException.ThrowIfNull(options);
        var extension = new StoreModelExtension([.. parts.OrderBy(p => p.Name, StringComparer.Ordinal)]);
        ((IDbContextOptionsBuilderInfrastructure)options).AddOrUpdateExtension(extension);
        options.ReplaceService<IModelCacheKeyFactory, StoreModelCacheKeyFactory>();
        return options;
    }

    public static IReadOnlyList<StoreModelPart> ModelParts(this DbContextOptions options) =>
        options.FindExtension<StoreModelExtension>()?.Parts ?? [];
}

/// <summary>Carries the registered model parts inside the context options.</summary>
internal sealed class StoreModelExtension(IReadOnlyList<StoreModelPart> parts) : IDbContextOptionsExtension
{
    public IReadOnlyList<StoreModelPart> Parts { get; } = parts;

    /// <summary>The parts' names, joined: what distinguishes one model from another.</summary>
    public string Key { get; } = string.Join('|', parts.Select(p => p.Name));

    public DbContextOptionsExtensionInfo Info => new ExtensionInfo(this);

    public void ApplyServices(IServiceCollection services)
    {
    }

    public void Validate(IDbContextOptions options)
    {
    }

    private sealed class ExtensionInfo(StoreModelExtension extension) : DbContextOptionsExtensionInfo(extension)
    {
        public override bool IsDatabaseProvider => false;

        public override string LogFragment => $"StoreModel={((StoreModelExtension)Extension).Key} ";

        // The parts change the model, not EF's internal services.
        public override int GetServiceProviderHashCode() => 0;

        public override bool ShouldUseSameServiceProvider(DbContextOptionsExtensionInfo other) => other is ExtensionInfo;

        public override void PopulateDebugInfo(IDictionary<string, string> debugInfo) =>
            debugInfo["StoreModel"] = ((StoreModelExtension)Extension).Key;
    }
}

/// <summary>One cached model per context type, set of parts and design-time flag.</summary>
internal sealed class StoreModelCacheKeyFactory : IModelCacheKeyFactory
{
    public object Create(DbContext context, bool designTime) =>
        (context.GetType(), context.GetService<IDbContextOptions>().FindExtension<StoreModelExtension>()?.Key, designTime);
}
