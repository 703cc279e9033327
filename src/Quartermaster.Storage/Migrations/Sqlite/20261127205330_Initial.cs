using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Nsn = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    SupplyClass = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    Coalition = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IsLethal = table.Column<bool>(type: "INTEGER", nullable: false),
                    ControlEntry = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    CompatibilityFamily = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    Tracking = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    UnitOfIssue = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    UnitWeightKg = table.Column<decimal>(type: "TEXT", precision: 14, scale: 3, nullable: false),
                    TrainingCourse = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Sustainment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalogue_items", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "exchange_rates",
                columns: table => new
                {
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    UnitsPerEur = table.Column<decimal>(type: "TEXT", precision: 20, scale: 8, nullable: false),
                    Basis = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_exchange_rates", x => new { x.Currency, x.ValidFrom });
                });

            migrationBuilder.CreateTable(
                name: "ledger_events",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "INTEGER", nullable: false),
                    RecordedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ActorNation = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    EntityType = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    EntityId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Command = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", nullable: false),
                    PreviousHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_events", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "nations",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Policy = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nations", x => x.Code);
                });

            migrationBuilder.CreateTable(
                name: "requirements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    PriorityRank = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Substitutes = table.Column<string>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    QuantityCovered = table.Column<int>(type: "INTEGER", nullable: false),
                    QuantityDelivered = table.Column<int>(type: "INTEGER", nullable: false),
                    NeededBy = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Destination = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Illustrative = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    DonorCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    AidType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AnnouncedRaw = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AnnouncedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    AnnouncedDateExact = table.Column<bool>(type: "INTEGER", nullable: false),
                    DeclaredValue = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    DeclaredCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    ValueEur = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    SourceValueEur = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    SourceDeliveredEur = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    Explanation = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    SourceUrl = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DonorCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Pool = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: false),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    PledgedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    NonLethalOnly = table.Column<bool>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Code = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    NationCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    WeeklyCapacityTonnes = table.Column<decimal>(type: "TEXT", precision: 14, scale: 3, nullable: false),
                    InboundWeeks = table.Column<int>(type: "INTEGER", nullable: false),
                    OutboundWeeks = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DonorCode = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    PackageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AidType = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    QuantityAnnounced = table.Column<int>(type: "INTEGER", nullable: true),
                    QuantityAllocated = table.Column<int>(type: "INTEGER", nullable: false),
                    QuantityDelivered = table.Column<int>(type: "INTEGER", nullable: false),
                    QuantityReportedDelivered = table.Column<int>(type: "INTEGER", nullable: true),
                    Condition = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EarliestAvailable = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    OriginDepot = table.Column<string>(type: "TEXT", maxLength: 120, nullable: true),
                    DeclaredValue = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    DeclaredCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    ReportedDeliveredValue = table.Column<decimal>(type: "TEXT", precision: 20, scale: 4, nullable: true),
                    AnnouncedRaw = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    AnnouncedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    TransferConsent = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ConsentFrom = table.Column<string>(type: "TEXT", maxLength: 3, nullable: true),
                    ExportLicence = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
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
