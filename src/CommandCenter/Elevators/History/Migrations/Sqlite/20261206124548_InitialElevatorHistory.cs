using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Elevators.History.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialElevatorHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ClosedAlarms",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ElevatorId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    GridId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    DistrictId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    FirmId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    OccurredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ClosedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ArrivalLimitMissed = table.Column<bool>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ClosedAlarms", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DutyRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Seq = table.Column<long>(type: "INTEGER", nullable: false),
                    FiledAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    Findings = table.Column<int>(type: "INTEGER", nullable: false),
                    Flagged = table.Column<bool>(type: "INTEGER", nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    MissingItems = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DutyRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ClosedAlarms_ClosedAt",
                table: "ClosedAlarms",
                column: "ClosedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ClosedAlarms_ElevatorId_OccurredAt",
                table: "ClosedAlarms",
                columns: new[] { "ElevatorId", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyRecords_Key",
                table: "DutyRecords",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DutyRecords_SubjectId_FiledAt",
                table: "DutyRecords",
                columns: new[] { "SubjectId", "FiledAt" });

            migrationBuilder.CreateIndex(
                name: "IX_DutyRecords_SubjectId_Kind_FiledAt",
                table: "DutyRecords",
                columns: new[] { "SubjectId", "Kind", "FiledAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ClosedAlarms");

            migrationBuilder.DropTable(
                name: "DutyRecords");
        }
    }
}
