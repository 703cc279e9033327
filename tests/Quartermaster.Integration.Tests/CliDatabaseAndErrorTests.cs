using Quartermaster.Cli;
using Quartermaster.Integration.Tests.Infrastructure;

namespace Quartermaster.Integration.Tests;

/// <summary>qm db init, the refusal of a database path that does not exist, and one-line argument errors (issue 9 point 14).</summary>
public sealed class CliDatabaseAndErrorTests
{
    private static string[] ErrLines(CliResult r) => r.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string ScratchDir()
    {
        var dir = Path.Combine(Path.GetTempPath(), "qm-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        return dir;
    }

    [Theory]
    [InlineData("users", "list")]
    [InlineData("ledger", "verify")]
    [InlineData("report", "burden-sharing")]
    [InlineData("plan", "list")]
    [InlineData("serve")]
    public async Task A_db_path_that_does_not_exist_is_refused_in_one_line_and_no_file_is_created(params string[] command)
    {
        var dir = ScratchDir();
        try
        {
            var path = Path.Combine(dir, "typo.db");
            var r = await Qm.Run([.. command, "--db", path]);
            Assert.True(r.ExitCode != 0, r.ToString());
            var line = Assert.Single(ErrLines(r));
            Assert.Equal($"qm: error: no database at {path} (create one with 'qm db init --db {path}' or 'qm demo')", line);
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task Db_init_creates_a_usable_database_and_refuses_to_init_it_again_unless_if_missing()
    {
        var dir = ScratchDir();
        try
        {
            var path = Path.Combine(dir, "new.db");
            var init = await Qm.Run("db", "init", "--db", path);
            Assert.True(init.ExitCode == 0, init.ToString());
            Assert.Contains("nations", init.Out);
            Assert.True(File.Exists(path));

            var users = await Qm.Run("users", "add", "ops", "--role", "Coordinator", "--db", path);
            Assert.True(users.ExitCode == 0, users.ToString());
            var list = await Qm.Run("users", "list", "--db", path);
            Assert.True(list.ExitCode == 0, list.ToString());
            Assert.Contains("ops", list.Out);
            var report = await Qm.Run("report", "burden-sharing", "--format", "csv", "--db", path);
            Assert.True(report.ExitCode == 0, report.ToString());

            var again = await Qm.Run("db", "init", "--db", path);
            Assert.True(again.ExitCode != 0, again.ToString());
            Assert.StartsWith("qm: error: a database already exists at ", Assert.Single(ErrLines(again)));
            var idempotent = await Qm.Run("db", "init", "--db", path, "--if-missing");
            Assert.True(idempotent.ExitCode == 0, idempotent.ToString());
            var stillThere = await Qm.Run("users", "list", "--db", path);
            Assert.Contains("ops", stillThere.Out);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public async Task Db_init_on_postgres_creates_a_database_that_read_commands_use()
    {
        await using var db = await TestDatabase.CreateAsync(DbKind.Postgres, migrate: false);
        var init = await Qm.Run("db", "init", "--db", db.DbArgument);
        Assert.True(init.ExitCode == 0, init.ToString());
        var verify = await Qm.Run("ledger", "verify", "--db", db.DbArgument);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        var again = await Qm.Run("db", "init", "--db", db.DbArgument);
        Assert.True(again.ExitCode != 0, again.ToString());
        Assert.Single(ErrLines(again));
    }

    [Fact]
    public async Task A_mistyped_command_prints_one_line_with_a_suggestion_and_exits_2()
    {
        var r = await Qm.Run("improt", "offers", "x.csv");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("qm: error: unknown command 'improt'; did you mean 'import'?", Assert.Single(ErrLines(r)));
        Assert.Equal("", r.Out.Trim());
    }

    [Fact]
    public async Task A_mistyped_subcommand_is_suggested_within_its_parent()
    {
        var r = await Qm.Run("ledger", "verfy");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("qm: error: unknown command 'verfy' for 'qm ledger'; did you mean 'verify'?", Assert.Single(ErrLines(r)));
    }

    [Fact]
    public async Task An_unknown_option_prints_one_line_and_exits_2()
    {
        var r = await Qm.Run("report", "burden-sharing", "--fromat", "csv");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(ErrLines(r));
        Assert.StartsWith("qm: error: unknown option '--fromat' for 'qm report burden-sharing'; did you mean '--format'?", line);
        Assert.Equal("", r.Out.Trim());
    }

    [Fact]
    public async Task Serve_refuses_token_because_the_option_is_not_on_that_command()
    {
        var r = await Qm.Run("serve", "--token", "x");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("qm: error: unknown option '--token' for 'qm serve'", Assert.Single(ErrLines(r)));
    }

    [Fact]
    public async Task Server_and_token_are_listed_only_on_the_commands_that_use_them()
    {
        var import = await Qm.Run("import", "offers", "--help");
        Assert.Contains("--server", import.Out);
        Assert.Contains("--token", import.Out);
        foreach (var command in new[] { new[] { "serve" }, ["users", "list"], ["demo"], ["db", "init"] })
        {
            var help = await Qm.Run([.. command, "--help"]);
            Assert.True(help.ExitCode == 0, help.ToString());
            Assert.DoesNotContain("--server", help.Out);
            Assert.DoesNotContain("--token", help.Out);
        }
    }

    [Fact]
    public async Task A_bad_option_value_names_no_dotnet_type()
    {
        var r = await Qm.Run("tokens", "create", "--user", "a", "--name", "b", "--days", "abc");
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(ErrLines(r));
        Assert.StartsWith("qm: error: ", line);
        Assert.Contains("whole number", line);
        Assert.DoesNotContain("System.", line);
    }

    [Fact]
    public void Type_names_in_runtime_messages_become_plain_words()
    {
        Assert.Equal("cannot parse argument 'x' for option '--days' as a whole number",
            Errors.Plain("Cannot parse argument 'x' for option '--days' as expected type 'System.Int32'."));
        Assert.DoesNotContain("System.", Errors.Plain(new FormatException("The value is not a System.Decimal.")));
    }

    [Fact]
    public void Progress_delivered_to_the_renderer_never_decreases_and_finishes_at_100_percent()
    {
        var seen = new List<double>();
        var progress = new MonotonicProgress((f, _) => seen.Add(f));
        foreach (var f in new[] { 0.1, 0.5, 0.3, 0.0, 0.7, double.NaN, 0.65, 1.5, 0.2 }) progress.Report(f, "step");
        Assert.Equal(seen.OrderBy(x => x), seen);
        Assert.All(seen, f => Assert.InRange(f, 0.0, 1.0));
        progress.Finish();
        Assert.Equal(1.0, seen[^1]);
        var count = seen.Count;
        progress.Report(0.5, "late");
        Assert.Equal(count, seen.Count);

        var partial = new List<double>();
        var stopped = new MonotonicProgress((f, _) => partial.Add(f));
        stopped.Report(0.4, "half way");
        stopped.Finish();
        Assert.Equal([0.4, 1.0], partial);
    }

    [Fact]
    public void A_table_that_fits_keeps_its_columns()
    {
        var text = TextTable.Render(["donor", "announced_eur"], [["DEU", "1,000"], ["FRA", "20"]], 80, new HashSet<int> { 1 });
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => Assert.True(l.Length <= 80));
        Assert.Equal("FRA".PadRight(5) + "  " + "20".PadLeft(13), lines[3]);
    }

    [Fact]
    public void Long_cells_are_cut_with_an_ellipsis_to_fit_the_width()
    {
        var name = new string('x', 100);
        var text = TextTable.Render(["donor", "donor_name", "lines"], [["DEU", name, "3"]], 60);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 60, l));
        Assert.Contains("…", lines[2]);
    }

    [Fact]
    public void An_id_column_is_never_cut_the_other_columns_are()
    {
        var id = Guid.NewGuid().ToString();
        var text = TextTable.Render(["id", "name"], [[id, new string('x', 80)]], 60, whole: new HashSet<int> { 0 });
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 60, l));
        Assert.StartsWith(id + "  x", lines[2]);
        Assert.EndsWith("…", lines[2]);
    }

    [Fact]
    public void A_table_wider_than_the_terminal_switches_to_the_list_layout()
    {
        string[] headers = ["donor", "donor_name", "aid_type", "announced_eur", "delivered_eur", "packages", "lines"];
        var text = TextTable.Render(headers, [["DEU", "Germany", "Military", "1,000", "900", "4", "12"], ["FRA", "France", "Financial", "5", "5", "1", "1"]], 40);
        var blocks = text.Split("\n\n");
        Assert.Equal(2, blocks.Length);
        var first = blocks[0].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(headers.Length, first.Length);
        Assert.StartsWith("donor:", first[0]);
        Assert.EndsWith(" DEU", first[0]);
        Assert.Contains(first, l => l.StartsWith("donor_name:") && l.EndsWith(" Germany"));
        Assert.All(text.Split('\n'), l => Assert.True(l.Length <= 40, l));
    }
}
