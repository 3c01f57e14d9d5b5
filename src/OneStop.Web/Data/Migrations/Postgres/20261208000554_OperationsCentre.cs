using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OperationsCentre : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "IndicatorDays",
                columns: table => new
                {
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Received = table.Column<long>(type: "bigint", nullable: false),
                    Online = table.Column<long>(type: "bigint", nullable: false),
                    InPerson = table.Column<long>(type: "bigint", nullable: false),
                    Post = table.Column<long>(type: "bigint", nullable: false),
                    Ended = table.Column<long>(type: "bigint", nullable: false),
                    Early = table.Column<long>(type: "bigint", nullable: false),
                    OnTime = table.Column<long>(type: "bigint", nullable: false),
                    Late = table.Column<long>(type: "bigint", nullable: false),
                    Withdrawn = table.Column<long>(type: "bigint", nullable: false),
                    ProcessingMinutes = table.Column<long>(type: "bigint", nullable: false),
                    DueMarks = table.Column<long>(type: "bigint", nullable: false),
                    DueEndMarks = table.Column<long>(type: "bigint", nullable: false),
                    FeeBearing = table.Column<long>(type: "bigint", nullable: false),
                    PaidOnline = table.Column<long>(type: "bigint", nullable: false),
                    FullyOnline = table.Column<long>(type: "bigint", nullable: false),
                    Digitised = table.Column<long>(type: "bigint", nullable: false),
                    Reused = table.Column<long>(type: "bigint", nullable: false),
                    Results = table.Column<long>(type: "bigint", nullable: false),
                    ElectronicResults = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorDays", x => new { x.AgencyId, x.Day, x.ProcedureCode, x.Channel });
                });

            migrationBuilder.CreateTable(
                name: "IndicatorDossiers",
                columns: table => new
                {
                    DossierId = table.Column<Guid>(type: "uuid", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    Lines = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorDossiers", x => x.DossierId);
                });

            migrationBuilder.CreateTable(
                name: "IndicatorWatermarks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    LastTxId = table.Column<long>(type: "bigint", nullable: false),
                    LastEntryId = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IndicatorWatermarks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ServiceIndexVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EffectiveFrom = table.Column<string>(type: "character varying(7)", maxLength: 7, nullable: false),
                    Table = table.Column<string>(type: "text", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceIndexVersions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceIndexVersions_EffectiveFrom",
                table: "ServiceIndexVersions",
                column: "EffectiveFrom");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "IndicatorDays");

            migrationBuilder.DropTable(
                name: "IndicatorDossiers");

            migrationBuilder.DropTable(
                name: "IndicatorWatermarks");

            migrationBuilder.DropTable(
                name: "ServiceIndexVersions");
        }
    }
}
