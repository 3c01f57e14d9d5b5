using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace OneStop.Web.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    DossierId = table.Column<Guid>(type: "TEXT", nullable: false),
                    DossierCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ApplicantId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Answer = table.Column<int>(type: "INTEGER", nullable: false),
                    Channel = table.Column<int>(type: "INTEGER", nullable: false),
                    TimeScore = table.Column<int>(type: "INTEGER", nullable: true),
                    ContactsScore = table.Column<int>(type: "INTEGER", nullable: true),
                    AttitudeScore = table.Column<int>(type: "INTEGER", nullable: true),
                    InformationScore = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Changes = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DossierRatings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FeedbackId = table.Column<Guid>(type: "TEXT", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FromStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    ToStatus = table.Column<int>(type: "INTEGER", nullable: false),
                    AgencyName = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackEvents", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    AgencyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProcedureCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    DossierCode = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Content = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    SenderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    SenderPhone = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    SenderEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    SenderAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ConsentToPublish = table.Column<bool>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClockStartAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RefuseBy = table.Column<long>(type: "INTEGER", nullable: false),
                    RequestInfoBy = table.Column<long>(type: "INTEGER", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    PublishBy = table.Column<long>(type: "INTEGER", nullable: true),
                    DeadlineState = table.Column<int>(type: "INTEGER", nullable: false),
                    AssigneeId = table.Column<Guid>(type: "TEXT", nullable: true),
                    AssigneeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DraftAnswer = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 10000, nullable: true),
                    AnsweredByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ApprovedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SearchKey = table.Column<string>(type: "TEXT", nullable: false),
                    Helpful = table.Column<int>(type: "INTEGER", nullable: false),
                    NotHelpful = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FeedbackItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "FeedbackVotes",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FeedbackId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VoterKey = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Helpful = table.Column<bool>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
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
