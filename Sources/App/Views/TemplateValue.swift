/// A view model as a template reads it (``TemplateEncoder`` makes it, ``TemplateRenderer`` reads it): a closed set of
/// cases, so the renderer tells them apart with a switch instead of a dynamic cast.
enum TemplateValue {
    case text(String)
    case flag(Bool)
    case number(Int)
    case list([TemplateValue])
    case node(TemplateNode)
}

/// One view model's fields by name, in the order it encoded them.
///
/// swift-mustache, which rendered the templates at first, found a `{{name}}` in a plain struct with `Mirror`, field by
/// field, for every tag; a profile of the audit list put most of a page's CPU there. A dictionary of `Any` replaced it,
/// then these two arrays: a view model has a dozen fields or so, and comparing a dozen short names costs less than
/// hashing one.
final class TemplateNode {
    private(set) var names: [String] = []
    private(set) var values: [TemplateValue] = []

    init() {
        names.reserveCapacity(12)
        values.reserveCapacity(12)
    }

    /// The value named `name`; the last one set wins, as in a dictionary.
    func field(_ name: String) -> TemplateValue? {
        var index = names.count
        while index > 0 {
            index -= 1
            if names[index] == name { return values[index] }
        }
        return nil
    }

    /// Adds a field. A name set again is found by ``field(_:)`` with its newer value; the compiler's conformances never
    /// set one twice.
    func append(_ name: String, _ value: TemplateValue) {
        names.append(name)
        values.append(value)
    }

    /// Sets a field in place if it exists, else adds it: for an array filled after its key was given.
    func set(_ name: String, _ value: TemplateValue) {
        if let index = names.lastIndex(of: name) {
            values[index] = value
        } else {
            append(name, value)
        }
    }
}
