@testable import Dedup
import IntakeCore
import Testing

/// The by-scalar paths of reading a report (addresses, numerals, the earlier contact's word lists, word keys) answer as
/// the paths by character and by word list they stand for.
@Suite struct ScalarPath {
    static func addresses() throws -> [String] {
        try (EvaluationSet.load("eval") + EvaluationSet.load("tuning")).compactMap { $0.submission.location?.address } + [
            "广东省深圳市南山区阳光花园三号楼502", "东湖区人民路与解放路交叉口", "川城区东风路8号", "科技园区1栋", "青澜大道与新区1路",
            "街道办旁边", "石湖街道南湾村12号", "中山2路35号门口", "深南大道6008号", "阳光小区大门口", "第12片区", "!!!", "",
            "한국어 주소 1", "café 3号", "三\u{0301}楼",
        ]
    }

    /// An address read by scalar gives what reading it by character gives: its prefix and districts removed, and its
    /// place.
    @Test func addressesReadByScalarAsByCharacter() throws {
        var fast = 0
        for raw in try Self.addresses() {
            let read = AddressKey.normalizeKeepingDistricts(raw)
            let letters = read.address
            let byCharacter = AddressKey.withoutPrefix(Array(letters), AddressKey.characterLetters)
            if let scalars = AddressKey.simpleScalars(letters) {
                fast += 1
                let byScalar = AddressKey.withoutPrefix(scalars, AddressKey.scalarLetters)
                #expect(byScalar.address == byCharacter.address && byScalar.districts == byCharacter.districts, "\(raw)")
                #expect(AddressKey.placeKey(scalars, AddressKey.scalarLetters) == AddressKey.placeKey(Array(letters), AddressKey.characterLetters),
                        "\(raw)")
            }
            let whole = TextNormalizer.normalizedLowercased(raw)
            if let scalars = AddressKey.simpleScalars(whole) {
                #expect(AddressKey.placeKey(scalars, AddressKey.scalarLetters) == AddressKey.placeKey(Array(whole), AddressKey.characterLetters),
                        "\(raw)")
            }
        }
        #expect(fast > 100)
        for v in UInt32(0x20)...0x9FEF where (0x20...0x7E).contains(v) || (0x4E00...0x9FEF).contains(v) {
            #expect(AddressKey.scalarLetters.isNumber(v) == Character(Unicode.Scalar(v)!).isNumber, "\(v)")
        }
        #expect(AddressKey.normalizeKeepingDistricts("广东省深圳市南山区阳光花园三号楼502").address == "阳光花园3栋502")
        #expect(AddressKey.normalizeKeepingDistricts("东湖区人民路与解放路交叉口").districts == ["东湖区"])
        #expect(AddressKey.placeKey(normalized: "深南大道6008号") == "深南大道")
        #expect(AddressKey.placeKey(normalized: "中山2路35号门口") == "中山2路")
        #expect(AddressKey.simpleScalars("café") == nil && AddressKey.simpleScalars("三\u{0301}楼") == nil)
    }

    /// A sub-matter id read as bytes in place is proper and a procedure as it is read by characters: every lexicon id,
    /// ids of one word, of two dots, empty parts and ids that are not ASCII (whose dot may be part of a character).
    @Test func subMatterIdsByByteAsByCharacter() {
        let ids = MatterLexicon.entries.map { $0.topic + "." + $0.sub } + Array(MatterLexicon.procedureSubMatters) + [
            "", ".", "a", "a.", ".a", "a.a", "ab.a", "a.ab", "water.water", "social", "social.", "social.x.y", "tax.tax",
            "documents.id", "socia.l", "é.é", "é.e", "social.é", "水.水", "水.电", "a.b.a", "elevator.elevator",
        ]
        for id in ids {
            let dot = id.firstIndex(of: ".")
            let proper = dot.map { id[..<$0] != id[id.index(after: $0)...] } ?? false
            let procedure = MatterLexicon.procedureSubMatters.contains(id) || MatterLexicon.procedureTopics.contains(String(id.prefix { $0 != "." }))
            #expect(MatterLexicon.isProper(id) == proper, "\(id)")
            #expect(MatterLexicon.isProcedure(id) == procedure, "\(id)")
        }
        #expect(MatterLexicon.isProper("water.burst") && !MatterLexicon.isProper("elevator.elevator") && !MatterLexicon.isProper("water"))
        #expect(MatterLexicon.isProcedure("social.card") && MatterLexicon.isProcedure("school.admission") && !MatterLexicon.isProcedure("water.burst"))
    }

    /// A run of numerals read by scalar has the value it has read by character, for every run of up to four numerals.
    @Test func numeralRunsByScalarAsByCharacter() {
        let numerals = Array(MatchText.digits.keys) + Array(MatchText.units.keys)
        var longest: [[Character]] = numerals.map { [$0] }
        var runs = longest
        for _ in 1..<4 {
            longest = longest.flatMap { r in numerals.map { r + [$0] } }
            runs += longest
        }
        var checked = 0
        for run in runs {
            #expect(MatchText.value(ofScalars: run.map { $0.unicodeScalars.first!.value }) == MatchText.value(of: run), "\(String(run))")
            checked += 1
        }
        #expect(checked == 15 + 15 * 15 + 15 * 15 * 15 + 15 * 15 * 15 * 15)
        #expect(MatchText.value(ofScalars: "一百零八".unicodeScalars.map(\.value)) == 108)
        #expect(MatchText.value(ofScalars: "百货".unicodeScalars.map(\.value)) == nil)
    }

    /// `EarlierContact.match` answers, at every position of the evaluation texts, what the list's words say there: the
    /// bits a list keeps of its words' first scalars pass every position where one of its words begins.
    @Test func earlierContactListsAnswerAsTheirWords() throws {
        let lists = [EarlierContact.pastTimes, EarlierContact.contacts, EarlierContact.countedContacts, EarlierContact.otherParties,
                     EarlierContact.ownWords, EarlierContact.hotline, EarlierContact.settledWords, EarlierContact.turnWords,
                     EarlierContact.progressWords, EarlierContact.supplements, EarlierContact.askLeads]
        var found = 0, ended = 0
        for s in try FeatureCost.submissions().prefix(300) {
            let c = EarlierContact.mandarin(TextNormalizer.normalize(s.text).scalarValues)
            for words in lists {
                for i in c.indices {
                    // (`match` reads the lists whose first scalars `firstScalars` holds: not `otherParties` nor `ownWords`, read
                    // by `endsWith` only.)
                    let expected = EarlierContact.firstScalars.contains(c[i])
                        ? words.words.filter { w in i + w.count <= c.count && c[i..<(i + w.count)].elementsEqual(w) }.map(\.count).max() : nil
                    #expect(EarlierContact.match(words, c, at: i) == expected)
                    if expected != nil { found += 1 }
                    let ending = words.words.first { w in w.count <= i + 1 && c[(i + 1 - w.count)...i].elementsEqual(w) }?.count
                    #expect(EarlierContact.endsWith(words, c, endingAt: i + 1) == ending)
                    if ending != nil { ended += 1 }
                }
            }
        }
        #expect(found > 50)
        #expect(ended > 20)
    }

    /// Word keys are the three-character runs without grammar, each once, in text order, at most `wordKeysLimit`.
    @Test func wordKeysAreTheRunsWithoutGrammar() throws {
        for s in try FeatureCost.submissions().prefix(400) {
            let f = MatterFeatures(s)
            var expected: [String] = []
            for run in DedupEngine.runs(f, lengths: 3...3) where expected.count < DedupEngine.wordKeysLimit {
                guard !run.unicodeScalars.contains(where: { DedupEngine.grammarCharacters.contains($0.value) }) else { continue }
                let key = DedupEngine.wordKeyPrefix + run
                if !expected.contains(key) { expected.append(key) }
            }
            #expect(f.wordKeys == expected, "\(s.text)")
        }
        let f = MatterFeatures(text: "米市里口上 米市里电线", requestType: .complaint, location: nil)
        #expect(f.wordKeys.first == "w:米市里")
        #expect(f.wordKeys.filter { $0 == "w:米市里" }.count == 1)
    }

    /// A shape says something only where a word of its anchors (`EarlierContact.Anchor`) occurs, so `read`, which asks
    /// a shape only then, reads every evaluation text as asking every shape reads it.
    @Test func shapesNeedTheirAnchors() throws {
        typealias E = EarlierContact
        var said = 0
        let texts = try FeatureCost.submissions().map(\.text) + [
            "上次反映的路灯修好了，这次想问一下医保", "反映两次了还没人管", "投诉三天了", "再次反映楼下烧烤", "又打来问", "补充一下：户号12345",
            "民宿那个事", "老年卡的事，办好了没有", "今天想问一下护照", "不是烧烤的事，是油烟", "现在问个别的", "这次是楼道灯",
            "户口上好了，谢谢。我现在问，身份证怎么办", "三天前咨询，尚未回复", "刚才问养老保险转移的，",
        ]
        for text in texts {
            let c = E.mandarin(TextNormalizer.normalize(text).scalarValues)
            let has = E.Anchors(c), start = E.headStart(c)
            let shapes: [(Bool, Bool)] = [
                (E.asksAnotherNow(c), has.any(.askLeads)), (E.asksSomethingElse(c), has.any(.bieDe)),
                (E.thisTimeAnother(c), has.any(.thisTimeIs)), (E.doneThenAsksAgain(c), has.any(.settledWords, .completions)),
                (E.turnsElsewhere(c, start: start), has.any(.anotherLead, .elsewhere, .doneWords)),
                (E.timeThenContact(c), has.any(.pastTimes, .agoUnits)), (E.askedAbout(c), has.any(.pastTimes)),
                (E.contactCounted(c), has.any(.severalTimes, .countedContacts)), (E.contactAged(c), has.any(.hotlineContacts)),
                (E.contactAgain(c), has.any(.again, .askAgain, .againBare)),
            ]
            for (k, (says, anchored)) in shapes.enumerated() where says {
                said += 1
                #expect(anchored, "shape \(k): \(text)")
            }
        }
        #expect(said > 30)
        #expect(E.Anchors(E.mandarin(TextNormalizer.normalize("路灯坏了").scalarValues)).any(.pastTimes) == false)
        #expect(E.Anchors(E.mandarin(TextNormalizer.normalize("琴日反映过").scalarValues)).any(.pastTimes))
    }

    /// The normalizer's fast path, which copies the stretches kept as they are, writes what writing each scalar gives.
    @Test func normalizerCopiesWhatItKeeps() throws {
        func byScalar(_ text: String, lowercase: Bool) -> String? {
            var out = String.UnicodeScalarView()
            var pendingSpace = false
            for s in text.unicodeScalars {
                var v = s.value
                switch v {
                case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3000: pendingSpace = !out.isEmpty; continue
                case 0x00..<0x20, 0x7F, 0x200B, 0x200C, 0x200D, 0xFEFF: continue
                case 0x21...0x7E: break
                case 0xFF01...0xFF5E: v -= 0xFEE0
                case 0x4E00...0x9FFF, 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301B, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x00B7: break
                default: return nil
                }
                if pendingSpace { out.append(" "); pendingSpace = false }
                if lowercase && (0x41...0x5A).contains(v) { v += 0x20 }
                out.append(Unicode.Scalar(v)!)
            }
            return String(out)
        }
        let texts = try FeatureCost.submissions().flatMap { [$0.text, $0.location?.address ?? ""] } + [
            "", " ", "  前后空格  ", "\u{200B}零宽开头", "中\u{7}间\u{200D}控制", "ＡＢＣ　ａｂｃ～全角", "Mixed CASE Ａｂ", "行\n\n换\t行",
            "尾部　", "\u{3000}\u{3000}", "a", "Ａ",
        ]
        var fast = 0
        for t in texts {
            guard let expected = byScalar(t, lowercase: false) else { continue }
            fast += 1
            #expect(TextNormalizer.normalize(t) == expected, "\(t)")
            #expect(TextNormalizer.normalizedLowercased(t) == byScalar(t, lowercase: true), "\(t)")
        }
        #expect(fast > 100)
    }

    /// One reading of a text for both cases gives what `normalize` and `normalizedLowercased` give (`MatterFeatures`
    /// hands the first to `EarlierContact`, the second to `MatchText`).
    @Test func bothCasesAsEachAlone() throws {
        let texts = try (EvaluationSet.load("eval") + EvaluationSet.load("tuning")).map(\.submission.text) + [
            "ABC路Ｄ栋", "Café 三号", "  Ｈｅｌｌｏ　WORLD  ", "三\u{0301}楼", "", "a\u{200B}B", "İSTANBUL 路",
        ]
        for t in texts {
            let both = TextNormalizer.normalizedBothCases(t)
            #expect(both.normalized.utf8.elementsEqual(TextNormalizer.normalize(t).utf8), "\(t)")
            #expect(both.lowercased.utf8.elementsEqual(TextNormalizer.normalizedLowercased(t).utf8), "\(t)")
        }
    }

    /// `includes` in place answers as the search of the two Strings' bytes copied into arrays (a needle of more than
    /// 8 bytes still goes that way).
    @Test func includesAsTheBytesCopied() throws {
        let texts = try EvaluationSet.load("eval").map { MatchText.normalize($0.submission.text) } + ["", "a", "隔壁", "铁路桥洞"]
        let needles = ["隔壁", "对门", "铁路桥", "隧道", "a", "路", "", "下穿通道", "铁路桥洞"]
        for t in texts {
            for n in needles { #expect(t.includes(n) == TextSearch.contains(Array(t.utf8), Array(n.utf8)), "\(t) \(n)") }
        }
    }
}
