using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "catalogue_items",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Nsn = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true),
                    SupplyClass = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    Coalition = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IsLethal = table.Column<bool>(type: "boolean", nullable: false),
                    ControlEntry = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CompatibilityFamily = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    Tracking = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    UnitOfIssue = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    UnitWeightKg = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    TrainingCourse = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Sustainment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_rates",
                columns: table => new
                {
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "date", nullable: false),
                    UnitsPerEur = table.Column<decimal>(type: "numeric(20,8)", precision: 20, scale: 8, nullable: false),
                    Basis = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_rates", x => new { x.Currency, x.ValidFrom });
                });

            migrationBuilder.CreateTable(
                name: "ledger_events",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ActorNation = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    EventType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    EntityType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    EntityId = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Command = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_events", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "nations",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Policy = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nations", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "requirements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Period = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    PriorityRank = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Substitutes = table.Column<string>(type: "text", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    QuantityCovered = table.Column<int>(type: "integer", nullable: false),
                    QuantityDelivered = table.Column<int>(type: "integer", nullable: false),
                    NeededBy = table.Column<DateOnly>(type: "date", nullable: false),
                    Destination = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_requirements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_requirements_catalogue_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "catalogue_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "aid_packages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reference = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    AidType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AnnouncedRaw = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AnnouncedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    AnnouncedDateExact = table.Column<bool>(type: "boolean", nullable: false),
                    DeclaredValue = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    DeclaredCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ValueEur = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    SourceValueEur = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    SourceDeliveredEur = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    Explanation = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    SourceUrl = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_aid_packages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_aid_packages_nations_DonorCode",
                        column: x => x.DonorCode,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "funding_pledges",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Pool = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    PledgedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    NonLethalOnly = table.Column<bool>(type: "boolean", nullable: false),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_funding_pledges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_funding_pledges_nations_DonorCode",
                        column: x => x.DonorCode,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "hubs",
                columns: table => new
                {
                    Code = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    NationCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    WeeklyCapacityTonnes = table.Column<decimal>(type: "numeric(14,3)", precision: 14, scale: 3, nullable: false),
                    InboundWeeks = table.Column<int>(type: "integer", nullable: false),
                    OutboundWeeks = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_hubs", x => x.Code);
                    table.ForeignKey(
                        name: "FK_hubs_nations_NationCode",
                        column: x => x.NationCode,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "offers",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DonorCode = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    PackageId = table.Column<Guid>(type: "uuid", nullable: true),
                    AidType = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: true),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    QuantityAnnounced = table.Column<int>(type: "integer", nullable: true),
                    QuantityAllocated = table.Column<int>(type: "integer", nullable: false),
                    QuantityDelivered = table.Column<int>(type: "integer", nullable: false),
                    QuantityReportedDelivered = table.Column<int>(type: "integer", nullable: true),
                    Condition = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    EarliestAvailable = table.Column<DateOnly>(type: "date", nullable: true),
                    OriginDepot = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: true),
                    DeclaredValue = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    DeclaredCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ReportedDeliveredValue = table.Column<decimal>(type: "numeric(20,4)", precision: 20, scale: 4, nullable: true),
                    AnnouncedRaw = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    AnnouncedOn = table.Column<DateOnly>(type: "date", nullable: true),
                    TransferConsent = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ConsentFrom = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    ExportLicence = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SourceKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_offers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_offers_aid_packages_PackageId",
                        column: x => x.PackageId,
                        principalTable: "aid_packages",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_offers_catalogue_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "catalogue_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_offers_nations_DonorCode",
                        column: x => x.DonorCode,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_aid_packages_DonorCode_Reference",
                table: "aid_packages",
                columns: new[] { "DonorCode", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_items_Code",
                table: "catalogue_items",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_funding_pledges_DonorCode",
                table: "funding_pledges",
                column: "DonorCode");

            migrationBuilder.CreateIndex(
                name: "IX_hubs_NationCode",
                table: "hubs",
                column: "NationCode");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_events_EntityType_EntityId",
                table: "ledger_events",
                columns: new[] { "EntityType", "EntityId" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_events_RecordedAt",
                table: "ledger_events",
                column: "RecordedAt");

            migrationBuilder.CreateIndex(
                name: "IX_offers_DonorCode",
                table: "offers",
                column: "DonorCode");

            migrationBuilder.CreateIndex(
                name: "IX_offers_ItemId",
                table: "offers",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_offers_PackageId",
                table: "offers",
                column: "PackageId");

            migrationBuilder.CreateIndex(
                name: "IX_offers_SourceKey",
                table: "offers",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_requirements_ItemId",
                table: "requirements",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_requirements_Period_PriorityRank",
                table: "requirements",
                columns: new[] { "Period", "PriorityRank" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "exchange_rates");

            migrationBuilder.DropTable(
                name: "funding_pledges");

            migrationBuilder.DropTable(
                name: "hubs");

            migrationBuilder.DropTable(
                name: "ledger_events");

            migrationBuilder.DropTable(
                name: "offers");

            migrationBuilder.DropTable(
                name: "requirements");

            migrationBuilder.DropTable(
                name: "aid_packages");

            migrationBuilder.DropTable(
                name: "catalogue_items");

            migrationBuilder.DropTable(
                name: "nations");
        }
    }
}
