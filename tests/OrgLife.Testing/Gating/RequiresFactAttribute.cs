using Xunit;

namespace OrgLife.Testing.Gating;

/// <summary>
/// A <see cref="FactAttribute"/> that skips, with the reason, when the machine lacks <see cref="Needs"/>
/// — unless <c>ORGLIFE_REQUIRE_ALL_SUITES=1</c>, in which case the test runs and fails in
/// <see cref="Requirements.Ensure"/> (xunit 2 has no dynamic skip, so the decision is made here).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresFactAttribute : FactAttribute
{
    public RequiresFactAttribute(Requirement needs)
    {
        Needs = needs;
        Skip = Requirements.SkipReason(needs);
    }

    /// <summary>What the test needs.</summary>
    public Requirement Needs { get; }
}

/// <summary>The <see cref="TheoryAttribute"/> counterpart of <see cref="RequiresFactAttribute"/>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RequiresTheoryAttribute : TheoryAttribute
{
    public RequiresTheoryAttribute(Requirement needs)
    {
        Needs = needs;
        Skip = Requirements.SkipReason(needs);
    }

    /// <summary>What the test needs.</summary>
    public Requirement Needs { get; }
}
