using Quartermaster.Application.Common;
using Quartermaster.Application.Technology;

namespace Quartermaster.Import.Tests;

/// <summary>The export-control tables the application embeds from data/export-control, and the project's history in words.</summary>
public class TechnologyTests
{
    [Fact]
    public void The_embedded_tables_name_all_22_munitions_list_categories_and_the_annex_i_structure()
    {
        Assert.Equal(22, ExportControlList.MunitionsList.Count);
        Assert.Equal("Military Aircraft & Components", ExportControlList.MunitionsListTitle("ML10.a"));
        Assert.Equal("Computers — Systems, equipment and components", ExportControlList.DualUseDescription("4A005"));
        Assert.Equal("Sensors and lasers — Technology", ExportControlList.DualUseDescription("6E001"));
        Assert.Null(ExportControlList.MunitionsListTitle("4A005"));
        Assert.Null(ExportControlList.DualUseDescription("ML10"));
    }

    [Fact]
    public void Readiness_history_milestones_and_companies_appear_in_the_record_history_as_words()
    {
        const string history = """[{"On":"2025-06-03","From":null,"To":3,"By":"a","Note":"n","RecordedAt":"2026-12-03T06:17:14Z"},{"On":"2026-03-03","From":3,"To":5,"By":"a","Note":"n","RecordedAt":"2026-12-03T06:17:15Z"}]""";
        Assert.Equal("TRL 3 (2025-06-03) → 5 (2026-03-03)", Labels.Value("TechnologyProject", "TrlHistory", history));
        Assert.Equal("1. CDR, due 2026-01-15, done 2026-01-20",
            Labels.Value("TechnologyProject", "Milestones", """[{"Number":1,"Title":"CDR","Due":"2026-01-15","Done":"2026-01-20"}]"""));
        Assert.Equal("USA (lead), JPN — 2 companies",
            Labels.Value("TechnologyProject", "Participants", $$"""[{"CompanyId":"{{Guid.NewGuid()}}","Nation":"USA","Lead":true},{"CompanyId":"{{Guid.NewGuid()}}","Nation":"JPN","Lead":false}]"""));
        Assert.Equal("not json", Labels.Value("TechnologyProject", "TrlHistory", "not json"));
        Assert.Equal("Uncrewed systems", Labels.Value("TechnologyProject", "Domain", "UncrewedSystems"));
    }
}
