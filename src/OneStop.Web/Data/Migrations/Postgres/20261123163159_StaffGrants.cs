using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;


#nullable disable

namespace OneStop.Web.Data.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: true),
                    IncludeSubTree = table.Column<bool>(type: "boolean", nullable: false),
                    GrantedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    GrantedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
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

            RoleClaimsToGrants.Up(migrationBuilder, sqlite: false);
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
