using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OffersDonorOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_offers_DonorCode",
                table: "offers");

            migrationBuilder.CreateIndex(
                name: "IX_offers_DonorCode_Id",
                table: "offers",
                columns: new[] { "DonorCode", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_offers_DonorCode_Id",
                table: "offers");

            migrationBuilder.CreateIndex(
                name: "IX_offers_DonorCode",
                table: "offers",
                column: "DonorCode");
        }
    }
}
