namespace CommandCenter.Auth;

/// <summary>Phone numbers as screens that only watch show them: the first three and last four digits (138****0000).</summary>
public static class PhoneMask
{
    public static string Mask(string phone)
    {
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length < 8 ? new string('*', digits.Length) : $"{digits[..3]}{new string('*', digits.Length - 7)}{digits[^4..]}";
    }
}
