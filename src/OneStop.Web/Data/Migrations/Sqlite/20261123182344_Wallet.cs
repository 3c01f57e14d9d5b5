using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "WalletDocuments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    OwnerId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    ContentType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Size = table.Column<long>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StorageKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SourceDossierId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SourceDossierCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    SourceFileId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ResultCode = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    AddedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Verified = table.Column<bool>(type: "INTEGER", nullable: false)
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
