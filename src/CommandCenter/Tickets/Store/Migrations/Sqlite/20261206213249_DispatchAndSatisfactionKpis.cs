using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Tickets.Store.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DispatchAndSatisfactionKpis : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Kpis_BasicallySatisfied",
                table: "ArchivedTickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kpis_Dispatches",
                table: "ArchivedTickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kpis_Evaluated",
                table: "ArchivedTickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kpis_Returns",
                table: "ArchivedTickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kpis_Satisfied",
                table: "ArchivedTickets",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            // Tickets archived before these columns existed: their figures from the stored summary (camelCase JSON, enums by name).
            migrationBuilder.Sql("""
                UPDATE "ArchivedTickets" SET
                    "Kpis_Returns" = COALESCE(json_array_length("Summary", '$.returns'), 0),
                    "Kpis_Dispatches" = COALESCE(json_array_length("Summary", '$.returns'), 0)
                        + CASE WHEN json_extract("Summary", '$.dispatchedAt') IS NULL THEN 0 ELSE 1 END,
                    "Kpis_Evaluated" = CASE WHEN COALESCE(json_array_length("Summary", '$.evaluations'), 0) > 0 THEN 1 ELSE 0 END,
                    "Kpis_Satisfied" = CASE WHEN json_extract("Summary", '$.evaluations[#-1].satisfaction') = 'Satisfied' THEN 1 ELSE 0 END,
                    "Kpis_BasicallySatisfied" = CASE WHEN json_extract("Summary", '$.evaluations[#-1].satisfaction') = 'BasicallySatisfied' THEN 1 ELSE 0 END;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Kpis_BasicallySatisfied",
                table: "ArchivedTickets");

            migrationBuilder.DropColumn(
                name: "Kpis_Dispatches",
                table: "ArchivedTickets");

            migrationBuilder.DropColumn(
                name: "Kpis_Evaluated",
                table: "ArchivedTickets");

            migrationBuilder.DropColumn(
                name: "Kpis_Returns",
                table: "ArchivedTickets");

            migrationBuilder.DropColumn(
                name: "Kpis_Satisfied",
                table: "ArchivedTickets");
        }
    }
}
