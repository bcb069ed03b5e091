import Foundation
import IntakeCore

/// A point in WGS-84 degrees. Every location is converted to WGS-84 before two are compared, because the same
/// doorway is ~500 m apart in WGS-84 and GCJ-02 and another ~1 km in BD-09.
public struct GeoPoint: Sendable, Equatable {
    public var lat: Double
    public var lng: Double

    public init(lat: Double, lng: Double) {
        self.lat = lat
        self.lng = lng
    }

    /// The submission's point in WGS-84, or nil when it has none or it is not on Earth. A point without a stated
    /// system is taken as GCJ-02, what Chinese map SDKs (AMap, Tencent, WeChat maps) return.
    public init?(_ location: Location?) {
        guard let location, let lat = location.lat, let lng = location.lng, lat.isFinite, lng.isFinite,
              abs(lat) <= 90, abs(lng) <= 180, !(lat == 0 && lng == 0)
        else { return nil }
        self = CoordinateConversion.toWGS84(GeoPoint(lat: lat, lng: lng), from: location.crs ?? .gcj02)
    }

    /// Great-circle distance in metres (haversine, mean Earth radius 6,371,008.8 m).
    public func distance(to other: GeoPoint) -> Double {
        let r = 6_371_008.8
        let p1 = lat * .pi / 180, p2 = other.lat * .pi / 180
        let dp = (other.lat - lat) * .pi / 180, dl = (other.lng - lng) * .pi / 180
        let h = sin(dp / 2) * sin(dp / 2) + cos(p1) * cos(p2) * sin(dl / 2) * sin(dl / 2)
        return 2 * r * asin(min(1, sqrt(h)))
    }
}

/// The published conversions between WGS-84, GCJ-02 and BD-09 (the formulas in the open-source
/// `eviltransform`/`coordtransform` libraries). GCJ-02 to WGS-84 has no closed form; it is inverted by fixed-point
/// iteration of the forward formula, which converges to well under a centimetre in a few steps.
public enum CoordinateConversion {
    static let a = 6_378_245.0
    static let ee = 0.006_693_421_622_965_943_23
    static let xPi = Double.pi * 3000.0 / 180.0

    public static func toWGS84(_ p: GeoPoint, from crs: CoordinateSystem) -> GeoPoint {
        switch crs {
        case .wgs84: return p
        case .gcj02: return gcj02ToWGS84(p)
        case .bd09: return gcj02ToWGS84(bd09ToGCJ02(p))
        }
    }

    /// GCJ-02 applies only inside mainland China (the bounding box the published formulas use).
    public static func outOfChina(_ p: GeoPoint) -> Bool {
        p.lng < 72.004 || p.lng > 137.8347 || p.lat < 0.8293 || p.lat > 55.8271
    }

    public static func wgs84ToGCJ02(_ p: GeoPoint) -> GeoPoint {
        if outOfChina(p) { return p }
        let (dLat, dLng) = delta(p)
        return GeoPoint(lat: p.lat + dLat, lng: p.lng + dLng)
    }

    public static func gcj02ToWGS84(_ g: GeoPoint) -> GeoPoint {
        if outOfChina(g) { return g }
        var w = GeoPoint(lat: g.lat, lng: g.lng)
        for _ in 0..<10 {
            let back = wgs84ToGCJ02(w)
            let eLat = back.lat - g.lat, eLng = back.lng - g.lng
            w.lat -= eLat
            w.lng -= eLng
            if abs(eLat) < 1e-10 && abs(eLng) < 1e-10 { break }
        }
        return w
    }

    public static func bd09ToGCJ02(_ p: GeoPoint) -> GeoPoint {
        let x = p.lng - 0.0065, y = p.lat - 0.006
        let z = sqrt(x * x + y * y) - 0.000_02 * sin(y * xPi)
        let theta = atan2(y, x) - 0.000_003 * cos(x * xPi)
        return GeoPoint(lat: z * sin(theta), lng: z * cos(theta))
    }

    public static func gcj02ToBD09(_ p: GeoPoint) -> GeoPoint {
        let x = p.lng, y = p.lat
        let z = sqrt(x * x + y * y) + 0.000_02 * sin(y * xPi)
        let theta = atan2(y, x) + 0.000_003 * cos(x * xPi)
        return GeoPoint(lat: z * sin(theta) + 0.006, lng: z * cos(theta) + 0.0065)
    }

    static func delta(_ p: GeoPoint) -> (Double, Double) {
        var dLat = transformLat(p.lng - 105.0, p.lat - 35.0)
        var dLng = transformLng(p.lng - 105.0, p.lat - 35.0)
        let radLat = p.lat / 180.0 * .pi
        var magic = sin(radLat)
        magic = 1 - ee * magic * magic
        let sqrtMagic = sqrt(magic)
        dLat = (dLat * 180.0) / ((a * (1 - ee)) / (magic * sqrtMagic) * .pi)
        dLng = (dLng * 180.0) / (a / sqrtMagic * cos(radLat) * .pi)
        return (dLat, dLng)
    }

    static func transformLat(_ x: Double, _ y: Double) -> Double {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(abs(x))
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(y * .pi) + 40.0 * sin(y / 3.0 * .pi)) * 2.0 / 3.0
        r += (160.0 * sin(y / 12.0 * .pi) + 320 * sin(y * .pi / 30.0)) * 2.0 / 3.0
        return r
    }

    static func transformLng(_ x: Double, _ y: Double) -> Double {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(abs(x))
        r += (20.0 * sin(6.0 * x * .pi) + 20.0 * sin(2.0 * x * .pi)) * 2.0 / 3.0
        r += (20.0 * sin(x * .pi) + 40.0 * sin(x / 3.0 * .pi)) * 2.0 / 3.0
        r += (150.0 * sin(x / 12.0 * .pi) + 300.0 * sin(x / 30.0 * .pi)) * 2.0 / 3.0
        return r
    }
}

/// A fixed grid of 1/200-degree cells (about 556 m north-south; 430–530 m east-west across China's cities),
/// keyed by one integer: an index row per ticket, looked up in the few cells around a point.
///
/// The grid is fixed, not derived from configuration, so a changed distance setting never invalidates the stored
/// index; only the number of rings searched changes.
public enum LocationCell {
    public static let cellsPerDegree = 200.0

    public static func key(_ p: GeoPoint) -> Int64 {
        key(latIndex: Int64((p.lat * cellsPerDegree).rounded(.down)), lngIndex: Int64((p.lng * cellsPerDegree).rounded(.down)))
    }

    static func key(latIndex: Int64, lngIndex: Int64) -> Int64 {
        (latIndex + 90 * 200) * 1_000_000 + (lngIndex + 180 * 200)
    }

    /// The cells that hold every point within `meters` of `p` (the cell of `p` and enough rings around it).
    public static func neighbourhood(of p: GeoPoint, meters: Double) -> [Int64] {
        let latIndex = Int64((p.lat * cellsPerDegree).rounded(.down))
        let lngIndex = Int64((p.lng * cellsPerDegree).rounded(.down))
        let cellLatMeters = 111_320.0 / cellsPerDegree
        let cellLngMeters = max(1000.0, 111_320.0 * cos(p.lat * .pi / 180)) / cellsPerDegree
        let kLat = Int64(min(5, max(1, (meters / cellLatMeters).rounded(.up))))
        let kLng = Int64(min(5, max(1, (meters / cellLngMeters).rounded(.up))))
        var keys: [Int64] = []
        for dy in -kLat...kLat {
            for dx in -kLng...kLng { keys.append(key(latIndex: latIndex + dy, lngIndex: lngIndex + dx)) }
        }
        return keys
    }

    /// The standard base-32 geohash of a point (for display and export; the index uses `key`).
    public static func geohash(_ p: GeoPoint, precision: Int = 7) -> String {
        let alphabet = Array("0123456789bcdefghjkmnpqrstuvwxyz")
        var latRange = (-90.0, 90.0), lngRange = (-180.0, 180.0)
        var out = ""
        var bits = 0, value = 0, even = true
        while out.count < precision {
            if even {
                let mid = (lngRange.0 + lngRange.1) / 2
                if p.lng >= mid { value = value << 1 | 1; lngRange.0 = mid } else { value <<= 1; lngRange.1 = mid }
            } else {
                let mid = (latRange.0 + latRange.1) / 2
                if p.lat >= mid { value = value << 1 | 1; latRange.0 = mid } else { value <<= 1; latRange.1 = mid }
            }
            even.toggle()
            bits += 1
            if bits == 5 { out.append(alphabet[value]); bits = 0; value = 0 }
        }
        return out
    }
}
