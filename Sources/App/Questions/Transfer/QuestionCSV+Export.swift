import Foundation

extension QuestionCSV {
    /// The questions in the given order: UTF-8 with a byte order mark (so spreadsheets detect it), CRLF, every cell
    /// quoted and formula-like cells neutralised.
    public static func export(_ questions: [TransferQuestion]) -> Data {
        var text = "\u{FEFF}" + columns.map { CSVCell.quoted($0) }.joined(separator: ",") + "\r\n"
        for question in questions {
            let content = question.content
            let cells = [
                question.externalKey ?? "",
                question.category.joined(separator: " / "),
                question.language,
                content.prompt,
                content.field,
                content.level.rawValue,
                content.difficulty.rawValue,
                content.company,
                content.positionType,
                content.tags.joined(separator: " | "),
                content.keywords.joined(separator: " | "),
                content.followUps.joined(separator: " | "),
                content.hint,
                content.sampleAnswer,
                content.idealAnswerWords.map(String.init) ?? "",
                content.timeLimitSeconds.map(String.init) ?? "",
                TransferQuestion.criteriaCell(content.criteria),
            ]
            text += cells.map { CSVCell.quoted(protect($0)) }.joined(separator: ",") + "\r\n"
        }
        return Data(text.utf8)
    }
}
