using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class IssuedForms : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "FormSha256",
                table: "DossierEvents",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FormStorageKey",
                table: "DossierEvents",
                type: "TEXT",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "FormSha256",
                table: "DossierEvents");

            migrationBuilder.DropColumn(
                name: "FormStorageKey",
                table: "DossierEvents");
        }
    }
}
