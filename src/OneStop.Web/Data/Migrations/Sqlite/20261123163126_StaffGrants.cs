using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffGrants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "StaffGrants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    AccountId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    IncludeSubTree = table.Column<bool>(type: "INTEGER", nullable: false),
                    GrantedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    GrantedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StaffGrants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StaffGrants_Agencies_AgencyId",
                        column: x => x.AgencyId,
                        principalTable: "Agencies",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_StaffGrants_AspNetUsers_AccountId",
                        column: x => x.AccountId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Dossiers_AgencyId_Status_DeadlineState_SubmittedAt",
                table: "Dossiers",
                columns: new[] { "AgencyId", "Status", "DeadlineState", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_StaffGrants_AccountId_Role_AgencyId",
                table: "StaffGrants",
                columns: new[] { "AccountId", "Role", "AgencyId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StaffGrants_AccountId_Role_CityWide",
                table: "StaffGrants",
                columns: new[] { "AccountId", "Role" },
                unique: true,
                filter: "\"AgencyId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_StaffGrants_AgencyId_Role",
                table: "StaffGrants",
                columns: new[] { "AgencyId", "Role" });

            RoleClaimsToGrants.Up(migrationBuilder, sqlite: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            RoleClaimsToGrants.Down(migrationBuilder);

            migrationBuilder.DropTable(
                name: "StaffGrants");

            migrationBuilder.DropIndex(
                name: "IX_Dossiers_AgencyId_Status_DeadlineState_SubmittedAt",
                table: "Dossiers");
        }
    }
}
