using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CommandCenter.Relational;

// Bases of the stores' design-time factories, used only by `dotnet ef migrations add`: the engine
// decides the SQL, no database is opened. Each store names one factory per engine.

internal abstract class SqliteDesignTimeFactory<TStore>(Func<DbContextOptions<TStore>, TStore> create) : IDesignTimeDbContextFactory<TStore>
    where TStore : DbContext
{
    public TStore CreateDbContext(string[] args) => create(new DbContextOptionsBuilder<TStore>().UseSqlite("Data Source=design-time.db").Options);
}

internal abstract class PostgresDesignTimeFactory<TStore>(Func<DbContextOptions<TStore>, TStore> create) : IDesignTimeDbContextFactory<TStore>
    where TStore : DbContext
{
    public TStore CreateDbContext(string[] args) => create(new DbContextOptionsBuilder<TStore>().UseNpgsql("Host=design-time").Options);
}
