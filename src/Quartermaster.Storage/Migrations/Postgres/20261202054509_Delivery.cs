using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Delivery : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "shipments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    HubCode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Destination = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Legs = table.Column<string>(type: "text", nullable: false),
                    PlannedDeparture = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    PlannedArrival = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ExpectedArrival = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    HubWeek = table.Column<DateOnly>(type: "date", nullable: true),
                    Tonnes = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    DispatchedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    AtHubAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    HandedOverAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReceivedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelledAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    CancelReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    CapacityOverride = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    CreatedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shipments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_shipments_hubs_HubCode",
                        column: x => x.HubCode,
                        principalTable: "hubs",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_shipments_nations_DonorCode",
                        column: x => x.DonorCode,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "receipts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    ShipmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    SignedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ReceivingUnit = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Lines = table.Column<string>(type: "text", nullable: false),
                    ContentHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CorrectsId = table.Column<Guid>(type: "uuid", nullable: true),
                    CorrectionReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    ReversedById = table.Column<Guid>(type: "uuid", nullable: true),
                    RecordedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Posted = table.Column<string>(type: "text", nullable: false),
                    PostedHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_receipts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_receipts_shipments_ShipmentId",
                        column: x => x.ShipmentId,
                        principalTable: "shipments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "shipment_lines",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ShipmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    AllocationId = table.Column<Guid>(type: "uuid", nullable: false),
                    OfferId = table.Column<Guid>(type: "uuid", nullable: false),
                    RequirementId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Tracking = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    UnitWeightKg = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Accepted = table.Column<int>(type: "integer", nullable: false),
                    Rejected = table.Column<int>(type: "integer", nullable: false),
                    Short = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shipment_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_shipment_lines_allocations_AllocationId",
                        column: x => x.AllocationId,
                        principalTable: "allocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_shipment_lines_catalogue_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "catalogue_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_shipment_lines_offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_shipment_lines_shipments_ShipmentId",
                        column: x => x.ShipmentId,
                        principalTable: "shipments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "discrepancies",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ShipmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReceiptId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineNumber = table.Column<int>(type: "integer", nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Serials = table.Column<string>(type: "text", nullable: false),
                    ChargedLeg = table.Column<int>(type: "integer", nullable: true),
                    ChargedTo = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    ChargedKind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Resolution = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    OpenedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ClosedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_discrepancies", x => x.Id);
                    table.ForeignKey(
                        name: "FK_discrepancies_receipts_ReceiptId",
                        column: x => x.ReceiptId,
                        principalTable: "receipts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_discrepancies_shipments_ShipmentId",
                        column: x => x.ShipmentId,
                        principalTable: "shipments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "shipment_lots",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ShipmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineId = table.Column<Guid>(type: "uuid", nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Lot = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shipment_lots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_shipment_lots_shipment_lines_LineId",
                        column: x => x.LineId,
                        principalTable: "shipment_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "shipment_serials",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ShipmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    LineId = table.Column<Guid>(type: "uuid", nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Serial = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    ReceiptId = table.Column<Guid>(type: "uuid", nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shipment_serials", x => x.Id);
                    table.ForeignKey(
                        name: "FK_shipment_serials_shipment_lines_LineId",
                        column: x => x.LineId,
                        principalTable: "shipment_lines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_discrepancies_ReceiptId",
                table: "discrepancies",
                column: "ReceiptId");

            migrationBuilder.CreateIndex(
                name: "IX_discrepancies_ShipmentId",
                table: "discrepancies",
                column: "ShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_discrepancies_State_DonorCode",
                table: "discrepancies",
                columns: new[] { "State", "DonorCode" });

            migrationBuilder.CreateIndex(
                name: "IX_receipts_Number",
                table: "receipts",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_receipts_ShipmentId",
                table: "receipts",
                column: "ShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_shipment_lines_AllocationId",
                table: "shipment_lines",
                column: "AllocationId");

            migrationBuilder.CreateIndex(
                name: "IX_shipment_lines_ItemId",
                table: "shipment_lines",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_shipment_lines_OfferId",
                table: "shipment_lines",
                column: "OfferId");

            migrationBuilder.CreateIndex(
                name: "IX_shipment_lines_RequirementId",
                table: "shipment_lines",
                column: "RequirementId");

            migrationBuilder.CreateIndex(
                name: "IX_shipment_lines_ShipmentId_LineNumber",
                table: "shipment_lines",
                columns: new[] { "ShipmentId", "LineNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_shipment_lots_LineId_Lot",
                table: "shipment_lots",
                columns: new[] { "LineId", "Lot" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_shipment_lots_ShipmentId",
                table: "shipment_lots",
                column: "ShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_shipment_serials_ItemId_Serial",
                table: "shipment_serials",
                columns: new[] { "ItemId", "Serial" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_shipment_serials_LineId_Status",
                table: "shipment_serials",
                columns: new[] { "LineId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_shipment_serials_ShipmentId",
                table: "shipment_serials",
                column: "ShipmentId");

            migrationBuilder.CreateIndex(
                name: "IX_shipments_DonorCode_State",
                table: "shipments",
                columns: new[] { "DonorCode", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_shipments_HubCode_HubWeek",
                table: "shipments",
                columns: new[] { "HubCode", "HubWeek" });

            migrationBuilder.CreateIndex(
                name: "IX_shipments_Reference",
                table: "shipments",
                column: "Reference",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "discrepancies");

            migrationBuilder.DropTable(
                name: "shipment_lots");

            migrationBuilder.DropTable(
                name: "shipment_serials");

            migrationBuilder.DropTable(
                name: "receipts");

            migrationBuilder.DropTable(
                name: "shipment_lines");

            migrationBuilder.DropTable(
                name: "shipments");
        }
    }
}
