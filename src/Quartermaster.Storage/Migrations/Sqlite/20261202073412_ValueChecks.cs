using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ValueChecks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddCheckConstraint(
                name: "ck_offers_currency_code",
                table: "offers",
                sql: "\"DeclaredCurrency\" IS NULL OR length(\"DeclaredCurrency\") = 3");

            migrationBuilder.AddCheckConstraint(
                name: "ck_offers_quantities_not_negative",
                table: "offers",
                sql: "(\"QuantityAnnounced\" IS NULL OR \"QuantityAnnounced\" >= 0) AND \"QuantityAllocated\" >= 0 AND \"QuantityDelivered\" >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_offers_value_not_negative",
                table: "offers",
                sql: "\"DeclaredValue\" IS NULL OR \"DeclaredValue\" >= 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_funding_amount_positive",
                table: "funding_pledges",
                sql: "\"Amount\" > 0");

            migrationBuilder.AddCheckConstraint(
                name: "ck_funding_currency_code",
                table: "funding_pledges",
                sql: "length(\"Currency\") = 3");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_offers_currency_code",
                table: "offers");

            migrationBuilder.DropCheckConstraint(
                name: "ck_offers_quantities_not_negative",
                table: "offers");

            migrationBuilder.DropCheckConstraint(
                name: "ck_offers_value_not_negative",
                table: "offers");

            migrationBuilder.DropCheckConstraint(
                name: "ck_funding_amount_positive",
                table: "funding_pledges");

            migrationBuilder.DropCheckConstraint(
                name: "ck_funding_currency_code",
                table: "funding_pledges");
        }
    }
}
