extension SQLiteSchema {
    /// Version 5: operators list tickets by routing (category, department, urgency, deadline). Expression indexes on
    /// the stored ticket JSON, so the ticket row keeps one source of truth and old tickets (no routing) index as NULL.
    static let routing: (version: Int, sql: String) = (5, """
        CREATE INDEX tickets_routing_category ON tickets(json_extract(ticket_json, '$.routing.category'), seq);
        CREATE INDEX tickets_routing_department ON tickets(json_extract(ticket_json, '$.routing.department'), seq);
        CREATE INDEX tickets_routing_urgency ON tickets(json_extract(ticket_json, '$.routing.urgency'), seq);
        CREATE INDEX tickets_routing_deadline ON tickets(json_extract(ticket_json, '$.routing.deadline'));
        """)
}
