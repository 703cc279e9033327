using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Technology : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "technology_projects",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Participants = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    Trl = table.Column<int>(type: "INTEGER", nullable: false),
                    TrlHistory = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    MunitionsListEntry = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    DualUseEntry = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Eccn = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ReleasableTo = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Milestones = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: false),
                    Illustrative = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technology_projects", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "technical_data_records",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProjectId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Marking = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Location = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ReleasableTo = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Illustrative = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_technical_data_records", x => x.Id);
                    table.ForeignKey(
                        name: "FK_technical_data_records_technology_projects_ProjectId",
                        column: x => x.ProjectId,
                        principalTable: "technology_projects",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_technical_data_records_ProjectId",
                table: "technical_data_records",
                column: "ProjectId");

            migrationBuilder.CreateIndex(
                name: "IX_technology_projects_Code",
                table: "technology_projects",
                column: "Code",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "technical_data_records");

            migrationBuilder.DropTable(
                name: "technology_projects");
        }
    }
}
