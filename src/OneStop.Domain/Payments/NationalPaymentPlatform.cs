using System.Security.Cryptography;
using System.Text;

namespace OneStop.Domain.Payments;

/// <summary>
/// The national payment platform's message check (docs/domain.md §11, details unconfirmed): <c>MaXacThuc</c> is the
/// lowercase hex SHA-256 of the message's fields joined by '|', followed by '|' and the partner's secret key. Kept
/// apart so that the real specification can replace it without touching the rest.
/// </summary>
public static class NationalPaymentPlatform
{
    /// <summary>Fields of an INIT message in the order they are hashed.</summary>
    public static IReadOnlyList<string> InitFields { get; } = ["LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "SoTien"];

    /// <summary>
    /// Fields of the platform's payment-result message (LoaiBanTin "NOTIFY") in the order they are hashed: OneStop's
    /// assumption until the official specification is available; replace it here and nowhere else.
    /// </summary>
    public static IReadOnlyList<string> NotifyFields { get; } = ["LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "SoTien", "MaKetQua", "MaGiaoDich", "ThoiGianThanhToan"];

    public const string Version = "1.0.0";

    public static string MaXacThuc(IEnumerable<string?> fieldsInOrder, string secret) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', fieldsInOrder.Select(f => f ?? "")) + "|" + secret)));

    public static bool Verify(IReadOnlyDictionary<string, string> message, IReadOnlyList<string> fieldOrder, string secret) =>
        message.TryGetValue("MaXacThuc", out var given) && given is { Length: 64 } &&
        CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(MaXacThuc(fieldOrder.Select(f => message.TryGetValue(f, out var v) ? v : null), secret)),
            Encoding.ASCII.GetBytes(given.ToLowerInvariant()));
}
