using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Payments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "FeeDueVnd",
                table: "Dossiers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "FeeLines",
                table: "Dossiers",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "FeePaidVnd",
                table: "Dossiers",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateTable(
                name: "PaymentNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Gateway = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PaymentId = table.Column<Guid>(type: "TEXT", nullable: true),
                    SignatureValid = table.Column<bool>(type: "INTEGER", nullable: false),
                    AmountVnd = table.Column<long>(type: "INTEGER", nullable: true),
                    Succeeded = table.Column<bool>(type: "INTEGER", nullable: false),
                    GatewayTransactionNo = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    GatewayResponse = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 4, nullable: false),
                    RemoteAddress = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Raw = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentNotices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reference = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    DossierId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DossierCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ApplicantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Gateway = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AmountVnd = table.Column<long>(type: "INTEGER", nullable: false),
                    Lines = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PaidAt = table.Column<long>(type: "INTEGER", nullable: true),
                    GatewayTransactionNo = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    BankCode = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    GatewayResponse = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    ReceiptNumber = table.Column<string>(type: "TEXT", maxLength: 60, nullable: true),
                    RefundNote = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Payments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Payments_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Payments_Dossiers_DossierId",
                        column: x => x.DossierId,
                        principalTable: "Dossiers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SandboxBankNotices",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SandboxBankNotices", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentNotices_At",
                table: "PaymentNotices",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_PaymentNotices_PaymentId_At",
                table: "PaymentNotices",
                columns: new[] { "PaymentId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_AgencyId_CreatedAt",
                table: "Payments",
                columns: new[] { "AgencyId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_AgencyId_PaidAt",
                table: "Payments",
                columns: new[] { "AgencyId", "PaidAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_DossierId_Status_ExpiresAt",
                table: "Payments",
                columns: new[] { "DossierId", "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_Payments_ReceiptNumber",
                table: "Payments",
                column: "ReceiptNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Reference",
                table: "Payments",
                column: "Reference",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Payments_Status_ExpiresAt",
                table: "Payments",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_SandboxBankNotices_SentAt_DueAt",
                table: "SandboxBankNotices",
                columns: new[] { "SentAt", "DueAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PaymentNotices");

            migrationBuilder.DropTable(
                name: "Payments");

            migrationBuilder.DropTable(
                name: "SandboxBankNotices");

            migrationBuilder.DropColumn(
                name: "FeeDueVnd",
                table: "Dossiers");

            migrationBuilder.DropColumn(
                name: "FeeLines",
                table: "Dossiers");

            migrationBuilder.DropColumn(
                name: "FeePaidVnd",
                table: "Dossiers");
        }
    }
}
