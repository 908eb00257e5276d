//! The resolver's URL handling: `resolve::unwrap_link` (LinkedIn, Outlook and
//! Gmail wrappers) and `Resolver::resolve` with the built-in rules, over
//! arbitrary text.
//!
//! The property that matters for security: whatever the page URL, a built-in
//! rule's answer is an https URL on the host its template names, so badge
//! data cannot steer the host to another server through the resolver.
#![no_main]

use std::sync::OnceLock;

use badgelens::resolve::{self, Resolver, BUILT_IN};
use libfuzzer_sys::fuzz_target;

fn resolver() -> &'static Resolver {
    static RESOLVER: OnceLock<Resolver> = OnceLock::new();
    RESOLVER.get_or_init(|| Resolver::new(&[]))
}

fuzz_target!(|data: &[u8]| {
    let Ok(link) = std::str::from_utf8(data) else {
        return;
    };
    // Bounded (five layers at most) and total: any text goes in.
    let _ = resolve::unwrap_link(link);

    if let Some((name, assertion)) = resolver().resolve(link) {
        let (_, _, template) = BUILT_IN
            .iter()
            .find(|(n, _, _)| *n == name)
            .expect("only built-in rules are configured");
        let expected = url::Url::parse(template).expect("templates are URLs");
        let got = url::Url::parse(&assertion)
            .unwrap_or_else(|e| panic!("rule {name} produced a non-URL {assertion:?}: {e}"));
        assert_eq!(got.scheme(), "https");
        assert_eq!(got.host_str(), expected.host_str(), "{assertion}");
        assert_eq!(got.port(), expected.port(), "{assertion}");
    }
});
