import Foundation

extension UUID {
    /// The id as URLs, forms and audit targets carry it: 36 lowercase characters, 8-4-4-4-12.
    ///
    /// The same text as `uuidString.lowercased()`, written directly: Foundation formats `uuidString` through
    /// `snprintf`, and the lowercasing copies it again; a list page writes two ids per row.
    public var lowercasedString: String {
        withUnsafeBytes(of: uuid) { bytes in
            String(unsafeUninitializedCapacity: 36) { output in
                let digits: (UInt8) -> UInt8 = { $0 < 10 ? $0 + 48 : $0 + 87 }
                var index = 0
                for (offset, byte) in bytes.enumerated() {
                    if offset == 4 || offset == 6 || offset == 8 || offset == 10 {
                        output[index] = UInt8(ascii: "-")
                        index += 1
                    }
                    output[index] = digits(byte >> 4)
                    output[index + 1] = digits(byte & 0x0f)
                    index += 2
                }
                return index
            }
        }
    }
}
