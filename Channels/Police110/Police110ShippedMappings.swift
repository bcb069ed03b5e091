import IntakeCore

/// The shipped mappings, embedded so the adapter and its tests need no files. Generated from
/// `Channels/Police110/Mappings/*.json` by `scripts/generate-embedded.py`; the files stay the editable source of truth (a test checks
/// that the two agree).
public enum Police110ShippedMappings {
    /// `Mappings/pinyin.json`.
    public static let pinyinJSON = #"""
{
  "name": "pinyin",
  "description": "Public-security pinyin-initial field names (JJDBH 接警单编号, BJSJ 报警时间, BJNR 报警内容, ...), as many provincial 110 dispatch systems send them.",
  "detect": ["JJDBH"],
  "records": null,
  "utcOffset": "+08:00",
  "crs": "wgs84",
  "fields": {
    "incidentNo": ["JJDBH"],
    "text": ["BJNR"],
    "reportedAt": ["BJSJ"],
    "receivedBy110At": ["JJSJ"],
    "transferredAt": ["ZJSJ", "FLSJ"],
    "callerPhone": ["BJDH"],
    "callerName": ["BJRXM"],
    "address": ["JQDZ", "AFDZ"],
    "lng": ["BJRXZB"],
    "lat": ["BJRYZB"],
    "category": ["JQLBDM"],
    "categoryName": ["JQLBMC"],
    "level": ["JQDJDM"],
    "district": ["XZQHDM"],
    "dispatchingUnit": ["GXDWDM"]
  },
  "urgency": {"default": "A", "byLevel": {}},
  "receipt": {
    "fields": {"incidentNo": "JJDBH", "receiptNo": "SLBH", "signTime": "QSSJ"},
    "constants": {"QSZT": "1"},
    "timeFormat": "yyyy-MM-dd HH:mm:ss"
  },
  "returnNotice": {
    "fields": {"incidentNo": "JJDBH", "receiptNo": "SLBH", "reason": "THYY", "time": "THSJ"},
    "constants": {"CZLX": "TH"},
    "timeFormat": "yyyy-MM-dd HH:mm:ss"
  }
}
"""#

    /// `Mappings/camelcase.json`.
    public static let camelcaseJSON = #"""
{
  "name": "camelcase",
  "description": "A dispatch-system vendor's camelCase field names (alarmNo, alarmTime, alarmPersonPhone, alarmComment, ...).",
  "detect": ["alarmNo"],
  "records": null,
  "utcOffset": "+08:00",
  "crs": "wgs84",
  "fields": {
    "incidentNo": ["alarmNo"],
    "text": ["alarmComment"],
    "reportedAt": ["alarmTime"],
    "receivedBy110At": ["takeAlarmTime"],
    "transferredAt": ["transferTime"],
    "callerPhone": ["alarmPersonPhone"],
    "callerName": ["alarmPersonName"],
    "address": ["alarmSituationAddress"],
    "lng": ["longitude"],
    "lat": ["latitude"],
    "category": ["alarmSituationCategory"],
    "categoryName": ["alarmSituationCategoryName"],
    "level": ["alarmLevel"],
    "district": ["areaCode"],
    "dispatchingUnit": ["takeAlarmDeptCode"]
  },
  "urgency": {"default": "A", "byLevel": {}},
  "receipt": {
    "fields": {"incidentNo": "alarmNo", "receiptNo": "receiptNo", "signTime": "signTime"},
    "constants": {"signStatus": "1"},
    "timeFormat": "yyyy-MM-dd HH:mm:ss"
  },
  "returnNotice": {
    "fields": {"incidentNo": "alarmNo", "receiptNo": "receiptNo", "reason": "returnReason", "time": "feedBackTime"},
    "constants": {"feedBackType": "return"},
    "timeFormat": "yyyy-MM-dd HH:mm:ss"
  }
}
"""#

    /// The file name (without `.json`) and text of every shipped mapping.
    public static let sources: [(file: String, text: String)] = [("pinyin", pinyinJSON), ("camelcase", camelcaseJSON)]

    /// The shipped mappings, parsed; the order is the detection order.
    public static let all: [Police110Mapping] = sources.compactMap { try? Police110Mapping.parse(Array($0.text.utf8)) }
}
