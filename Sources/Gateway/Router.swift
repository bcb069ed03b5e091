import HTTPServer

/// Method + path-pattern routing with `{name}` parameters.
struct Router: Sendable {
    typealias Handler = @Sendable (HTTPRequest, [String: String], HTTPResponder) -> Void

    struct Route: Sendable {
        let method: String
        let pattern: String
        let segments: [Substring]
        let handler: Handler
    }

    enum Match {
        case found(Handler, [String: String])
        case methodNotAllowed([String])
        case notFound
    }

    private(set) var routes: [Route] = []

    mutating func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
        routes.append(Route(method: method, pattern: pattern, segments: pattern.split(separator: "/"), handler: handler))
    }

    func match(method: String, path: String) -> Match {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        var allowed: [String] = []
        for route in routes where route.segments.count == parts.count {
            var params: [String: String] = [:]
            var ok = true
            for (pattern, part) in zip(route.segments, parts) {
                if pattern.hasPrefix("{") && pattern.hasSuffix("}") {
                    // The HTTP server has already percent-decoded the path: decoding again would turn %2541 into A.
                    params[String(pattern.dropFirst().dropLast())] = String(part)
                } else if pattern != part {
                    ok = false
                    break
                }
            }
            guard ok else { continue }
            if route.method == method || (method == "HEAD" && route.method == "GET") { return .found(route.handler, params) }
            allowed.append(route.method)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed)
    }
}
