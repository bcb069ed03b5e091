/// An Open311 GeoReport v2 destination's credentials and mapping (INTAKE_DESTINATIONS_FILE).
public struct Open311Settings: Sendable {
    public var apiKey: String?
    public var jurisdictionId: String?
    /// Catalogue category id to `service_code`.
    public var serviceCodes: [String: String]
    /// For a category not in `serviceCodes`; nil: such tickets go to the dead letters with the reason.
    public var defaultServiceCode: String?
    /// `attribute[code]` fields: each code with a JSON pointer into the event (`/data/ticket/receiptNo`), in order.
    public var attributes: [(code: String, pointer: [String])] = []
    /// Seconds between polls of `GET {url}/tokens/{token}.json` while a request has a token and no id yet.
    public var tokenPollSeconds: Double

    public init(apiKey: String? = nil, jurisdictionId: String? = nil, serviceCodes: [String: String] = [:],
                defaultServiceCode: String? = nil, tokenPollSeconds: Double = 30) {
        self.apiKey = apiKey
        self.jurisdictionId = jurisdictionId
        self.serviceCodes = serviceCodes
        self.defaultServiceCode = defaultServiceCode
        self.tokenPollSeconds = tokenPollSeconds
    }
}
