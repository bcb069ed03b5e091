internal import CCrypto

/// PBKDF2-HMAC-SHA256 (RFC 8018) from libcrypto, for operators' passwords.
public enum PBKDF2 {
    public static func sha256(password: [UInt8], salt: [UInt8], iterations: Int, length: Int = 32) throws -> [UInt8] {
        guard iterations > 0, length > 0 else { throw CryptoError(operation: "pbkdf2", message: "iterations and length must be positive") }
        var out = [UInt8](repeating: 0, count: length)
        // A non-null pointer even for an empty password (libcrypto reads `count` bytes from it).
        let bytes = password.map { CChar(bitPattern: $0) } + [0]
        let ok = PKCS5_PBKDF2_HMAC(bytes, Int32(password.count), salt, Int32(salt.count), Int32(iterations),
                                   EVP_sha256(), Int32(length), &out)
        guard ok == 1 else { throw CryptoError.last("PKCS5_PBKDF2_HMAC") }
        return out
    }
}
