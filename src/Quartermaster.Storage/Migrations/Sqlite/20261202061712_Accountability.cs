using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Accountability : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "EnhancedMonitoring",
                table: "catalogue_items",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "InventoryIntervalDays",
                table: "catalogue_items",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "custody_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Serial = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DonorCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ShipmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ReceiptId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HolderUnit = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Since = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HandedOverAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Monitored = table.Column<bool>(type: "INTEGER", nullable: false),
                    IntervalDays = table.Column<int>(type: "INTEGER", nullable: false),
                    NextInventoryDue = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    LastInventoryAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpectedNotFoundAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LossNoticedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LossReportedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LossReportedLate = table.Column<bool>(type: "INTEGER", nullable: false),
                    PreviousStatus = table.Column<string>(type: "TEXT", maxLength: 12, nullable: true),
                    UnitValueEur = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_custody_records_catalogue_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "catalogue_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_custody_records_receipts_ReceiptId",
                        column: x => x.ReceiptId,
                        principalTable: "receipts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "inventories",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    TakenAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    PostedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    PostedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Observed = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpectedNotFound = table.Column<string>(type: "TEXT", nullable: false),
                    PostedHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inventories", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "custody_events",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CustodyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DonorCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    HolderUnit = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 12, nullable: false),
                    Evidence = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ManualEntry = table.Column<bool>(type: "INTEGER", nullable: false),
                    EnteredBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    InventoryId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_custody_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_custody_events_custody_records_CustodyId",
                        column: x => x.CustodyId,
                        principalTable: "custody_records",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_custody_events_CustodyId_At",
                table: "custody_events",
                columns: new[] { "CustodyId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_custody_records_DonorCode_ItemId_Status",
                table: "custody_records",
                columns: new[] { "DonorCode", "ItemId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_custody_records_HolderUnit_Status",
                table: "custody_records",
                columns: new[] { "HolderUnit", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_custody_records_ItemId_Serial",
                table: "custody_records",
                columns: new[] { "ItemId", "Serial" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_custody_records_NextInventoryDue_Serial",
                table: "custody_records",
                columns: new[] { "NextInventoryDue", "Serial" });

            migrationBuilder.CreateIndex(
                name: "IX_custody_records_ReceiptId",
                table: "custody_records",
                column: "ReceiptId");

            migrationBuilder.CreateIndex(
                name: "IX_custody_records_Serial",
                table: "custody_records",
                column: "Serial");

            migrationBuilder.CreateIndex(
                name: "IX_inventories_Number",
                table: "inventories",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_inventories_Unit_TakenAt",
                table: "inventories",
                columns: new[] { "Unit", "TakenAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "custody_events");

            migrationBuilder.DropTable(
                name: "inventories");

            migrationBuilder.DropTable(
                name: "custody_records");

            migrationBuilder.DropColumn(
                name: "EnhancedMonitoring",
                table: "catalogue_items");

            migrationBuilder.DropColumn(
                name: "InventoryIntervalDays",
                table: "catalogue_items");
        }
    }
}
