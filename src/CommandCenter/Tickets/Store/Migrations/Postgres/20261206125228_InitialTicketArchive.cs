using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CommandCenter.Tickets.Store.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class InitialTicketArchive : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ArchivedTickets",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    IdKey = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Category = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Source = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Level = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ReportedAtUtcTicks = table.Column<long>(type: "bigint", nullable: false),
                    FinishedAtUtcTicks = table.Column<long>(type: "bigint", nullable: false),
                    Summary = table.Column<string>(type: "text", nullable: false),
                    Audit = table.Column<string>(type: "text", nullable: false),
                    Kpis_Cancelled = table.Column<int>(type: "integer", nullable: false),
                    Kpis_Closed = table.Column<int>(type: "integer", nullable: false),
                    Kpis_ClosedLate = table.Column<int>(type: "integer", nullable: false),
                    Kpis_ClosedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Kpis_DispatchedLate = table.Column<int>(type: "integer", nullable: false),
                    Kpis_DispatchedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Kpis_DisposedOnTime = table.Column<int>(type: "integer", nullable: false),
                    Kpis_FiledLate = table.Column<int>(type: "integer", nullable: false),
                    Kpis_FiledOnTime = table.Column<int>(type: "integer", nullable: false),
                    Kpis_Open = table.Column<int>(type: "integer", nullable: false),
                    Kpis_Overdue = table.Column<int>(type: "integer", nullable: false),
                    Kpis_OverdueOpen = table.Column<int>(type: "integer", nullable: false),
                    Kpis_Reworks = table.Column<int>(type: "integer", nullable: false),
                    Kpis_Total = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchivedTickets", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ArchivedTicketAreas",
                columns: table => new
                {
                    TicketId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, collation: "C"),
                    AreaKey = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ArchivedTicketAreas", x => new { x.AreaKey, x.TicketId });
                    table.ForeignKey(
                        name: "FK_ArchivedTicketAreas_ArchivedTickets_TicketId",
                        column: x => x.TicketId,
                        principalTable: "ArchivedTickets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedTicketAreas_TicketId",
                table: "ArchivedTicketAreas",
                column: "TicketId");

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedTickets_Category_ReportedAtUtcTicks",
                table: "ArchivedTickets",
                columns: new[] { "Category", "ReportedAtUtcTicks" });

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedTickets_FinishedAtUtcTicks",
                table: "ArchivedTickets",
                column: "FinishedAtUtcTicks");

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedTickets_IdKey",
                table: "ArchivedTickets",
                column: "IdKey");

            migrationBuilder.CreateIndex(
                name: "IX_ArchivedTickets_ReportedAtUtcTicks_Id",
                table: "ArchivedTickets",
                columns: new[] { "ReportedAtUtcTicks", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ArchivedTicketAreas");

            migrationBuilder.DropTable(
                name: "ArchivedTickets");
        }
    }
}
