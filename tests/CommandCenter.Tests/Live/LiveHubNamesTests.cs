using System.Reflection;
using CommandCenter.Live;
using CommandCenter.Protocol;
using Shouldly;

namespace CommandCenter.Tests.Live;

/// <summary>The names clients use (<see cref="LiveHubNames"/>) are the hub's: a renamed hub method fails here, not in a client.</summary>
public sealed class LiveHubNamesTests
{
    [Fact]
    public void JoinNames_ForTheLiveHub_AreExactlyItsCallableMethods()
    {
        var methods = typeof(LiveHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(method => !method.IsSpecialName)
            .Select(method => method.Name);

        methods.Order().ShouldBe(new[] { LiveHubNames.JoinWall, LiveHubNames.JoinFirm, LiveHubNames.JoinArea, LiveHubNames.JoinSecurityAlerts }.Order());
    }
}
