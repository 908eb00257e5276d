//! Which addresses a fetch may connect to.
//!
//! Badge data is written by strangers, so a URL in it must never make the
//! host talk to the user's own machine or network (SSRF). Every connection
//! address is checked here after resolution, redirects included, and the
//! fetcher connects only to addresses that passed.

use std::collections::{BTreeMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use crate::config::NetworkConfig;

/// The network policy in force, parsed once from the config.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    /// Resolved `IP:port` pairs exempt from the private-address rule.
    pub allow_private: HashSet<SocketAddr>,
    /// `host:port` (lower-case host) → the address to connect to instead of DNS.
    pub pins: BTreeMap<(String, u16), SocketAddr>,
    /// Config entries that could not be parsed, for logs and `doctor`.
    pub refused: Vec<String>,
}

impl Policy {
    pub fn from_config(net: &NetworkConfig) -> Policy {
        let mut p = Policy::default();
        for entry in &net.allow_private {
            match entry.trim().parse::<SocketAddr>() {
                Ok(a) => {
                    p.allow_private.insert(a);
                }
                Err(_) => p
                    .refused
                    .push(format!("network.allow_private {entry:?} is not IP:port")),
            }
        }
        for (name, target) in &net.resolve {
            let addr = target.trim().parse::<SocketAddr>();
            let key = split_host_port(name);
            match (key, addr) {
                (Some(k), Ok(a)) => {
                    p.pins.insert(k, a);
                }
                _ => p.refused.push(format!(
                    "network.resolve {name:?}: {target:?} must map host:port to IP:port"
                )),
            }
        }
        p
    }

    /// Is a connection to `addr` allowed? `Err` names the range that forbids it.
    pub fn check(&self, addr: SocketAddr) -> Result<(), &'static str> {
        if self.allow_private.contains(&addr) {
            return Ok(());
        }
        match forbidden_range(addr.ip()) {
            Some(range) => Err(range),
            None => Ok(()),
        }
    }
}

/// `host:port` or `[v6]:port` → (lower-case host without brackets, port).
fn split_host_port(s: &str) -> Option<(String, u16)> {
    let (host, port) = s.trim().rsplit_once(':')?;
    let host = host.trim_start_matches('[').trim_end_matches(']');
    if host.is_empty() {
        return None;
    }
    Some((host.to_ascii_lowercase(), port.parse().ok()?))
}

/// The special-purpose range an address falls in, if it is not a public
/// unicast address: loopback, private, CGNAT, link-local, multicast,
/// unspecified, broadcast, documentation, benchmarking, reserved, and IPv6
/// forms that embed or stand for IPv4 (mapped, compatible, NAT64, 6to4).
pub fn forbidden_range(ip: IpAddr) -> Option<&'static str> {
    match ip {
        IpAddr::V4(v4) => forbidden_v4(v4),
        IpAddr::V6(v6) => forbidden_v6(v6),
    }
}

fn forbidden_v4(ip: Ipv4Addr) -> Option<&'static str> {
    let [a, b, c, _] = ip.octets();
    let range = match (a, b, c) {
        _ if ip.is_unspecified() => "unspecified",
        _ if ip.is_broadcast() => "broadcast",
        (0, _, _) => "this-network (0.0.0.0/8)",
        (127, _, _) => "loopback",
        (10, _, _) => "private (10.0.0.0/8)",
        (172, 16..=31, _) => "private (172.16.0.0/12)",
        (192, 168, _) => "private (192.168.0.0/16)",
        (100, 64..=127, _) => "shared address space (100.64.0.0/10, CGNAT)",
        (169, 254, _) => "link-local",
        (192, 0, 0) => "IETF protocol assignments (192.0.0.0/24)",
        (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => "documentation",
        (198, 18..=19, _) => "benchmarking (198.18.0.0/15)",
        (224..=239, _, _) => "multicast",
        (240..=255, _, _) => "reserved (240.0.0.0/4)",
        _ => return None,
    };
    Some(range)
}

fn forbidden_v6(ip: Ipv6Addr) -> Option<&'static str> {
    let s = ip.segments();
    if ip.is_unspecified() {
        return Some("unspecified");
    }
    if ip.is_loopback() {
        return Some("loopback");
    }
    if ip.to_ipv4_mapped().is_some() {
        return Some("IPv4-mapped IPv6");
    }
    if s[0..6] == [0, 0, 0, 0, 0, 0] {
        return Some("IPv4-compatible IPv6");
    }
    if s[0..6] == [0, 0, 0, 0, 0xffff, 0] {
        return Some("IPv4-translated IPv6 (::ffff:0:0:0/96)");
    }
    if s[0] == 0x0064 && s[1] == 0xff9b && s[2] == 0x0001 {
        return Some("local-use NAT64 (64:ff9b:1::/48)");
    }
    if s[0] == 0x0064 && s[1] == 0xff9b {
        return Some("NAT64 (64:ff9b::/96)");
    }
    if s[0] == 0x2002 {
        return Some("6to4 (2002::/16)");
    }
    if s[0] == 0x2001 && s[1] == 0x0db8 {
        return Some("documentation (2001:db8::/32)");
    }
    if s[0] == 0x2001 && s[1] == 0 {
        return Some("Teredo (2001::/32)");
    }
    match s[0] {
        x if x & 0xfe00 == 0xfc00 => Some("unique local (fc00::/7)"),
        x if x & 0xffc0 == 0xfe80 => Some("link-local (fe80::/10)"),
        x if x & 0xffc0 == 0xfec0 => Some("site-local (fec0::/10)"),
        x if x & 0xff00 == 0xff00 => Some("multicast"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refused(s: &str) -> bool {
        forbidden_range(s.parse().unwrap()).is_some()
    }

    #[test]
    fn refuses_every_special_range() {
        for ip in [
            "127.0.0.1",
            "127.255.0.9",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "100.64.0.1",
            "100.127.255.254",
            "169.254.169.254",
            "0.0.0.0",
            "0.1.2.3",
            "255.255.255.255",
            "224.0.0.1",
            "239.1.1.1",
            "240.0.0.1",
            "192.0.2.5",
            "198.51.100.7",
            "203.0.113.9",
            "198.18.0.1",
            "::",
            "::1",
            "::ffff:127.0.0.1",
            "::ffff:8.8.8.8",
            "::127.0.0.1",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "febf::1",
            "ff02::1",
            "2001:db8::1",
            "64:ff9b::a00:1",
            "::ffff:0:7f00:1",
            "::ffff:0:a00:1",
            "64:ff9b:1::a00:1",
            "64:ff9b:1:ffff::1",
            "2002:7f00:1::",
        ] {
            assert!(refused(ip), "{ip} must be refused");
        }
    }

    #[test]
    fn allows_public_unicast() {
        for ip in [
            "8.8.8.8",
            "1.1.1.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.15.0.1",
            "172.32.0.1",
            "192.169.0.1",
            "2606:4700::1111",
            "2a00:1450::1",
        ] {
            assert!(!refused(ip), "{ip} must be allowed");
        }
    }

    #[test]
    fn allow_private_is_by_ip_and_port() {
        let net = NetworkConfig {
            allow_private: vec!["127.0.0.1:8080".into(), "[::1]:9".into(), "bogus".into()],
            ..NetworkConfig::default()
        };
        let p = Policy::from_config(&net);
        assert!(p.check("127.0.0.1:8080".parse().unwrap()).is_ok());
        assert!(p.check("127.0.0.1:8081".parse().unwrap()).is_err());
        assert!(p.check("[::1]:9".parse().unwrap()).is_ok());
        assert_eq!(p.refused.len(), 1);
    }

    #[test]
    fn parses_pins() {
        let mut net = NetworkConfig::default();
        net.resolve
            .insert("API.credly.com:443".into(), "127.0.0.1:8443".into());
        net.resolve.insert("[::1]:80".into(), "[::1]:8080".into());
        let p = Policy::from_config(&net);
        assert_eq!(
            p.pins[&("api.credly.com".to_string(), 443)],
            "127.0.0.1:8443".parse().unwrap()
        );
        assert_eq!(
            p.pins[&("::1".to_string(), 80)],
            "[::1]:8080".parse().unwrap()
        );
    }
}
