using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ListSortIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_offers_Status_AnnouncedOn",
                table: "offers");

            migrationBuilder.CreateIndex(
                name: "IX_requirements_NeededBy_Id",
                table: "requirements",
                columns: new[] { "NeededBy", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_requirements_PriorityRank_Id",
                table: "requirements",
                columns: new[] { "PriorityRank", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_requirements_Status_NeededBy_Id",
                table: "requirements",
                columns: new[] { "Status", "NeededBy", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_requirements_Status_PriorityRank_Id",
                table: "requirements",
                columns: new[] { "Status", "PriorityRank", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_offers_AnnouncedOn_Id",
                table: "offers",
                columns: new[] { "AnnouncedOn", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_offers_Status_AnnouncedOn_Id",
                table: "offers",
                columns: new[] { "Status", "AnnouncedOn", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_offers_Status_DonorCode_Id",
                table: "offers",
                columns: new[] { "Status", "DonorCode", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_requirements_NeededBy_Id",
                table: "requirements");

            migrationBuilder.DropIndex(
                name: "IX_requirements_PriorityRank_Id",
                table: "requirements");

            migrationBuilder.DropIndex(
                name: "IX_requirements_Status_NeededBy_Id",
                table: "requirements");

            migrationBuilder.DropIndex(
                name: "IX_requirements_Status_PriorityRank_Id",
                table: "requirements");

            migrationBuilder.DropIndex(
                name: "IX_offers_AnnouncedOn_Id",
                table: "offers");

            migrationBuilder.DropIndex(
                name: "IX_offers_Status_AnnouncedOn_Id",
                table: "offers");

            migrationBuilder.DropIndex(
                name: "IX_offers_Status_DonorCode_Id",
                table: "offers");

            migrationBuilder.CreateIndex(
                name: "IX_offers_Status_AnnouncedOn",
                table: "offers",
                columns: new[] { "Status", "AnnouncedOn" });
        }
    }
}
