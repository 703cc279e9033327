using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ImportLookupIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_offers_DonorCode_SourceKey",
                table: "offers");

            migrationBuilder.DropIndex(
                name: "IX_aid_packages_DonorCode_Reference",
                table: "aid_packages");

            migrationBuilder.CreateIndex(
                name: "IX_offers_SourceKey_DonorCode",
                table: "offers",
                columns: new[] { "SourceKey", "DonorCode" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_aid_packages_DonorCode",
                table: "aid_packages",
                column: "DonorCode");

            migrationBuilder.CreateIndex(
                name: "IX_aid_packages_Reference_DonorCode",
                table: "aid_packages",
                columns: new[] { "Reference", "DonorCode" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_offers_SourceKey_DonorCode",
                table: "offers");

            migrationBuilder.DropIndex(
                name: "IX_aid_packages_DonorCode",
                table: "aid_packages");

            migrationBuilder.DropIndex(
                name: "IX_aid_packages_Reference_DonorCode",
                table: "aid_packages");

            migrationBuilder.CreateIndex(
                name: "IX_offers_DonorCode_SourceKey",
                table: "offers",
                columns: new[] { "DonorCode", "SourceKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_aid_packages_DonorCode_Reference",
                table: "aid_packages",
                columns: new[] { "DonorCode", "Reference" },
                unique: true);
        }
    }
}
