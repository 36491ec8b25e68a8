using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Tickets.Store.Migrations.Postgres
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
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kpis_Dispatches",
                table: "ArchivedTickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kpis_Evaluated",
                table: "ArchivedTickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kpis_Returns",
                table: "ArchivedTickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Kpis_Satisfied",
                table: "ArchivedTickets",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Tickets archived before these columns existed: their figures from the stored summary (camelCase JSON, enums by name).
            // As json, not jsonb: jsonb refuses a \u0000 escape, which a description or comment may hold, and would stop the upgrade.
            migrationBuilder.Sql("""
                UPDATE "ArchivedTickets" SET
                    "Kpis_Returns" = CASE WHEN json_typeof("Summary"::json -> 'returns') = 'array' THEN json_array_length("Summary"::json -> 'returns') ELSE 0 END,
                    "Kpis_Dispatches" = CASE WHEN json_typeof("Summary"::json -> 'returns') = 'array' THEN json_array_length("Summary"::json -> 'returns') ELSE 0 END
                        + CASE WHEN "Summary"::json ->> 'dispatchedAt' IS NULL THEN 0 ELSE 1 END,
                    "Kpis_Evaluated" = CASE WHEN "Summary"::json -> 'evaluations' -> 0 IS NULL THEN 0 ELSE 1 END,
                    "Kpis_Satisfied" = CASE WHEN "Summary"::json -> 'evaluations' -> -1 ->> 'satisfaction' = 'Satisfied' THEN 1 ELSE 0 END,
                    "Kpis_BasicallySatisfied" = CASE WHEN "Summary"::json -> 'evaluations' -> -1 ->> 'satisfaction' = 'BasicallySatisfied' THEN 1 ELSE 0 END;
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
