using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace OneStop.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CitizensVoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DossierRatings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DossierId = table.Column<Guid>(type: "uuid", nullable: false),
                    DossierCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ApplicantId = table.Column<Guid>(type: "uuid", nullable: true),
                    Answer = table.Column<int>(type: "integer", nullable: false),
                    Channel = table.Column<int>(type: "integer", nullable: false),
                    TimeScore = table.Column<int>(type: "integer", nullable: true),
                    ContactsScore = table.Column<int>(type: "integer", nullable: true),
                    AttitudeScore = table.Column<int>(type: "integer", nullable: true),
                    InformationScore = table.Column<int>(type: "integer", nullable: true),
                    Comment = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Changes = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DossierRatings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FeedbackId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Action = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FromStatus = table.Column<int>(type: "integer", nullable: false),
                    ToStatus = table.Column<int>(type: "integer", nullable: false),
                    AgencyName = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    Note = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    AgencyId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProcedureCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DossierCode = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    SenderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    SenderPhone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    SenderEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    SenderAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    ConsentToPublish = table.Column<bool>(type: "boolean", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClockStartAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RefuseBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RequestInfoBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    PublishBy = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeadlineState = table.Column<int>(type: "integer", nullable: false),
                    AssigneeId = table.Column<Guid>(type: "uuid", nullable: true),
                    AssigneeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    DraftAnswer = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    Answer = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    AnsweredByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ApprovedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SearchKey = table.Column<string>(type: "text", nullable: false),
                    Helpful = table.Column<int>(type: "integer", nullable: false),
                    NotHelpful = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackVotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FeedbackId = table.Column<Guid>(type: "uuid", nullable: false),
                    VoterKey = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Helpful = table.Column<bool>(type: "boolean", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackVotes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Dossiers_TrackingKey",
                table: "Dossiers",
                column: "TrackingKey");

            migrationBuilder.CreateIndex(
                name: "IX_DossierRatings_AgencyId_RatedAt",
                table: "DossierRatings",
                columns: new[] { "AgencyId", "RatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DossierRatings_DossierId",
                table: "DossierRatings",
                column: "DossierId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackEvents_FeedbackId_Id",
                table: "FeedbackEvents",
                columns: new[] { "FeedbackId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackItems_AgencyId_Status_DueAt",
                table: "FeedbackItems",
                columns: new[] { "AgencyId", "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackItems_Code",
                table: "FeedbackItems",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackItems_SenderAccountId",
                table: "FeedbackItems",
                column: "SenderAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackItems_Status_DueAt",
                table: "FeedbackItems",
                columns: new[] { "Status", "DueAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackItems_Status_ProcedureCode_PublishedAt",
                table: "FeedbackItems",
                columns: new[] { "Status", "ProcedureCode", "PublishedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_FeedbackVotes_FeedbackId_VoterKey",
                table: "FeedbackVotes",
                columns: new[] { "FeedbackId", "VoterKey" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DossierRatings");

            migrationBuilder.DropTable(
                name: "FeedbackEvents");

            migrationBuilder.DropTable(
                name: "FeedbackItems");

            migrationBuilder.DropTable(
                name: "FeedbackVotes");

            migrationBuilder.DropIndex(
                name: "IX_Dossiers_TrackingKey",
                table: "Dossiers");
        }
    }
}
