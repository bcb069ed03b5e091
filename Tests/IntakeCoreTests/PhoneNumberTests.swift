import Testing
import IntakeCore

/// Real-world shapes of Chinese phone numbers, as citizens type them and carriers send them.
struct PhoneNumberTests {
    static let cases: [(raw: String, key: String?, kind: PhoneKey.Kind?)] = [
        // Mobile numbers.
        ("13812345678", "+8613812345678", .mobile),
        ("138 1234 5678", "+8613812345678", .mobile),
        ("138-1234-5678", "+8613812345678", .mobile),
        ("+86 138 1234 5678", "+8613812345678", .mobile),
        ("+8613812345678", "+8613812345678", .mobile),
        ("008613812345678", "+8613812345678", .mobile),
        ("8613812345678", "+8613812345678", .mobile),
        ("+86-138-1234-5678", "+8613812345678", .mobile),
        ("(+86)13812345678", "+8613812345678", .mobile),
        ("１３８１２３４５６７８", "+8613812345678", .mobile),
        ("＋８６ １３８１２３４５６７８", "+8613812345678", .mobile),
        ("17951 13812345678", "+8613812345678", .mobile),
        ("1795113812345678", "+8613812345678", .mobile),
        ("12593 13812345678", "+8613812345678", .mobile),
        ("013812345678", "+8613812345678", .mobile),
        ("19912345678", "+8619912345678", .mobile),
        ("16612345678", "+8616612345678", .mobile),
        ("14712345678", "+8614712345678", .mobile),
        ("tel:13812345678", "+8613812345678", .mobile),
        ("138.1234.5678", "+8613812345678", .mobile),
        // Landlines with area codes.
        ("010-62345678", "+861062345678", .landline),
        ("(010) 6234 5678", "+861062345678", .landline),
        ("01062345678", "+861062345678", .landline),
        ("021-62345678", "+862162345678", .landline),
        ("0755-83456789", "+8675583456789", .landline),
        ("0755 8345 6789", "+8675583456789", .landline),
        ("0371-6789012", "+863716789012", .landline),
        ("+86 10 62345678", "+861062345678", .landline),
        ("+86-755-83456789", "+8675583456789", .landline),
        ("0086 21 62345678", "+862162345678", .landline),
        ("17951 0755 83456789", "+8675583456789", .landline),
        ("0755-83456789转123", "+8675583456789", .landline),
        ("0755-83456789-ext 12", "+8675583456789", .landline),
        // Bare local numbers take the hotline's area code (755 here).
        ("83456789", "+8675583456789", .landline),
        ("8345-6789", "+8675583456789", .landline),
        ("6789012", "+867556789012", .landline),
        // Service numbers and short codes, never personal.
        ("400-123-4567", "svc:4001234567", .service),
        ("800 123 4567", "svc:8001234567", .service),
        ("95588", "svc:95588", .service),
        ("95511", "svc:95511", .service),
        ("96123", "svc:755-96123", .service),
        ("0755-96123", "svc:755-96123", .service),
        ("10690123456789", "svc:10690123456789", .service),
        ("1069012345", "svc:1069012345", .service),
        ("12345", "svc:12345", .service),
        ("10086", "svc:10086", .service),
        ("110", "svc:110", .service),
        // Abroad.
        ("+852 9123 4567", "+85291234567", .international),
        ("00852 91234567", "+85291234567", .international),
        ("+1 (415) 555-0100", "+14155550100", .international),
        // Withheld or not a number.
        ("", nil, nil),
        ("anonymous", nil, nil),
        ("Unknown", nil, nil),
        ("-1", nil, nil),
        ("隐藏号码", nil, nil),
        ("abc", nil, nil),
        ("12", nil, nil),
        ("138123456", nil, nil),
    ]

    @Test(arguments: cases.indices)
    func normalizes(_ i: Int) {
        let c = Self.cases[i]
        let key = PhoneNumber.normalize(c.raw, areaCode: "755")
        #expect(key?.key == c.key, "\(c.raw)")
        #expect(key?.kind == c.kind, "\(c.raw)")
    }

    @Test func tableIsLargeEnough() {
        #expect(Self.cases.count >= 40)
    }

    @Test func bareLocalNumberNeedsAnAreaCode() {
        #expect(PhoneNumber.normalize("83456789", areaCode: nil) == nil)
        #expect(PhoneNumber.normalize("83456789", areaCode: "10")?.key == "+861083456789")
    }

    @Test func serviceNumbersNeverMergeWithPersonalOnes() {
        let service = PhoneNumber.normalize("95588")!
        #expect(!service.isPersonal)
        #expect(PhoneNumber.normalize("13812345678")!.isPersonal)
    }

    @Test func masking() {
        #expect(PhoneNumber.mask("13812345678") == "138****5678")
        #expect(PhoneNumber.mask("+8613812345678") == "+86138****5678")
        #expect(PhoneNumber.normalize("0755-83456789")!.masked == "+86755****6789")
        #expect(PersonalData.maskName("张三") == "张*")
        #expect(PersonalData.maskName("欧阳娜娜") == "欧***")
        #expect(PersonalData.maskEmail("zhang.san@example.com") == "z***@example.com")
    }
}
