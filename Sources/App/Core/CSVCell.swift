import Foundation

/// Writing CSV cells that spreadsheets open safely: every cell quoted, formulas neutralised.
enum CSVCell {
    /// The first characters that make a spreadsheet run a cell as a formula (OWASP): `=`, `+`, `-`, `@`, tab, carriage return.
    static let formulaStarts: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// OWASP's CSV-injection defence: a leading `=`, `+`, `-`, `@`, tab or carriage return gets a `'` in front.
    static func neutralise(_ cell: String) -> String {
        guard let first = cell.utf8.first, formulaStarts.contains(first) else { return cell }
        return "'" + cell
    }

    /// One cell in double quotes, inner quotes doubled; the value is written as given (neutralise it first).
    static func quoted(_ value: String) -> String {
        guard value.utf8.contains(UInt8(ascii: "\"")) else { return "\"" + value + "\"" }
        var out = "\""
        for character in value {
            out.append(character)
            if character == "\"" { out.append("\"") }
        }
        return out + "\""
    }

    /// One CSV record: every cell neutralised and quoted, ended with CRLF.
    static func line(_ cells: [String?]) -> String {
        cells.map { quoted(neutralise($0 ?? "")) }.joined(separator: ",") + "\r\n"
    }
}
