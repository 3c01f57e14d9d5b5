using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace OneStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NationalCatalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ReviewIssueCount",
                table: "ProcedureVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "CatalogueFieldDepartments",
                columns: table => new
                {
                    Field = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    AgencyCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueFieldDepartments", x => x.Field);
                });

            migrationBuilder.CreateTable(
                name: "CatalogueImports",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ImportedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ImportedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Created = table.Column<int>(type: "INTEGER", nullable: false),
                    VersionsAdded = table.Column<int>(type: "INTEGER", nullable: false),
                    Unchanged = table.Column<int>(type: "INTEGER", nullable: false),
                    KeptCurated = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueImports", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CatalogueSearchPostings",
                columns: table => new
                {
                    Word = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    VersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Weight = table.Column<short>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueSearchPostings", x => new { x.Word, x.VersionId });
                });

            migrationBuilder.CreateTable(
                name: "CatalogueSearchSynonyms",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Phrase = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Expansion = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CatalogueSearchSynonyms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CatalogueSearchVocabulary",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Word = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false)
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
                    { 1L, 1309320806400000000L, "seed", "can cuoc", "cccd" },
                    { 2L, 1309320806400000000L, "seed", "can cuoc", "cmnd" },
                    { 3L, 1309320806400000000L, "seed", "giay chung nhan quyen su dung dat", "so do" },
                    { 4L, 1309320806400000000L, "seed", "giay chung nhan quyen su dung dat", "so hong" },
                    { 5L, 1309320806400000000L, "seed", "giay phep lai xe", "gplx" },
                    { 6L, 1309320806400000000L, "seed", "giay phep lai xe", "bang lai" },
                    { 7L, 1309320806400000000L, "seed", "cu tru", "ho khau" },
                    { 8L, 1309320806400000000L, "seed", "giay phep xay dung", "gpxd" },
                    { 9L, 1309320806400000000L, "seed", "ho kinh doanh", "hkd" },
                    { 10L, 1309320806400000000L, "seed", "ly lich tu phap", "lltp" },
                    { 11L, 1309320806400000000L, "seed", "dang ky kinh doanh", "dkkd" }
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
        }
    }
}
