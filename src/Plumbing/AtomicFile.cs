namespace CommandCenter.Plumbing;

/// <summary>Files the command center's tooling writes that must never be seen half-written or by other users.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Writes a new file beside the old one and moves it into place, so a crash leaves the old file or
    /// the new one. With <paramref name="ownerOnly"/> the file is created readable by its owner only,
    /// whatever the old file's mode was (keys, password hashes).
    /// </summary>
    public static void Write(string path, string content, bool ownerOnly)
    {
        var temporary = path + ".new";
        File.Delete(temporary);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (ownerOnly && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, options))
        {
            writer.Write(content);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
