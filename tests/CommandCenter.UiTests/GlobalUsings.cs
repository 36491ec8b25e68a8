global using CommandCenter.Components.Wall;
global using CommandCenter.Wall;
global using CommandCenter.Localization;
global using CommandCenter.Protocol;
