using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Quartermaster.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LedgerCheckpoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ledger_checkpoints",
                columns: table => new
                {
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    RootHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IssuedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_checkpoints", x => x.TreeSize);
                });

            migrationBuilder.CreateTable(
                name: "ledger_tree_nodes",
                columns: table => new
                {
                    Level = table.Column<int>(type: "integer", nullable: false),
                    Index = table.Column<long>(type: "bigint", nullable: false),
                    Hash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_tree_nodes", x => new { x.Level, x.Index });
                });

            migrationBuilder.CreateTable(
                name: "witness_keys",
                columns: table => new
                {
                    Nation = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    PublicKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_witness_keys", x => x.Nation);
                    table.ForeignKey(
                        name: "FK_witness_keys_nations_Nation",
                        column: x => x.Nation,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "checkpoint_witnesses",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    TreeSize = table.Column<long>(type: "bigint", nullable: false),
                    Nation = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    PublicKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Signature = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SubmittedBy = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SignedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkpoint_witnesses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_checkpoint_witnesses_ledger_checkpoints_TreeSize",
                        column: x => x.TreeSize,
                        principalTable: "ledger_checkpoints",
                        principalColumn: "TreeSize",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_checkpoint_witnesses_nations_Nation",
                        column: x => x.Nation,
                        principalTable: "nations",
                        principalColumn: "Code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_checkpoint_witnesses_Nation",
                table: "checkpoint_witnesses",
                column: "Nation");

            migrationBuilder.CreateIndex(
                name: "IX_checkpoint_witnesses_TreeSize_Nation",
                table: "checkpoint_witnesses",
                columns: new[] { "TreeSize", "Nation" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ledger_checkpoints_IssuedAt",
                table: "ledger_checkpoints",
                column: "IssuedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "checkpoint_witnesses");

            migrationBuilder.DropTable(
                name: "ledger_tree_nodes");

            migrationBuilder.DropTable(
                name: "witness_keys");

            migrationBuilder.DropTable(
                name: "ledger_checkpoints");
        }
    }
}
