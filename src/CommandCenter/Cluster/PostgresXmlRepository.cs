using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Npgsql;

namespace CommandCenter.Cluster;

/// <summary>
/// The ASP.NET Core data-protection key ring in a PostgreSQL table (created by the cluster schema,
/// <c>05-dataprotection.sql</c>), shared by every silo of a cluster.
/// Key elements are only ever added (the key manager revokes by adding), so the table is append-only.
/// </summary>
public sealed class PostgresXmlRepository(string connectionString, ILogger<PostgresXmlRepository> logger) : IXmlRepository
{
    // IXmlRepository is synchronous; the key manager calls it rarely (start-up and key roll-over).
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("SELECT xml FROM commandcenter_dataprotection_keys ORDER BY id", connection);
        using var reader = command.ExecuteReader();
        var elements = new List<XElement>();
        while (reader.Read())
        {
            elements.Add(XElement.Parse(reader.GetString(0)));
        }

        return elements;
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var connection = Open();
        using var command = new NpgsqlCommand("INSERT INTO commandcenter_dataprotection_keys (friendly_name, xml) VALUES (@name, @xml)", connection);
        command.Parameters.AddWithValue("name", friendlyName);
        command.Parameters.AddWithValue("xml", element.ToString(SaveOptions.DisableFormatting));
        command.ExecuteNonQuery();
        logger.LogInformation("Stored data-protection key {Name} in the cluster database", friendlyName);
    }

    private NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        return connection;
    }
}
