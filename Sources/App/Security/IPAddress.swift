#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Client addresses as PostgreSQL's `inet` will accept them.
public enum IPAddress {
    /// `text` in canonical form if it is a plain IPv4 or IPv6 address; nil for anything else (a zone id such as
    /// `fe80::1%lo`, a port, a host name, stray spaces), so a forged header can never make a query fail.
    public static func canonical(_ text: String) -> String? {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return format(AF_INET, &v4, length: Int(INET_ADDRSTRLEN))
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 {
            return format(AF_INET6, &v6, length: Int(INET6_ADDRSTRLEN))
        }
        return nil
    }

    private static func format<Address>(_ family: Int32, _ address: inout Address, length: Int) -> String? {
        var buffer = [CChar](repeating: 0, count: length)
        guard inet_ntop(family, &address, &buffer, socklen_t(length)) != nil else { return nil }
        return String(cString: buffer)
    }
}
