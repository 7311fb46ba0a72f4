import Foundation
import Testing

@testable import App

@Suite("Rubric evaluator: deterministic scores and the sentences behind them")
struct RubricEvaluatorTests {
    static func input(
        _ response: String,
        prompt: String = "How do you keep a cache fresh?",
        keywords: [String] = [],
        criteria: [Criterion] = [],
        idealWords: Int? = nil,
        behavioural: Bool = false,
        language: String = "en"
    ) -> AnswerInput {
        AnswerInput(
            prompt: prompt,
            keywords: keywords,
            criteria: criteria,
            idealWords: idealWords,
            behavioural: behavioural,
            language: language,
            response: response
        )
    }

    static func score(
        _ response: String,
        prompt: String = "How do you keep a cache fresh?",
        keywords: [String] = [],
        criteria: [Criterion] = [],
        idealWords: Int? = nil,
        behavioural: Bool = false,
        language: String = "en"
    ) -> Evaluation {
        RubricEvaluator().score(
            input(
                response,
                prompt: prompt,
                keywords: keywords,
                criteria: criteria,
                idealWords: idealWords,
                behavioural: behavioural,
                language: language
            )
        )
    }

    // A behavioural story of 135 words in 9 sentences; without the result it has 107 words in 7 sentences.
    static let situation = "At my last job we were running a payment service that failed several times a week."
    static let task =
        "My task was to restore its reliability before the holiday peak, because the shop could not afford a single lost order."
    static let action = """
        I decided to add monitoring for every dependency, so that we saw failures before customers did. \
        I wrote a retry policy with backoff for the bank API. \
        I took ownership of every incident and led a postmortem each time. \
        In each one we did a root cause analysis rather than look for blame. \
        I also wrote a runbook so that anyone on call could follow the same steps at night.
        """
    static let result =
        "As a result, outages fell from 6 a week to 1 a month. Checkout errors dropped by 80 percent, and I learned to measure first and change second."

    static func story(_ parts: [String]) -> Evaluation {
        score(
            parts.joined(separator: " "),
            prompt: "Tell me about a time you improved the reliability of a service.",
            keywords: ["monitoring|alerting", "retry", "postmortem"],
            criteria: [Criterion(name: "Ownership", weight: 2), Criterion(name: "Root cause analysis", weight: 3)],
            idealWords: 100,
            behavioural: true
        )
    }

    @Test("A strong STAR answer gets full structure, a high overall score and the STAR strength")
    func strongStar() {
        let evaluation = Self.story([Self.situation, Self.task, Self.action, Self.result])
        #expect(evaluation.structure == 100)
        #expect(evaluation.keywords == 100)
        #expect(evaluation.relevance == 100)
        #expect(evaluation.depth == 100)
        #expect(evaluation.clarity == 100)
        #expect(evaluation.overall >= 75)
        #expect(evaluation.evaluator == "rubric-1")
        #expect(evaluation.model == nil)
        #expect(
            evaluation.strengths == [
                "You used the key terms “monitoring”, “retry” and “postmortem”.",
                "You covered “Ownership” and “Root cause analysis”.",
                "Clear STAR structure: situation, task, action and result are all there.",
                "Good length: 135 words against about 100 expected.",
                "Concrete detail: you gave numbers or examples.",
                "Easy to follow: sentences of about 15 words and no filler words.",
            ]
        )
        #expect(evaluation.improvements.isEmpty)
    }

    @Test("The same story without its result loses 25 structure points and is asked for exactly the result")
    func storyWithoutResult() {
        let full = Self.story([Self.situation, Self.task, Self.action, Self.result])
        let evaluation = Self.story([Self.situation, Self.task, Self.action])
        #expect(evaluation.structure == full.structure - 25)
        #expect(evaluation.structure == 75)
        #expect(evaluation.improvements == ["Add the result: what changed because of what you did?"])
        #expect(!evaluation.strengths.contains("Clear STAR structure: situation, task, action and result are all there."))
        #expect(evaluation.strengths.contains("Good length: 107 words against about 100 expected."))
    }

    @Test("Each missing STAR part is asked for with its own question, in STAR order")
    func missingStarParts() {
        let questions = RubricVocabulary.star.map(\.missing)
        let onlySituation = Self.story([Self.situation])
        #expect(onlySituation.structure == 25)
        #expect(onlySituation.improvements.filter(questions.contains) == Array(questions.dropFirst()))
        let noSituationNoTask = Self.story([Self.action, Self.result])
        #expect(noSituationNoTask.structure == 50)
        #expect(noSituationNoTask.improvements.filter(questions.contains) == Array(questions.prefix(2)))
        // Outside English, STAR cues are not read: the sentence rule applies, without order words.
        let german = Self.score("Wir hatten ein Problem. Ich habe es gelöst. Danach lief alles.", behavioural: true, language: "de")
        #expect(german.structure == 85)
    }

    @Test("The stemmer maps inflections of a word to one stem and leaves short words alone")
    func stemmer() {
        for word in ["cache", "caches", "cached", "caching", "Caching"] {
            #expect(EnglishStemmer.stem(word) == "cach")
        }
        for word in ["run", "runs", "running"] {
            #expect(EnglishStemmer.stem(word) == "run")
        }
        for word in ["invalidate", "invalidated", "invalidation", "invalidations", "invalidating"] {
            #expect(EnglishStemmer.stem(word) == "invalidat")
        }
        #expect(EnglishStemmer.stem("studies") == EnglishStemmer.stem("studied"))
        #expect(EnglishStemmer.stem("deployments") == "deploy")
        #expect(EnglishStemmer.stem("happiness") == "happy")
        #expect(EnglishStemmer.stem("quickly") == "quick")
        #expect(EnglishStemmer.stem("processes") == "process")
        #expect(EnglishStemmer.stem("relational") == EnglishStemmer.stem("relate"))
        #expect(EnglishStemmer.stem("added") == "add")
        #expect(EnglishStemmer.stem("falling") == "fall")
        #expect(EnglishStemmer.stem("string") == "string")
        #expect(EnglishStemmer.stem("business") == "business")
        #expect(EnglishStemmer.stem("team's") == "team")
        #expect(EnglishStemmer.stem("Bus") == "bus")
        #expect(EnglishStemmer.stem("use") == "use")
        #expect(EnglishStemmer.stem("only") == "only")
    }

    @Test("English keywords match by stem: “caching” covers “cache”, “invalidated” covers “invalidation”")
    func keywordStems() {
        let evaluation = Self.score(
            "Caching helps until the data changes. Entries are invalidated on every write.",
            keywords: ["cache", "invalidation", "eviction"]
        )
        #expect(evaluation.keywords == 67)
        #expect(evaluation.strengths.first == "You used the key terms “cache” and “invalidation”.")
        #expect(evaluation.improvements.first == "Mention “eviction”: the question expects it.")
    }

    @Test("Synonyms separated by “|” count once, and the one used is named")
    func synonyms() {
        let evaluation = Self.score("A cache, or memoise layer, keeps answers close.", keywords: ["cache|caching|memoise", "latency"])
        #expect(evaluation.keywords == 50)
        #expect(evaluation.strengths.first == "You used the key term “cache”.")
        #expect(evaluation.improvements.first == "Mention “latency”: the question expects it.")
        let other = Self.score("We memoise results.", keywords: ["cache|caching|memoise", "latency"])
        #expect(other.keywords == 50)
        #expect(other.strengths.first == "You used the key term “memoise”.")
    }

    @Test("A keyword of several words matches only as a phrase")
    func phraseKeywords() {
        let keywords = ["event loop", "time to live|TTL"]
        let phrase = Self.score("The event loop runs callbacks. Entries have a time to live.", keywords: keywords)
        #expect(phrase.keywords == 100)
        let scattered = Self.score("A loop handles each event. Entries live for a time.", keywords: keywords)
        #expect(scattered.keywords == 0)
        #expect(scattered.improvements.first == "Mention “event loop” and “time to live”: the question expects them.")
        #expect(Self.score("Set a TTL.", keywords: keywords).keywords == 50)
    }

    @Test("Outside English, keywords match lowercased words exactly, not stems; “um” is no filler there")
    func germanKeywords() {
        let answer = "Wir leeren den Cache, um alte Daten zu vermeiden. Die Invalidierung passiert nach jedem Schreiben."
        let german = Self.score(answer, prompt: "Wie halten Sie einen Cache aktuell?", keywords: ["Caches", "invalidierung"], language: "de")
        #expect(german.keywords == 50)
        #expect(german.strengths.first == "You used the key term “invalidierung”.")
        #expect(german.improvements.first == "Mention “Caches”: the question expects it.")
        #expect(german.clarity == 100)
        let english = Self.score(answer, prompt: "Wie halten Sie einen Cache aktuell?", keywords: ["Caches", "invalidierung"], language: "en")
        #expect(english.keywords == 100)
        #expect(english.clarity == 96)
    }

    @Test("Missing keywords are named in keyword order, at most four, with the rest counted")
    func missingKeywords() {
        let keywords = ["consistency", "latency", "throughput", "replication", "sharding", "quorum"]
        let evaluation = Self.score("Throughput matters most.", keywords: keywords)
        #expect(evaluation.keywords == 17)
        #expect(
            evaluation.improvements.first
                == "Mention “consistency”, “latency”, “replication”, “sharding” and 1 more key term: the question expects them."
        )
        let two = Self.score("Throughput matters most.", keywords: ["consistency", "throughput", "latency"])
        #expect(two.improvements.first == "Mention “consistency” and “latency”: the question expects them.")
        let seven = Self.score("Nothing relevant.", keywords: keywords + ["vector clocks"])
        #expect(seven.keywords == 0)
        #expect(seven.strengths.allSatisfy { !$0.hasPrefix("You used") })
        #expect(
            seven.improvements.first
                == "Mention “consistency”, “latency”, “throughput”, “replication” and 3 more key terms: the question expects them."
        )
    }
}
