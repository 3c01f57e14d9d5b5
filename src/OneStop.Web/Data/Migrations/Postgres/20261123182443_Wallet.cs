using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Wallet : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "WalletDocumentId",
                table: "DossierFiles",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WalletDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "bigint", nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StorageKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SourceDossierId = table.Column<Guid>(type: "uuid", nullable: true),
                    SourceDossierCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    SourceFileId = table.Column<Guid>(type: "uuid", nullable: true),
                    ResultCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    AddedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Verified = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WalletDocuments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_WalletDocuments_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_WalletDocuments_Dossiers_SourceDossierId",
                        column: x => x.SourceDossierId,
                        principalTable: "Dossiers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUsers_PersonalId",
                table: "AspNetUsers",
                column: "PersonalId");

            migrationBuilder.CreateIndex(
                name: "IX_WalletDocuments_OwnerId_AddedAt",
                table: "WalletDocuments",
                columns: new[] { "OwnerId", "AddedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_WalletDocuments_OwnerId_SourceFileId",
                table: "WalletDocuments",
                columns: new[] { "OwnerId", "SourceFileId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_WalletDocuments_SourceDossierId",
                table: "WalletDocuments",
                column: "SourceDossierId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "WalletDocuments");

            migrationBuilder.DropIndex(
                name: "IX_AspNetUsers_PersonalId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "WalletDocumentId",
                table: "DossierFiles");
        }
    }
}
