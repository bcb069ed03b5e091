/// Channels depend on IntakeCore alone; the pure helpers they need (hashes, HMAC, AES, iconv) come through it.
@_exported import Crypto
@_exported import TextCodec
