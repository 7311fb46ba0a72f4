import App
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import TestSupport
import Testing

/// Drives the question bank through its pages, as an editor would.
extension Browser {
    /// Creates a bank through the banks page; returns its id.
    func createBank(_ slug: String = "acme", name: String = "Engineering") async throws -> String {
        let token = try await csrfToken(from: "/t/\(slug)/admin/banks")
        let created = try await post("/t/\(slug)/admin/banks", form: ["_csrf": token, "name": name])
        #expect(created.status == .seeOther)
        let page = try await get("/t/\(slug)/admin/banks")
        let marker = "admin/questions?bank="
        let range = try #require(page.text.range(of: marker), "the bank links to its questions")
        return String(page.text[range.upperBound...].prefix(36))
    }

    /// Creates a question through the form; returns its id.
    func createQuestion(_ slug: String = "acme", bank: String, fields: [String: String]) async throws -> String {
        let token = try await csrfToken(from: "/t/\(slug)/admin/questions/new")
        var form = ["_csrf": token, "bank": bank, "level": "mid", "difficulty": "medium", "intent": "save"]
        form.merge(fields) { $1 }
        let response = try await post("/t/\(slug)/admin/questions/new", form: form)
        #expect(response.status == .seeOther, "\(response.text)")
        let location = try #require(response.location)
        return String(try #require(location.split(separator: "/").last?.split(separator: "?").first))
    }

    /// Saves the edit form of `id` with `changes` over what it currently holds.
    @discardableResult
    func editQuestion(_ slug: String = "acme", id: String, changes: [String: String]) async throws -> TestResponse {
        let page = try await get("/t/\(slug)/admin/questions/\(id)/edit")
        var form = Self.formFields(page.text)
        form["intent"] = "save"
        form.merge(changes) { $1 }
        return try await post("/t/\(slug)/admin/questions/\(id)/edit", form: form)
    }

    /// The named inputs, selects and textareas of a page's first POST form, with their current values.
    static func formFields(_ html: String) -> [String: String] {
        var fields: [String: String] = [:]
        let scanner = html as NSString
        let patterns = [
            #"<input[^>]*name="([^"]+)"[^>]*value="([^"]*)""#,
            #"<textarea[^>]*name="([^"]+)"[^>]*>([^<]*)</textarea>"#,
            #"<select[^>]*name="([^"]+)"[^>]*>(?:(?!</select>).)*?<option value="([^"]*)" selected>"#,
        ]
        for pattern in patterns {
            let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
            for match in regex?.matches(in: html, range: NSRange(location: 0, length: scanner.length)) ?? [] {
                let name = scanner.substring(with: match.range(at: 1))
                if fields[name] == nil { fields[name] = unescape(scanner.substring(with: match.range(at: 2))) }
            }
        }
        return fields
    }

    static func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&amp;", with: "&")
    }
}

extension Browser {
    /// Uploads a question file for its dry run, as the import form does (multipart, CSRF token as a field).
    func uploadQuestions(_ slug: String = "acme", bank: String, filename: String, content: String) async throws -> TestResponse {
        let token = try await csrfToken(from: "/t/\(slug)/admin/questions/import")
        let boundary = "----test\(UUID().uuidString)"
        var body = ""
        for (name, value) in [("_csrf", token), ("bank", bank), ("format", "")] {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body +=
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        body += content + "\r\n--\(boundary)--\r\n"
        var headers = HTTPFields()
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        return try await client.execute(
            uri: "/t/\(slug)/admin/questions/import",
            method: .post,
            headers: headers.merging(cookieHeaders),
            body: ByteBuffer(string: body)
        )
    }

    var cookieHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
        return headers
    }
}

extension HTTPFields {
    func merging(_ other: HTTPFields) -> HTTPFields {
        var copy = self
        for field in other { copy.append(field) }
        return copy
    }
}
