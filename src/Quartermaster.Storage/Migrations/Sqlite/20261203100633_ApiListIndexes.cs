using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ApiListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_offers_Status_AnnouncedOn",
                table: "offers",
                columns: new[] { "Status", "AnnouncedOn" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_events_Actor_Sequence",
                table: "ledger_events",
                columns: new[] { "Actor", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_events_EntityType_Sequence",
                table: "ledger_events",
                columns: new[] { "EntityType", "Sequence" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_offers_Status_AnnouncedOn",
                table: "offers");

            migrationBuilder.DropIndex(
                name: "IX_ledger_events_Actor_Sequence",
                table: "ledger_events");

            migrationBuilder.DropIndex(
                name: "IX_ledger_events_EntityType_Sequence",
                table: "ledger_events");
        }
    }
}
