using Quartermaster.Domain.Common;
using Quartermaster.Domain.Industry;

namespace Quartermaster.Domain.Tests;

public sealed class IndustryTests
{
    private static Company NewCompany() => new(Guid.NewGuid(), "Mitsubishi-Heavy", "Mitsubishi Heavy Industries (illustrative)", "jpn");

    [Fact]
    public void A_new_company_is_pending_and_may_not_sell_until_approved()
    {
        var c = NewCompany();
        Assert.Equal("mitsubishi-heavy", c.Code);
        Assert.Equal("JPN", c.Nation);
        Assert.Equal(VettingStatus.Pending, c.Vetting);
        Assert.False(c.MaySell);
        c.SetVetting(VettingStatus.Approved, null);
        Assert.True(c.MaySell);
    }

    [Fact]
    public void Suspending_needs_a_reason_and_a_vetted_company_never_returns_to_pending()
    {
        var c = NewCompany();
        c.SetVetting(VettingStatus.Approved, null);
        Assert.Equal("vettingNote", Assert.Throws<DomainException>(() => c.SetVetting(VettingStatus.Suspended, " ")).Field);
        c.SetVetting(VettingStatus.Suspended, "Audit finding 2026-11");
        Assert.False(c.MaySell);
        Assert.Equal("vetting", Assert.Throws<DomainException>(() => c.SetVetting(VettingStatus.Pending, null)).Field);
        Assert.Equal("vetting", Assert.Throws<DomainException>(() => c.SetVetting(VettingStatus.Suspended, "again")).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-lead")]
    [InlineData("has space")]
    [InlineData("ümlaut")]
    public void A_company_code_that_does_not_parse_names_the_code_field(string code)
        => Assert.Equal("code", Assert.Throws<DomainException>(() => new Company(Guid.NewGuid(), code, "X", "DEU")).Field);
}
