import Foundation
import IntakeCore

/// An earlier ticket the index found for a new submission, with what the rules need to know about it.
/// Its fields live in one shared box: the rules pass candidates around in lists, tuples and dictionaries, and a copy
/// of a struct of eight strings and lists retained eight of them, a copy of the box retains one.
public struct DedupCandidate: Sendable {
    final class Fields: Sendable {
        let ticketId: String
        let receiptNo: String?
        let receivedAt: Date
        let channel: Channel
        let identities: [String]
        let sharedFeatures: SharedMatterFeatures
        let rootTicketId: String
        let rootReceiptNo: String?
        let rootReceivedAt: Date
        let rootOpen: Bool
        let rootClusterId: String?
        let clusterId: String?
        /// The seq of the matter read as the original (the candidate's own when its original was not found), when
        /// the candidate was read from an index (`DedupEngine.Loader`): its original is found by it, not searched.
        let rootSeq: Int64?

        init(ticketId: String, receiptNo: String?, receivedAt: Date, channel: Channel, identities: [String],
             sharedFeatures: SharedMatterFeatures, rootTicketId: String, rootReceiptNo: String?, rootReceivedAt: Date,
             rootOpen: Bool, rootClusterId: String?, clusterId: String?, rootSeq: Int64?) {
            self.ticketId = ticketId
            self.receiptNo = receiptNo
            self.receivedAt = receivedAt
            self.channel = channel
            self.identities = identities
            self.sharedFeatures = sharedFeatures
            self.rootTicketId = rootTicketId
            self.rootReceiptNo = rootReceiptNo
            self.rootReceivedAt = rootReceivedAt
            self.rootOpen = rootOpen
            self.rootClusterId = rootClusterId
            self.clusterId = clusterId
            self.rootSeq = rootSeq
        }
    }

    let fields: Fields
    public var ticketId: String { fields.ticketId }
    public var receiptNo: String? { fields.receiptNo }
    public var receivedAt: Date { fields.receivedAt }
    public var channel: Channel { fields.channel }
    /// Every identity key the ticket was submitted with.
    public var identities: [String] { fields.identities }
    /// The candidate's features, shared (not copied) with the index or view that holds them: a decision reads many
    /// candidates, and copying a `MatterFeatures` retains some twenty buffers.
    public var sharedFeatures: SharedMatterFeatures { fields.sharedFeatures }
    public var features: MatterFeatures {
        _read { yield fields.sharedFeatures.value }
    }
    /// The original this ticket repeats (itself when it is an original), and whether that one is still open.
    public var rootTicketId: String { fields.rootTicketId }
    public var rootReceiptNo: String? { fields.rootReceiptNo }
    public var rootReceivedAt: Date { fields.rootReceivedAt }
    public var rootOpen: Bool { fields.rootOpen }
    public var rootClusterId: String? { fields.rootClusterId }
    public var clusterId: String? { fields.clusterId }

    public init(ticketId: String, receiptNo: String?, receivedAt: Date, channel: Channel, identities: [String],
                features: MatterFeatures, rootTicketId: String, rootReceiptNo: String?, rootReceivedAt: Date, rootOpen: Bool,
                rootClusterId: String?, clusterId: String?) {
        self.init(ticketId: ticketId, receiptNo: receiptNo, receivedAt: receivedAt, channel: channel, identities: identities,
                  sharedFeatures: SharedMatterFeatures(features), rootTicketId: rootTicketId, rootReceiptNo: rootReceiptNo,
                  rootReceivedAt: rootReceivedAt, rootOpen: rootOpen, rootClusterId: rootClusterId, clusterId: clusterId)
    }

    public init(ticketId: String, receiptNo: String?, receivedAt: Date, channel: Channel, identities: [String],
                sharedFeatures: SharedMatterFeatures, rootTicketId: String, rootReceiptNo: String?, rootReceivedAt: Date,
                rootOpen: Bool, rootClusterId: String?, clusterId: String?, rootSeq: Int64? = nil) {
        fields = Fields(ticketId: ticketId, receiptNo: receiptNo, receivedAt: receivedAt, channel: channel, identities: identities,
                        sharedFeatures: sharedFeatures, rootTicketId: rootTicketId, rootReceiptNo: rootReceiptNo,
                        rootReceivedAt: rootReceivedAt, rootOpen: rootOpen, rootClusterId: rootClusterId, clusterId: clusterId,
                        rootSeq: rootSeq)
    }
}

/// The new submission as the rules see it.
public struct DedupSubject: Sendable {
    /// Shared, not copied, like a candidate's: the rules' closures capture the subject.
    public var sharedFeatures: SharedMatterFeatures
    public var features: MatterFeatures {
        _read { yield sharedFeatures.value }
        set { sharedFeatures = SharedMatterFeatures(newValue) }
    }
    public var channel: Channel
    public var receivedAt: Date
    /// The submission's own identity keys.
    public var identities: [String]
    /// Its keys and every key linked to them (the same caller seen with another number, openid or address).
    public var linkedIdentities: Set<String>
    /// The comparisons made with candidates in this decision (`comparison(with:nearMeters:farMeters:)`).
    let comparisons = ComparisonMemo()

    public init(features: MatterFeatures, channel: Channel, receivedAt: Date, identities: [String], linkedIdentities: Set<String>) {
        self.sharedFeatures = SharedMatterFeatures(features)
        self.channel = channel
        self.receivedAt = receivedAt
        self.identities = identities
        self.linkedIdentities = linkedIdentities.union(identities)
    }
}

extension DedupSubject {
    /// `MatterComparison(features, cand.features, ...)`, made once per candidate and distances in a decision.
    func comparison(with cand: DedupCandidate, nearMeters: Double, farMeters: Double) -> MatterComparison {
        comparisons.comparison(sharedFeatures, cand.sharedFeatures, nearMeters: nearMeters, farMeters: farMeters)
    }

    /// `MatterComparison(features, cand.features, ...)` when the two are at one place (`PlaceRelation.isSame`), else
    /// nil; taken from the comparisons made with candidates when there, and kept with them when made here (an incident's
    /// member check asks it again). The places are related first and the rest is compared only at one place: most
    /// reports near each other are at other places.
    func comparisonAtOnePlace(with cand: DedupCandidate, nearMeters: Double, farMeters: Double) -> MatterComparison? {
        comparisons.comparisonAtOnePlace(sharedFeatures, cand.sharedFeatures, nearMeters: nearMeters, farMeters: farMeters)
    }
}

/// The outcome of the rules: what goes on the new ticket, and the earlier ticket a new cluster also marks.
public struct DedupDecision: Sendable {
    public var info: DedupInfo
    /// Set when a cluster is formed now: the earlier ticket that gets `clusterId` as well (with its repeat family).
    public var clusterAlsoOn: String?
    /// The original of the report a cluster is formed or joined on, whose case the decision judged open (a closed case
    /// takes no new member): an index that decides ahead of the transaction checks it there.
    public var clusterOpenRoot: String? = nil
    /// Set when a repeat joins an incident its original was in no cluster of: the original (with its repeat family)
    /// gets the cluster too.
    public var originalJoins: String? = nil
    /// Earlier tickets in no incident besides `clusterAlsoOn` that the report matches as well (`alsoMatching`): each
    /// gets the cluster too (with its repeat family).
    public var alsoOn: [String] = []
}

/// The repeat and cluster rules (DESIGN.md "Dedup"): pure functions over candidates the index found.
public enum DedupRules {
    /// The repeat decision: the candidates by the same caller that are about the same matter, in the window, with
    /// an open original; the earliest such original wins, unless the report's words clearly name one of the caller's
    /// several matters it could be about (`clearlyMost`) and it shares more of what went wrong with that one.
    public static func repeatMatch(_ s: DedupSubject, sameCaller: [DedupCandidate], _ c: DedupConfiguration)
        -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        var best: (candidate: DedupCandidate, comparison: MatterComparison)?
        // Per matter (original) the report may be about, the candidate whose words it shares most.
        var matters: [String: (candidate: DedupCandidate, comparison: MatterComparison)] = [:]
        // A report that says the thing is so here too (`也不亮`, `也有个坑`) tells another occurrence beside the caller's
        // earlier one, unless it says it follows that one (`tooWithoutFollowing`).
        // (Without a candidate there is no repeat: the report's words are not read for it.)
        if sameCaller.isEmpty || Self.tooWithoutFollowing(s.features) { return nil }
        for cand in sameCaller where cand.rootOpen && s.receivedAt.timeIntervalSince(cand.receivedAt) <= c.repeatWindow {
            let cmp = MatterComparison(s.features, cand.features, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters)
            let consultation = s.features.requestType == .consultation && cand.features.requestType == .consultation
            guard isSameMatter(cmp, threshold: c.repeatThreshold, consultation: consultation) else { continue }
            // A caller who says this is another question or matter (`另外想问`, `另一个事`) is not repeating one, however
            // close the field.
            if s.features.saysAnotherMatter { continue }
            if Self.anotherMatterAtThePlace(s.features, cand.features, cmp) { continue }
            // Thanks and a request (a complaint, a suggestion, a question) are two matters, however close the field
            // (`建议社区食堂加晚餐` / `表扬社区食堂的师傅救了我父亲`): a commendation goes to its own office.
            if (s.features.requestType == .praise) != (cand.features.requestType == .praise) { continue }
            // A question and a complaint or request for help are two matters (水费怎么交 / 水费太高了) unless the
            // words are nearly the same.
            // A question that asks after an earlier report, or an original asking after a pending application
            // (`处理得怎么样了`, `还没收到`), is about that matter (a repeat chasing its own report says nothing of others).
            // Nor are a question and a complaint about one procedure, each mainly about it, two matters: the complaint
            // tells how that procedure goes (`异地就医备案咋个办` / `异地就医备案提交三天了一直显示审核中`).
            if oneIsAConsultation(s.features.requestType, cand.features.requestType) && cmp.textSimilarity < 0.5
                && !s.features.refersToEarlier && !(cand.features.refersToEarlier && cand.ticketId == cand.rootTicketId)
                && !Self.oneProcedureFirst(s.features, cand.features) { continue }
            if (matters[cand.rootTicketId]?.comparison.textSimilarity ?? -1) < cmp.textSimilarity { matters[cand.rootTicketId] = (cand, cmp) }
            if let b = best {
                let earlier = cand.rootReceivedAt < b.candidate.rootReceivedAt
                let tie = cand.rootReceivedAt == b.candidate.rootReceivedAt && cmp.score > b.comparison.score
                if !(earlier || tie) { continue }
            }
            best = (cand, cmp)
        }
        // Two of the caller's open matters share the field (a low water pressure / a meter cracked by frost, both read
        // as no water): a report whose words are clearly one's and that shares more of what went wrong with it
        // (`水表冻裂那个，…还是没水`: the meter, the burst and no water) is about that one, not the earliest. (A later
        // matter that only quotes the earlier one's words shares no more with the report than the earlier one does.)
        // Sharing as much of the field with both, the report names the one its words clearly share most when that one
        // does not retell the earliest's words (`积分入学材料的问题…还没回复` after a question on the school catchment and
        // a later one on the points-based place and its papers): two questions of one field are told apart by their
        // words. A later matter that opens by quoting the earlier one (`之前打过村口大树压电线那个，现在想问…`) shares
        // its words, and the earliest keeps the chase that quotes them too.
        if matters.count > 1, let b = best, let named = clearlyMost(Array(matters.values)),
           named.candidate.rootTicketId != b.candidate.rootTicketId {
            let more = Set(named.comparison.sharedSubMatters)
            if more.isStrictSuperset(of: b.comparison.sharedSubMatters) { return named }
            if more == Set(b.comparison.sharedSubMatters)
                && MatchText.similarity(named.candidate.features.shingles, b.candidate.features.shingles) < Self.citedSimilarity { return named }
        }
        return best
    }

    /// Same matter for one caller. Never when a part of the place both name differs (building, unit, room, crossing,
    /// number on a road) or both name sub-matters and share none, whatever the words; otherwise the same sub-matter
    /// at a place that is not different, or a score reaching the threshold, the places not different and two
    /// different topics only overridden by nearly the same words.
    static func isSameMatter(_ cmp: MatterComparison, threshold: Double, consultation: Bool = false) -> Bool {
        // Faces of one happening (the burst pipe, then the flooded basement) are one caller's one matter going on.
        let faces = cmp.facesOfOne
        if cmp.placeConflict != nil || (cmp.subMatterConflict && !faces) || cmp.callerPlaceConflict || cmp.plateConflict { return false }
        // Two consultations asking for different procedures (补办 / 激活 of one card), or about different sub-matters
        // first (残疾人补贴 / 残疾证), are two questions. Not when the new question is mainly about a sub-matter the
        // earlier named after its own first one (`失业金网上申请提交了，多久能发` after `厂里把我们辞退了…失业金咋个领`,
        // `买房落户那个…` after `已取得不动产权证书…购房落户需要哪些材料`): the earlier told first how the caller came to
        // ask, the new asks on about what he asked.
        if consultation && (cmp.procedureConflict || (cmp.primarySubMattersDiffer && cmp.firstPrimaryNew)) { return false }
        // Asking for another procedure and naming what the earlier report did not (`社保缴费基数怎么算` after `社保卡
        // 丢了咋补办`), a question or a complaint asks another thing of the field.
        if cmp.asksAnotherProcedure { return false }
        // Each names first a sub-matter the other does not name: two matters (身份证换领 / 落户).
        if cmp.primaryDiffers && !faces { return false }
        // The new report is mainly about a sub-matter the earlier one does not name, and names the earlier one's only
        // in passing (`物业费涨了…停电的时候物业人都找不到` after `停电了`): another matter, unless it says it chases the
        // earlier contact or the words are nearly the same.
        if cmp.firstPrimaryNew && !faces && !cmp.firstRefersToEarlier && cmp.textSimilarity < 0.5 { return false }
        // Asking now about a procedure the earlier report did not (`被狗咬了打疫苗能不能报销` after `村里流浪狗追人`): the
        // caller's own new matter beside the place's.
        if cmp.firstAsksAProcedure && !cmp.firstRefersToEarlier && cmp.textSimilarity < 0.5 { return false }
        // One names what exactly went wrong and the other only the field (夜宵店吵 / 装修电钻): the words must agree,
        // unless the new report says it chases an earlier one (`欠薪的事到底管不管`).
        if cmp.subMatterOnOneSide && cmp.textSimilarity < Self.oneSidedSubMatterTextSimilarity && !cmp.firstRefersToEarlier {
            return false
        }
        if case .different = cmp.place, cmp.textSimilarity < 0.6 { return false }
        if cmp.topicConflict && !faces && cmp.textSimilarity < 0.5 { return false }
        // One vehicle's or person's conduct (a cab that refused a fare, one that took the long way): another trip is
        // another matter, unless the report chases the earlier one or its words agree.
        if !cmp.sharedSubMatters.isEmpty && cmp.sharedSubMatters.allSatisfy(MatterLexicon.conduct.contains) && !cmp.firstRefersToEarlier
            && cmp.textSimilarity < Self.oneSidedSubMatterTextSimilarity { return false }
        if !cmp.sharedSubMatters.isEmpty || faces { return true }
        // Without a sub-matter in common the words must say more: a consultation is about a procedure, and one
        // topic at an unknown place may be another matter of one department.
        if consultation && cmp.textSimilarity < Self.consultationTextSimilarity { return false }
        if !cmp.place.isSame && cmp.textSimilarity < Self.sameTopicTextSimilarity { return false }
        return cmp.score >= threshold
    }

    /// Only one of two reports names what went wrong (`subMatterOnOneSide`: `车库的灯一半不亮` / `消防通道让车堵死了`), they
    /// share no sub-matter, and beside the names of the places and the words of the contact (`contactWords`) they share
    /// hardly a word (`besidePlacesSimilarity`): the
    /// place is all they have in common. The new report is then a second problem there, unless it says it follows
    /// the earlier one: it refers to or cites an earlier contact, asks after one (a follow-up), or says the thing goes
    /// on or happens again (`stillWords`: `又`, `还`, `仍`, `依旧`, `到现在`). A retelling in other words says one of
    /// these, or shares the words of what went wrong.
    /// (The cheap tests first: the words beside the places are compared only when all else holds.)
    static func anotherMatterAtThePlace(_ s: MatterFeatures, _ earlier: MatterFeatures, _ cmp: MatterComparison) -> Bool {
        guard cmp.subMatterOnOneSide, cmp.sharedSubMatters.isEmpty, !cmp.facesOfOne, !s.refersToEarlier, !s.citesEarlier,
              !s.isFollowUp, !tellsItGoesOn(s.matchText) else { return false }
        return similarityBesidePlaces(s, earlier, besides: contactWords) < besidePlacesSimilarity
    }

    /// Words that say how the caller turns to the hotline, not what happened (`举报…`, `来电人反映…`, `请尽快处理`):
    /// two reports of one caller share them whatever each is about.
    static let contactWords = ["来电人", "报警人", "举报", "投诉", "反映", "尽快", "处理", "请"]

    /// A report that says the thing is so here too (`也` before a state or a thing found: `路灯也不亮`, `下水道也堵了`,
    /// `也有个坑`, `铺面也停电了`) tells of another occurrence of what the caller reported before, elsewhere or of
    /// another thing: not that one told again. Unless it says it follows the earlier one (refers to or cites an earlier
    /// contact, is a follow-up, says the thing goes on: `还是…也停了`) or that the trouble reaches beyond one home
    /// (`wide`: `邻居家也没电`, a face of the same outage). One pass over the match text, once per decision.
    static func tooWithoutFollowing(_ s: MatterFeatures) -> Bool {
        guard !s.refersToEarlier, !s.citesEarlier, !s.isFollowUp, !s.wide else { return false }
        let c = Array(s.matchText.unicodeScalars)
        var found = false
        for i in c.indices where c[i] == "也" && i + 1 < c.count {
            if tooStates.contains(where: { w in i + w.count < c.count && Array(c[(i + 1)...(i + w.count)]) == w }) { found = true; break }
        }
        return found && !tellsItGoesOn(s.matchText)
    }

    /// What follows `也` when a report says the thing is so here too (match-normalized: `1` for `一`).
    static let tooStates: [[Unicode.Scalar]] = ["坏", "不亮", "不通", "堵", "停", "烂", "塌", "满", "漏", "断", "没水", "没电", "没气",
                                                 "有个", "有1个", "是坏", "是满", "是黑", "是堵"].map { Array($0.unicodeScalars) }

    /// Text similarity beside the places' names below which two reports share only where they are.
    static let besidePlacesSimilarity = 0.08

    /// Whether a match text says its matter goes on or comes again (`又`, `还`, `仍`, Cantonese `仲`, `依旧`, `照样`,
    /// `到现在`, `一直`): a report telling of a matter it reported before, in whatever words. One pass.
    static func tellsItGoesOn(_ text: String) -> Bool {
        var last: Unicode.Scalar = " "
        for u in text.unicodeScalars {
            if stillScalars.contains(u) { return true }
            if let seconds = stillPairs[last], seconds.contains(u) { return true }
            last = u
        }
        return false
    }

    static let stillScalars: Set<Unicode.Scalar> = Set("又还仍仲".unicodeScalars)
    /// Two-character words by their first character: 依旧 依然 照旧 照样 再次 继续 持续 连续 至今 一直 (`1直` in a match
    /// text), and 现在 (of 到现在).
    static let stillPairs: [Unicode.Scalar: Set<Unicode.Scalar>] = [
        "依": ["旧", "然"], "照": ["旧", "样"], "再": ["次"], "继": ["续"], "持": ["续"], "连": ["续"], "至": ["今"], "1": ["直"],
        "现": ["在"],
    ]

    /// Both name first one sub-matter that is a procedure (`social.remote-care`, `housing.transfer`).
    static func oneProcedureFirst(_ a: MatterFeatures, _ b: MatterFeatures) -> Bool {
        guard let p = a.primarySubMatter, p == b.primarySubMatter else { return false }
        return MatterLexicon.isProcedure(p)
    }

    /// One of two reports is a question that asks for a procedure (`MatterLexicon.procedures`: what the caller may do or
    /// get for himself) and the other is no question.
    /// (Takes the shared boxes and reads the fields from them: `MatterFeatures` passed whole was copied, every candidate.)
    static func asksForItself(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures) -> Bool {
        let (x, y) = (a.value.requestType, b.value.requestType)
        guard oneIsAConsultation(x, y) else { return false }
        return x == .consultation ? !a.value.procedures.isEmpty : !b.value.procedures.isEmpty
    }

    /// One of two reports asks money back (`MatterLexicon.procedures`' refund: 退款, 退费, 退钱) for a purchase (the
    /// consumer topic) and the other names no purchase.
    /// (Takes the shared boxes and reads the two sets from them: `MatterFeatures` passed whole was copied, every candidate.)
    static func asksMoneyBack(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures) -> Bool {
        func purchase(_ f: SharedMatterFeatures) -> Bool { f.value.topics.contains { $0.id == "consumer" } }
        func back(_ f: SharedMatterFeatures) -> Bool { f.value.procedures.contains("refund") && purchase(f) }
        return (back(a) && !purchase(b)) || (back(b) && !purchase(a))
    }

    static func oneIsAConsultation(_ a: RequestType, _ b: RequestType) -> Bool {
        guard a != .unknown, b != .unknown else { return false }
        return (a == .consultation) != (b == .consultation)
    }

    /// Text similarity two consultations without a sub-matter in common need to be one question.
    static let consultationTextSimilarity = 0.3
    /// Text similarity two reports of one caller need when only one names a sub-matter.
    static let oneSidedSubMatterTextSimilarity = 0.15
    /// Text similarity two reports of one caller without a sub-matter in common and not at one place need.
    static let sameTopicTextSimilarity = 0.2

    /// A bare follow-up (`怎么还没处理`) repeats the caller's open matter when there is exactly one it can be about
    /// (one original among the open candidates whose place does not differ from a place the follow-up names).
    static func followUpMatch(_ s: DedupSubject, sameCaller: [DedupCandidate], _ c: DedupConfiguration)
        -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        guard s.features.isFollowUp else { return nil }
        return onlyOriginal(s, sameCaller: sameCaller, c) { cmp in
            if case .different = cmp.place { return false }
            return cmp.placeConflict == nil && !cmp.callerPlaceConflict && !cmp.plateConflict
        }
    }

    /// A report that says it chases an earlier contact (`昨天打过电话`, `还是没人管`, `还是那个…`) repeats the
    /// caller's open matter when exactly one can be meant: one original among the open candidates whose place,
    /// sub-matter and what it is mainly about do not differ from the report's, and that shares a topic or the place;
    /// or, when the chase names no field the lexicon reads (`再次来信：观海大酒店超售事件…`, `我网上反映过县医院收特级护理费
    /// 那个`), so that there is no topic to share, that shares words with it (`chaseWordsSimilarity`): a chase retells
    /// its matter in its own words. (A bare follow-up tells no matter: `followUpMatch` decides it, and a word it
    /// shares by chance, `问`, says nothing.)
    static func chasingMatch(_ s: DedupSubject, sameCaller: [DedupCandidate], _ c: DedupConfiguration)
        -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        // Thanks for a matter done chase nothing.
        guard s.features.refersToEarlier, s.features.requestType != .praise else { return nil }
        return onlyOriginal(s, sameCaller: sameCaller, c) { cmp in
            if case .different = cmp.place { return false }
            // Two questions asking for different procedures (查询 / 继承) are two, whatever the new one says of before.
            if cmp.procedureConflict && cmp.sameType == true && s.features.requestType == .consultation { return false }
            // Nor is a report that asks for another procedure and names what the earlier did not.
            if cmp.asksAnotherProcedure { return false }
            if cmp.placeConflict != nil || cmp.callerPlaceConflict || ((cmp.subMatterConflict || cmp.primaryDiffers) && !cmp.facesOfOne)
                || cmp.plateConflict {
                return false
            }
            return !cmp.sharedTopics.isEmpty || cmp.place.isSame
                || (s.features.topics.isEmpty && !s.features.isFollowUp && cmp.textSimilarity >= Self.chaseWordsSimilarity)
        }
    }

    /// A question asked again soon after the caller's one open matter, a question too (`居民医保缴费时间请问一下` ten minutes
    /// after `明年的居民医保什么时候开始交？`, `无犯罪证明 能不能网上开` after `开无犯罪记录证明在哪开`, a call cut off and made
    /// again): within `soonWindow` of the matter's last contact, the caller's only open matter in the repeat window,
    /// sharing words with it, beside the names of places too (`soonTextSimilarity`; `冰雪大世界几点关门` after
    /// `冰雪大世界老年人门票有优惠没有` shares only where), and nothing telling them apart (another topic, sub-matter,
    /// procedure, what each is mainly about, a place conflict, the caller saying he asks another). A caller with one
    /// question open asks on about it within the hour, in words the lexicon reads or not.
    static func askedAgainSoon(_ s: DedupSubject, sameCaller: [DedupCandidate], _ c: DedupConfiguration)
        -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        guard s.features.requestType == .consultation, !s.features.saysAnotherMatter else { return nil }
        let open = sameCaller.filter { $0.rootOpen && s.receivedAt.timeIntervalSince($0.receivedAt) <= c.repeatWindow }
        guard let root = open.first?.rootTicketId, open.allSatisfy({ $0.rootTicketId == root }) else { return nil }
        var best: (candidate: DedupCandidate, comparison: MatterComparison)?
        for cand in open where cand.features.requestType == .consultation && s.receivedAt.timeIntervalSince(cand.receivedAt) <= Self.soonWindow {
            let cmp = MatterComparison(s.features, cand.features, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters)
            guard cmp.textSimilarity >= Self.soonTextSimilarity, !cmp.topicConflict, !cmp.subMatterConflict, !cmp.primaryDiffers,
                  !cmp.procedureConflict, cmp.placeConflict == nil, !cmp.callerPlaceConflict, !cmp.plateConflict,
                  (best?.comparison.textSimilarity ?? -1) < cmp.textSimilarity,
                  similarityBesidePlaces(s.features, cand.features) >= Self.soonTextSimilarity else { continue }
            best = (cand, cmp)
        }
        return best
    }

    /// How soon after the caller's last contact on his one open question a question sharing its words asks it again.
    static let soonWindow: TimeInterval = 3600
    /// Text similarity a question asked again soon needs with the open one: a few words in common.
    static let soonTextSimilarity = 0.1

    /// Text similarity a chase naming no field needs with the caller's one open matter: a word in common.
    static let chaseWordsSimilarity = 0.05

    /// A report that cites the caller's earlier contact or matter in so many words (`MatterFeatures.citesEarlier`:
    /// `上周说的事呢`, `民宿那个事，老板把订单取消了`, `补充：户号…`) repeats the matter it can only mean. The caller's
    /// candidates in the repeat window, open or closed, make matters (one original each, with its repeats):
    /// - one matter: that one, when open, unless a place conflicts (another building, unit, crossing or road number,
    ///   points farther apart than the far distance, another place for the caller, another plate). The matter words
    ///   may disagree: a chase names the matter in its own words (`楼上漏水那个事` after `卫生间天花板一直滴`), which
    ///   the lexicon reads as another sub-matter as often as not;
    /// - several: the one whose words the report shares clearly most (text similarity at least `citedSimilarity`
    ///   and at least twice any other matter's), open and without a place conflict; otherwise none (a wrong link is
    ///   worse than a missed one).
    static func citedMatch(_ s: DedupSubject, sameCaller: [DedupCandidate], _ c: DedupConfiguration)
        -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        guard s.features.citesEarlier, !s.features.saysAnotherMatter, s.features.requestType != .praise else { return nil }
        struct Matter {
            var best: (candidate: DedupCandidate, comparison: MatterComparison)
            var conflict: Bool
        }
        var matters: [String: Matter] = [:]
        for cand in sameCaller where s.receivedAt.timeIntervalSince(cand.receivedAt) <= c.repeatWindow {
            let cmp = MatterComparison(s.features, cand.features, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters)
            let far = s.features.point.flatMap { p in cand.features.point.map { p.distance(to: $0) > c.farDistanceMeters } } ?? false
            let conflict = cmp.placeConflict != nil || cmp.callerPlaceConflict || cmp.plateConflict || far
            if var m = matters[cand.rootTicketId] {
                m.conflict = m.conflict || conflict
                if cmp.textSimilarity > m.best.comparison.textSimilarity { m.best = (cand, cmp) }
                matters[cand.rootTicketId] = m
            } else {
                matters[cand.rootTicketId] = Matter(best: (cand, cmp), conflict: conflict)
            }
        }
        guard let best = clearlyMost(matters.values.map(\.best)), let m = matters[best.candidate.rootTicketId],
              best.candidate.rootOpen, !m.conflict, !namesAnotherMatter(best.comparison),
              !asksAnotherQuestion(s.features, best.candidate.features.requestType, best.comparison),
              !namesItsOwnMatter(s.features, best.candidate.sharedFeatures, best.comparison) else { return nil }
        return best
    }

    /// A citing report names a matter of its own, not the caller's one matter it might cite (`之前跟社区说过，楼道的
    /// 灯不亮` after a question on the pension): its topic or sub-matter conflicts with the matter's, the two are not
    /// faces of one happening, and they share neither the place nor a single word. A chase in other words shares one
    /// or the other (`楼上漏水那个事` after `卫生间天花板一直滴` names the building or the 楼上 it is about), or names no
    /// sub-matter the lexicon reads as another.
    /// It names a matter of its own too when it asks for another procedure than the matter did and names a sub-matter
    /// the matter does not (`上午问社保卡的那个，我想再问一下…社保缴费基数是按啥算的` after `社保卡丢了咋补办`): the
    /// citation says who is calling, not that the question is the same (`MatterComparison.asksAnotherProcedure`).
    static func namesAnotherMatter(_ cmp: MatterComparison) -> Bool {
        if cmp.asksAnotherProcedure { return true }
        return (cmp.topicConflict || cmp.subMatterConflict) && !cmp.facesOfOne && !cmp.place.isSame
            && cmp.textSimilarity == 0
    }

    /// A question that names its matter as known (`低保的事，我再问一下`) but asks after nothing (`refersToEarlier`: no
    /// `还没回复`, no `办到哪一步了`), after a question whose sub-matters it shares none of (`高龄津贴咋申请`), names the
    /// matter it asks about now, not the earlier question: a caller asking again says what he asks. (A report that
    /// chases its matter in other words, which the lexicon reads as another sub-matter, says it asks after it.)
    static func asksAnotherQuestion(_ s: MatterFeatures, _ earlier: RequestType, _ cmp: MatterComparison) -> Bool {
        s.requestType == .consultation && earlier == .consultation && cmp.subMatterConflict && !cmp.facesOfOne
            && !s.refersToEarlier
    }

    /// A citing report that asks after nothing (`refersToEarlier`), names a sub-matter proper the matter does not name,
    /// and shares not a word with it (text similarity below `chaseWordsSimilarity`) adds a matter of its own: `补充：公司
    /// 还要求加班不给加班费` after a question on the summer allowance, `居住证的事情…` after a question on school places.
    /// A chase in other words asks after its matter (`还没人管`, `有回复没有`) or shares a word with it.
    static func namesItsOwnMatter(_ s: MatterFeatures, _ earlier: SharedMatterFeatures, _ cmp: MatterComparison) -> Bool {
        guard !s.refersToEarlier, cmp.textSimilarity < Self.chaseWordsSimilarity, !cmp.facesOfOne else { return false }
        let theirs = earlier.value.subMatters
        return s.subMatters.contains { MatterLexicon.isProper($0) && !theirs.contains($0) }
    }

    /// Of the caller's matters (one candidate each, with its comparison), the one the report means: the only one, or
    /// the one whose words it clearly shares most (text similarity at least `citedSimilarity` and at least twice any
    /// other's); nil otherwise.
    static func clearlyMost(_ matters: [(candidate: DedupCandidate, comparison: MatterComparison)])
        -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        let ranked = matters.sorted { ($0.comparison.textSimilarity, $1.candidate.rootTicketId)
            > ($1.comparison.textSimilarity, $0.candidate.rootTicketId) }
        guard let first = ranked.first else { return nil }
        if ranked.count > 1 {
            let sim = first.comparison.textSimilarity
            if sim < Self.citedSimilarity || ranked[1].comparison.textSimilarity * 2 > sim { return nil }
        }
        return first
    }

    /// Text similarity a report needs with one of the caller's several matters to be about that one.
    static let citedSimilarity = 0.1

    /// The one original among the caller's open candidates in the repeat window whose comparison `fits`; of several,
    /// the one whose words the report clearly shares most (`clearlyMost`: `通知书到现在还没找着` after a question on
    /// the admission letter and one on the application form); nil when none fits or the words do not tell.
    static func onlyOriginal(_ s: DedupSubject, sameCaller: [DedupCandidate], _ c: DedupConfiguration,
                             fits: (MatterComparison) -> Bool) -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        var found: [String: (candidate: DedupCandidate, comparison: MatterComparison)] = [:]
        for cand in sameCaller where cand.rootOpen && s.receivedAt.timeIntervalSince(cand.receivedAt) <= c.repeatWindow {
            let cmp = MatterComparison(s.features, cand.features, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters)
            guard fits(cmp) else { continue }
            if let f = found[cand.rootTicketId], f.comparison.textSimilarity >= cmp.textSimilarity { continue }
            found[cand.rootTicketId] = (cand, cmp)
        }
        return clearlyMost(Array(found.values))
    }

    /// The cluster decision: another caller, within the cluster window, at the same place, about the same matter.
    /// Reports that name no place on either side are never an incident.
    ///
    /// `originalOf` gives the original of a candidate that is a repeat (nil when not read): a cluster formed on a
    /// repeat marks its repeat family too (`DedupIndex.markCluster`), so that original must agree as a member would.
    /// `membersOf` gives an incident's first members by its id (`DedupIndex.candidates(cluster:limit:)`): the reports
    /// it was formed on are asked too, not only the members found by the report's keys.
    public static func clusterMatch(_ s: DedupSubject, others: [DedupCandidate], _ c: DedupConfiguration,
                                    notClusters: Set<String> = [],
                                    originalOf: (DedupCandidate) throws -> DedupCandidate? = { _ in nil },
                                    membersOf: (String) throws -> [DedupCandidate] = { _ in [] }) rethrows
        -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        var best: (candidate: DedupCandidate, comparison: MatterComparison)?
        // A follow-up is about the caller's own earlier report, not an incident of its own.
        if s.features.isFollowUp { return nil }
        // Thanks, and a proposal that names no problem, are no report of something happening: they neither form an
        // incident nor join one.
        if Self.reportsNothing(s.features.requestType, s.features.subMatters, asksFormalities: s.features.asksFormalities) { return nil }
        var vetoes: [String: Bool] = [:]
        func vetoed(_ clusterId: String) throws -> Bool {
            if let v = vetoes[clusterId] { return v }
            // The members found by the report's keys, and the reports it was formed on besides.
            var members = others.filter { $0.clusterId == clusterId }
            let found = Set(members.map(\.ticketId))
            members += try membersOf(clusterId).filter { $0.clusterId == clusterId && !found.contains($0.ticketId) }
            // An incident a member says is wider than one building (`好几栋都黑着`) takes reports from several buildings.
            let wide = s.features.wide || members.contains { $0.features.wide }
            let v = members.contains { m in Self.disagrees(s, m, wide: wide, c) }
            vetoes[clusterId] = v
            return v
        }
        for cand in others {
            // How long after the candidate this report came: within the cluster window, and the windows below.
            let apart = s.receivedAt.timeIntervalSince(cand.receivedAt)
            guard apart <= c.clusterWindow else { continue }
            if cand.identities.contains(where: s.linkedIdentities.contains) { continue }
            // (The two fields read, not the candidate's features passed whole: that copied them, even inlined.)
            if cand.features.isFollowUp || Self.reportsNothing(cand.features.requestType, cand.features.subMatters,
                                                                  asksFormalities: cand.features.asksFormalities) { continue }
            // A case already closed (the thing was fixed, the answer given) takes no new member: what another caller
            // reports now is a new occurrence, and merging it into the finished case would close it unheard.
            if !cand.rootOpen { continue }
            // The cheap part of the comparison's topic and sub-matter conflicts first (most reports near each other are
            // about other matters): the same candidates are skipped below, after the whole comparison.
            // Within the burst, callers who each name first another face of one happening (the burst main / the flooded
            // street, the wire down / the power cut: `MatterLexicon.families`) are not set apart by it, at a precise spot
            // or within one field (not a slide on the village's road and a pothole in its square).
            let faces = apart <= Self.burstWindow
                && MatterComparison.facesOfOne(s.sharedFeatures.value.primarySubMatter, cand.sharedFeatures.value.primarySubMatter)
            if !faces && Self.topicsOrSubMattersConflict(s.sharedFeatures, cand.sharedFeatures) { continue }
            // Not at one place: no match (`match` below), whatever the rest of the comparison says.
            guard let cmp = s.comparisonAtOnePlace(with: cand, nearMeters: c.clusterDistanceMeters, farMeters: c.farDistanceMeters)
            else { continue }
            let facesInBurst = faces && (!cmp.sharedTopics.isEmpty || Self.isPreciseSpot(cmp.place))
            // Another building, unit, crossing or road, another sub-matter or topic: another incident.
            if cmp.placeConflict != nil || cmp.plateConflict { continue }
            if (cmp.subMatterConflict || cmp.topicConflict || cmp.primaryDiffers) && !facesInBurst { continue }
            // Callers of one incident may each name first another face of it (the burst main / the flooded street),
            // but not a matter of its own beside the other's (a sign hanging loose / rubbish with a sign's fragments in
            // it; the power cut / the meter running fast since).
            if !cmp.primariesAgree { continue }
            // Two kinds of business (a grill's smoke / a hotpot restaurant's): two sources of one nuisance, two incidents.
            if cmp.tradeConflict { continue }
            // A caller who says the supply came back (`我们家水是来了，但是出来的是黄水`) tells what followed the cut, not
            // the cut, though naming it: the cut alone in common is no happening in common.
            if Self.onlyTheCutBack(s.features.suppliesBack, cand.features.suppliesBack, cmp) { continue }
            // What one cab or one driver did is no incident at a place.
            if [s.features.primarySubMatter, cand.features.primarySubMatter].contains(where: { $0.map(MatterLexicon.conduct.contains) ?? false }) {
                continue
            }
            // A letter about several matters (sub-matters of three topics or more: debris, branches and rubbish after a
            // storm) is one incident's report only by what it is mainly about.
            if Self.broadBeside(s.sharedFeatures, cmp) || Self.broadBeside(cand.sharedFeatures, cmp) { continue }
            // One flat's problem (`就我们家没水`) is no incident.
            if s.features.onlyMine || cand.features.onlyMine { continue }
            if Self.nextDoor(s.sharedFeatures, cand.sharedFeatures, cmp) { continue }
            // The sub-matters proper both name that say what happens (not the pavement), read once for the tests below.
            let happenings = Self.happenings(cmp)
            // Each caller's own entitlement (a father's pension not paid, a mother's allowance) is that person's case, even
            // when two callers of one village call about one kind the same week: no happening at a place, unless one says
            // the trouble is many people's (`全村`, `好多户都没到账`).
            if Self.ownEntitlementsOnly(s.sharedFeatures, cand.sharedFeatures, happenings) { continue }
            // A building (or a flat in it) is not the whole estate: one report naming a building and the other none is
            // a flat's or a building's matter beside an estate's (康桥花园3栋2单元's stairwell / 康桥花园's green),
            // unless one says it reaches wider (`8栋的，整个小区都停水`).
            // A nuisance from a source (a KTV's noise, a site's dust) reaches the estate whatever building a caller
            // lives in (`我住6栋，楼下KTV…`), when both name the same kind of source.
            let nuisance = [s.features.primaryTopic, cand.features.primaryTopic].allSatisfy { $0.map(Self.nuisanceTopics.contains) ?? false }
                && cmp.sharedSubMatters.contains(where: MatterLexicon.isProper)
            // A supply cut (no water, no power, no gas) reaches every building the main or the line feeds: a building's
            // cut named beside the estate's, within the burst, is the estate's (`新塘家园4栋停水` / `新塘家园停水了`).
            let supplyCut = cmp.sharedSubMatters.contains(where: Self.supplyCuts.contains) && apart <= Self.burstWindow
            if s.features.structure.buildings.isEmpty != cand.features.structure.buildings.isEmpty
                && !(s.features.wide || cand.features.wide) && !nuisance && !supplyCut { continue }
            // At one place, two reports share a lot of words (its name): a shared sub-matter (爆管), a shared topic
            // that each names first, or nearly the same text, says it is one incident and not two matters at one
            // address. Not at one place, or no place on either side (two callers' "家里停电了" may be two streets
            // apart): not one incident.
            let sameMatter = cmp.sharedSubMatters.contains(where: MatterLexicon.isProper)
                || (!cmp.sharedTopics.isEmpty && cmp.primaryShared)
                || (cmp.textSimilarity >= c.clusterTextOnlyThreshold
                    && Self.similarityBesidePlaces(s.sharedFeatures, cand.sharedFeatures) >= c.clusterTextOnlyThreshold)
                // One caller tells the happening in words the lexicon reads no field in (`路口地上一大滩油` beside
                // `路口路面油污`, `小区一滴水都没有` beside `小区停水了`): within the burst at one precise spot, the words
                // beside the places' names show the happening in common, as they must after the burst.
                || (s.features.topics.isEmpty != cand.features.topics.isEmpty && apart <= Self.burstWindow
                    && Self.isPreciseSpot(cmp.place)
                    && Self.similarityBesidePlaces(s.sharedFeatures, cand.sharedFeatures) >= Self.happeningWordsSimilarity)
            // Or two callers within a burst at one precise spot, about one field (`isBurst`), however differently told.
            // Faces of one happening within the burst share no topic by their words: the score counts it as shared.
            let score = facesInBurst ? cmp.scoreAsFaces : cmp.score
            let match = cmp.place.isSame
                && ((score >= c.clusterThreshold && (sameMatter || facesInBurst)) || Self.isBurst(s, cand, cmp))
            guard match else { continue }
            // After the burst, a field in common is no happening in common (教育 at a school, 动物 in a park, 道路设施
            // on a road: every matter there is of that field): without a sub-matter both name (not the pavement, nor a
            // word of the place's name, which say where: `happeningShared`), the words beside the place's name must tell
            // the happening in common.
            // A day after, a sub-matter in common is the same kind of trouble, which recurs at a spot (the shared bikes
            // pile up again at the exit, the water goes off again): the words must tell the happening in common too.
            let noneNamed = !Self.happeningShared(s.sharedFeatures, cand.sharedFeatures, happenings)
            if (apart > Self.spotOnlyAfter || (apart > Self.burstWindow && noneNamed))
                && Self.similarityBesidePlaces(s.sharedFeatures, cand.sharedFeatures) < Self.happeningWordsSimilarity { continue }
            // A day after the report, a place that holds many spots (a road, a village, a district, an area's short
            // name) says too little: what another caller reports there now is as likely another matter of the field
            // (a prepaid card and a mouldy gift box at one estate's shops; two wage claims on one road). A nuisance from
            // a named kind of source recurs night after night and stays one; a pinned spot stays one spot.
            if apart > Self.spotOnlyAfter && !Self.isPreciseSpot(cmp.place) && !nuisance { continue }
            // An area's two-character name (`沙湾`, `蓝湾`, `和顺`) after the burst: only a matter proper both name (not
            // the pavement, which says where) or a building both name (`江城壹号7栋` / `7号楼`) makes two callers there one
            // incident.
            if apart > Self.burstWindow && Self.isShortName(cmp.place)
                && s.features.structure.buildings.isDisjoint(with: cand.features.structure.buildings)
                && noneNamed { continue }
            // A suggestion that names a problem proposes what to do about it where it keeps happening (`每年梅雨季…都会积水`):
            // a letter on the matter in general. Beside a report of the happening itself, after the burst, it is one
            // incident only at a precise spot (`建议尽快对百货大楼段人行道除冰，今天已有多人滑倒`), not on a whole road.
            if (s.features.requestType == .suggestion) != (cand.features.requestType == .suggestion)
                && apart > Self.burstWindow && !Self.isPreciseSpot(cmp.place) { continue }
            // A question asking what the caller may do or get for himself (the formalities of setting up a stall, the
            // compensation for his own shed, his money back) asks about his own standing at the place, not about what
            // happens there: beside another caller's report of a happening it is no report of it.
            if Self.asksForItself(s.sharedFeatures, cand.sharedFeatures) { continue }
            // A caller who asks his money back from a business (the inn the closed road kept him from, a ticket) tells of
            // his own purchase, not of the happening that caused it: beside a report of the happening that names no
            // purchase, no report of it.
            if Self.asksMoneyBack(s.sharedFeatures, cand.sharedFeatures) { continue }
            // An incident is joined only when no member found says it is another place or matter.
            if let cl = cand.clusterId, try notClusters.contains(cl) || vetoed(cl) { continue }
            // Formed or joined on a repeat, the incident takes in the repeat's original too: it must agree, and be no
            // report of one flat's trouble (`就我们一家没电`, then `还是没电啊，刚才打过的`): what the caller said of it
            // first holds for his repeats.
            if cand.clusterId == nil, cand.rootTicketId != cand.ticketId, let original = try originalOf(cand),
               original.features.onlyMine
                || Self.disagrees(s, original, wide: s.features.wide || cand.features.wide || original.features.wide, c) { continue }
            // Prefer joining an existing cluster, then the best score; but not an incident matched only by a report
            // over a day old before another caller's report within the burst that is in none: a happening arrives as
            // a burst of calls, so the report of an hour ago tells this one's happening, where the day-old incident
            // may be an earlier happening at the spot, or a place of one name elsewhere.
            if let b = best {
                let hasCluster = cand.clusterId != nil, bestHas = b.candidate.clusterId != nil
                if hasCluster != bestHas {
                    let (joining, alone) = hasCluster ? (apart, s.receivedAt.timeIntervalSince(b.candidate.receivedAt))
                        : (s.receivedAt.timeIntervalSince(b.candidate.receivedAt), apart)
                    let recentFirst = joining > Self.spotOnlyAfter && alone <= Self.burstWindow
                    if hasCluster == recentFirst { continue }
                } else if cmp.score <= b.comparison.score { continue }
            }
            best = (cand, cmp)
        }
        return best
    }

    /// Whether two reports share a sub-matter proper that says what happens: not the pavement, which says where
    /// (`MatterLexicon.placeLike`), nor one either names only inside a place's name (`MatterFeatures.placeNameMatters`:
    /// 人才公寓 of `星桥人才公寓A栋`, where one caller's air conditioning and another's stolen battery are two matters).
    /// (Takes the shared boxes and reads the two sets from them: `MatterFeatures` passed whole was copied, every candidate.)
    /// `happenings` are the comparison's (`happenings(_:)`).
    static func happeningShared(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures, _ happenings: [String]) -> Bool {
        let (inA, inB) = (a.value.placeNameMatters, b.value.placeNameMatters)
        return happenings.contains { !inA.contains($0) && !inB.contains($0) }
    }

    /// The sub-matters two reports share (`MatterComparison.sharedSubMatters`, in its order) that are proper and say what
    /// happens, not where (`MatterLexicon.placeLike`: the pavement). (Read once a candidate: three tests ask them, and
    /// reading a sub-matter's parts and hashing it each time cost some 2,500 instructions a test.)
    static func happenings(_ cmp: MatterComparison) -> [String] {
        cmp.sharedSubMatters.filter { MatterLexicon.isProper($0) && !MatterLexicon.placeLike.contains($0) }
    }

    /// A member (or a member to be) of an incident that says the report is at another place or about another matter:
    /// another place named or beyond the far distance, another building or crossing (unless the incident reaches
    /// wider and the two name parts of one place), another sub-matter or topic that is no face of one happening,
    /// what each is mainly about differing, another kind of business.
    static func disagrees(_ s: DedupSubject, _ m: DedupCandidate, wide: Bool, _ c: DedupConfiguration) -> Bool {
        let cmp = s.comparison(with: m, nearMeters: c.clusterDistanceMeters, farMeters: c.farDistanceMeters)
        if case .different = cmp.place { return true }
        if cmp.placeConflict != nil
            && !(wide && s.features.structure.conflict(with: m.features.structure, withinOnePlace: false) == nil
                 && MatterComparison.roadConflict(s.features, m.features) == nil) { return true }
        // Two faces of one happening (the river over its banks / the flooded house) are no other matter.
        let faces = s.features.primarySubMatter.flatMap { a in m.features.primarySubMatter.map { MatterLexicon.oneFamily(a, $0) } } ?? false
        return ((cmp.subMatterConflict || cmp.topicConflict) && !faces) || !cmp.primariesAgree || cmp.tradeConflict
    }

    /// Two callers at one precise spot (`isPreciseSpot`) within `burstWindow` of each other, naming one field (a topic
    /// in common; a different sub-matter, topic, trade or what each is mainly about has already set them apart): one
    /// happening however differently told (`路口红绿灯坏了 没人管` beside `人民路解放路口信号灯一直闪黄灯`), whatever their
    /// words share. An incident arrives as a burst of calls from where it happens; a spot's other matters come hours
    /// or days apart, and a road, a village or a district is no spot.
    static func isBurst(_ s: DedupSubject, _ cand: DedupCandidate, _ cmp: MatterComparison) -> Bool {
        s.receivedAt.timeIntervalSince(cand.receivedAt) <= burstWindow && !cmp.sharedTopics.isEmpty && isPreciseSpot(cmp.place)
    }

    static let burstWindow: TimeInterval = 2 * 3600
    /// Text similarity beside the places' names (`similarityBesidePlaces`) two callers' reports need after the burst
    /// when they share no sub-matter, and a day after whatever they share: more than a word in common (two reports of
    /// some thirty characters sharing one word of two characters measure about 0.025, sharing two about 0.05).
    static let happeningWordsSimilarity = 0.05
    /// Time after a report beyond which another caller joins it only at a precise spot (`isPreciseSpot`), or about a
    /// nuisance from one kind of source.
    static let spotOnlyAfter: TimeInterval = 24 * 3600
    /// Points this close are one spot for a burst (the cluster distance is wider).
    static let burstMeters = 150.0

    /// A relation that pins one spot: points within `burstMeters`, a crossing or a road's spot (`人民路/解放路`), a door
    /// number, or a place named alike that is neither a road nor an area (a district, town, village, subdistrict,
    /// community or industrial park holds many spots).
    static func isPreciseSpot(_ place: PlaceRelation) -> Bool {
        switch place {
        case .near(let meters): return meters <= burstMeters
        case .sameAddress(let name):
            if name.contains("/") { return true }
            if MatterComparison.isRoad(name) || name.count < 3 { return false }
            return !areaEndings.contains { name.hasSuffix($0) }
        default: return false
        }
    }

    /// A place two reports share only by a name of two characters (`蓝湾`, `沙湾`, `和顺`): the short name of a whole
    /// estate or area, which holds many spots and many matters of one field.
    static func isShortName(_ place: PlaceRelation) -> Bool {
        if case .sameAddress(let name) = place { return name.count < 3 && !name.contains("/") }
        return false
    }

    static let areaEndings = ["区", "镇", "乡", "县", "市", "村", "街道", "社区", "工业园", "产业园", "物流园"]

    /// The text similarity of two reports without the names of the places either names: two short reports at one
    /// place share most of their words by its name (`深南大道上有个坑` / `深南大道上有辆车抛锚了`), which says where,
    /// not what happened. (At most `MatterFeatures.Limits.namedPlaces` names a side, each removed in one pass.)
    /// `besides` are removed too (`contactWords`).
    static func similarityBesidePlaces(_ a: MatterFeatures, _ b: MatterFeatures, besides: [String] = []) -> Double {
        similarityBesidePlaces((a.namedPlaces, a.matchText), (b.namedPlaces, b.matchText), besides: besides)
    }

    /// (The shared boxes' names and texts read, not `MatterFeatures` passed whole: that copied them.)
    static func similarityBesidePlaces(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures) -> Double {
        similarityBesidePlaces((a.value.namedPlaces, a.value.matchText), (b.value.namedPlaces, b.value.matchText))
    }

    static func similarityBesidePlaces(_ a: (names: Set<String>, text: String), _ b: (names: Set<String>, text: String),
                                       besides: [String] = []) -> Double {
        let names = a.names.union(b.names).sorted { ($0.count, $0) > ($1.count, $1) } + besides
        func strip(_ text: String) -> String { names.reduce(text) { $0.replacingOccurrences(of: $1, with: "") } }
        return MatchText.similarity(MatchText.shingles(ofNormalized: strip(a.text)), MatchText.shingles(ofNormalized: strip(b.text)))
    }

    /// `MatterComparison`'s `topicConflict || subMatterConflict`, without building the comparison.
    /// (Takes the shared boxes and reads the four sets from them: a candidate's `MatterFeatures` passed whole was copied.)
    static func topicsOrSubMattersConflict(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures) -> Bool {
        let (at, bt) = (a.value.topics, b.value.topics)
        if !at.isEmpty && !bt.isEmpty && at.isDisjoint(with: bt) { return true }
        let (am, bm) = (a.value.subMatters, b.value.subMatters)
        return !am.isEmpty && !bm.isEmpty && am.isDisjoint(with: bm)
    }

    /// Request types that report nothing happening at a place (a question may: `停水了，什么时候来水？`).
    static let noIncident: Set<RequestType> = [.praise]

    /// Thanks, or a suggestion that names no problem (`建议学校门口设个临时停车区`: a proposal, whatever field and
    /// place it names); a suggestion that names one (`建议尽快除冰，已有人滑倒`) reports it. A question only about
    /// procedures (`补办社保卡要带什么`) is the caller's own: two callers asking at one office are two questions. A
    /// question that names no happening at all (`明天学校停不停课`, `公园几点关门`) asks about a place or a field, it
    /// reports nothing there: a question tells of an incident only by naming it (`停水了，什么时候来水？`).
    /// A question about the formalities the caller needs for himself (`MatterFeatures.asksFormalities`: `我想在菜市场外面
    /// 摆个小摊，要办啥手续`) asks about his own standing at the place, whatever happening it names there (the stalls others
    /// complain of): two callers asking at one office, or one asking beside another's complaint, are no incident.
    static func reportsNothing(_ f: MatterFeatures) -> Bool { reportsNothing(f.requestType, f.subMatters, asksFormalities: f.asksFormalities) }

    static func reportsNothing(_ requestType: RequestType, _ subMatters: Set<String>, asksFormalities: Bool = false) -> Bool {
        if noIncident.contains(requestType) || asksFormalities { return true }
        if requestType == .consultation
            && subMatters.allSatisfy({ MatterLexicon.isProcedure($0) || MatterLexicon.placeLike.contains($0) }) { return true }
        return requestType == .suggestion && !subMatters.contains { MatterLexicon.isProper($0) && !MatterLexicon.placeLike.contains($0) }
    }

    /// Names sub-matters proper of three topics or more (not counting those that also say where: the pavement).
    static func isBroad(_ subMatters: Set<String>) -> Bool {
        // (Three topics need three sub-matters: most reports name fewer, and are not broad without building the set.)
        guard subMatters.count >= 3 else { return false }
        return Set(subMatters.filter { MatterLexicon.isProper($0) && !MatterLexicon.placeLike.contains($0) }.map { $0.prefix { $0 != "." } })
            .count >= 3
    }

    /// A letter about several matters (`isBroad`) whose main one is not among what the two reports share.
    /// (Takes the shared box and reads the two fields from it: `MatterFeatures` passed whole was copied, inlined or not.)
    static func broadBeside(_ f: SharedMatterFeatures, _ cmp: MatterComparison) -> Bool {
        isBroad(f.value.subMatters) && !(f.value.primarySubMatter.map(cmp.sharedSubMatters.contains) ?? false)
    }

    /// What two reports share of a matter proper is only entitlements of social insurance or civil affairs (a pension,
    /// an allowance, a benefit: one person's standing with an office), and neither says the trouble is many people's
    /// (`MatterFeatures.collective`).
    /// `happenings` are the comparison's (`happenings(_:)`).
    static func ownEntitlementsOnly(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures, _ happenings: [String]) -> Bool {
        if a.value.collective || b.value.collective || a.value.wide || b.value.wide { return false }
        return !happenings.isEmpty && happenings.allSatisfy { m in entitlementTopics.contains(where: { m.hasPrefix($0) }) }
    }

    /// Topics whose sub-matters are each person's entitlement (`social.pension`, `civil.allowance`).
    static let entitlementTopics = ["social.", "civil."]

    /// Sub-matters of a supply cut to a whole estate or village.
    static let supplyCuts: Set<String> = ["water.outage", "power.outage", "gas.outage"]

    /// One of the reports says a supply came back, and its cut is what they share of a matter proper (nothing else).
    static func onlyTheCutBack(_ a: Set<String>, _ b: Set<String>, _ cmp: MatterComparison) -> Bool {
        if a.isEmpty && b.isEmpty { return false }
        let back = a.union(b)
        return cmp.sharedSubMatters.contains(where: back.contains)
            && !cmp.sharedSubMatters.contains { MatterLexicon.isProper($0) && !back.contains($0) }
    }

    /// One caller finds his spot by the place the other names as his own (`百货大楼东边隔壁` / `百货大楼`,
    /// `MatterFeatures.landmarks`): the shop next door is another spot, and its icicles another incident. Not so for a
    /// nuisance, which comes from next door to where its callers are (`星汇城隔壁工地`), nor for one caller, who names
    /// his home as the neighbour of his matter each time.
    static func nextDoor(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures, _ cmp: MatterComparison) -> Bool {
        let (x, y) = (a.value.landmarks, b.value.landmarks)
        guard !(x.isEmpty && y.isEmpty), case .sameAddress(let name) = cmp.place, x.contains(name) != y.contains(name) else { return false }
        return ![a.value.primaryTopic, b.value.primaryTopic].contains { $0.map(nuisanceTopics.contains) ?? false }
    }

    /// Topics of nuisances that spread from a source over a neighbourhood.
    static let nuisanceTopics: Set<String> = ["noise", "fumes", "pollution"]

    /// The caller's own closed matter this submission repeats (within the repeat window), if any.
    static func closedMatch(_ s: DedupSubject, sameCaller: [DedupCandidate], _ c: DedupConfiguration) -> DedupCandidate? {
        sameCaller.first { cand in
            !cand.rootOpen && s.receivedAt.timeIntervalSince(cand.receivedAt) <= c.repeatWindow
                && isSameMatter(MatterComparison(s.features, cand.features, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters),
                                threshold: c.repeatThreshold)
        }
    }

    /// Both rules with their reasons.
    public static func decide(_ s: DedupSubject, sameCaller: [DedupCandidate], others: [DedupCandidate],
                              _ c: DedupConfiguration,
                              originalOf: (DedupCandidate) throws -> DedupCandidate? = { _ in nil },
                              membersOf: (String) throws -> [DedupCandidate] = { _ in [] }) rethrows -> DedupDecision {
        let direct = repeatMatch(s, sameCaller: sameCaller, c)
        let cited = direct == nil ? citedMatch(s, sameCaller: sameCaller, c) : nil
        let followUp = direct == nil && cited == nil ? followUpMatch(s, sameCaller: sameCaller, c) : nil
        let chasing = direct == nil && cited == nil && followUp == nil ? chasingMatch(s, sameCaller: sameCaller, c) : nil
        let soon = direct == nil && cited == nil && followUp == nil && chasing == nil ? askedAgainSoon(s, sameCaller: sameCaller, c) : nil
        if let (cand, cmp) = direct ?? cited ?? followUp ?? chasing ?? soon {
            var reasons = [callerReason(s, cand)] + cmp.reasons
            if cited != nil { reasons.append("cites an earlier contact or matter; the caller's one matter it can mean") }
            if followUp != nil { reasons.append("a follow-up naming no matter of its own; the caller's one open matter") }
            if chasing != nil { reasons.append("chases an earlier contact; the caller's one open matter it can be about") }
            if soon != nil { reasons.append("the same question asked again within the hour; the caller's one open matter") }
            let original = cand.rootReceiptNo ?? cand.rootTicketId
            reasons.append("repeat of \(original), open, first reported \(age(s.receivedAt, cand.rootReceivedAt))")
            if let cl = cand.rootClusterId { reasons.append("original is in incident cluster \(cl)") }
            if cand.rootClusterId == nil, let (other, otherCmp) = try incidentOfRepeat(s, earlier: cand, others: others, c,
                                                                                                 originalOf: originalOf, membersOf: membersOf) {
                let clusterId = other.clusterId ?? other.rootClusterId ?? "cluster-" + other.rootTicketId
                reasons.append("another caller reported it \(age(s.receivedAt, other.receivedAt)) (\(other.receiptNo ?? other.ticketId), "
                    + "via \(other.channel))")
                reasons += otherCmp.reasons
                reasons.append("incident cluster \(clusterId), with the original")
                return DedupDecision(info: DedupInfo(status: .repeat, repeatOf: cand.rootTicketId, clusterId: clusterId,
                                                     score: round2(cmp.score), reasons: reasons),
                                     clusterAlsoOn: other.clusterId == nil ? other.ticketId : nil, clusterOpenRoot: other.rootTicketId,
                                     originalJoins: cand.rootTicketId)
            }
            return DedupDecision(info: DedupInfo(status: .repeat, repeatOf: cand.rootTicketId, clusterId: cand.rootClusterId,
                                                 score: round2(cmp.score), reasons: reasons), clusterAlsoOn: nil)
        }
        var reasons: [String] = []
        var score: Double?
        // The same matter asked before and closed (answered on the call, or done): a new matter, but say so.
        if let earlier = closedMatch(s, sameCaller: sameCaller, c) {
            reasons.append("asked before: same matter as \(earlier.rootReceiptNo ?? earlier.rootTicketId), closed, first reported "
                + age(s.receivedAt, earlier.rootReceivedAt) + "; a new matter since that one is closed")
        }
        let openOwn = sameCaller.filter { $0.rootOpen && s.receivedAt.timeIntervalSince($0.receivedAt) <= c.repeatWindow }
        if !openOwn.isEmpty {
            let bestScore = openOwn.map {
                MatterComparison(s.features, $0.features, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters).score
            }.max() ?? 0
            let who = s.identities.first.map(CallerIdentity.display) ?? "the caller"
            let best = FixedDecimal.format(bestScore, digits: 2)
            reasons.append("same caller \(who) has \(openOwn.count) open ticket(s) in the repeat window, "
                + "none about this matter (best score \(best))")
            score = round2(bestScore)
        }
        // The caller's own open reports this one is not about (no repeat of any, above): an incident one of them is in
        // is not what this report is about (`因为南门人太多，想问能不能退票` after reporting the crowd there).
        let ownClusters = Set(openOwn.compactMap { $0.clusterId ?? $0.rootClusterId })
        // A short report that says the thing goes on (`码头滞留三个多钟了 到底有没有船`, `桥下那帮孩子还在水里`) reads as a
        // follow-up; from a caller with no open report of his own, naming where, it follows none of his: it tells the
        // happening there, as another caller of it.
        var s = s
        if s.features.isFollowUp && openOwn.isEmpty && s.features.hasAnyPlace { s.features.isFollowUp = false }
        if let (cand, cmp) = try clusterMatch(s, others: others, c, notClusters: ownClusters, originalOf: originalOf, membersOf: membersOf) {
            // A cluster is named after the original of the report it forms on, so that concurrent reports joining two
            // tickets of one repeat family name the same cluster.
            let clusterId = cand.clusterId ?? cand.rootClusterId ?? "cluster-" + cand.rootTicketId
            let earlier = cand.receiptNo ?? cand.ticketId
            reasons.append("another caller reported it \(age(s.receivedAt, cand.receivedAt)) (\(earlier), via \(cand.channel))")
            reasons += cmp.reasons
            if isBurst(s, cand, cmp) { reasons.append("one spot, within \(Int(burstWindow / 3600)) h of it") }
            reasons.append("incident cluster \(clusterId)")
            let also = try alsoMatching(s, chosen: cand, others: others, c, notClusters: ownClusters, originalOf: originalOf,
                                        membersOf: membersOf)
            if !also.isEmpty {
                reasons.append("reported as well by another caller in no incident yet (" + also.map { $0.receiptNo ?? $0.ticketId }.joined(separator: ", ")
                    + "), who joins it")
            }
            return DedupDecision(info: DedupInfo(status: .new, clusterId: clusterId, score: round2(cmp.score), reasons: reasons),
                                 clusterAlsoOn: cand.clusterId == nil ? cand.ticketId : nil, clusterOpenRoot: cand.rootTicketId,
                                 alsoOn: also.map(\.ticketId))
        }
        return DedupDecision(info: DedupInfo(status: .new, score: score, reasons: reasons), clusterAlsoOn: nil)
    }

    /// At most this many earlier reports besides the one an incident is formed or joined on take the incident too.
    static let alsoMatchedAtMost = 2

    /// The earlier reports in no incident, besides `chosen` (the one the report forms or joins an incident on) and its
    /// repeat family, that name their place only in words the place reader takes no name from (no place key), that the
    /// report matches by the cluster rule as well and that agree with `chosen` and the incident's members found as a
    /// member would (`disagrees`): two callers told one happening before a third named its place plainly
    /// (`我们是柳河镇前进村的`, `前进村停电三个多小时了`, then an address `柳河镇前进村`); the third joins one of them, and the
    /// other, which it matches as well, was left out, since the two earlier reports had no place in common the rules
    /// could read. A report with a place key was compared with the reports at that place when it came, and its
    /// refusal stands (a parking complaint at a school's gate beside the school's leaning wall). At most
    /// `alsoMatchedAtMost`, in the candidates' order.
    static func alsoMatching(_ s: DedupSubject, chosen: DedupCandidate, others: [DedupCandidate], _ c: DedupConfiguration,
                             notClusters: Set<String>, originalOf: (DedupCandidate) throws -> DedupCandidate?,
                             membersOf: (String) throws -> [DedupCandidate]) rethrows -> [DedupCandidate] {
        var out: [DedupCandidate] = []
        // The report it joins and, when that is in an incident, the members found (by the report's keys, and the reports
        // the incident was formed on): read once, when an earlier report matches.
        var incident: [DedupCandidate]?
        for other in others where out.count < alsoMatchedAtMost && other.clusterId == nil && other.rootClusterId == nil
            && other.rootTicketId != chosen.rootTicketId && other.features.placeKeys.isEmpty {
            guard try clusterMatch(s, others: [other], c, notClusters: notClusters, originalOf: originalOf, membersOf: membersOf) != nil
            else { continue }
            if incident == nil {
                incident = [chosen]
                if let cl = chosen.clusterId ?? chosen.rootClusterId {
                    incident! += others.filter { $0.clusterId == cl && $0.ticketId != chosen.ticketId }
                    let found = Set(incident!.map(\.ticketId))
                    incident! += try membersOf(cl).filter { $0.clusterId == cl && !found.contains($0.ticketId) }
                }
            }
            let before = DedupSubject(features: other.features, channel: other.channel, receivedAt: s.receivedAt,
                                      identities: other.identities, linkedIdentities: Set(other.identities))
            if incident!.contains(where: { m in disagrees(before, m, wide: s.features.wide || other.features.wide || m.features.wide, c) }) {
                continue
            }
            out.append(other)
        }
        return out
    }

    /// The incident another caller reported that a repeat joins, with its original. A caller's second report often
    /// says where or what more plainly than the first (`刚才报过中原路桥洞积水` after `铁路桥底下淹了`), and the others'
    /// reports may have come after the first, which was compared only with what was there then. The repeat must join
    /// the incident by the cluster rule, and the caller's earlier report it repeats must as well (every member of the
    /// incident found agreeing with it): what one caller reported twice is one matter, in an incident or not.
    static func incidentOfRepeat(_ s: DedupSubject, earlier: DedupCandidate, others: [DedupCandidate], _ c: DedupConfiguration,
                                 originalOf: (DedupCandidate) throws -> DedupCandidate?,
                                 membersOf: (String) throws -> [DedupCandidate] = { _ in [] }) rethrows
        -> (candidate: DedupCandidate, comparison: MatterComparison)?
    {
        guard let (other, cmp) = try clusterMatch(s, others: others, c, originalOf: originalOf, membersOf: membersOf) else { return nil }
        let before = DedupSubject(features: earlier.features, channel: earlier.channel, receivedAt: s.receivedAt,
                                  identities: earlier.identities, linkedIdentities: s.linkedIdentities.union(earlier.identities))
        let incident = others.filter { $0.ticketId == other.ticketId || ($0.clusterId != nil && $0.clusterId == other.clusterId) }
        guard try clusterMatch(before, others: incident, c, originalOf: originalOf, membersOf: membersOf) != nil else { return nil }
        return (other, cmp)
    }

    static func callerReason(_ s: DedupSubject, _ cand: DedupCandidate) -> String {
        let shared = cand.identities.filter(s.linkedIdentities.contains)
        let channels = s.channel == cand.channel ? "\(s.channel)" : "\(s.channel) and \(cand.channel)"
        if let direct = shared.first(where: s.identities.contains) {
            return "same caller \(CallerIdentity.display(direct)) via \(channels)"
        }
        let theirs = shared.first.map(CallerIdentity.display) ?? "?"
        let ours = s.identities.first.map(CallerIdentity.display) ?? "?"
        return "same caller \(ours) via \(channels) (linked with \(theirs) seen in one submission)"
    }

    static func age(_ now: Date, _ then: Date) -> String {
        let s = max(0, now.timeIntervalSince(then))
        if s < 120 { return "\(Int(s)) s earlier" }
        if s < 7200 { return "\(Int(s / 60)) min earlier" }
        if s < 172_800 { return "\(Int(s / 3600)) h earlier" }
        return "\(Int(s / 86_400)) days earlier"
    }

    static func round2(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}
