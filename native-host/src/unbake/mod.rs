//! Reading badge data out of images (and baking it in), without decoding pixels.
//!
//! The outcome keeps three cases apart, because the verdicts do:
//! - [`Unbaked::NotAnImage`]: the bytes are neither PNG nor SVG;
//! - [`Unbaked::NoBadge`]: an image with no badge data (`not_a_badge`);
//! - `Err(UnbakeError)`: badge data is there but broken (`invalid`, failing `unbake` check).

pub mod png;
pub mod svg;

use serde_json::Value;

/// Which badge generation an image slot holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadgeKeyword {
    /// `openbadges`: OB 1.0/2.0 (JSON, compact JWS, or an assertion URL).
    OpenBadges,
    /// `openbadgecredential`: OB 3.0 (JSON credential or VC-JWT).
    OpenBadgeCredential,
}

impl BadgeKeyword {
    pub fn as_str(self) -> &'static str {
        match self {
            BadgeKeyword::OpenBadges => "openbadges",
            BadgeKeyword::OpenBadgeCredential => "openbadgecredential",
        }
    }

    /// The badge generation the keyword is for, in words.
    pub fn generation(self) -> &'static str {
        match self {
            BadgeKeyword::OpenBadges => "Open Badges 1.0/2.0",
            BadgeKeyword::OpenBadgeCredential => "Open Badges 3.0",
        }
    }

    fn from_png_keyword(keyword: &[u8]) -> Option<Self> {
        match keyword {
            b"openbadges" => Some(BadgeKeyword::OpenBadges),
            b"openbadgecredential" => Some(BadgeKeyword::OpenBadgeCredential),
            _ => None,
        }
    }

    /// The slot a payload belongs in: OB 3.0 credentials (JSON with a VC
    /// context or type, or a JWT carrying `vc` / a VC context) go in
    /// `openbadgecredential`, everything else in `openbadges`.
    pub fn for_payload(payload: &Payload) -> Self {
        let is_vc = |v: &Value| {
            let contexts = v.get("@context").map(|c| c.to_string()).unwrap_or_default();
            let types = v.get("type").map(|t| t.to_string()).unwrap_or_default();
            v.get("vc").is_some()
                || contexts.contains("www.w3.org/2018/credentials")
                || contexts.contains("www.w3.org/ns/credentials")
                || types.contains("VerifiableCredential")
        };
        match payload {
            Payload::Json(v) if is_vc(v) => BadgeKeyword::OpenBadgeCredential,
            Payload::Jws(jws) if jws.payload_json().as_ref().is_some_and(is_vc) => {
                BadgeKeyword::OpenBadgeCredential
            }
            _ => BadgeKeyword::OpenBadges,
        }
    }
}

/// The image format badge data was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    Png,
    Svg,
}

impl Container {
    /// Sniffs PNG by its signature and SVG by an `<svg` root near the start.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&png::SIGNATURE) {
            return Some(Container::Png);
        }
        let head = &bytes[..bytes.len().min(4096)];
        let head = String::from_utf8_lossy(head);
        let trimmed = head.trim_start_matches('\u{feff}').trim_start();
        if trimmed.starts_with('<') && trimmed.contains("<svg") {
            return Some(Container::Svg);
        }
        None
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Container::Png => "PNG",
            Container::Svg => "SVG",
        }
    }
}

/// Badge text as stored in an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Baked {
    pub keyword: BadgeKeyword,
    pub container: Container,
    /// Exactly as stored (JSON, JWS/JWT or URL text).
    pub text: String,
}

/// What an image holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unbaked {
    Found(Baked),
    /// An image without badge data; `note` says why when it is not plain absence
    /// (a damaged PNG, an SVG that is not XML).
    NoBadge {
        note: Option<String>,
    },
    /// Neither PNG nor SVG.
    NotAnImage,
}

/// Badge data that is present but unreadable. Each variant becomes an
/// `invalid` verdict with a failing `unbake` check carrying the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UnbakeError {
    /// The file is cut short or malformed where badge data is.
    #[error("damaged image: {0}")]
    Damaged(String),
    /// The badge chunk's CRC does not match its contents.
    #[error("the {chunk} badge chunk fails its CRC check (altered or corrupted)")]
    BadCrc { chunk: String },
    /// Compressed badge text, which the baking spec forbids.
    #[error("{0}, which the baking spec does not allow")]
    Compressed(String),
    /// Badge text that is not valid UTF-8.
    #[error("{0}")]
    NotUtf8(String),
    /// More than one badge chunk or element.
    #[error("{0}")]
    Ambiguous(String),
    /// A badge element or chunk that does not follow its format.
    #[error("{0}")]
    Malformed(String),
    /// Text that is neither JSON, a compact JWS/JWT nor a URL.
    #[error("the badge data is neither JSON, a compact JWS/JWT nor a URL: {0}")]
    Unrecognised(String),
}

/// A badge image file's bytes as [`unbake`] needs them: a PNG is read
/// sparsely ([`png::read_sparse`]: chunk headers and text chunks, never the
/// image data), anything else whole.
pub fn read_image_file(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    let mut file = std::fs::File::open(path)?;
    match png::read_sparse(&mut file)? {
        Some(bytes) => Ok(bytes),
        None => std::fs::read(path),
    }
}

/// Reads the badge data out of image bytes.
pub fn unbake(bytes: &[u8]) -> Result<Unbaked, UnbakeError> {
    match Container::sniff(bytes) {
        Some(Container::Png) => png::unbake(bytes),
        Some(Container::Svg) => svg::unbake(bytes),
        None => Ok(Unbaked::NotAnImage),
    }
}

/// A compact JWS (three base64url parts), kept as text with its parts decoded lazily.
#[derive(Debug, Clone, PartialEq)]
pub struct CompactJws(pub String);

impl CompactJws {
    /// Accepts `header.payload.signature`, each non-empty base64url without padding,
    /// whose header decodes to a JSON object.
    pub fn parse(text: &str) -> Option<Self> {
        let parts: Vec<&str> = text.split('.').collect();
        if parts.len() != 3 || parts[..2].iter().any(|p| p.is_empty()) {
            return None;
        }
        let b64 = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '_';
        if !parts.iter().all(|p| p.chars().all(b64)) {
            return None;
        }
        let jws = CompactJws(text.to_string());
        jws.header_json().filter(Value::is_object)?;
        Some(jws)
    }

    fn part(&self, n: usize) -> Option<Vec<u8>> {
        use base64::Engine;
        let part = self.0.split('.').nth(n)?;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(part)
            .ok()
    }

    pub fn header_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.part(0)?).ok()
    }

    pub fn payload_json(&self) -> Option<Value> {
        serde_json::from_slice(&self.part(1)?).ok()
    }
}

/// What badge text turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    /// A URL (any scheme; the network policy judges it later).
    Url(url::Url),
    /// A JSON object (assertion, badge class, credential).
    Json(Value),
    /// A compact JWS (OB 2.0 signed) or JWT (OB 3.0 VC-JWT).
    Jws(CompactJws),
}

impl Payload {
    pub fn kind(&self) -> &'static str {
        match self {
            Payload::Url(_) => "an assertion URL",
            Payload::Json(_) => "a JSON document",
            Payload::Jws(_) => "a compact JWS",
        }
    }
}

/// The issuer's compact JWS of an SD-JWT (`<JWS>~<disclosure>~...~[<KB-JWT>]`,
/// RFC 9901), when `text` is one: an OB 3.0 credential with selective
/// disclosure, which is not an OB 3.0 proof format.
pub fn sd_jwt_issuer_part(text: &str) -> Option<CompactJws> {
    let t = text.trim().trim_start_matches('\u{feff}');
    let (jws, rest) = t.split_once('~')?;
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~');
    if !rest.chars().all(allowed) {
        return None;
    }
    CompactJws::parse(jws)
}

/// Text that does not even try to be badge data: words with spaces, not
/// starting like JSON ("Congratulations on your badge!"). Pasted prose is
/// `not_a_badge`; text that starts like JSON or is one token stays broken
/// badge data.
pub fn is_prose(text: &str) -> bool {
    let t = text.trim().trim_start_matches('\u{feff}');
    !t.starts_with('{') && !t.starts_with('[') && t.split_whitespace().count() > 1
}

/// Classifies badge text: JSON object, compact JWS/JWT, or absolute URL.
pub fn classify(text: &str) -> Result<Payload, UnbakeError> {
    let t = text.trim().trim_start_matches('\u{feff}');
    if t.starts_with('{') {
        return match serde_json::from_str::<Value>(t) {
            Ok(v @ Value::Object(_)) => Ok(Payload::Json(v)),
            Ok(_) => Err(UnbakeError::Unrecognised(
                "JSON that is not an object".into(),
            )),
            Err(e) => Err(UnbakeError::Unrecognised(format!(
                "text starting with '{{' that is not valid JSON ({e})"
            ))),
        };
    }
    if let Some(jws) = CompactJws::parse(t) {
        return Ok(Payload::Jws(jws));
    }
    if !t.chars().any(char::is_whitespace) {
        if let Ok(u) = url::Url::parse(t) {
            if u.has_host() || u.scheme() != "http" && u.scheme() != "https" {
                return Ok(Payload::Url(u));
            }
        }
    }
    let preview: String = t.chars().take(40).collect();
    Err(UnbakeError::Unrecognised(format!("{preview:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_the_three_payload_kinds() {
        assert!(matches!(
            classify(" {\"id\": \"x\"} "),
            Ok(Payload::Json(_))
        ));
        assert!(matches!(
            classify("https://example.org/a.json"),
            Ok(Payload::Url(_))
        ));
        assert!(matches!(
            classify("javascript:alert(1)"),
            Ok(Payload::Url(_))
        ));
        let jws = "eyJhbGciOiJSUzI1NiJ9.eyJhIjoxfQ.c2ln";
        assert!(matches!(classify(jws), Ok(Payload::Jws(_))));
    }

    #[test]
    fn refuses_what_is_none_of_them() {
        for bad in [
            "",
            "hello world",
            "{not json",
            "[1,2]",
            "{\"a\":1",
            "a.b.c",
            "http://",
        ] {
            assert!(classify(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn sniffs_containers() {
        assert_eq!(Container::sniff(&png::SIGNATURE), Some(Container::Png));
        assert_eq!(
            Container::sniff(
                b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
            ),
            Some(Container::Svg)
        );
        assert_eq!(Container::sniff(b"GIF89a"), None);
        assert_eq!(Container::sniff(b"{\"a\":1}"), None);
    }

    #[test]
    fn payload_keyword_follows_the_generation() {
        let ob2 = classify(r#"{"@context":"https://w3id.org/openbadges/v2","type":"Assertion"}"#)
            .unwrap();
        let ob3 = classify(r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential"]}"#).unwrap();
        assert_eq!(BadgeKeyword::for_payload(&ob2), BadgeKeyword::OpenBadges);
        assert_eq!(
            BadgeKeyword::for_payload(&ob3),
            BadgeKeyword::OpenBadgeCredential
        );
    }
}
