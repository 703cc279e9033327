using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Industry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EarmarkCoalition",
                table: "funding_pledges",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EarmarkItemId",
                table: "funding_pledges",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ForbiddenCategories",
                table: "funding_pledges",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "PoolId",
                table: "funding_pledges",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "funding_pools",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Purpose = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_funding_pools", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "products",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CompanyId = table.Column<Guid>(type: "uuid", nullable: false),
                    CatalogueItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    CapacityPerMonth = table.Column<int>(type: "integer", nullable: false),
                    LeadTimeWeeks = table.Column<int>(type: "integer", nullable: false),
                    MinimumOrder = table.Column<int>(type: "integer", nullable: false),
                    EarliestStart = table.Column<DateOnly>(type: "date", nullable: true),
                    StockOnHand = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_products", x => x.Id);
                    table.CheckConstraint("ck_products_price_positive", "\"UnitPrice\" > 0");
                    table.ForeignKey(
                        name: "FK_products_catalogue_items_CatalogueItemId",
                        column: x => x.CatalogueItemId,
                        principalTable: "catalogue_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_products_companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "production_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CompanyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProductId = table.Column<Guid>(type: "uuid", nullable: false),
                    CatalogueItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    UnitPrice = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    RequirementId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    QuantityDelivered = table.Column<int>(type: "integer", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Schedule = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Funding = table.Column<string>(type: "character varying(40000)", maxLength: 40000, nullable: false),
                    Deliveries = table.Column<string>(type: "character varying(40000)", maxLength: 40000, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_production_orders", x => x.Id);
                    table.ForeignKey(
                        name: "FK_production_orders_catalogue_items_CatalogueItemId",
                        column: x => x.CatalogueItemId,
                        principalTable: "catalogue_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_production_orders_companies_CompanyId",
                        column: x => x.CompanyId,
                        principalTable: "companies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_production_orders_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_production_orders_requirements_RequirementId",
                        column: x => x.RequirementId,
                        principalTable: "requirements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_funding_pledges_EarmarkItemId",
                table: "funding_pledges",
                column: "EarmarkItemId");

            migrationBuilder.CreateIndex(
                name: "IX_funding_pledges_PoolId",
                table: "funding_pledges",
                column: "PoolId");

            migrationBuilder.CreateIndex(
                name: "IX_funding_pools_Code",
                table: "funding_pools",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_production_orders_CatalogueItemId",
                table: "production_orders",
                column: "CatalogueItemId");

            migrationBuilder.CreateIndex(
                name: "IX_production_orders_CompanyId",
                table: "production_orders",
                column: "CompanyId");

            migrationBuilder.CreateIndex(
                name: "IX_production_orders_ProductId",
                table: "production_orders",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_production_orders_RequirementId",
                table: "production_orders",
                column: "RequirementId");

            migrationBuilder.CreateIndex(
                name: "IX_products_CatalogueItemId",
                table: "products",
                column: "CatalogueItemId");

            migrationBuilder.CreateIndex(
                name: "IX_products_CompanyId_CatalogueItemId",
                table: "products",
                columns: new[] { "CompanyId", "CatalogueItemId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_funding_pledges_catalogue_items_EarmarkItemId",
                table: "funding_pledges",
                column: "EarmarkItemId",
                principalTable: "catalogue_items",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_funding_pledges_funding_pools_PoolId",
                table: "funding_pledges",
                column: "PoolId",
                principalTable: "funding_pools",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            // Pledges made before pools existed named their pool in free text. They are filed into pool records by the
            // application after the schema is up to date (FundingService.FileUnpooledPledges, run by every start), so that
            // the new pools and the changed pledges are written to the ledger like any change: a data change made here in
            // SQL would leave records the ledger does not know, and `qm ledger verify` would rightly report them.
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_funding_pledges_catalogue_items_EarmarkItemId",
                table: "funding_pledges");

            migrationBuilder.DropForeignKey(
                name: "FK_funding_pledges_funding_pools_PoolId",
                table: "funding_pledges");

            migrationBuilder.DropTable(
                name: "funding_pools");

            migrationBuilder.DropTable(
                name: "production_orders");

            migrationBuilder.DropTable(
                name: "products");

            migrationBuilder.DropIndex(
                name: "IX_funding_pledges_EarmarkItemId",
                table: "funding_pledges");

            migrationBuilder.DropIndex(
                name: "IX_funding_pledges_PoolId",
                table: "funding_pledges");

            migrationBuilder.DropColumn(
                name: "EarmarkCoalition",
                table: "funding_pledges");

            migrationBuilder.DropColumn(
                name: "EarmarkItemId",
                table: "funding_pledges");

            migrationBuilder.DropColumn(
                name: "ForbiddenCategories",
                table: "funding_pledges");

            migrationBuilder.DropColumn(
                name: "PoolId",
                table: "funding_pledges");
        }
    }
}
