//! Badge data in SVG: `<openbadges:assertion>` in the `http://openbadges.org`
//! namespace (OB 1.0/2.0) and `<openbadges:credential>` in
//! `https://purl.imsglobal.org/ob/v3p0` (OB 3.0), with any prefix bound to
//! those namespaces. The payload is the element's CDATA/text (JSON) or, when
//! that is empty, its `verify` attribute (an assertion URL, a JWS or a JWT).
//!
//! roxmltree never fetches anything: external entities are not loaded, and
//! internal entity expansion is bounded (it refuses entity loops and
//! "billion laughs" style amplification with an error). A node limit bounds
//! memory for deeply nested or huge documents.

use std::ops::Range;

use super::{BadgeKeyword, Baked, Container, UnbakeError, Unbaked};

pub const OB2_NAMESPACE: &str = "http://openbadges.org";
pub const OB3_NAMESPACE: &str = "https://purl.imsglobal.org/ob/v3p0";

/// Enough for any real badge SVG; bounds the DOM's memory.
const NODES_LIMIT: u32 = 500_000;

fn parse(text: &str) -> Result<roxmltree::Document<'_>, roxmltree::Error> {
    // DTDs are allowed because real badge SVGs carry a DOCTYPE; roxmltree
    // still refuses entity loops and billion-laughs amplification, and with
    // no entity resolver an external entity is never loaded.
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        nodes_limit: NODES_LIMIT,
        entity_resolver: None,
    };
    roxmltree::Document::parse_with_options(text, options)
}

fn keyword_of(node: &roxmltree::Node) -> Option<BadgeKeyword> {
    if !node.is_element() {
        return None;
    }
    let tag = node.tag_name();
    match (tag.namespace(), tag.name()) {
        (Some(OB2_NAMESPACE), "assertion") => Some(BadgeKeyword::OpenBadges),
        (Some(OB3_NAMESPACE), "credential") => Some(BadgeKeyword::OpenBadgeCredential),
        _ => None,
    }
}

/// Does the text mention a badge namespace at all? Used to tell "an SVG we
/// cannot parse that carries badge data" from "an unparseable SVG".
fn mentions_badge_namespace(text: &str) -> bool {
    text.contains(OB2_NAMESPACE) || text.contains(OB3_NAMESPACE)
}

/// Finds the badge payload in an SVG document.
pub fn unbake(bytes: &[u8]) -> Result<Unbaked, UnbakeError> {
    let text = std::str::from_utf8(strip_bom(bytes)).map_err(|e| {
        UnbakeError::NotUtf8(format!(
            "the SVG is not UTF-8 (at byte {})",
            e.valid_up_to()
        ))
    });
    let text = match text {
        Ok(t) => t,
        // Non-UTF-8 SVG (e.g. Latin-1): badge data in it would be unreadable.
        Err(err) => {
            let lossy = String::from_utf8_lossy(bytes);
            return if mentions_badge_namespace(&lossy) {
                Err(err)
            } else {
                Ok(Unbaked::NoBadge {
                    note: Some("the SVG is not UTF-8".into()),
                })
            };
        }
    };
    let doc = match parse(text) {
        Ok(doc) => doc,
        Err(e) if mentions_badge_namespace(text) => {
            return Err(UnbakeError::Malformed(format!(
                "the SVG cannot be read as XML: {e}"
            )))
        }
        Err(e) => {
            return Ok(Unbaked::NoBadge {
                note: Some(format!("the SVG cannot be read as XML: {e}")),
            })
        }
    };
    let found: Vec<_> = doc
        .descendants()
        .filter_map(|n| keyword_of(&n).map(|k| (n, k)))
        .collect();
    match found.as_slice() {
        [] => Ok(Unbaked::NoBadge { note: None }),
        [(node, keyword)] => {
            let content: String = node
                .children()
                .filter(|c| c.is_text())
                .filter_map(|c| c.text())
                .collect();
            let content = content.trim();
            let payload = if !content.is_empty() {
                content.to_string()
            } else if let Some(verify) = node
                .attribute("verify")
                .map(str::trim)
                .filter(|v| !v.is_empty())
            {
                verify.to_string()
            } else {
                return Err(UnbakeError::Malformed(format!(
                    "the <{}> element is empty and has no verify attribute",
                    node.tag_name().name()
                )));
            };
            Ok(Unbaked::Found(Baked {
                keyword: *keyword,
                container: Container::Svg,
                text: payload,
            }))
        }
        many => Err(UnbakeError::Ambiguous(format!(
            "the SVG holds {} badge elements; a baked badge has exactly one",
            many.len()
        ))),
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Returns the SVG with every badge element removed and one new element,
/// in a namespace declared on the root, inserted as the root's first child.
pub fn bake(bytes: &[u8], keyword: BadgeKeyword, payload: &str) -> Result<Vec<u8>, UnbakeError> {
    if let Some(c) = payload.chars().find(|&c| !is_xml_char(c)) {
        return Err(UnbakeError::Malformed(format!(
            "the payload holds the character {c:?}, which XML cannot carry"
        )));
    }
    let text = std::str::from_utf8(strip_bom(bytes))
        .map_err(|_| UnbakeError::NotUtf8("the SVG is not UTF-8".into()))?;
    let doc = parse(text)
        .map_err(|e| UnbakeError::Malformed(format!("the SVG cannot be read as XML: {e}")))?;
    let root = doc.root_element();
    if root.tag_name().name() != "svg" {
        return Err(UnbakeError::Malformed(
            "the document's root element is not <svg>".into(),
        ));
    }
    let (namespace, local) = match keyword {
        BadgeKeyword::OpenBadges => (OB2_NAMESPACE, "assertion"),
        BadgeKeyword::OpenBadgeCredential => (OB3_NAMESPACE, "credential"),
    };
    // Reuse a prefix already bound to the namespace; else bind `openbadges`
    // (or a fresh one if `openbadges` is taken by the other namespace).
    let (prefix, declare) = match root.lookup_prefix(namespace) {
        Some(p) if !p.is_empty() => (p.to_string(), false),
        _ => {
            let taken = |p: &str| root.lookup_namespace_uri(Some(p)).is_some();
            let prefix = ["openbadges", "ob3", "badgelens_ob"]
                .into_iter()
                .find(|p| !taken(p))
                .unwrap_or("badgelens_ob");
            (prefix.to_string(), true)
        }
    };

    let element = render_element(&prefix, local, keyword, payload);
    let remove: Vec<Range<usize>> = doc
        .descendants()
        .filter(|n| keyword_of(n).is_some())
        .map(|n| n.range())
        .collect();
    let start_tag_end = start_tag_end(text, root.range().start)
        .ok_or_else(|| UnbakeError::Malformed("the <svg> start tag is not closed".into()))?;
    let self_closing = text[..start_tag_end].ends_with("/>");
    // A badge element that an entity reference expanded into the tree has no
    // text of its own in the body (its range points into the DTD), so it
    // cannot be cut out: refuse rather than bake a second badge element.
    if remove
        .iter()
        .any(|r| r.start < start_tag_end || r.end > root.range().end)
    {
        return Err(UnbakeError::Malformed(
            "a badge element in this SVG comes from a DTD entity and cannot be replaced".into(),
        ));
    }

    let mut out = String::with_capacity(text.len() + element.len() + 128);
    let decl = if declare {
        format!(" xmlns:{prefix}=\"{namespace}\"")
    } else {
        String::new()
    };
    if self_closing {
        out.push_str(text[..start_tag_end - 2].trim_end());
        out.push_str(&decl);
        out.push('>');
        out.push_str(&element);
        out.push_str("</");
        out.push_str(
            &text[root.range().start + 1
                ..root.range().start + 1 + tag_name_len(&text[root.range().start + 1..])],
        );
        out.push('>');
        out.push_str(&text[start_tag_end..]);
    } else {
        out.push_str(text[..start_tag_end - 1].trim_end());
        out.push_str(&decl);
        out.push('>');
        out.push_str(&element);
        let mut pos = start_tag_end;
        for range in remove {
            if range.start >= pos {
                out.push_str(&text[pos..range.start]);
                pos = range.end;
            }
        }
        out.push_str(&text[pos..]);
    }
    Ok(out.into_bytes())
}

fn tag_name_len(s: &str) -> usize {
    s.find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(s.len())
}

/// The offset just past the `>` that closes the start tag beginning at `start`,
/// skipping `>` inside quoted attribute values.
fn start_tag_end(text: &str, start: usize) -> Option<usize> {
    let mut quote: Option<u8> = None;
    for (i, &b) in text.as_bytes()[start..].iter().enumerate() {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'>') => return Some(start + i + 1),
            _ => {}
        }
    }
    None
}

/// The badge element. JSON goes in CDATA (with a `verify` attribute holding
/// the hosted URL for OB 2.0, as the baking spec shows); a URL, JWS or JWT
/// goes in `verify`.
fn render_element(prefix: &str, local: &str, keyword: BadgeKeyword, payload: &str) -> String {
    let trimmed = payload.trim();
    if trimmed.starts_with('{') {
        let verify = match keyword {
            BadgeKeyword::OpenBadges => serde_json::from_str::<serde_json::Value>(trimmed)
                .ok()
                .and_then(|v| hosted_url(&v))
                .filter(|u| u.chars().all(is_xml_char))
                .map(|u| format!(" verify=\"{}\"", escape_attribute(&u)))
                .unwrap_or_default(),
            BadgeKeyword::OpenBadgeCredential => String::new(),
        };
        // `]]>` cannot appear inside CDATA: split it across two sections.
        let cdata = trimmed.replace("]]>", "]]]]><![CDATA[>");
        format!("<{prefix}:{local}{verify}><![CDATA[{cdata}]]></{prefix}:{local}>")
    } else {
        format!(
            "<{prefix}:{local} verify=\"{}\"></{prefix}:{local}>",
            escape_attribute(trimmed)
        )
    }
}

/// The hosted assertion URL of an OB 2.0 (`id` of a hosted assertion) or
/// OB 1.0 (`verify.url`) document, if it has one.
fn hosted_url(v: &serde_json::Value) -> Option<String> {
    let kind = v
        .pointer("/verification/type")
        .or_else(|| v.pointer("/verify/type"));
    let hosted = kind
        .and_then(|k| k.as_str())
        .map(|k| k.eq_ignore_ascii_case("hosted") || k == "HostedBadge")
        .unwrap_or(false);
    if !hosted {
        return None;
    }
    v.pointer("/verify/url")
        .or_else(|| v.get("id"))
        .and_then(|u| u.as_str())
        .map(str::to_string)
}

/// Escapes an attribute value. Tab, LF and CR become character references,
/// since XML turns them into spaces in attribute values otherwise.
fn escape_attribute(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
        .replace('\r', "&#13;")
}

/// Characters XML 1.0 allows in a document (its `Char` production), so
/// that a baked SVG is always readable.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}
