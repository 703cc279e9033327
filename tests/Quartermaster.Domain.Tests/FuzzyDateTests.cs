using Quartermaster.Domain.Common;

namespace Quartermaster.Domain.Tests;

public class FuzzyDateTests
{
    [Fact]
    public void Excel_serial_44621_is_the_first_of_march_2022()
    {
        var d = FuzzyDate.Parse("44621");
        Assert.Equal(new DateOnly(2022, 3, 1), d.Exact);
        Assert.Equal(new DateOnly(2022, 3, 1), d.NotAfter);
        Assert.True(d.IsExact);
        Assert.Equal("44621", d.Raw);
    }

    [Theory]
    [InlineData("44562", 2022, 1, 1)]
    [InlineData("44834", 2022, 9, 30)]
    [InlineData("25569", 1970, 1, 1)]
    public void Excel_serials_count_days_from_the_excel_epoch(string raw, int y, int m, int d)
        => Assert.Equal(new DateOnly(y, m, d), FuzzyDate.Parse(raw).Exact);

    [Theory]
    [InlineData("12")]
    [InlineData("2022")]
    [InlineData("99999")]
    public void Numbers_outside_the_plausible_serial_range_are_unknown(string raw)
    {
        var d = FuzzyDate.Parse(raw);
        Assert.Null(d.Exact);
        Assert.Null(d.NotAfter);
        Assert.Equal(raw, d.Raw);
    }

    [Fact]
    public void Iso_date_is_exact()
    {
        var d = FuzzyDate.Parse("2022-03-01");
        Assert.Equal(new DateOnly(2022, 3, 1), d.Exact);
        Assert.Equal(new DateOnly(2022, 3, 1), d.BestEstimate);
        Assert.True(d.IsExact);
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored_for_parsing()
        => Assert.Equal(new DateOnly(2022, 3, 1), FuzzyDate.Parse("  2022-03-01 ").Exact);

    [Fact]
    public void Invalid_iso_date_is_not_invented()
        => Assert.Null(FuzzyDate.Parse("2022-02-30").BestEstimate);

    [Fact]
    public void Until_text_keeps_raw_text_leaves_exact_unknown_and_bounds_the_date()
    {
        var d = FuzzyDate.Parse("until 7/27/2022");
        Assert.Equal("until 7/27/2022", d.Raw);
        Assert.Null(d.Exact);
        Assert.False(d.IsExact);
        Assert.Equal(new DateOnly(2022, 7, 27), d.NotAfter);
        Assert.Equal(new DateOnly(2022, 7, 27), d.BestEstimate);
    }

    [Fact]
    public void Until_is_case_insensitive_and_accepts_two_digit_month_and_day()
        => Assert.Equal(new DateOnly(2022, 5, 3), FuzzyDate.Parse("Until 05/03/2022").NotAfter);

    [Fact]
    public void Until_with_an_impossible_date_is_unknown()
    {
        var d = FuzzyDate.Parse("until 2/30/2022");
        Assert.Null(d.Exact);
        Assert.Null(d.NotAfter);
    }

    [Fact]
    public void Unclear_month_is_bounded_by_the_last_day_of_that_month()
    {
        var d = FuzzyDate.Parse("unclear, 04/22");
        Assert.Equal("unclear, 04/22", d.Raw);
        Assert.Null(d.Exact);
        Assert.Equal(new DateOnly(2022, 4, 30), d.NotAfter);
    }

    [Fact]
    public void Not_specified_month_is_bounded_by_the_last_day_of_that_month()
    {
        var d = FuzzyDate.Parse("not specified, 03/22");
        Assert.Null(d.Exact);
        Assert.Equal(new DateOnly(2022, 3, 31), d.NotAfter);
    }

    [Fact]
    public void Month_bound_handles_february_and_four_digit_years()
    {
        Assert.Equal(new DateOnly(2024, 2, 29), FuzzyDate.Parse("unclear, 2/2024").NotAfter);
        Assert.Equal(new DateOnly(2022, 2, 28), FuzzyDate.Parse("unclear, 02/22").NotAfter);
    }

    [Fact]
    public void Month_thirteen_is_unknown()
        => Assert.Null(FuzzyDate.Parse("unclear, 13/22").BestEstimate);

    [Theory]
    [InlineData("unspecified")]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Text_without_a_date_is_unknown(string? raw)
    {
        var d = FuzzyDate.Parse(raw);
        Assert.Null(d.Exact);
        Assert.Null(d.NotAfter);
        Assert.Null(d.BestEstimate);
        Assert.False(d.IsExact);
    }

    [Fact]
    public void Unknown_date_keeps_its_raw_text()
        => Assert.Equal("unspecified", FuzzyDate.Parse("unspecified").Raw);
}
