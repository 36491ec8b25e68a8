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
            migrationBuilder.Sql("""
                UPDATE "ArchivedTickets" SET
                    "Kpis_Returns" = CASE WHEN jsonb_typeof("Summary"::jsonb -> 'returns') = 'array' THEN jsonb_array_length("Summary"::jsonb -> 'returns') ELSE 0 END,
                    "Kpis_Dispatches" = CASE WHEN jsonb_typeof("Summary"::jsonb -> 'returns') = 'array' THEN jsonb_array_length("Summary"::jsonb -> 'returns') ELSE 0 END
                        + CASE WHEN "Summary"::jsonb ->> 'dispatchedAt' IS NULL THEN 0 ELSE 1 END,
                    "Kpis_Evaluated" = CASE WHEN "Summary"::jsonb -> 'evaluations' -> 0 IS NULL THEN 0 ELSE 1 END,
                    "Kpis_Satisfied" = CASE WHEN "Summary"::jsonb -> 'evaluations' -> -1 ->> 'satisfaction' = 'Satisfied' THEN 1 ELSE 0 END,
                    "Kpis_BasicallySatisfied" = CASE WHEN "Summary"::jsonb -> 'evaluations' -> -1 ->> 'satisfaction' = 'BasicallySatisfied' THEN 1 ELSE 0 END;
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
