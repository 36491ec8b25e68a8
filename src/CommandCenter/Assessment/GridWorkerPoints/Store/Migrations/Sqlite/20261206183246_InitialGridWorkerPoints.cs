using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Assessment.GridWorkerPoints.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialGridWorkerPoints : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PointAwards",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Worker = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    GridId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CommunityId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    StreetId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DistrictId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rule = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Points = table.Column<int>(type: "INTEGER", nullable: false),
                    TicketId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AwardedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StepAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PointAwards", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PointAwards_AwardedAt",
                table: "PointAwards",
                column: "AwardedAt");

            migrationBuilder.CreateIndex(
                name: "IX_PointAwards_TicketId_Rule_Worker",
                table: "PointAwards",
                columns: new[] { "TicketId", "Rule", "Worker" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PointAwards_Worker_AwardedAt",
                table: "PointAwards",
                columns: new[] { "Worker", "AwardedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PointAwards");
        }
    }
}
