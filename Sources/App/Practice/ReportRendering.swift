import Foundation

/// What the PDF download needs: a Chromium to print with and the stylesheet the report is laid out with. Nil on a
/// server without Chromium; the report page then still prints from the browser.
struct ReportRendering: Sendable {
    let printer: ReportPrinter
    let stylesheet: String

    static func locate(publicDirectory: String) -> ReportRendering? {
        guard let printer = ReportPrinter.locate(),
            let stylesheet = try? String(contentsOfFile: publicDirectory + "/css/app.css", encoding: .utf8)
        else { return nil }
        return ReportRendering(printer: printer, stylesheet: stylesheet)
    }
}
