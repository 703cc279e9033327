using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LedgerAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The ledger is append-only in the database itself, not only in the application.
            migrationBuilder.Sql(@"CREATE FUNCTION ledger_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN RAISE EXCEPTION 'ledger_events is append-only'; END; $$;");
            migrationBuilder.Sql("CREATE TRIGGER ledger_events_no_change BEFORE UPDATE OR DELETE ON ledger_events FOR EACH ROW EXECUTE FUNCTION ledger_events_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER ledger_events_no_truncate BEFORE TRUNCATE ON ledger_events FOR EACH STATEMENT EXECUTE FUNCTION ledger_events_append_only();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ledger_events_no_truncate ON ledger_events;");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ledger_events_no_change ON ledger_events;");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS ledger_events_append_only();");
        }
    }
}
