import Foundation

/// One CSV record: its cells and where it starts.
struct CSVRecord: Equatable {
    /// The 1-based line where the record starts (a quoted cell may span lines).
    var line: Int
    /// The 0-based byte offset where the record starts.
    var byteOffset: Int
    var cells: [String]
    /// The 0-based offset of the first byte in this record that is not UTF-8, if any.
    var invalidByteOffset: Int?
}

/// An RFC 4180 reader: quoted cells, doubled quotes, line breaks inside quotes (read as LF), CRLF or LF, a BOM, no final newline.
///
/// It is lenient where spreadsheets are: a quote inside an unquoted cell is kept as text, and text after a closing
/// quote is appended to the cell. Records that are completely empty (blank lines) are left out.
enum CSVReader {
    /// Every non-blank record of the file, or a failure naming the line of a quote that is never closed.
    static func records(_ data: Data) throws(TransferFailure) -> [CSVRecord] {
        let bytes = TransferText.withoutBOM(data)
        var records: [CSVRecord] = []
        var cells: [String] = []
        var cell: [UInt8] = []
        var line = 1
        var recordLine = 1
        var recordStart = 0
        var index = 0
        var quoted = false
        var quoteLine = 1
        var cellStart = true

        func finishCell() {
            cells.append(String(decoding: cell, as: UTF8.self))
            cell.removeAll(keepingCapacity: true)
            cellStart = true
        }
        func finishRecord(end: Int) {
            finishCell()
            if !(cells.count == 1 && cells[0].isEmpty) {
                let bad = TransferText.firstInvalidUTF8(in: bytes, from: recordStart, to: end)
                records.append(CSVRecord(line: recordLine, byteOffset: recordStart, cells: cells, invalidByteOffset: bad))
            }
            cells.removeAll()
        }

        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
                        cell.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else if byte == 0x0D {
                    // Line breaks inside a cell become LF, whichever the file used.
                    if index + 1 >= bytes.count || bytes[index + 1] != 0x0A {
                        line += 1
                        cell.append(0x0A)
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    cell.append(byte)
                }
            } else if byte == UInt8(ascii: "\"") && cellStart {
                quoted = true
                quoteLine = line
                cellStart = false
            } else if byte == UInt8(ascii: ",") {
                finishCell()
            } else if byte == 0x0A || byte == 0x0D {
                let end = index
                if byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A { index += 1 }
                finishRecord(end: end)
                line += 1
                recordLine = line
                recordStart = index + 1
            } else {
                cell.append(byte)
                cellStart = false
            }
            index += 1
        }
        if quoted {
            throw .onLine(quoteLine, "a quoted cell starts here but its closing quote (\") is missing.")
        }
        if recordStart < bytes.count || !cells.isEmpty { finishRecord(end: bytes.count) }
        return records
    }
}
