using CommandCenter.Components.Sound;
using Microsoft.AspNetCore.Components;

namespace CommandCenter.UiTests;

/// <summary>The one alert sound: the wall's siren while an alarm waits, the firm console's beep per new alarm.</summary>
public sealed class AlertSoundTests : BunitContext
{
    private const string Module = "./Components/Sound/AlertSound.razor.js";
    private readonly BunitJSModuleInterop _module;

    public AlertSoundTests()
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _module = JSInterop.SetupModule(Module);
        _module.SetupVoid("setSiren", _ => true).SetVoidResult();
        _module.SetupVoid("setMuted", _ => true).SetVoidResult();
        _module.SetupVoid("beep").SetVoidResult();
    }

    [Fact]
    public void Siren_AlarmWaitsThenAcknowledged_StartsAndStopsOnce()
    {
        _module.Setup<bool>("isMuted", "siren").SetResult(false);
        var sound = Render<AlertSound>(p => p.Add(s => s.Mode, AlertSoundMode.Siren).Add(s => s.MuteLabel, "静音").Add(s => s.UnmuteLabel, "取消静音"));

        sound.Render(p => p.Add(s => s.Sounding, true));
        sound.Render(p => p.Add(s => s.Sounding, true));
        sound.Render(p => p.Add(s => s.Sounding, false));

        _module.Invocations["setSiren"].Select(i => (bool)i.Arguments[0]!).ShouldBe([true, false]);
        sound.Find("[data-testid='alarm-sound']").TextContent.Trim().ShouldBe("静音");
    }

    [Fact]
    public async Task Siren_MuteClicked_RemembersItForTheSirenAndRelabels()
    {
        _module.Setup<bool>("isMuted", "siren").SetResult(false);
        var sound = Render<AlertSound>(p => p.Add(s => s.Mode, AlertSoundMode.Siren).Add(s => s.MuteLabel, "Mute").Add(s => s.UnmuteLabel, "Unmute"));

        await sound.Find("button").ClickAsync(new());

        _module.VerifyInvoke("setMuted").Arguments.ShouldBe(["siren", true]);
        sound.Find("button").GetAttribute("aria-pressed").ShouldBe("true");
        sound.Find("button").TextContent.Trim().ShouldBe("Unmute");
    }

    [Fact]
    public async Task Beep_NewAlarms_BeepsEachAndCountsThem()
    {
        _module.Setup<bool>("isMuted", "beep").SetResult(false);
        var sound = Render<AlertSound>(p => p.Add(s => s.Mode, AlertSoundMode.Beep).Add(s => s.MuteLabel, "off").Add(s => s.UnmuteLabel, "on"));

        await sound.InvokeAsync(sound.Instance.BeepAsync);
        await sound.InvokeAsync(sound.Instance.BeepAsync);

        _module.VerifyInvoke("beep", calledTimes: 2);
        sound.Find("[data-testid='alarm-sound']").GetAttribute("data-beeps").ShouldBe("2");
        _module.Invocations["setSiren"].ShouldBeEmpty();
    }

    [Fact]
    public async Task Beep_Muted_CountsButStaysSilent()
    {
        _module.Setup<bool>("isMuted", "beep").SetResult(true);
        var sound = Render<AlertSound>(p => p.Add(s => s.Mode, AlertSoundMode.Beep).Add(s => s.MuteLabel, "off").Add(s => s.UnmuteLabel, "on"));

        await sound.InvokeAsync(sound.Instance.BeepAsync);

        _module.Invocations["beep"].ShouldBeEmpty();
        sound.Find("[data-testid='alarm-sound']").GetAttribute("data-beeps").ShouldBe("1");
        sound.Find("button").TextContent.Trim().ShouldBe("on");
    }
}
