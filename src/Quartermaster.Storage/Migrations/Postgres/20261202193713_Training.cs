using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Training : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Sustainment",
                table: "catalogue_items");

            migrationBuilder.DropColumn(
                name: "TrainingCourse",
                table: "catalogue_items");

            migrationBuilder.AddColumn<Guid>(
                name: "TrainingCourseId",
                table: "catalogue_items",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "sustainment_needs",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SystemItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    QuantityPerUnit = table.Column<decimal>(type: "numeric(18,4)", precision: 18, scale: 4, nullable: false),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sustainment_needs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_sustainment_needs_catalogue_items_ItemId",
                        column: x => x.ItemId,
                        principalTable: "catalogue_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_sustainment_needs_catalogue_items_SystemItemId",
                        column: x => x.SystemItemId,
                        principalTable: "catalogue_items",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_courses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    LengthWeeks = table.Column<int>(type: "integer", nullable: false),
                    CrewSize = table.Column<int>(type: "integer", nullable: false),
                    SeatsPerCohort = table.Column<int>(type: "integer", nullable: false),
                    Language = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    LanguageLevel = table.Column<int>(type: "integer", nullable: true),
                    Prerequisites = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_courses", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "training_sites",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    HostNation = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    SeatsPerCohort = table.Column<int>(type: "integer", nullable: false),
                    Courses = table.Column<string>(type: "character varying(40000)", maxLength: 40000, nullable: false),
                    StartDates = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    CadenceFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    CadenceWeeks = table.Column<int>(type: "integer", nullable: true),
                    BlackoutWeeks = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_sites", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_sites_nations_HostNation",
                        column: x => x.HostNation,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "training_cohorts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CourseId = table.Column<Guid>(type: "uuid", nullable: false),
                    SiteId = table.Column<Guid>(type: "uuid", nullable: false),
                    HostNation = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    StartDate = table.Column<DateOnly>(type: "date", nullable: false),
                    LengthWeeks = table.Column<int>(type: "integer", nullable: false),
                    Seats = table.Column<int>(type: "integer", nullable: false),
                    Trainees = table.Column<int>(type: "integer", nullable: false),
                    ReceivingUnit = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    RequirementId = table.Column<Guid>(type: "uuid", nullable: true),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Passed = table.Column<int>(type: "integer", nullable: true),
                    Illustrative = table.Column<bool>(type: "boolean", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_training_cohorts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_training_cohorts_requirements_RequirementId",
                        column: x => x.RequirementId,
                        principalTable: "requirements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_training_cohorts_training_courses_CourseId",
                        column: x => x.CourseId,
                        principalTable: "training_courses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_training_cohorts_training_sites_SiteId",
                        column: x => x.SiteId,
                        principalTable: "training_sites",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_catalogue_items_TrainingCourseId",
                table: "catalogue_items",
                column: "TrainingCourseId");

            migrationBuilder.CreateIndex(
                name: "IX_sustainment_needs_ItemId",
                table: "sustainment_needs",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_sustainment_needs_SystemItemId_ItemId",
                table: "sustainment_needs",
                columns: new[] { "SystemItemId", "ItemId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_cohorts_CourseId",
                table: "training_cohorts",
                column: "CourseId");

            migrationBuilder.CreateIndex(
                name: "IX_training_cohorts_HostNation",
                table: "training_cohorts",
                column: "HostNation");

            migrationBuilder.CreateIndex(
                name: "IX_training_cohorts_RequirementId",
                table: "training_cohorts",
                column: "RequirementId");

            migrationBuilder.CreateIndex(
                name: "IX_training_cohorts_SiteId_CourseId_StartDate",
                table: "training_cohorts",
                columns: new[] { "SiteId", "CourseId", "StartDate" });

            migrationBuilder.CreateIndex(
                name: "IX_training_courses_Code",
                table: "training_courses",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_sites_Code",
                table: "training_sites",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_training_sites_HostNation",
                table: "training_sites",
                column: "HostNation");

            migrationBuilder.AddForeignKey(
                name: "FK_catalogue_items_training_courses_TrainingCourseId",
                table: "catalogue_items",
                column: "TrainingCourseId",
                principalTable: "training_courses",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_catalogue_items_training_courses_TrainingCourseId",
                table: "catalogue_items");

            migrationBuilder.DropTable(
                name: "sustainment_needs");

            migrationBuilder.DropTable(
                name: "training_cohorts");

            migrationBuilder.DropTable(
                name: "training_courses");

            migrationBuilder.DropTable(
                name: "training_sites");

            migrationBuilder.DropIndex(
                name: "IX_catalogue_items_TrainingCourseId",
                table: "catalogue_items");

            migrationBuilder.DropColumn(
                name: "TrainingCourseId",
                table: "catalogue_items");

            migrationBuilder.AddColumn<string>(
                name: "Sustainment",
                table: "catalogue_items",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrainingCourse",
                table: "catalogue_items",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }
    }
}
