//! `unbake::svg::unbake` (and the container sniffing in front of it) over
//! arbitrary bytes: no panic, no hang, no unbounded memory (roxmltree's
//! node limit and entity checks are what keep billion-laughs out).
#![no_main]

use badgelens::unbake::{self, svg, Container, Unbaked};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(Unbaked::Found(baked)) = svg::unbake(data) {
        assert_eq!(baked.container, Container::Svg);
        assert!(
            !baked.text.is_empty(),
            "an empty payload is reported as found"
        );
        assert_eq!(baked.text.trim(), baked.text, "payload is trimmed");
        let _ = unbake::classify(&baked.text);
    }
    // The front door used by the engine: sniffing decides PNG/SVG/neither.
    let _ = unbake::unbake(data);
});
