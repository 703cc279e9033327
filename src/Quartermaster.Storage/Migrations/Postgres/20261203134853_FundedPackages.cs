using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class FundedPackages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "funded_packages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    TargetValue = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: false),
                    ProducerNation = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ProducerCompanyId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CancelReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Lines = table.Column<string>(type: "character varying(200000)", maxLength: 200000, nullable: false),
                    Contributions = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: false),
                    Attributions = table.Column<string>(type: "character varying(400000)", maxLength: 400000, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_funded_packages", x => x.Id);
                    table.CheckConstraint("ck_funded_package_target_positive", "\"TargetValue\" > 0");
                    table.ForeignKey(
                        name: "FK_funded_packages_companies_ProducerCompanyId",
                        column: x => x.ProducerCompanyId,
                        principalTable: "companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_funded_packages_nations_ProducerNation",
                        column: x => x.ProducerNation,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_funded_packages_ProducerCompanyId",
                table: "funded_packages",
                column: "ProducerCompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_funded_packages_ProducerNation",
                table: "funded_packages",
                column: "ProducerNation");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "funded_packages");
        }
    }
}
