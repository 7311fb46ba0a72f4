import App
import Foundation
import TestSupport
import Testing

@Suite("tenantctl bank import and export")
struct TenantCtlBankTests {
    let cluster: TestCluster

    init() throws { cluster = try TestCluster.fromEnvironment() }

    var moodleFile: String { cluster.repositoryRoot + "/Tests/UnitTests/Fixtures/moodle/nested_categories_with_questions.xml" }

    @Test("A dry run names each row and changes nothing; the import applies it with one audit event; export gives it back")
    func importAndExport() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            try database.ownerQuery(tenant: tenants.acmeID, "INSERT INTO question_banks (tenant_id, name) VALUES ($1, 'Moodle')", [tenants.acmeID])
            let ctl = TenantCtlRunner(cluster: cluster, database: database)

            let (dryStatus, dry) = try ctl.run(["bank", "import", "--tenant", "acme", "--file", moodleFile, "--dry-run"])
            #expect(dryStatus == 0, "\(dry)")
            #expect(dry.contains("line 15: Skipped: Moodle truefalse questions are not imported."))
            #expect(dry.contains("Category Iota / Kappa will be created"))
            #expect(dry.contains("dry run for Moodle (moodle-xml): 1 new, 0 new versions, 0 duplicates, 4 new categories, 4 skipped, 0 rejected"))
            #expect(dry.contains("nothing was changed"))
            #expect(!dry.contains("importing ["), "no progress bar when standard error is not a terminal")
            let none = try database.ownerQuery(tenant: tenants.acmeID, "SELECT count(*) FROM questions")
            #expect(none == [["0"]])

            let (status, output) = try ctl.run(["bank", "import", "--tenant", "acme", "--file", moodleFile])
            #expect(status == 0, "\(output)")
            #expect(output.contains("imported into Moodle (moodle-xml): 1 new"))
            let rows = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT v.author_name, v.author_id IS NULL FROM questions q JOIN question_versions v ON v.question_id = q.id ORDER BY 1"
            )
            #expect(rows.count == 1)
            #expect(rows.allSatisfy { ($0[0] ?? "").hasPrefix("operator:") && $0[1] == "t" }, "the operator is the author, with no user id")
            let events = try database.ownerQuery(
                tenant: tenants.acmeID,
                "SELECT actor_label, after->>'created' FROM audit_events WHERE action = 'bank.imported'"
            )
            #expect(events.count == 1 && events[0][1] == "1" && (events[0][0] ?? "").hasPrefix("operator:"), "\(events)")
            #expect(
                try ctl.run(["bank", "import", "--tenant", "acme", "--file", moodleFile]).1.contains(
                    "0 new, 0 new versions, 1 duplicates, 0 new categories, 4 skipped"
                )
            )

            let exported = try ctl.run(["bank", "export", "--tenant", "acme", "--format", "json"])
            #expect(exported.0 == 0)
            #expect(exported.1.contains("\"format\" : \"interview-coach-questions\""))
            #expect(exported.1.contains("Kappa Essay Question") || exported.1.contains("Testing Kappa Essay Question"))
        }
    }

    @Test("Mistakes exit with status 2 and say what to do")
    func mistakes() async throws {
        try await cluster.withFreshDatabase { database in
            let tenants = try await TwoTenants.create(in: database)
            let ctl = TenantCtlRunner(cluster: cluster, database: database)
            let cases: [([String], String)] = [
                (["bank", "import", "--tenant", "globex", "--file", moodleFile], "this tenant has no question bank yet"),
                (["bank", "import", "--tenant", "acme", "--file", "/nonexistent.json"], "cannot read /nonexistent.json"),
                (["bank", "export", "--tenant", "acme", "--format", "pdf"], "--format must be json, csv or moodle-xml"),
                (["bank", "export", "--tenant", "nowhere"], "no tenant has slug 'nowhere'"),
            ]
            for (arguments, message) in cases {
                let (status, output) = try ctl.run(arguments)
                #expect(status == 2, "\(arguments): \(output)")
                #expect(output.contains(message), "\(arguments): \(output)")
            }
            try database.ownerQuery(
                tenant: tenants.acmeID,
                "INSERT INTO question_banks (tenant_id, name) VALUES ($1, 'A'), ($1, 'B')",
                [tenants.acmeID]
            )
            let (status, output) = try ctl.run(["bank", "export", "--tenant", "acme"])
            #expect(status == 2)
            #expect(output.contains("choose a bank with --bank; the banks are 'A', 'B'"))
            try database.ownerQuery(tenant: tenants.globexID, "INSERT INTO question_banks (tenant_id, name) VALUES ($1, 'G')", [tenants.globexID])
            let many = (1...51).map { "{\"content\": {\"prompt\": \"Question \($0)?\"}}" }.joined(separator: ",\n")
            let big = FileManager.default.temporaryDirectory.appendingPathComponent("many-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: big) }
            try Data("{\"format\": \"interview-coach-questions\", \"version\": 1, \"questions\": [\n\(many)\n]}".utf8).write(to: big)
            let (overStatus, over) = try ctl.run(["bank", "import", "--tenant", "globex", "--file", big.path])
            #expect(overStatus == 2)
            #expect(over.contains("Your plan (Free) allows 50 questions and 0 are in use, so 51 more do not fit"), "\(over)")
            let none = try database.ownerQuery(tenant: tenants.globexID, "SELECT count(*) FROM questions")
            #expect(none == [["0"]], "the whole import is refused, not its first 50 questions")
            let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UUID()).json")
            defer { try? FileManager.default.removeItem(at: broken) }
            try Data("{\"format\": \"interview-coach-questions\", \"version\": 1,\n \"questions\": [\n  {\"content\": }\n]}".utf8).write(to: broken)
            let (brokenStatus, brokenOutput) = try ctl.run(["bank", "import", "--tenant", "acme", "--bank", "A", "--file", broken.path])
            #expect(brokenStatus == 2)
            #expect(brokenOutput.contains("could not be read, so nothing was imported. Line 3"), "\(brokenOutput)")
        }
    }
}

/// Runs the built `tenantctl` as an operator would, against one test database.
struct TenantCtlRunner {
    let cluster: TestCluster
    let database: TestDatabase

    /// Exit status and combined output.
    func run(_ arguments: [String], extra: [String: String] = [:]) throws -> (Int32, String) {
        let binary = cluster.repositoryRoot + "/.build/debug/tenantctl"
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build tenantctl first (make test does)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let config = database.ownerConfiguration
        process.environment = [
            "COACH_DB_HOST": config.host, "COACH_DB_PORT": String(config.port), "COACH_DB_NAME": config.name,
            "COACH_OWNER_PASSWORD": config.password, "USER": "ops",
            "COACH_TENANT_CLAIM_KEY": Data(cluster.tenantClaimKey).base64EncodedString(),
            "COACH_DEMO_DIR": cluster.repositoryRoot + "/scripts/demo",
            "COACH_DATA_KEYS": "1=" + Data(repeating: 9, count: 32).base64EncodedString(),
        ].merging(extra) { $1 }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }
}
