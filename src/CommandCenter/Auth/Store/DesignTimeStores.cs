using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CommandCenter.Auth.Store;

// Used only by `dotnet ef migrations add` (docs/development.md): the engine decides the SQL, no database is opened.

internal sealed class SqliteIdentityStoreFactory : IDesignTimeDbContextFactory<SqliteIdentityStore>
{
    public SqliteIdentityStore CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteIdentityStore>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresIdentityStoreFactory : IDesignTimeDbContextFactory<PostgresIdentityStore>
{
    public PostgresIdentityStore CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresIdentityStore>().UseNpgsql("Host=design-time").Options);
}
