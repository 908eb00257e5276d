//! The process-wide memo of processed JSON-LD contexts in the vendored
//! oxjsonld (vendor/oxjsonld/BADGELENS.md): static remote contexts, inline
//! contexts after them, and the type- and property-scoped contexts applied
//! to such contexts. A memoized result must be exactly what processing
//! without the memo gives: each document here is parsed with static
//! contexts declared (memo) and without (no memo, the unmodified
//! processing), several times and interleaved so that later parses hit
//! entries stored by earlier ones, and the crucial cases also against
//! quads written out by hand.

use oxjsonld::{JsonLdParser, JsonLdRemoteDocument};

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

/// Contexts declared static (URLs under memo.test, distinct from every
/// other test's so the process-wide memo is this file's alone).
const STATIC: &[(&str, &str)] = &[
    (
        "https://memo.test/a",
        r#"{"@context": {
            "@vocab": "https://a.test/",
            "T": {"@id": "https://a.test/T", "@context": {"z": {"@type": "@id"}}},
            "prop": {"@id": "https://a.test/prop", "@context": {"w": {"@type": "@id"}}}
        }}"#,
    ),
    (
        "https://memo.test/b",
        r#"{"@context": {
            "@vocab": "https://b.test/",
            "T": {"@id": "https://a.test/T", "@context": {"z": {"@type": "@id"}}}
        }}"#,
    ),
    (
        "https://memo.test/protected",
        r#"{"@context": {
            "@protected": true,
            "@vocab": "https://p.test/",
            "p": "https://p.test/p",
            "U": {"@id": "https://p.test/U", "@context": {"p": "https://other.test/p"}},
            "q": {"@id": "https://p.test/q", "@context": {"p": "https://other.test/p"}}
        }}"#,
    ),
    (
        "https://memo.test/unprotected",
        r#"{"@context": {
            "@vocab": "https://p.test/",
            "p": "https://p.test/p",
            "U": {"@id": "https://p.test/U", "@context": {"p": "https://other.test/p"}}
        }}"#,
    ),
    (
        // Imports a context that fails to load (no `@context` in it).
        "https://memo.test/nests-broken",
        r#"{"@context": ["https://memo.test/broken", {"@vocab": "https://n.test/"}]}"#,
    ),
    ("https://memo.test/broken", r#"{"not": "a context"}"#),
    (
        "https://memo.test/scoped-remote",
        r#"{"@context": {
            "@vocab": "https://s.test/",
            "V": {"@id": "https://s.test/V", "@context": "https://dynamic.test/c"}
        }}"#,
    ),
];

/// Parses `doc`; `memo` declares the memo.test contexts static. `dynamic`
/// is what the one non-static URL (https://dynamic.test/c) serves this time.
/// The quads as sorted N-Quads lines, or the first error.
fn parse(
    doc: &str,
    base: Option<&str>,
    memo: bool,
    dynamic: &'static str,
) -> Result<Vec<String>, String> {
    let mut parser = JsonLdParser::new();
    if let Some(base) = base {
        parser = parser.with_base_iri(base).unwrap();
    }
    let mut parser = parser
        .for_slice(doc.as_bytes())
        .with_load_document_callback(move |url, _| {
            let document = if url == "https://dynamic.test/c" {
                dynamic
            } else {
                STATIC
                    .iter()
                    .find(|(u, _)| *u == url)
                    .map(|(_, d)| *d)
                    .ok_or_else(|| format!("no context at {url}"))?
            };
            Ok(JsonLdRemoteDocument {
                document: document.as_bytes().to_vec(),
                document_url: url.to_string(),
            })
        });
    if memo {
        parser = parser.with_static_contexts(|url| url.starts_with("https://memo.test/"));
    }
    let mut lines = Vec::new();
    for quad in parser {
        lines.push(quad.map_err(|e| e.to_string())?.to_string());
    }
    lines.sort();
    Ok(lines)
}

/// Every document of `docs` three times over, interleaved, with and
/// without the memo: always the same result, the one without the memo.
fn same_with_and_without_memo(
    docs: &[(&str, Option<&str>, &'static str)],
) -> Vec<Result<Vec<String>, String>> {
    let plain: Vec<_> = docs
        .iter()
        .map(|(d, base, dynamic)| parse(d, *base, false, dynamic))
        .collect();
    for round in 0..3 {
        for ((d, base, dynamic), expected) in docs.iter().zip(&plain) {
            assert_eq!(
                &parse(d, *base, true, dynamic),
                expected,
                "round {round}, document {d}"
            );
        }
    }
    plain
}

fn quad(s: &str, p: &str, o: &str) -> String {
    format!("<{s}> <{p}> {o}")
}

#[test]
fn a_type_scoped_context_under_two_active_contexts_gives_two_expansions() {
    // The same type `T` (same definition, same scoped context) under two
    // active contexts that differ only in an inline `@vocab` after the
    // static context: `z` in T's scoped context takes that vocabulary.
    let doc = |vocab: &str| {
        format!(
            r#"{{"@context": ["https://memo.test/a", {{"@vocab": "{vocab}"}}],
                "@id": "https://d.test/1", "@type": "T",
                "z": "https://x.test/o", "y": "v",
                "child": {{"@id": "https://d.test/2", "z": "https://x.test/o",
                    "prop": {{"@id": "https://d.test/3", "w": "https://x.test/w",
                        "inner": {{"@id": "https://d.test/4", "w": "https://x.test/w"}}}}}}}}"#
        )
    };
    let (one, two) = (doc("https://one.test/"), doc("https://two.test/"));
    let results = same_with_and_without_memo(&[(&one, None, "{}"), (&two, None, "{}")]);
    for (result, vocab) in results
        .iter()
        .zip(["https://one.test/", "https://two.test/"])
    {
        let lines = result.as_ref().unwrap();
        let v = |t: &str| format!("{vocab}{t}");
        let mut expected = vec![
            quad("https://d.test/1", RDF_TYPE, "<https://a.test/T>"),
            // T's scoped context: `z` is an IRI-valued term of this vocabulary.
            quad("https://d.test/1", &v("z"), "<https://x.test/o>"),
            quad("https://d.test/1", &v("y"), "\"v\""),
            quad("https://d.test/1", &v("child"), "<https://d.test/2>"),
            // A type-scoped context does not propagate: in the child `z`
            // is a plain term of the vocabulary again.
            quad("https://d.test/2", &v("z"), "\"https://x.test/o\""),
            quad(
                "https://d.test/2",
                "https://a.test/prop",
                "<https://d.test/3>",
            ),
            // A property-scoped context propagates to nested nodes.
            quad("https://d.test/3", &v("w"), "<https://x.test/w>"),
            quad("https://d.test/3", &v("inner"), "<https://d.test/4>"),
            quad("https://d.test/4", &v("w"), "<https://x.test/w>"),
        ];
        expected.sort();
        assert_eq!(lines, &expected);
    }
}

#[test]
fn the_same_type_from_two_static_contexts_follows_each() {
    let doc = |ctx: &str| {
        format!(
            r#"{{"@context": {ctx}, "@id": "https://d.test/1", "@type": "T", "z": "https://x.test/o"}}"#
        )
    };
    let docs = [
        doc(r#""https://memo.test/a""#),
        doc(r#""https://memo.test/b""#),
        doc(r#"["https://memo.test/a", "https://memo.test/b"]"#),
        doc(r#"["https://memo.test/b", "https://memo.test/a"]"#),
    ];
    let results = same_with_and_without_memo(
        &docs
            .iter()
            .map(|d| (d.as_str(), None, "{}"))
            .collect::<Vec<_>>(),
    );
    let z = |r: &Result<Vec<String>, String>| {
        r.as_ref()
            .unwrap()
            .iter()
            .find(|l| l.contains("<https://x.test/o>"))
            .cloned()
            .unwrap()
    };
    assert_eq!(
        z(&results[0]),
        quad("https://d.test/1", "https://a.test/z", "<https://x.test/o>")
    );
    assert_eq!(
        z(&results[1]),
        quad("https://d.test/1", "https://b.test/z", "<https://x.test/o>")
    );
    assert_eq!(
        z(&results[2]),
        quad("https://d.test/1", "https://b.test/z", "<https://x.test/o>")
    );
    assert_eq!(
        z(&results[3]),
        quad("https://d.test/1", "https://a.test/z", "<https://x.test/o>")
    );
}

#[test]
fn a_protected_term_redefined_by_a_type_is_an_error_every_time() {
    // A type-scoped context may not redefine a protected term (an error,
    // which is never memoized: the second parse must find it again); a
    // property-scoped one may; an unprotected term may be redefined.
    let by_type = |ctx: &str| {
        format!(r#"{{"@context": "{ctx}", "@id": "https://d.test/1", "@type": "U", "p": "x"}}"#)
    };
    let protected = by_type("https://memo.test/protected");
    let unprotected = by_type("https://memo.test/unprotected");
    let by_property = r#"{"@context": "https://memo.test/protected", "@id": "https://d.test/1",
        "q": {"@id": "https://d.test/2", "p": "x"}}"#;
    let results = same_with_and_without_memo(&[
        (&protected, None, "{}"),
        (&unprotected, None, "{}"),
        (by_property, None, "{}"),
    ]);
    let err = results[0].as_ref().unwrap_err();
    assert!(err.contains("protected"), "{err}");
    assert!(
        results[1].as_ref().unwrap().contains(&quad(
            "https://d.test/1",
            "https://other.test/p",
            "\"x\""
        )),
        "{results:?}"
    );
    assert!(results[2].as_ref().unwrap().contains(&quad(
        "https://d.test/2",
        "https://other.test/p",
        "\"x\""
    )));
}

#[test]
fn a_scoped_context_follows_the_base_iri() {
    let doc = r#"{"@context": "https://memo.test/a", "@id": "https://d.test/1", "@type": "T", "z": "rel"}"#;
    let results = same_with_and_without_memo(&[
        (doc, Some("https://one.test/dir/"), "{}"),
        (doc, Some("https://two.test/"), "{}"),
        (doc, None, "{}"),
    ]);
    assert!(
        results[0].as_ref().unwrap().contains(&quad(
            "https://d.test/1",
            "https://a.test/z",
            "<https://one.test/dir/rel>"
        )),
        "{results:?}"
    );
    assert!(results[1].as_ref().unwrap().contains(&quad(
        "https://d.test/1",
        "https://a.test/z",
        "<https://two.test/rel>"
    )));
    assert!(!results[2]
        .as_ref()
        .unwrap()
        .iter()
        .any(|l| l.contains("https://a.test/z")));
}

#[test]
fn a_context_that_is_not_static_is_processed_every_time() {
    // The non-static URL serves another document on each parse: every
    // result follows what it served, wherever it sits (after a static
    // context, before one, or as a type's scoped context).
    const ONE: &str = r#"{"@context": {"@vocab": "https://dyn1.test/"}}"#;
    const TWO: &str = r#"{"@context": {"@vocab": "https://dyn2.test/"}}"#;
    let after = r#"{"@context": ["https://memo.test/a", "https://dynamic.test/c"],
        "@id": "https://d.test/1", "@type": "T", "z": "https://x.test/o", "y": "v"}"#;
    let before = r#"{"@context": ["https://dynamic.test/c", "https://memo.test/a"],
        "@id": "https://d.test/1", "@type": "T", "z": "https://x.test/o", "zz": "v"}"#;
    let scoped = r#"{"@context": "https://memo.test/scoped-remote",
        "@id": "https://d.test/1", "@type": "V", "y": "v"}"#;
    let results = same_with_and_without_memo(&[
        (after, None, ONE),
        (after, None, TWO),
        (before, None, ONE),
        (before, None, TWO),
        (scoped, None, ONE),
        (scoped, None, TWO),
    ]);
    let has = |i: usize, line: String| {
        assert!(
            results[i].as_ref().unwrap().contains(&line),
            "{i}: {results:?}"
        );
    };
    has(
        0,
        quad(
            "https://d.test/1",
            "https://dyn1.test/z",
            "<https://x.test/o>",
        ),
    );
    has(
        1,
        quad(
            "https://d.test/1",
            "https://dyn2.test/z",
            "<https://x.test/o>",
        ),
    );
    has(2, quad("https://d.test/1", "https://a.test/zz", "\"v\""));
    has(3, quad("https://d.test/1", "https://a.test/zz", "\"v\""));
    has(4, quad("https://d.test/1", "https://dyn1.test/y", "\"v\""));
    has(5, quad("https://d.test/1", "https://dyn2.test/y", "\"v\""));
}

#[test]
fn an_error_in_a_scoped_context_is_reported_every_time() {
    // `@vocab` must be a string: the type-scoped context of W fails each
    // time it is applied, and the document with it.
    const BAD: &str = r#"{"@context": {"@vocab": 5}}"#;
    const GOOD: &str = r#"{"@context": {"@vocab": "https://good.test/"}}"#;
    let doc = r#"{"@context": ["https://memo.test/a", {"W": {"@id": "https://w.test/W", "@context": "https://dynamic.test/c"}}],
        "@id": "https://d.test/1", "@type": "W"}"#;
    let inline = r#"{"@context": ["https://memo.test/a", {"W": {"@id": "https://w.test/W", "@context": {"@vocab": 5}}}],
        "@id": "https://d.test/1", "@type": "W"}"#;
    // A static context whose type V has the non-static context as its
    // scoped context: defining V checks that context, so the static
    // context's own processing depends on it and must not be memoized while
    // it serves a good document (the second parse finds the bad one).
    let static_then_bad = r#"{"@context": "https://memo.test/scoped-remote",
        "@id": "https://d.test/1", "y": "v"}"#;
    let results = same_with_and_without_memo(&[
        (doc, None, BAD),
        (inline, None, "{}"),
        (static_then_bad, None, GOOD),
        (static_then_bad, None, BAD),
    ]);
    assert!(results[..2].iter().all(Result::is_err), "{results:?}");
    assert!(results[2].is_ok(), "{results:?}");
    assert!(results[3].is_err(), "{results:?}");
}

#[test]
fn a_context_failing_inside_another_is_an_error_not_a_panic() {
    let doc =
        r#"{"@context": "https://memo.test/nests-broken", "@id": "https://x.test/s", "p": "v"}"#;
    for memo in [false, true, true] {
        let got = std::panic::catch_unwind(|| parse(doc, None, memo, "{}"))
            .expect("processing must not panic");
        assert!(got.is_err(), "the broken context is an error: {got:?}");
    }
}
