using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SourceKeyPerDonor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_offers_SourceKey",
                table: "offers");

            migrationBuilder.CreateIndex(
                name: "IX_offers_DonorCode_SourceKey",
                table: "offers",
                columns: new[] { "DonorCode", "SourceKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_offers_DonorCode_SourceKey",
                table: "offers");

            migrationBuilder.CreateIndex(
                name: "IX_offers_SourceKey",
                table: "offers",
                column: "SourceKey",
                unique: true);
        }
    }
}
