import Foundation

/// Small text helpers shared by the file formats: byte positions, UTF-8 checks, lists and summaries.
public enum TransferText {
    /// A number with thousands separators, independent of locale: 1043 → "1,043".
    public static func grouped(_ number: Int) -> String {
        let digits = String(number.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return number < 0 ? "-" + out : out
    }

    /// The 1-based line that the byte at `offset` is on (LF, CRLF and lone CR all end a line).
    public static func line(atByteOffset offset: Int, in bytes: [UInt8]) -> Int {
        var line = 1
        var index = 0
        let end = min(offset, bytes.count)
        while index < end {
            if bytes[index] == 0x0A {
                line += 1
            } else if bytes[index] == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A) {
                line += 1
            }
            index += 1
        }
        return line
    }

    /// The offset of the first byte that is not part of valid UTF-8 in `bytes[range]`, or nil when all of it is valid.
    public static func firstInvalidUTF8(in bytes: [UInt8], from start: Int = 0, to end: Int? = nil) -> Int? {
        let end = end ?? bytes.count
        var index = start
        while index < end {
            let lead = bytes[index]
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: (length, high) = (3, 0x9F)
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF1...0xF3: length = 4
            case 0xF4: (length, high) = (4, 0x8F)
            default: return index
            }
            for offset in 1..<length {
                guard index + offset < end else { return index }
                let byte = bytes[index + offset]
                let range = offset == 1 ? low...high : 0x80...0xBF
                if !range.contains(byte) { return index }
            }
            index += length
        }
        return nil
    }

    /// Throws when the bytes are not UTF-8: "Byte 1,043 (line 3) is not valid UTF-8."
    public static func requireUTF8(_ bytes: [UInt8]) throws(TransferFailure) {
        guard let bad = firstInvalidUTF8(in: bytes) else { return }
        let line = line(atByteOffset: bad, in: bytes)
        throw TransferFailure(
            line: line,
            byteOffset: bad,
            message: "Byte \(grouped(bad + 1)) (line \(grouped(line))) is not valid UTF-8; save the file as UTF-8 and try again."
        )
    }

    /// The bytes without a leading UTF-8 byte order mark.
    public static func withoutBOM(_ data: Data) -> [UInt8] {
        let bytes = [UInt8](data)
        return bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    /// Splits a list cell on `separator`, trimming entries and dropping empty ones.
    public static func split(_ text: String, on separator: String) -> [String] {
        text.components(separatedBy: separator).map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }

    /// The first `limit` characters of a text on one line, cut at a word and ended with "…" when shortened.
    public static func summary(_ text: String, limit: Int = 60) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace })
        let line = words.joined(separator: " ")
        guard line.count > limit else { return line }
        var cut = String(line.prefix(limit))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > limit / 2 {
            cut = String(cut[..<space])
        }
        return cut + "…"
    }

    /// A category path as people read it: "A / B"; "(top)" for the top of the bank.
    public static func categoryLabel(_ path: [String]) -> String {
        path.isEmpty ? "(top)" : path.joined(separator: " / ")
    }
}
