using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OrderDeliveriesAndListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "shipments",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "shipment_serials",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "shipment_lots",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "OfferId",
                table: "shipment_lines",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AlterColumn<Guid>(
                name: "AllocationId",
                table: "shipment_lines",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "shipment_lines",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "ProductionOrderId",
                table: "shipment_lines",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "receipts",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FundedBy",
                table: "production_orders",
                type: "TEXT",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "production_orders",
                type: "TEXT",
                maxLength: 400,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<Guid>(
                name: "PlanId",
                table: "production_orders",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "UnitsProduced",
                table: "production_orders",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "discrepancies",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "custody_records",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PaidBy",
                table: "custody_events",
                type: "TEXT",
                maxLength: 400,
                nullable: true);

            // Existing orders: the pledges and nations that pay for them, and their stock units as produced (see docs/industry.md).
            migrationBuilder.Sql("UPDATE production_orders SET \"FundedBy\" = '|' || COALESCE((SELECT group_concat(json_extract(value, '$.PledgeId'), '|') FROM json_each(production_orders.\"Funding\")), '') || '|', "
                + "\"PaidBy\" = '|' || COALESCE((SELECT group_concat(d, '|') FROM (SELECT DISTINCT json_extract(value, '$.DonorCode') AS d FROM json_each(production_orders.\"Funding\") ORDER BY d)), '') || '|', "
                + "\"UnitsProduced\" = MAX(\"QuantityDelivered\", COALESCE((SELECT SUM(json_extract(value, '$.FromStock')) FROM json_each(production_orders.\"Schedule\")), 0));");

            migrationBuilder.CreateIndex(
                name: "IX_shipment_lines_ProductionOrderId",
                table: "shipment_lines",
                column: "ProductionOrderId");

            migrationBuilder.CreateIndex(
                name: "IX_production_orders_PlanId",
                table: "production_orders",
                column: "PlanId");

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

            migrationBuilder.AddForeignKey(
                name: "FK_shipment_lines_production_orders_ProductionOrderId",
                table: "shipment_lines",
                column: "ProductionOrderId",
                principalTable: "production_orders",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_shipment_lines_production_orders_ProductionOrderId",
                table: "shipment_lines");

            migrationBuilder.DropIndex(
                name: "IX_shipment_lines_ProductionOrderId",
                table: "shipment_lines");

            migrationBuilder.DropIndex(
                name: "IX_production_orders_PlanId",
                table: "production_orders");

            migrationBuilder.DropIndex(
                name: "IX_offers_Status_AnnouncedOn",
                table: "offers");

            migrationBuilder.DropIndex(
                name: "IX_ledger_events_Actor_Sequence",
                table: "ledger_events");

            migrationBuilder.DropIndex(
                name: "IX_ledger_events_EntityType_Sequence",
                table: "ledger_events");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "shipments");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "shipment_serials");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "shipment_lots");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "shipment_lines");

            migrationBuilder.DropColumn(
                name: "ProductionOrderId",
                table: "shipment_lines");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "receipts");

            migrationBuilder.DropColumn(
                name: "FundedBy",
                table: "production_orders");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "production_orders");

            migrationBuilder.DropColumn(
                name: "PlanId",
                table: "production_orders");

            migrationBuilder.DropColumn(
                name: "UnitsProduced",
                table: "production_orders");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "discrepancies");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "custody_records");

            migrationBuilder.DropColumn(
                name: "PaidBy",
                table: "custody_events");

            migrationBuilder.AlterColumn<Guid>(
                name: "OfferId",
                table: "shipment_lines",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);

            migrationBuilder.AlterColumn<Guid>(
                name: "AllocationId",
                table: "shipment_lines",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
