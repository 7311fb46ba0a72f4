extension Int {
    /// "1 invitation", "2 invitations", or with an irregular plural "1 person", "3 people".
    func counted(_ noun: String, plural: String? = nil) -> String { self == 1 ? "1 \(noun)" : "\(self) \(plural ?? noun + "s")" }
}
