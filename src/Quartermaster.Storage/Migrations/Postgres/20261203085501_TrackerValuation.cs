using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class TrackerValuation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "TrackerBasis",
                table: "aid_packages",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrackerCurrency",
                table: "aid_packages",
                type: "character varying(3)",
                maxLength: 3,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrackerInputs",
                table: "aid_packages",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "TrackerValue",
                table: "aid_packages",
                type: "numeric(20,4)",
                precision: 20,
                scale: 4,
                nullable: true);

            migrationBuilder.AddColumn<decimal>(
                name: "TrackerValueEur",
                table: "aid_packages",
                type: "numeric(20,4)",
                precision: 20,
                scale: 4,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "TrackerBasis",
                table: "aid_packages");

            migrationBuilder.DropColumn(
                name: "TrackerCurrency",
                table: "aid_packages");

            migrationBuilder.DropColumn(
                name: "TrackerInputs",
                table: "aid_packages");

            migrationBuilder.DropColumn(
                name: "TrackerValue",
                table: "aid_packages");

            migrationBuilder.DropColumn(
                name: "TrackerValueEur",
                table: "aid_packages");
        }
    }
}
