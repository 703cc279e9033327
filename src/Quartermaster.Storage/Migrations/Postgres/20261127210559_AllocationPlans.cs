using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class AllocationPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "allocation_plans",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SolveStatus = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Objective = table.Column<double>(type: "double precision", nullable: false),
                    Bound = table.Column<double>(type: "double precision", nullable: true),
                    Gap = table.Column<double>(type: "double precision", nullable: true),
                    GreedyObjective = table.Column<double>(type: "double precision", nullable: true),
                    Requirements = table.Column<int>(type: "integer", nullable: false),
                    RequirementsCoveredOnTime = table.Column<int>(type: "integer", nullable: false),
                    ResultJson = table.Column<string>(type: "text", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ConfirmedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ConfirmedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocation_plans", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "allocations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PlanId = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequirementId = table.Column<Guid>(type: "uuid", nullable: false),
                    HubCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    ShipWeek = table.Column<int>(type: "integer", nullable: false),
                    ArrivalWeek = table.Column<int>(type: "integer", nullable: false),
                    Coverage = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Released = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_allocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_allocations_allocation_plans_PlanId",
                        column: x => x.PlanId,
                        principalTable: "allocation_plans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_allocations_hubs_HubCode",
                        column: x => x.HubCode,
                        principalTable: "hubs",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_allocations_offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_allocations_requirements_RequirementId",
                        column: x => x.RequirementId,
                        principalTable: "requirements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_allocation_plans_Period_Number",
                table: "allocation_plans",
                columns: new[] { "Period", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_allocations_HubCode",
                table: "allocations",
                column: "HubCode");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_OfferId",
                table: "allocations",
                column: "OfferId");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_PlanId",
                table: "allocations",
                column: "PlanId");

            migrationBuilder.CreateIndex(
                name: "IX_allocations_RequirementId",
                table: "allocations",
                column: "RequirementId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "allocations");

            migrationBuilder.DropTable(
                name: "allocation_plans");
        }
    }
}
