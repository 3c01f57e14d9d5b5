using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace OneStop.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class NationalCatalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "ProcedureVersions",
                type: "character varying(1200)",
                maxLength: 1200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500);

            migrationBuilder.AddColumn<int>(
                name: "ReviewIssueCount",
                table: "ProcedureVersions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AlterColumn<string>(
                name: "ProcedureName",
                table: "Dossiers",
                type: "character varying(1200)",
                maxLength: 1200,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(500)",
                oldMaxLength: 500);

            migrationBuilder.CreateTable(
                name: "CatalogueFieldDepartments",
                columns: table => new
                {
                    Field = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    AgencyCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueFieldDepartments", x => x.Field);
                });

            migrationBuilder.CreateTable(
                name: "CatalogueImports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Source = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ImportedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ImportedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Created = table.Column<int>(type: "integer", nullable: false),
                    VersionsAdded = table.Column<int>(type: "integer", nullable: false),
                    Unchanged = table.Column<int>(type: "integer", nullable: false),
                    KeptCurated = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CatalogueSearchPostings",
                columns: table => new
                {
                    Word = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    VersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    Weight = table.Column<short>(type: "smallint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueSearchPostings", x => new { x.Word, x.VersionId });
                });

            migrationBuilder.CreateTable(
                name: "CatalogueSearchSynonyms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Phrase = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Expansion = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ChangedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueSearchSynonyms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CatalogueSearchVocabulary",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Word = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueSearchVocabulary", x => new { x.Key, x.Word });
                });

            migrationBuilder.InsertData(
                table: "CatalogueSearchSynonyms",
                columns: new[] { "Id", "ChangedAt", "ChangedBy", "Expansion", "Phrase" },
                values: new object[,]
                {
                    { 1L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "can cuoc", "cccd" },
                    { 2L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "can cuoc", "cmnd" },
                    { 3L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "giay chung nhan quyen su dung dat", "so do" },
                    { 4L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "giay chung nhan quyen su dung dat", "so hong" },
                    { 5L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "giay phep lai xe", "gplx" },
                    { 6L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "giay phep lai xe", "bang lai" },
                    { 7L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "cu tru", "ho khau" },
                    { 8L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "giay phep xay dung", "gpxd" },
                    { 9L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "ho kinh doanh", "hkd" },
                    { 10L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "ly lich tu phap", "lltp" },
                    { 11L, new DateTimeOffset(new DateTime(2026, 12, 1, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", "dang ky kinh doanh", "dkkd" }
                });

            migrationBuilder.CreateIndex(
                name: "IX_ProcedureVersions_ReviewIssueCount_Status",
                table: "ProcedureVersions",
                columns: new[] { "ReviewIssueCount", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueImports_Source",
                table: "CatalogueImports",
                column: "Source");

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueSearchSynonyms_Phrase",
                table: "CatalogueSearchSynonyms",
                column: "Phrase",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CatalogueSearchVocabulary_Word",
                table: "CatalogueSearchVocabulary",
                column: "Word");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CatalogueFieldDepartments");

            migrationBuilder.DropTable(
                name: "CatalogueImports");

            migrationBuilder.DropTable(
                name: "CatalogueSearchPostings");

            migrationBuilder.DropTable(
                name: "CatalogueSearchSynonyms");

            migrationBuilder.DropTable(
                name: "CatalogueSearchVocabulary");

            migrationBuilder.DropIndex(
                name: "IX_ProcedureVersions_ReviewIssueCount_Status",
                table: "ProcedureVersions");

            migrationBuilder.DropColumn(
                name: "ReviewIssueCount",
                table: "ProcedureVersions");

            migrationBuilder.AlterColumn<string>(
                name: "Name",
                table: "ProcedureVersions",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(1200)",
                oldMaxLength: 1200);

            migrationBuilder.AlterColumn<string>(
                name: "ProcedureName",
                table: "Dossiers",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(1200)",
                oldMaxLength: 1200);
        }
    }
}
