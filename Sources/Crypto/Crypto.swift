internal import CCrypto

/// An error from libcrypto, with OpenSSL's own error string.
public struct CryptoError: Error, CustomStringConvertible, Sendable {
    public let operation: String
    public let message: String
    public var description: String { "\(operation): \(message)" }

    static func last(_ operation: String) -> CryptoError {
        let code = ERR_get_error()
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        let message = code == 0 ? "failed" : String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return CryptoError(operation: operation, message: message)
    }
}

/// Hashes, MACs, ciphers and randomness from OpenSSL 3's libcrypto.
public enum Digest {
    public static func sha256<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        digest(data, EVP_sha256(), length: 32)
    }
    public static func sha1<C: Collection>(_ data: C) -> [UInt8] where C.Element == UInt8 {
        digest(data, EVP_sha1(), length: 20)
    }

    private static func digest<C: Collection>(_ data: C, _ md: OpaquePointer?, length: Int) -> [UInt8] where C.Element == UInt8 {
        var out = [UInt8](repeating: 0, count: length)
        var outLength: UInt32 = 0
        let ok: Int32 = withContiguousBytes(data) { buf in
            EVP_Digest(buf.baseAddress, buf.count, &out, &outLength, md, nil)
        }
        precondition(ok == 1, "EVP_Digest cannot fail for in-memory input")
        return out
    }
}

public enum HMAC {
    public static func sha256<K: Collection, D: Collection>(key: K, data: D) -> [UInt8]
    where K.Element == UInt8, D.Element == UInt8 {
        mac(key: key, data: data, md: EVP_sha256(), length: 32)
    }
    public static func sha1<K: Collection, D: Collection>(key: K, data: D) -> [UInt8]
    where K.Element == UInt8, D.Element == UInt8 {
        mac(key: key, data: data, md: EVP_sha1(), length: 20)
    }

    private static func mac<K: Collection, D: Collection>(key: K, data: D, md: OpaquePointer?, length: Int) -> [UInt8]
    where K.Element == UInt8, D.Element == UInt8 {
        var out = [UInt8](repeating: 0, count: length)
        var outLength: UInt32 = 0
        let result = withContiguousBytes(key) { k in
            withContiguousBytes(data) { d in
                CCrypto.HMAC(md, k.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(k.count),
                             d.baseAddress?.assumingMemoryBound(to: UInt8.self), d.count, &out, &outLength)
            }
        }
        precondition(result != nil, "HMAC cannot fail for in-memory input")
        return out
    }

    /// Compares two MACs in constant time.
    public static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBytes { x in b.withUnsafeBytes { y in CRYPTO_memcmp(x.baseAddress, y.baseAddress, a.count) == 0 } }
    }
}

/// AES-256-CBC without OpenSSL's padding: callers that use a non-standard block (WeChat pads to 32) pad themselves.
public enum AES256CBC {
    public static func encrypt(_ plaintext: [UInt8], key: [UInt8], iv: [UInt8]) throws -> [UInt8] {
        try run(plaintext, key: key, iv: iv, encrypt: true)
    }
    public static func decrypt(_ ciphertext: [UInt8], key: [UInt8], iv: [UInt8]) throws -> [UInt8] {
        try run(ciphertext, key: key, iv: iv, encrypt: false)
    }

    private static func run(_ input: [UInt8], key: [UInt8], iv: [UInt8], encrypt: Bool) throws -> [UInt8] {
        guard key.count == 32 else { throw CryptoError(operation: "aes-256-cbc", message: "key must be 32 bytes") }
        guard iv.count == 16 else { throw CryptoError(operation: "aes-256-cbc", message: "iv must be 16 bytes") }
        guard input.count % 16 == 0, !input.isEmpty else {
            throw CryptoError(operation: "aes-256-cbc", message: "input must be a non-empty multiple of 16 bytes")
        }
        guard let ctx = EVP_CIPHER_CTX_new() else { throw CryptoError.last("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        guard EVP_CipherInit_ex(ctx, EVP_aes_256_cbc(), nil, key, iv, encrypt ? 1 : 0) == 1 else {
            throw CryptoError.last("EVP_CipherInit_ex")
        }
        EVP_CIPHER_CTX_set_padding(ctx, 0)
        var out = [UInt8](repeating: 0, count: input.count + 16)
        var written: Int32 = 0
        guard EVP_CipherUpdate(ctx, &out, &written, input, Int32(input.count)) == 1 else {
            throw CryptoError.last("EVP_CipherUpdate")
        }
        var final: Int32 = 0
        let ok = out.withUnsafeMutableBufferPointer { buf in
            EVP_CipherFinal_ex(ctx, buf.baseAddress! + Int(written), &final)
        }
        guard ok == 1 else { throw CryptoError.last("EVP_CipherFinal_ex") }
        return Array(out.prefix(Int(written + final)))
    }
}

public enum SecureRandom {
    /// `count` bytes from OpenSSL's CSPRNG.
    public static func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return out }
        let rc = RAND_bytes(&out, Int32(count))
        precondition(rc == 1, "RAND_bytes failed: the system has no entropy source")
        return out
    }
}

private func withContiguousBytes<C: Collection, R>(_ data: C, _ body: (UnsafeRawBufferPointer) -> R) -> R
where C.Element == UInt8 {
    if let result = data.withContiguousStorageIfAvailable({ body(UnsafeRawBufferPointer($0)) }) {
        return result
    }
    return Array(data).withUnsafeBytes(body)
}

/// Lowercase hexadecimal.
public func hexString<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    let digits = Array("0123456789abcdef".utf8)
    var out = [UInt8]()
    out.reserveCapacity(bytes.count * 2)
    for b in bytes {
        out.append(digits[Int(b >> 4)])
        out.append(digits[Int(b & 0xf)])
    }
    return String(decoding: out, as: UTF8.self)
}
