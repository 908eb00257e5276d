//! The PNG chunk walker and `unbake::png::unbake` over arbitrary bytes.
//!
//! Beyond "no panic, no hang": the walker must only hand out chunks that lie
//! inside the input, in file order, and baking into any PNG the walker
//! accepts must give back exactly the baked text (iTXt stores it verbatim).
#![no_main]

use badgelens::unbake::{self, png, BadgeKeyword, Container, Unbaked};
use libfuzzer_sys::fuzz_target;

const PAYLOADS: [(BadgeKeyword, &str); 2] = [
    (BadgeKeyword::OpenBadges, "https://issuer.example/assertions/1"),
    (
        BadgeKeyword::OpenBadgeCredential,
        "{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\"],\"name\":\"é ✓\"}",
    ),
];

fuzz_target!(|data: &[u8]| {
    // The walker on its own: chunks in order, within bounds.
    let mut last_end = png::SIGNATURE.len();
    let mut saw_iend = false;
    let damage = png::walk(data, |chunk| {
        assert!(!saw_iend, "a chunk after IEND was visited");
        assert_eq!(chunk.start, last_end, "chunks are contiguous");
        assert!(chunk.end <= data.len(), "chunk past the end of the input");
        assert_eq!(chunk.end - chunk.start, chunk.data.len() + 12);
        last_end = chunk.end;
        saw_iend = chunk.kind == png::ChunkType::IEND;
    });
    assert_eq!(
        damage.is_none(),
        saw_iend,
        "no damage exactly when IEND was reached"
    );

    // Unbaking: whatever comes back, a badge found in a PNG says so.
    let outcome = png::unbake(data);
    if let Ok(Unbaked::Found(baked)) = &outcome {
        assert_eq!(baked.container, Container::Png);
        let _ = unbake::classify(&baked.text);
    }

    // Baking then unbaking gives back the payload, in the slot asked for.
    let (keyword, text) = PAYLOADS[data.len() % 2];
    if let Ok(baked) = png::bake(data, keyword, text) {
        match unbake::unbake(&baked) {
            Ok(Unbaked::Found(b)) => {
                assert_eq!(b.keyword, keyword);
                assert_eq!(b.text, text);
            }
            other => panic!("baked PNG does not unbake: {other:?}"),
        }
    }
});
