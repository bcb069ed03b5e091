import Testing
import Crypto

@Suite struct PBKDF2Tests {
    /// RFC 7914 section 11's PBKDF2-HMAC-SHA256 vector, and one checked against Python's hashlib.
    @Test func knownVectors() throws {
        let rfc = try PBKDF2.sha256(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1, length: 64)
        #expect(hexString(rfc) == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
                + "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783")
        let utf8 = try PBKDF2.sha256(password: Array("密码".utf8), salt: Array("NaCl".utf8), iterations: 1000)
        #expect(hexString(utf8) == "44ee130d936f746b4eb9a30b07b3a37714f7ff5459c798c6b756c80afda469fb")
        #expect(throws: CryptoError.self) { try PBKDF2.sha256(password: [], salt: [], iterations: 0) }
    }
}
