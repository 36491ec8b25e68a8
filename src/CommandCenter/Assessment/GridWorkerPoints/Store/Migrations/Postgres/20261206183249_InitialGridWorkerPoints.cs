using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace CommandCenter.Assessment.GridWorkerPoints.Store.Migrations.Postgres
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Worker = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    GridId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CommunityId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StreetId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DistrictId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Rule = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Points = table.Column<int>(type: "integer", nullable: false),
                    TicketId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AwardedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    StepAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false)
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
