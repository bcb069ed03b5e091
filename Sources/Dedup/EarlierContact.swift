import IntakeCore

/// Whether a report points, in so many words, at the caller's own earlier contact or matter: the way a second
/// contact is told, whatever the matter. Six shapes, each general to a chase and rare in a first report:
/// - a time before now, then a contact (`上周说的`, `前天问的`, `昨晚反映的`, `之前110转过来的`, `早上在网上反映`, `刚发了短信`,
///   `三天前咨询`),
///   or the question asked then, named (`刚才问养老保险转移的，`);
/// - a contact counted (`反映两次了`, `问了两回`, `已多次反映`) or aged (`投诉三天了`);
/// - a contact again (`再次反映`, `入学分配再问一下`, `又打来`);
/// - a supplement (`补充：户号…`, `主题：补充说明`, `补充问一下：`);
/// - the matter named as known, `那个` after it (`民宿那个事`, `空调外机那个，`, `刚才说拉肚子那个`);
/// - the matter named as known, `的事` at the head of the text (`老年卡的事，`, `还是粮站压价的事`).
/// A report that says it turns to something else (`这次`, `还有…`, `再提一个`), or that the earlier matter is done
/// (`上次反映的路灯修好了，…`), cites nothing.
///
/// Read from the text as sent (width-folded), not the match text: the match text drops `那个` and `问一下` as
/// fillers. So the flag exists only on a new submission's features; features rebuilt from a stored ticket's match
/// text do not have it, and the rules read it only on the new submission. One pass per shape over a bounded prefix.
enum EarlierContact {
    /// Characters read (the subject and the text's start: a chase says what it is at once, or ends on `那个`).
    static let characters = 400

    static func cited(subject: String?, text: String) -> Bool {
        read(subject: subject, text: text).cites
    }

    /// Whether the report cites an earlier contact or matter (`cited`), and whether it says it is about another matter
    /// now (`asksAnotherNow`, `notThatMatter`), from one reading of the text as sent.
    static func read(subject: String?, text: String) -> (cites: Bool, another: Bool) {
        // (`MatterFeatures.prefix`: a string of no more bytes than `characters` is whole, without counting characters.)
        var joined = subject.map { MatterFeatures.prefix($0, characters) + " " } ?? ""
        joined += MatterFeatures.prefix(text, characters)
        return read(normalized: TextNormalizer.normalize(joined))
    }

    /// Whether `read` reads subject and text whole (each of no more bytes than `characters`): then what it reads is
    /// `MatterFeatures`' joined text, and the features normalize it once for both (`read(normalized:)`).
    static func readsWhole(subject: String?, text: String) -> Bool {
        text.utf8.count <= characters && (subject?.utf8.count ?? 0) <= characters
    }

    /// `read` of the subject and text joined as it joins them, after `TextNormalizer.normalize`.
    static func read(normalized: String) -> (cites: Bool, another: Bool) {
        let c = mandarin(normalized.scalarValues)
        // A shape that reads the whole text is asked only when a word it cannot say anything without occurs in it
        // (`Anchors`): most reports hold none of them, and each shape read every position.
        let has = Anchors(c)
        let start = headStart(c)
        let another = (has.any(.askLeads) && asksAnotherNow(c)) || notThatMatter(c) || (has.any(.bieDe) && asksSomethingElse(c))
            || (has.any(.thisTimeIs) && thisTimeAnother(c)) || (has.any(.settledWords, .completions) && doneThenAsksAgain(c))
            || (has.any(.aThing) && asksAThing(c, start: start)) || has.any(.anotherAsked)
        if another || (has.any(.anotherLead, .elsewhere, .doneWords) && turnsElsewhere(c, start: start)) { return (false, another) }
        let cites = (has.any(.pastTimes, .agoUnits, .month) && timeThenContact(c)) || (has.any(.pastTimes) && askedAbout(c))
            || (has.any(.severalTimes, .countedContacts) && contactCounted(c)) || (has.any(.hotlineContacts) && contactAged(c))
            || (has.any(.again, .askAgain, .againBare) && contactAgain(c))
            || supplement(c, start: start) || knownMatterThatOne(c, start: start) || knownMatterAtHead(c, start: start)
        return (cites, false)
    }

    /// The word lists whose words the shapes begin at (`asksAnotherNow` at a word of `askLeads`, `timeThenContact` at one
    /// of `pastTimes` or a count of `agoUnits` ago…), and which of them occur in a text, found in one pass: a shape
    /// without its lists' words in the text says nothing, and `read` does not ask it. A shape that comes to begin at
    /// another list names it here and in `read` (`ScalarPath.shapesNeedTheirAnchors` checks it on the evaluation texts).
    enum Anchor: Int, CaseIterable {
        case askLeads, bieDe, thisTimeIs, settledWords, completions, anotherLead, elsewhere, doneWords, pastTimes, agoUnits,
             severalTimes, countedContacts, hotlineContacts, again, askAgain, againBare, month, aThing, anotherAsked

        var words: Words {
            switch self {
            case .askLeads: EarlierContact.askLeads
            case .bieDe: EarlierContact.bieDe
            case .thisTimeIs: EarlierContact.thisTimeIs
            case .settledWords: EarlierContact.settledWords
            case .completions: EarlierContact.completions
            case .anotherLead: EarlierContact.anotherLead
            case .elsewhere: EarlierContact.elsewhere
            case .doneWords: EarlierContact.doneWords
            case .pastTimes: EarlierContact.pastTimes
            case .agoUnits: EarlierContact.agoUnits
            case .severalTimes: EarlierContact.severalTimes
            case .countedContacts: EarlierContact.countedContacts
            case .hotlineContacts: EarlierContact.hotlineContacts
            case .again: EarlierContact.again
            case .askAgain: EarlierContact.askAgain
            case .againBare: EarlierContact.againBare
            case .month: EarlierContact.month
            case .aThing: EarlierContact.aThing
            case .anotherAsked: EarlierContact.anotherAsked
            }
        }
    }

    /// Which `Anchor` lists have a word in a text.
    struct Anchors {
        private var bits: UInt32 = 0

        init(_ c: [UInt32]) {
            let table = Self.table
            for i in c.indices where table.firsts.contains(c[i]) {
                for (word, bit) in table.byFirst[c[i]] ?? [] where bits & bit == 0 {
                    if i + word.count <= c.count && c[i..<(i + word.count)].elementsEqual(word) { bits |= bit }
                }
            }
        }

        func any(_ a: Anchor) -> Bool { bits & 1 << UInt32(a.rawValue) != 0 }
        func any(_ a: Anchor, _ b: Anchor) -> Bool { any(a) || any(b) }
        func any(_ a: Anchor, _ b: Anchor, _ c: Anchor) -> Bool { any(a) || any(b) || any(c) }

        /// Every anchor list's words by their first scalar, with their list's bit.
        static let table: (firsts: ScalarSet, byFirst: [UInt32: [(word: [UInt32], bit: UInt32)]]) = {
            var byFirst: [UInt32: [(word: [UInt32], bit: UInt32)]] = [:]
            for a in Anchor.allCases {
                for w in a.words.words { byFirst[w[0], default: []].append((w, 1 << UInt32(a.rawValue))) }
            }
            return (ScalarSet(byFirst.keys), byFirst)
        }()
    }

    /// The text with the Cantonese words the shapes read put in their Mandarin form, one for one (`嗰个` 那个, `嘅` 的,
    /// `咗` 了, `係` 是, `唔` 不, `啱啱` 刚刚, `琴晚` 昨晚, `琴日` 昨天, `今次` 这次): a Cantonese caller cites his earlier
    /// question in them (`啱啱问安置点嘅，…`, `电动车登记嗰个，…`), or says he asks another now (`今次唔係问补卡，係…`).
    /// And the Wu ones (`上趟` 上次, `今朝` 今天, `别样` 别的): `我上趟问过额…`, `今朝问问别样事体`.
    static func mandarin(_ c: [UInt32]) -> [UInt32] {
        guard c.contains(where: cantonese.contains) else { return c }
        var out = c
        // (A word's first character looked up by its bit first: 上, 今 and 别 begin Wu words and occur in most texts, and
        // the two dictionaries hashed every character of a text holding one.)
        for i in out.indices where cantonese.contains(out[i]) {
            if let m = cantoneseOne[out[i]] { out[i] = m; continue }
            guard i + 1 < out.count, let pair = cantoneseTwo[out[i]], let second = pair[out[i + 1]] else { continue }
            out[i] = second.0
            out[i + 1] = second.1
        }
        return out
    }

    static let cantoneseOne: [UInt32: UInt32] = Dictionary(uniqueKeysWithValues: zip("嗰嘅咗係唔".unicodeScalars.map(\.value),
                                                                                       "那的了是不".unicodeScalars.map(\.value)))
    /// Two-character words by their first character, with what they become.
    static let cantoneseTwo: [UInt32: [UInt32: (UInt32, UInt32)]] = {
        var words: [UInt32: [UInt32: (UInt32, UInt32)]] = [:]
        for (from, to) in [("啱啱", "刚刚"), ("琴晚", "昨晚"), ("琴日", "昨天"), ("寻晚", "昨晚"), ("寻日", "昨天"), ("今次", "这次"), ("呢次", "这次"),
                           ("上趟", "上次"), ("今朝", "今天"), ("别样", "别的")] {
            let f = from.unicodeScalars.map(\.value), t = to.unicodeScalars.map(\.value)
            words[f[0], default: [:]][f[1]] = (t[0], t[1])
        }
        return words
    }()
    static let cantonese = ScalarSet(Array(cantoneseOne.keys) + Array(cantoneseTwo.keys))

    /// The length of a time counted back from now at `i`: a number (`三`, `两`, `4`, `好几`), a unit of days, weeks or
    /// months and `前` (`三天前`, `四日前`, `两周前`, `1个月前`), as a letter dates its earlier contact (`三天前咨询…，尚未回复`).
    static func countedAgo(_ c: [UInt32], at i: Int) -> Int? {
        // (After `月` the number is a day of a date: `6月30日前` is a limit, not thirty days ago; nor is a number's last
        // digit one of its own.)
        if i > 0, c[i - 1] == yue || isDigit(c[i - 1]) { return nil }
        var k = i
        while k < c.count, k - i < 3, numerals.contains(c[k]) { k += 1 }
        guard k > i, let u = match(agoUnits, c, at: k), k + u < c.count, c[k + u] == qian else { return nil }
        return k + u + 1 - i
    }

    /// The length of a day named by its date at `i` (`3月5日`, `11月20号`): one or two digits, `月`, one or two digits, `日`
    /// or `号`, as a letter dates its earlier letter (`关于3月5日所询…一事`, `3月6日咨询…，请问是否已转`). Not a date
    /// before which or from which something is to be done (`3月20日前提交`, `12月1日起`, `3月5日至…`).
    static func dated(_ c: [UInt32], at i: Int) -> Int? {
        guard i == 0 || !isDigit(c[i - 1]) else { return nil }
        var k = i
        while k < c.count, k - i < 2, isDigit(c[k]) { k += 1 }
        guard k > i, k < c.count, c[k] == yue else { return nil }
        k += 1
        let day = k
        while k < c.count, k - day < 2, isDigit(c[k]) { k += 1 }
        guard k > day, k < c.count, c[k] == ri || c[k] == hao else { return nil }
        k += 1
        if k < c.count, notBefore.contains(c[k]) { return nil }
        return k - i
    }

    static func isDigit(_ v: UInt32) -> Bool { (0x30...0x39).contains(v) }

    /// A time before now, `问` (`了` or not), two to `askedAboutCharacters` characters of a matter and `的` ending the
    /// clause (`刚才问养老保险转移的，`, `上次问阶梯水价人口多的，`): the question the caller asked then, named.
    static func askedAbout(_ c: [UInt32]) -> Bool {
        var i = 0
        while i < c.count {
            guard let t = match(pastTimes, c, at: i) else { i += 1; continue }
            var k = i + t
            if k < c.count, c[k] == wen, own(c, contactAt: i) {
                k += 1
                if k < c.count, c[k] == le { k += 1 }
                let from = k
                while k < c.count, k - from <= askedAboutCharacters, isHan(c[k]), c[k] != de { k += 1 }
                if k - from >= 2, k < c.count, c[k] == de, k + 1 >= c.count || isBoundary(c[k + 1]) { return true }
            }
            i += t
        }
        return false
    }

    static let askedAboutCharacters = 12

    // MARK: Shapes

    /// A time before now, then within a few characters of one clause a contact word not followed by `给` (`昨天打电话给
    /// 物业` is a contact with someone else) or `人`, nor after `人` or `民` (`上午来电人反映`, `市民反映`: a call
    /// summary's opening, whoever calls).
    static func timeThenContact(_ c: [UInt32]) -> Bool {
        var i = 0
        while i < c.count {
            guard let t = match(pastTimes, c, at: i) ?? countedAgo(c, at: i) ?? dated(c, at: i) else { i += 1; continue }
            var j = i + t
            while j < c.count, j < i + t + 8, !isBoundary(c[j]) {
                if let v = match(contacts, c, at: j), j + v >= c.count || (c[j + v] != gei && c[j + v] != ren),
                   !summaryOpening.contains(c[j - 1]), !notDone.contains(c[j - 1]), !askedSomeoneElse(c, after: j + v),
                   own(c, contactAt: j), own(c, contactAt: i) { return true }
                j += 1
            }
            i += t
        }
        return false
    }

    /// A contact word, `了` or `过` or neither, a number (`两`, `2`, `几`, `好几`) and `次`/`回`/`遍`/`趟` (`打过两次`,
    /// `反映过三回`, `发过两次短信`); or `多次`/`屡次`/`反复` before a contact word.
    static func contactCounted(_ c: [UInt32]) -> Bool {
        for i in c.indices {
            if let m = match(severalTimes, c, at: i), match(contactsAgain, c, at: i + m) != nil, own(c, contactAt: i) { return true }
            guard let v = match(countedContacts, c, at: i), own(c, contactAt: i) else { continue }
            var k = i + v
            if k < c.count, c[k] == le || c[k] == guo { k += 1 }
            let digits = k
            while k < c.count, k - digits < 3, numerals.contains(c[k]) { k += 1 }
            if k < c.count, k > digits, times.contains(c[k]) { return true }
        }
        return false
    }

    /// A contact to the hotline right before how long ago (`投诉三天了`, `反映了快一周了`): `了` and `快`/`都`/`已`/`已经`
    /// or not, a number or `几`/`半`, `个` or not, a unit of time, `了`. (Words between would as often say how long
    /// the matter has lasted: `来电人反映小区停水3天了`.)
    static func contactAged(_ c: [UInt32]) -> Bool {
        for i in c.indices {
            guard let v = match(hotlineContacts, c, at: i), own(c, contactAt: i) else { continue }
            var k = i + v
            if k < c.count, c[k] == le { k += 1 }
            if let m = match(agedLeads, c, at: k) { k += m }
            let digits = k
            while k < c.count, k - digits < 3, numerals.contains(c[k]) || c[k] == ban { k += 1 }
            guard k > digits else { continue }
            if k < c.count, c[k] == ge { k += 1 }
            if let u = match(timeUnits, c, at: k), k + u < c.count, c[k + u] == le { return true }
        }
        return false
    }

    /// Whether someone else is named right after a contact (`问了一下社区`, `问过物业`, `问了我们村长`): the caller asked
    /// him, not the hotline (`askFillers` may stand between).
    static func askedSomeoneElse(_ c: [UInt32], after k: Int) -> Bool {
        var k = k
        if let f = match(askFillers, c, at: k) { k += f }
        guard k < c.count else { return false }
        if match(hotline, c, at: k) != nil { return false }
        if longest(otherParties, c, at: k) != nil { return true }
        // A word of two or three characters ending in a person's suffix (`班主任`, `网格员`, `他们`).
        var e = k
        while e < c.count, e - k < 3, isHan(c[e]) {
            if e > k, partySuffixes.contains(c[e]) { return true }
            e += 1
        }
        return false
    }

    /// `再次`/`再一次`/`又一次` before a contact word; `再问` after two characters of a matter (at a text's head it asks
    /// one more question: `再问一下，身份证…`); `又来问`, `又打来`.
    static func contactAgain(_ c: [UInt32]) -> Bool {
        for i in c.indices {
            if let a = match(again, c, at: i), match(contactsAgain, c, at: i + a) != nil, own(c, contactAt: i) { return true }
            if match(askAgain, c, at: i) != nil, i >= 2, isHan(c[i - 1]), isHan(c[i - 2]) { return true }
            if match(againBare, c, at: i) != nil, own(c, contactAt: i) { return true }
        }
        return false
    }

    /// `补充` (or `我再补充`, `再补充`) at the head, then a mark or what is added (`补充一下`, `补充说明`, `补充材料`):
    /// not `补充医疗保险`, a kind of insurance.
    static func supplement(_ c: [UInt32], start: Int) -> Bool {
        var k = start
        if let lead = match(supplementLeads, c, at: k) { k += lead }
        guard let word = match(buChong, c, at: k) else { return false }
        k += word
        return k >= c.count || isBoundary(c[k]) || match(supplements, c, at: k) != nil
    }

    /// `那个` after two characters of a matter (not after `fillerBefore`), before `事`, `问题`, `又`, `投诉`,
    /// a mark or the end; in the text's first clause, or ending the text. Not `那个` ending a clause in which the caller
    /// says who he is (`我还是机床厂宿舍那个，想问一下…`, `我是在大学城开奶茶店那个`: `我是`, `我还是`), which names the caller,
    /// not the matter.
    static func knownMatterThatOne(_ c: [UInt32], start: Int, anyClause: Bool = false) -> Bool {
        let lastContent = c.lastIndex { !isBoundary($0) } ?? -1
        var i = start + 2
        var firstClause = true
        while i + 1 < c.count {
            if isBoundary(c[i - 1]) { firstClause = false }
            defer { i += 1 }
            guard c[i] == na, c[i + 1] == ge, isHan(c[i - 1]), isHan(c[i - 2]), !fillerBefore.contains(c[i - 1]) else { continue }
            let after = i + 2
            let atEnd = after > lastContent
            let known = after >= c.count || isBoundary(c[after]) || thatOneFollowers.contains(c[after])
                || match(thatOneWords, c, at: after) != nil
            guard known && (firstClause || atEnd || anyClause) else { continue }
            if after >= c.count || isBoundary(c[after]), saysWhoCalls(c, before: i) { continue }
            return true
        }
        return false
    }

    /// Whether the clause that reaches `i` says, before it, who calls: `我是` or `我还是`.
    static func saysWhoCalls(_ c: [UInt32], before i: Int) -> Bool {
        var k = i
        while k > 0, !isBoundary(c[k - 1]) { k -= 1 }
        while k + 1 < i {
            if c[k] == wo, c[k + 1] == shi || (k + 2 < i && c[k + 1] == hai && c[k + 2] == shi) { return true }
            k += 1
        }
        return false
    }

    /// `的事`, `的事情` or `那件事` after two characters of a matter, within the head clause's first 16 characters, in a
    /// clause that does not announce a report or a question of its own (`我想反映一下小区停车的事`, `我再问一下医保的事儿`).
    static func knownMatterAtHead(_ c: [UInt32], start: Int) -> Bool {
        var end = start
        while end < c.count, !isBoundary(c[end]) { end += 1 }
        let head = Array(c[start..<end])
        if head.indices.contains(where: { k in announcing.contains(head[k]) && match(announcements, head, at: k + 1) != nil }) { return false }
        for k in head.indices where k >= 2 && k < 16 && isHan(head[k - 1]) && isHan(head[k - 2]) {
            if let w = match(matterWords, head, at: k) {
                if k + w < head.count, notMatter.contains(head[k + w]) { continue }
                return true
            }
        }
        return false
    }

    /// A word of this time or of something besides (`这次`, `现在`, `今天`, `另外`, `顺便`), `想` or not, and a word of asking
    /// (`问`, `咨询`, `了解`): the caller, having named what they reported before, asks another question now
    /// (`之前打过路灯的电话，今天想问一下…`, `上次问了通行证，现在想问护照`, `另外想咨询…`). Read in the text as sent: the
    /// match text drops `问一下` and `咨询一下` as fillers, so `另外想问一下` is `另外想` there. `现在问` and `今天问` without
    /// `想` are not read (`现在问题还没解决` chases), nor `还想问`, which as often asks more of the same matter
    /// (`租房提公积金那个还想问一下…`).
    static func asksAnotherNow(_ c: [UInt32]) -> Bool {
        for i in c.indices {
            guard let l = match(askLeads, c, at: i) else { continue }
            var k = i + l
            // `顺便再问一下…`, `另外再问…`: asking besides, once more.
            if k < c.count, c[k] == zai, match(besidesLeads, c, at: i) == l { k += 1 }
            // `今天是想问…`, `这次是想问…`: what the caller wants to ask this time.
            if k + 1 < c.count, c[k] == shi, c[k + 1] == xiang { k += 1 }
            let wants = k < c.count && c[k] == xiang
            if wants { k += 1 }
            // `这回是问…`: what the caller asks this time.
            else if k < c.count, c[k] == shi, match(bareAskLeads, c, at: i) == l { k += 1 }
            guard let v = match(askWords, c, at: k) else { continue }
            // `今天问问…`, `现在问问…`: asking twice over is a question asked now (`问题` is no asking).
            let doubled = v == 1 && k + 1 < c.count && c[k] == wen && c[k + 1] == wen
            // `今天问一下，…`, `现在问下…`, `今天问的是…`, `今天问的不一样`: the question of this call, set beside the one of
            // before (`上次问过年检的。今天问一下，驾驶证…`); `问了`, `问过` (asked someone today) and `问题` are not.
            let thisCall = !wants && !doubled && match(askedNow, c, at: k + v) != nil
            if !wants && !doubled && !thisCall && (!bareAskLeads.words.contains(where: { w in w.count == l && c[i..<(i + l)].elementsEqual(w) })
                          || (k + v < c.count && c[k + v] == ti)) { continue }
            // Asking how the matter named stands (`现在想问一下进度`, `今天想问下什么时候来修`) chases it.
            var q = k + v + (doubled ? 1 : 0)
            if let f = match(askFillers, c, at: q) { q += f }
            if match(progressWords, c, at: q) != nil { continue }
            return true
        }
        return false
    }

    /// `不是` and one to six characters of a matter, then `的事` (`这回不是烧烤的事，是…`, `还是医保的，不过不是交钱的事`), or
    /// then a particle or not, a mark and the `是` of what it is instead (`不是油烟哈，是…`, `这回不是退费，是想问…`): the
    /// caller says the matter named is not what they call about now. Not when the characters name whose business it is
    /// (`说不是他们的事`: someone declining it), nor after `说` (what someone else said) or `是` (`是不是线路的事？` asks
    /// what the matter is).
    /// Or `不是`, a time before now and the question or report then (`不是上次问的报销`, `不是之前反映的那段`): the caller says
    /// this is not what he asked or reported then. (Not `说的`: `不是上次说的三天就修吗` chases what he was told.)
    static func notThatMatter(_ c: [UInt32]) -> Bool {
        var i = 0
        while i + 1 < c.count {
            defer { i += 1 }
            guard c[i] == bu, c[i + 1] == shi, i == 0 || (c[i - 1] != shuo && c[i - 1] != shi) else { continue }
            let from = i + 2
            // `这回不是医保了，…`, `这回不是我厂里的事，是我老婆…`: this call is not about the matter of before, whatever
            // follows (not a count: `这次不是第一次了`).
            if i >= 2, match(thisTime, c, at: i - 2) == 2, from < c.count, c[from] != di, !numerals.contains(c[from]) { return true }
            if let t = match(pastTimes, c, at: from), match(askedOrReported, c, at: from + t) != nil { return true }
            guard from < c.count, !whose.contains(c[from]) else { continue }
            var k = from
            while k < c.count, k - from < 6, isHan(c[k]), match(matterWords, c, at: k) == nil { k += 1 }
            if k > from, k < c.count, match(matterWords, c, at: k) != nil, c[k] == de { return true }
            // `不是油烟哈，是…`, `这回不是退费，是想问…`: the matter named, a particle or not, then the one it is.
            var m = from
            while m < c.count, m - from < 6, isHan(c[m]), !particles.contains(c[m]) { m += 1 }
            // `不是停水那个，…`: the matter named as the one of before (`X那个`), and not it.
            if m - from >= 3, c[m - 2] == na, c[m - 1] == ge, m == c.count || isBoundary(c[m]) || particles.contains(c[m]) { return true }
            if m > from, m < c.count, particles.contains(c[m]) { m += 1 }
            var b = m
            while b < c.count, isBoundary(c[b]) { b += 1 }
            if m > from, b > m, b < c.count, c[b] == shi, b + 1 < c.count, c[b + 1] != bu { return true }
        }
        return false
    }

    /// `这次是` or `这回是` before what the call is about (`又是我，…这次是楼道灯`, `我又要反映二院的事，这次是收费`): the caller
    /// names another matter than the one of before. Not before a count (`这次是第三次打了`), nor when the trouble is told
    /// as come again (`电梯又把人关里面了，这次是邻居家小孩`, `又有东西掉下来了，这回是一袋垃圾`): that is the matter of
    /// before, and what it is this time. `又` of the caller again (`又是我`, `又要反映`, `又来问`) tells no trouble.
    static func thisTimeAnother(_ c: [UInt32]) -> Bool {
        guard let i = c.indices.first(where: { match(thisTimeIs, c, at: $0) != nil }) else { return false }
        let k = i + 3
        guard k < c.count, isHan(c[k]), c[k] != di, !numerals.contains(c[k]) else { return false }
        return !c.indices.contains { j in c[j] == you && j + 1 < c.count && !callerAgain.contains(c[j + 1]) }
    }

    /// A word of asking or reporting, `个` or `一个` or nothing, then `别的` and `事`, a particle, a mark or the end
    /// (`现在问个别的，…`, `我再反映个别的`, `又想问个别的啊`): the caller turns to something else. Not `说别的` (`人家说别的小区
    /// 都不收` tells what someone said), nor `别的` before a noun (`问别的医院`).
    static func asksSomethingElse(_ c: [UInt32]) -> Bool {
        for i in c.indices {
            guard let v = match(askOrReport, c, at: i) else { continue }
            var k = i + v
            if let n = match(oneOf, c, at: k) { k += n }
            guard let word = match(bieDe, c, at: k) else { continue }
            k += word
            if k >= c.count || isBoundary(c[k]) || particles.contains(c[k]) || match(thingWords, c, at: k) != nil { return true }
        }
        return false
    }

    /// `问个事`, `问一个事`, `问件事` (`事`, `事儿`, `事情`): the caller asks a thing he does not name yet (`我又来问个事，…`,
    /// `喂，我问个事，风电场占了我家的地…`), a matter of his own, not one he asked before. Unless he then names the earlier
    /// one as known (`问个事哈，就是慢特病那个认定，…`) or says when he asked it (`…前两天问过一次的`): then it is that one.
    static func asksAThing(_ c: [UInt32], start: Int) -> Bool {
        let at = c.indices.contains { i in
            guard c[i] == wen else { return false }
            var k = i + 1
            if let n = match(oneOf, c, at: k) { k += n } else if k < c.count, c[k] == jian { k += 1 } else { return false }
            return k < c.count && c[k] == thing
        }
        return at && !timeThenContact(c) && !knownMatterThatOne(c, start: start, anyClause: true)
    }

    /// A word of the earlier matter settled (`settledWords`: `年检那个弄明白了`, `上回签注办完了`, `卡激活好了`, `落户事宜已了解`,
    /// `疑问已收到答复`), or a procedure told done (`completedProcedure`: `户口上好了`, `卡已经拿到了`, `人才公寓申请上了`), not
    /// after `没`/`未`/`不` nor told as someone's word (`说办好了`), nor asked (`办好了没有`); then a turn to a question or
    /// report (`turnWords`: `再问`, `另请问`, `另外`, `还有个`, `现在想`, `现在是`, `这次`, `想问`, `想办`) or a question asked afresh
    /// (`freshQuestion`: `我现在问，…`, `请问…`): the caller, his first matter settled, asks or reports another
    /// (`卡补好了，谢谢。今朝问另外一桩`, `已经补好了。现在想给女儿办身份证`, `娃娃户口上好了，谢谢你们。我现在问，…身份证…`).
    static func doneThenAsksAgain(_ c: [UInt32]) -> Bool {
        guard let done = c.indices.first(where: { i in
            guard let w = match(settledWords, c, at: i) ?? completedProcedure(c, at: i) else { return false }
            if (max(0, i - 2)..<i).contains(where: { negations.contains(c[$0]) }) { return false }
            if (max(0, i - 3)..<i).contains(where: { toldBy.contains(c[$0]) }) { return false }
            let after = i + w < c.count && c[i + w] == le ? i + w + 1 : i + w
            return after >= c.count || !askedIfDone.contains(c[after])
        }) else { return false }
        return (done..<c.count).contains { match(turnWords, c, at: $0) != nil || freshQuestion(c, at: $0) }
    }

    /// A verb of getting a procedure done (`procedureVerbs`: 办, 补, 换, 上, 拿, 领, 批, 迁, 落, 交, the 请 of 申请) and a
    /// complement that says it came through (`completions`: `好了`, `到了`, `上了`, `下来了`, `完了`, `妥`) at `i`: the length
    /// of the two. How a caller says a procedure of any department is done (`户口上好了`, `卡拿到了`, `补贴领到了`, `申请上了`,
    /// `长护险批下来了`, `已办妥`), whatever its name.
    static func completedProcedure(_ c: [UInt32], at i: Int) -> Int? {
        guard i < c.count, procedureVerbs.contains(c[i]), let n = match(completions, c, at: i + 1) else { return nil }
        return n + 1
    }

    /// An asking word at `i` (`问`, `请问`, `咨询`, `请教`) that asks now: not a contact of before (`问过`, `问的`, `问了`) nor
    /// a word of asking inside another (`问题`), nor asking how the settled matter stands (`请问多久能发`, `问一下进度`).
    static func freshQuestion(_ c: [UInt32], at i: Int) -> Bool {
        guard let v = match(freshAskWords, c, at: i) else { return false }
        var k = i + v
        if k < c.count, notAsking.contains(c[k]) { return false }
        if let f = match(askFillers, c, at: k) { k += f }
        return match(progressWords, c, at: k) == nil
    }

    /// `这次`, `再提` anywhere, or `还有` or `另外` at the head: the report turns to another matter. Or it says the earlier matter
    /// is done (`上次反映的路灯修好了`, `已经解决了`, `她现在没事了`; not after `没`/`未`/`不`): what it cites is not what it
    /// is about.
    static func turnsElsewhere(_ c: [UInt32], start: Int) -> Bool {
        if match(anotherLead, c, at: start) != nil { return true }
        return c.indices.contains { i in
            if match(elsewhere, c, at: i) != nil { return true }
            guard match(doneWords, c, at: i) != nil else { return false }
            return !(max(0, i - 2)..<i).contains { negations.contains(c[$0]) }
        }
    }

    /// Whether the contact (or the time before it) at `i` is the caller's own to the hotline: not one by someone else
    /// named right before it, past adverbs (`老师打电话说`, `孩子多次反映`, `楼上住户投诉几次了`, `邻居之前反映过`,
    /// `来电人反映`), nor one to someone else (`跟物业反映过`, `向社区投诉了两次`; `向你们`, `给12345` are the hotline).
    /// A party is a word of `otherParties` or a word ending in a person's suffix (`班主任`, `网格员`, `有人`, `他们`),
    /// not `本人`, `我们`, `咱们`. Reads at most `partyReach` characters back, in the contact's clause.
    static func own(_ c: [UInt32], contactAt i: Int) -> Bool {
        var from = i
        while from > 0, i - from < partyReach, !isBoundary(c[from - 1]) { from -= 1 }
        // To someone else: a preposition, then not the hotline.
        for k in from..<i where addressing.contains(c[k]) {
            if k + 1 < i && match(hotline, c, at: k + 1) == nil { return false }
        }
        var k = i
        while k > from, i - k < 4, adverbs.contains(c[k - 1]) { k -= 1 }
        guard k > from else { return true }
        if endsWith(ownWords, c, endingAt: k) != nil || endsWith(hotline, c, endingAt: k) != nil { return true }
        return endsWith(otherParties, c, endingAt: k) == nil && !partySuffixes.contains(c[k - 1])
    }

    /// The length of a word of `words` that ends right before `k`, if any.
    static func endsWith(_ words: Words, _ c: [UInt32], endingAt k: Int) -> Int? {
        guard k > 0, words.mayEnd(c[k - 1]) else { return nil }
        return words.words.first { w in w.count <= k && c[(k - w.count)..<k].elementsEqual(w) }?.count
    }

    /// Past a leading `主题`/`标题` label, its colon and spaces, and past the short clauses a call opens with (`喂，`,
    /// `你好，`, `妹儿，`, `同志，`: at most `greetingCharacters` each, ended by a comma or a stop, and at most `greetings`
    /// of them), which greet or address the hotline: the head of a spoken text is the clause after them (`喂，刚才问27路
    /// 改线那个，…`). Not a label's (`补充：`), nor a clause of the caller (`还是我，`: the clause after it may say who he is).
    static func headStart(_ c: [UInt32]) -> Int {
        var k = 0
        if match(labels, c, at: 0) != nil { k = 2 }
        while k < c.count, isBoundary(c[k]) { k += 1 }
        for _ in 0..<greetings {
            var end = k
            while end < c.count, end - k <= greetingCharacters, !isBoundary(c[end]), c[end] != wo { end += 1 }
            guard end > k, end - k <= greetingCharacters, end < c.count, greetingEnds.contains(c[end]) else { break }
            var next = end
            while next < c.count, isBoundary(c[next]) { next += 1 }
            guard next < c.count else { break }
            k = next
        }
        return k
    }

    /// The longest clause at a text's head read as a greeting, and how many are passed (`headStart`).
    static let greetingCharacters = 3
    static let greetings = 3
    static let greetingEnds = ScalarSet("，,、!！。".unicodeScalars.map(\.value))

    // MARK: Words

    /// The words of one list as scalars, and the first scalar of each beside them, in one contiguous list: `match`
    /// looks along the first scalars and compares only the words that begin with the text's scalar (a list of twenty
    /// words read word by word is twenty arrays visited at every position the lists' first scalars stand).
    /// `mayStart` (`mayEnd`) answers from 128 bits a list keeps of its words' first (last) scalars' hashes: the shapes
    /// ask `match` of a list at every position, and most positions' scalar begins a word of some list (`的`, `一`, `上`,
    /// `我`…) but not of the one asked, which the bits tell without visiting its words.
    struct Words: Sendable {
        let words: [[UInt32]]
        let firsts: [UInt32]
        private let starts: Bits, ends: Bits

        init(_ words: [String]) {
            self.words = words.map { $0.unicodeScalars.map(\.value) }
            firsts = self.words.compactMap(\.first)
            precondition(firsts.count == self.words.count, "an empty word")
            starts = Bits(firsts)
            ends = Bits(self.words.compactMap(\.last))
        }

        /// False when no word of the list begins with `v` (true may be either).
        @inline(__always)
        func mayStart(_ v: UInt32) -> Bool { starts.mayHold(v) }

        /// False when no word of the list ends with `v` (`endsWith`).
        @inline(__always)
        func mayEnd(_ v: UInt32) -> Bool { ends.mayHold(v) }

        /// 128 bits of the scalars' hashes.
        struct Bits: Sendable {
            private let low: UInt64, high: UInt64

            init(_ scalars: [UInt32]) {
                var low: UInt64 = 0, high: UInt64 = 0
                for v in scalars {
                    let h = Self.bit(v)
                    if h < 64 { low |= 1 << UInt64(h) } else { high |= 1 << UInt64(h - 64) }
                }
                self.low = low
                self.high = high
            }

            @inline(__always)
            static func bit(_ v: UInt32) -> UInt32 { (v &* 0x9E37_79B1) >> 25 }

            @inline(__always)
            func mayHold(_ v: UInt32) -> Bool {
                let h = Self.bit(v)
                return h < 64 ? low & (1 << UInt64(h)) != 0 : high & (1 << UInt64(h - 64)) != 0
            }
        }
    }

    /// Times before now, and how dialects say them: northern `昨儿`, `前儿`, Henan `夜儿个` (yesterday), Wu and Cantonese
    /// `昨日`, `前日`, `前几日`, Wu `上半天` (this morning), Cantonese `头先` (just now); and a letter's (`前信询问…`, `前次咨询…`).
    static let pastTimes = Words(["上次", "上回", "之前", "以前", "前天", "昨天", "昨晚", "今早", "早上", "上午", "中午", "下午", "上周",
                                  "上星期", "上礼拜", "上个星期", "上个礼拜", "上个月", "刚才", "刚刚", "刚", "前几天", "前两天", "几天前", "那天",
                                  "昨儿", "前儿", "夜儿个", "昨日", "前日", "前几日", "前两日", "昨夜", "上半天", "上半日", "头先",
                                  "前信", "前次"])
    static let contacts = Words(["反映", "投诉", "举报", "报修", "提交", "留言", "打电话", "打过", "发过", "问过", "说过",
                                 "报过", "转过", "说的", "问的", "报的", "发的", "咨询", "打的电话", "打了电话", "发了短信", "发短信",
                                 "问了", "询问", "所询", "来信", "去信"])
    static let countedContacts = Words(["反映", "投诉", "举报", "打电话", "来电", "提交", "催", "问", "打", "报", "发过"])
    static let contactsAgain = Words(["反映", "投诉", "举报", "来电", "询问", "致电", "提交", "催"])
    static let severalTimes = Words(["多次", "屡次", "反复"])
    static let hotlineContacts = Words(["反映", "投诉", "举报", "打电话", "来电", "留言", "打12345"])
    static let timeUnits = Words(["天", "周", "星期", "礼拜", "个月", "月", "小时"])
    static let agoUnits = Words(["天", "日", "周", "星期", "礼拜", "个月", "个星期", "个礼拜"])
    static let agedLeads = Words(["快", "都", "已", "已经"])
    static let again = Words(["再次", "再一次", "又一次"])
    static let askAgain = Words(["再问"])
    static let againBare = Words(["又来问", "又打来"])
    static let supplementLeads = Words(["我再", "再"])
    static let buChong = Words(["补充"])
    static let supplements = Words(["一下", "下", "说明", "材料", "情况", "一点", "几句", "信息", "内容", "证据", "反映", "附件", "截图",
                                     "问", "咨询"])
    static let thatOneWords = Words(["问题", "投诉"])
    static let matterWords = Words(["的事情", "的事", "那件事"])
    static let announcements = Words(["反映", "投诉", "问", "咨询", "举报"])
    static let anotherLead = Words(["还有", "另外"])
    static let elsewhere = Words(["这次", "再提"])
    static let thisTimeIs = Words(["这次是", "这回是"])
    static let thisTime = Words(["这次", "这回", "这趟"])
    /// What follows `又` when the caller, not the trouble, comes again (`又是我`, `又要反映`, `又来问`, `又打来`, `又想问`).
    static let callerAgain = ScalarSet("是要来打问想".unicodeScalars.map(\.value))
    static let askLeads = Words(["这次", "这回", "现在", "今天", "另外", "顺便"])
    /// Leads that ask another question without `想` (`另外问一下`, `顺便问下`, `这回问问`; `现在问题…` is no question).
    static let bareAskLeads = Words(["这次", "这回", "另外", "顺便"])
    /// Leads of a question besides the one of before, which `再` may follow (`顺便再问一下`).
    static let besidesLeads = Words(["另外", "顺便"])
    /// What follows `今天问` or `现在问` when it is the question of this call (`今天问一下`, `今天问的是…`, `今天问的不一样`,
    /// `今天问我自己的`), not someone asked today (`今天问了物业`) or a problem (`现在问题…`).
    static let askedNow = Words(["一下", "下", "的是", "的不是", "的不一样", "我自己"])
    static let askWords = Words(["问", "咨询", "了解"])
    static let askFillers = Words(["一下", "下"])
    static let askOrReport = Words(["问", "问问", "咨询", "反映", "投诉"])
    /// A question or report made, as `不是上次问的` names it.
    static let askedOrReported = Words(["问的", "问过的", "咨询的", "反映的", "反映过的", "投诉的", "报的"])
    static let oneOf = Words(["一个", "1个", "个"])
    /// `别的`, and Henan `别哩` (`今儿问个别哩`: `哩` for `的`).
    static let bieDe = Words(["别的", "别哩"])
    static let thingWords = Words(["事", "问题"])
    /// Particles a spoken clause may end on (`不是油烟哈`).
    static let particles = ScalarSet("哈啊呀嘛哦".unicodeScalars.map(\.value))
    /// How a matter stands: its progress, when it is done, what came of it.
    static let progressWords = Words(["进度", "进展", "什么时候", "啥时候", "几时", "怎么样", "处理", "结果", "情况", "到哪", "多久", "有没有人"])
    static let doneWords = Words(done)
    static let done = ["修好", "解决了", "处理好", "弄好了", "已处理", "已解决", "办好了", "没事了", "办完了", "弄明白了", "搞明白了", "弄清楚了",
                       "搞清楚了", "搞掂了"]
    /// Words of a matter settled: `doneWords`, and a procedure gone through (`补好了`, `激活好了`, `交上了`, `办下来了`) or a
    /// question answered (`已了解`, `收到答复`, `问清楚了`).
    static let settledWords = Words(done + ["补好了", "激活好了", "搞好了", "换好了", "填好了", "绑好了", "交上了", "办下来了", "已了解",
                                            "已经了解", "收到答复", "收到回复", "问清楚了", "通过了"])
    /// Verbs of getting a procedure done, and what after one says it came through (`completedProcedure`).
    static let procedureVerbs = ScalarSet("办补换上拿领批迁落交请".unicodeScalars.map(\.value))
    static let completions = Words(["好了", "到了", "上了", "下来了", "完了", "妥"])
    /// Words of asking a question now (`freshQuestion`), and what after one makes it no question asked now.
    static let freshAskWords = Words(["问", "请问", "咨询", "请教"])
    static let notAsking = ScalarSet("过的了题".unicodeScalars.map(\.value))
    /// Words that turn to a question or report of another matter after the first is settled.
    /// (`现在是…` turns to whom or what this call is about: `那个已经办好了。现在是我老公，他护照过期了…`.)
    static let turnWords = Words(["再问", "再咨询", "再请教", "再反映", "另请问", "另想", "另外", "还有个", "还有一", "现在想", "现在是", "这次",
                                  "这回", "想问", "想咨询", "想办", "想反映"])
    /// Who tells a matter settled besides the caller (`说办好了`, `讲搞好了`, `称已解决`): someone's word, which a chase disputes.
    static let toldBy = ScalarSet("说讲称".unicodeScalars.map(\.value))
    /// What after a word of a matter settled asks whether it is (`办好了没有`, `修好了吗`, `弄好了伐`).
    static let askedIfDone = ScalarSet("没吗不伐呢".unicodeScalars.map(\.value))
    static let negations = ScalarSet("没未不".unicodeScalars.map(\.value))
    static let labels = Words(["主题", "标题"])
    /// `月` of a date (`dated`), and the asking of a thing not named (`asksAThing`): anchors only.
    static let month = Words(["月"])
    static let aThing = Words(["问个", "问一个", "问1个", "问件"])
    /// `另有一事`, `另有一个问题`: the caller has another matter, which he asks or reports now (`您好，另有一个问题：…公积金转到青原？`
    /// after a question on his pension insurance's transfer), wherever he says so. (Not `另有一处房屋`: a count of things.)
    static let anotherAsked = Words(["另有一事", "另有1事", "另有一件事", "另有1件事", "另有件事", "另有个事", "另有一个问题", "另有1个问题",
                                     "另有个问题", "另有一问"])
    /// The first scalar of every word of every list `match` reads.
    static let firstScalars = ScalarSet(
        [pastTimes, contacts, countedContacts, contactsAgain, severalTimes, hotlineContacts, timeUnits, agedLeads, again, askAgain,
         againBare, supplementLeads, buChong, supplements, thatOneWords, matterWords, announcements, anotherLead, elsewhere,
         doneWords, labels, hotline, thisTimeIs, askLeads, askWords, askFillers, progressWords, askOrReport, oneOf, bieDe, thingWords,
         settledWords, turnWords, agoUnits, askedOrReported, completions, freshAskWords, besidesLeads, askedNow, thisTime]
            .flatMap(\.firsts))

    static let numerals = ScalarSet("0123456789一二两三四五六七八九十几好".unicodeScalars.map(\.value))
    static let times = ScalarSet("次回遍趟".unicodeScalars.map(\.value))
    /// Words before a `那个` that is a filler (`问一下那个，`, `你好那个，`, `就是那个`), not an anaphora.
    static let fillerBefore = ScalarSet("是就我这那的个下好啊嗯呃说问想要有了吧呢哦喂您你他她它们也都还又在和跟给把被对从向".unicodeScalars.map(\.value))
    static let thatOneFollowers = ScalarSet("事又".unicodeScalars.map(\.value))
    static let notMatter = ScalarSet("业务".unicodeScalars.map(\.value))
    /// After a time, what opens a call summary of this call (`上午来电人反映`, `昨天市民反映`), whoever calls.
    static let summaryOpening = ScalarSet("人民".unicodeScalars.map(\.value))
    /// Characters read back from a contact for who made it and to whom.
    static let partyReach = 8
    static let otherParties = Words(["孩子", "小孩", "儿子", "女儿", "老婆", "老公", "爸爸", "妈妈", "我妈", "我爸", "邻居", "楼上", "楼下",
                                     "隔壁", "对门", "大家", "别人", "他", "她", "人家", "商家", "店家", "厂家", "学校", "物业", "社区",
                                     "居委会", "村委", "单位", "公司", "医院", "老板", "家属", "亲戚", "市民", "居民", "村民", "农民", "群众",
                                     "住户", "商户", "用户", "租户", "业主", "房主", "店主", "车主", "房东", "校长", "村长", "组长",
                                     "楼长", "家长", "学生", "医生", "朋友", "同学", "同事", "师傅", "保安"])
    /// The caller: in the first person, or as a call summary names them (`来电人再次来电`, `报警人上午反映过`).
    static let ownWords = Words(["本人", "我们", "咱们", "我", "来电人", "来电者", "报警人", "投诉人", "反映人", "求助人", "咨询人"])
    /// The last character of a word for a person or group of people (`来电人`, `市民`, `老师`, `班主任`, `网格员`).
    static let partySuffixes = ScalarSet("人师任员们".unicodeScalars.map(\.value))
    /// Words that may stand between a contact's maker and the contact (`也`, `已经`, `多次`, `之前`).
    static let adverbs = ScalarSet("也都又已经曾还早就一直多次屡反复再之前先".unicodeScalars.map(\.value))
    /// Prepositions before whom a contact was made to.
    static let addressing = ScalarSet("跟向找给".unicodeScalars.map(\.value))
    /// Whom a chase says it contacted before: the hotline.
    static let hotline = Words(["你们", "您们", "12345", "热线", "市长", "政府", "这边", "这里", "咱们", "平台", "网上", "市民热线"])
    /// What stands before a word of asking or reporting when a clause announces a question or report of its own
    /// (`我想反映`, `要投诉`, `我再问一下`).
    static let announcing = ScalarSet("想要再".unicodeScalars.map(\.value))
    static let na: UInt32 = 0x90A3, ge: UInt32 = 0x4E2A, le: UInt32 = 0x4E86, gei: UInt32 = 0x7ED9, ban: UInt32 = 0x534A, ren: UInt32 = 0x4EBA  // 那 个 了 给 半 人
    static let guo: UInt32 = 0x8FC7  // 过
    static let yue: UInt32 = 0x6708, ri: UInt32 = 0x65E5, hao: UInt32 = 0x53F7, jian: UInt32 = 0x4EF6, thing: UInt32 = 0x4E8B  // 月 日 号 件 事
    /// What after a date says it is a limit or a start, not a day before now (`前`, `后`, `起`, `以`, `至`, `到`).
    /// Before a contact word, what says it was not made (`忘问了`, `没问过`, `未反映`).
    static let notDone = ScalarSet("忘没未不".unicodeScalars.map(\.value))
    static let notBefore = ScalarSet("前后起以至到止".unicodeScalars.map(\.value))
    static let you: UInt32 = 0x53C8, di: UInt32 = 0x7B2C  // 又 第
    static let xiang: UInt32 = 0x60F3, ti: UInt32 = 0x9898, zai: UInt32 = 0x518D  // 想 题 再
    static let bu: UInt32 = 0x4E0D, shi: UInt32 = 0x662F, shuo: UInt32 = 0x8BF4, de: UInt32 = 0x7684  // 不 是 说 的
    static let wo: UInt32 = 0x6211, hai: UInt32 = 0x8FD8, wen: UInt32 = 0x95EE, qian: UInt32 = 0x524D  // 我 还 问 前
    /// Words that open whose business a matter is (`他们的事`, `我的事`, `人家的事`, `物业的事`) rather than which matter.
    static let whose = ScalarSet("他她它我你您咱人别谁大自".unicodeScalars.map(\.value))

    static func isHan(_ v: UInt32) -> Bool { (0x4E00...0x9FFF).contains(v) }

    /// Marks and spaces that end a clause (after width folding; the ideographic ones too, for text NFKC leaves).
    static func isBoundary(_ v: UInt32) -> Bool {
        switch v {
        case 0x20, 0x0A, 0x2C, 0x2E, 0x21, 0x3F, 0x3B, 0x3A, 0x3001, 0x3002, 0xFF0C, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0x2026: return true
        default: return false
        }
    }

    /// The length of the longest word of `words` at `i`, if any.
    /// (Inlined: the shapes ask it at every position, and most positions begin no word of any list, so the set lookup
    /// is asked where the shape reads and a call is made only where a word may begin.)
    @inline(__always)
    static func match(_ words: Words, _ c: [UInt32], at i: Int) -> Int? {
        // Most positions begin no word of any list: one set lookup instead of a look at every word.
        guard i < c.count, words.mayStart(c[i]), firstScalars.contains(c[i]) else { return nil }
        return longest(words, c, at: i)
    }

    /// `match` where a word of some list may begin.
    static func longest(_ words: Words, _ c: [UInt32], at i: Int) -> Int? {
        let first = c[i]
        var best: Int?
        for n in words.firsts.indices where words.firsts[n] == first {
            let w = words.words[n]
            guard i + w.count <= c.count && (best ?? 0) < w.count else { continue }
            var equal = true
            for k in w.indices where c[i + k] != w[k] { equal = false; break }
            if equal { best = w.count }
        }
        return best
    }
}
