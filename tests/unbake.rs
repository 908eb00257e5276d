//! Unbaking and baking, on the reference projects' baked images and on
//! damaged and hostile images made here. Every path of the PNG walker and
//! the SVG reader ends in one of three outcomes: badge text, "no badge
//! data", or "broken badge data"; none panics.

use badgelens::unbake::{self, png, svg, BadgeKeyword, Container, Payload, UnbakeError, Unbaked};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!("{FIXTURES}/{path}")).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn found(bytes: &[u8]) -> unbake::Baked {
    match unbake::unbake(bytes) {
        Ok(Unbaked::Found(b)) => b,
        other => panic!("expected badge data, got {other:?}"),
    }
}

fn chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
    let mut c = (data.len() as u32).to_be_bytes().to_vec();
    c.extend_from_slice(kind);
    c.extend_from_slice(data);
    let mut h = crc32fast::Hasher::new();
    h.update(kind);
    h.update(data);
    c.extend_from_slice(&h.finalize().to_be_bytes());
    c
}

/// The heart image from openbadges-validator-core with `extra` chunks inserted before IEND.
fn heart_with(extra: &[Vec<u8>]) -> Vec<u8> {
    let heart = fixture("openbadges-validator-core/images/public_domain_heart.png");
    let iend = heart.len() - 12;
    let mut out = heart[..iend].to_vec();
    for c in extra {
        out.extend_from_slice(c);
    }
    out.extend_from_slice(&heart[iend..]);
    out
}

fn itxt(keyword: &str, flag: u8, text: &[u8]) -> Vec<u8> {
    let mut d = keyword.as_bytes().to_vec();
    d.extend_from_slice(&[0, flag, 0]);
    d.extend_from_slice(b"en\0\0");
    d.extend_from_slice(text);
    chunk(b"iTXt", &d)
}

fn zlib(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

// --- the reference projects' baked images -------------------------------

#[test]
fn validator_core_baked_png_holds_its_ob2_assertion() {
    let b = found(&fixture(
        "openbadges-validator-core/baked/2_0_basic_assertion_baked.png",
    ));
    assert_eq!(
        (b.keyword, b.container),
        (BadgeKeyword::OpenBadges, Container::Png)
    );
    let Payload::Json(v) = unbake::classify(&b.text).unwrap() else {
        panic!("not JSON")
    };
    assert_eq!(v["id"], "https://example.org/beths-robotics-badge.json");
    assert_eq!(v["recipient"]["salt"], "deadsea");
}

#[test]
fn dc_validator_ob3_images_use_the_credential_slot() {
    for (file, container, jwt) in [
        (
            "dc-public-validator/ob30/simple-json.png",
            Container::Png,
            false,
        ),
        (
            "dc-public-validator/ob30/simple-json.svg",
            Container::Svg,
            false,
        ),
        (
            "dc-public-validator/ob30/simple-jwt.png",
            Container::Png,
            true,
        ),
        (
            "dc-public-validator/ob30/simple-jwt.svg",
            Container::Svg,
            true,
        ),
        (
            "dc-public-validator/ob30/simple-jwt_v1.png",
            Container::Png,
            true,
        ),
        (
            "dc-public-validator/ob30/simple-jwt_v1.svg",
            Container::Svg,
            true,
        ),
    ] {
        let b = found(&fixture(file));
        assert_eq!(
            (b.keyword, b.container),
            (BadgeKeyword::OpenBadgeCredential, container),
            "{file}"
        );
        let payload = unbake::classify(&b.text).unwrap();
        assert_eq!(matches!(payload, Payload::Jws(_)), jwt, "{file}");
        assert_eq!(
            BadgeKeyword::for_payload(&payload),
            BadgeKeyword::OpenBadgeCredential,
            "{file}"
        );
    }
}

#[test]
fn bakery_images() {
    // openbadges-bakery (Python): OB 1.0 assertion in iTXt.
    let b = found(&fixture("openbadges-bakery-py/baked_heart.png"));
    let Payload::Json(v) = unbake::classify(&b.text).unwrap() else {
        panic!()
    };
    assert_eq!(v["uid"], "123");
    // SVG with both verify attribute and CDATA JSON: the JSON is the payload.
    let b = found(&fixture("openbadges-bakery-py/baked_example.svg"));
    assert!(matches!(unbake::classify(&b.text), Ok(Payload::Json(_))));
    // openbadges-bakery (JS): CDATA JSON, and an empty CDATA falling back to `verify`.
    let b = found(&fixture("openbadges-bakery-js/baked.svg"));
    let Payload::Json(v) = unbake::classify(&b.text).unwrap() else {
        panic!()
    };
    assert_eq!(v["verify"]["url"], "http://example.org");
    let b = found(&fixture("openbadges-bakery-js/no-json.svg"));
    assert!(
        matches!(unbake::classify(&b.text), Ok(Payload::Url(u)) if u.as_str() == "http://example.org/")
    );
    // CDATA that is not JSON is present but broken.
    let b = found(&fixture("openbadges-bakery-js/bad-json.svg"));
    assert!(matches!(
        unbake::classify(&b.text),
        Err(UnbakeError::Unrecognised(_))
    ));
}

#[test]
fn unbaked_images_carry_no_badge_data() {
    for file in [
        "openbadges-bakery-js/unbaked.png",
        "openbadges-bakery-js/unbaked.svg",
        "openbadges-bakery-py/public_domain_heart.png",
        "openbadges-bakery-py/unbaked_example.svg",
        "dc-public-validator/ob20/assets/robotics-badge.png",
    ] {
        assert_eq!(
            unbake::unbake(&fixture(file)),
            Ok(Unbaked::NoBadge { note: None }),
            "{file}"
        );
    }
    assert_eq!(unbake::unbake(b"GIF89a...."), Ok(Unbaked::NotAnImage));
    assert_eq!(unbake::unbake(b""), Ok(Unbaked::NotAnImage));
}

// --- PNG paths --------------------------------------------------------------

#[test]
fn itxt_text_is_utf8_so_safe_registered_survives() {
    let json = r#"{"badge":{"name":"SAFe® 6 Practitioner"}}"#;
    let b = found(&heart_with(&[itxt("openbadges", 0, json.as_bytes())]));
    assert_eq!(b.text, json);
    assert!(b.text.contains("SAFe®"));
}

#[test]
fn legacy_text_chunk_is_read() {
    let b = found(&heart_with(&[chunk(
        b"tEXt",
        b"openbadges\0https://example.org/a.json",
    )]));
    assert_eq!(b.text, "https://example.org/a.json");
    // Latin-1 in tEXt (the PNG spec's encoding) decodes to the same characters.
    let b = found(&heart_with(&[chunk(
        b"tEXt",
        b"openbadges\0{\"n\":\"SAFe\xae\"}",
    )]));
    assert_eq!(b.text, "{\"n\":\"SAFe®\"}");
}

#[test]
fn other_text_chunks_are_not_badges() {
    let img = heart_with(&[
        chunk(b"tEXt", b"Comment\0openbadges"),
        itxt("openbadgesX", 0, b"{}"),
    ]);
    assert_eq!(unbake::unbake(&img), Ok(Unbaked::NoBadge { note: None }));
}

#[test]
fn compressed_itxt_badge_is_broken_and_a_bomb_costs_nothing() {
    let img = heart_with(&[itxt("openbadges", 1, &zlib(br#"{"a":1}"#))]);
    let err = unbake::unbake(&img).unwrap_err();
    assert!(
        matches!(&err, UnbakeError::Compressed(m) if m.contains("7 bytes")),
        "{err}"
    );
    // 64 MiB of zeros compresses to ~64 KiB; inflating stops at the 2 MiB cap.
    let bomb = zlib(&vec![0u8; 64 * 1024 * 1024]);
    let err = unbake::unbake(&heart_with(&[itxt("openbadgecredential", 1, &bomb)])).unwrap_err();
    assert!(
        matches!(&err, UnbakeError::Compressed(m) if m.contains("more than")),
        "{err}"
    );
}

#[test]
fn ztxt_badge_is_broken() {
    let mut data = b"openbadges\0\0".to_vec();
    data.extend(zlib(&vec![b'x'; 32 * 1024 * 1024]));
    let err = unbake::unbake(&heart_with(&[chunk(b"zTXt", &data)])).unwrap_err();
    assert!(matches!(err, UnbakeError::Compressed(_)), "{err}");
}

#[test]
fn itxt_that_is_not_utf8_is_broken() {
    let err = unbake::unbake(&heart_with(&[itxt(
        "openbadges",
        0,
        b"{\"n\":\"\xff\xfe\"}",
    )]))
    .unwrap_err();
    assert!(matches!(err, UnbakeError::NotUtf8(_)), "{err}");
}

#[test]
fn two_badge_chunks_are_ambiguous() {
    let img = heart_with(&[
        itxt("openbadges", 0, b"https://a.example/1"),
        itxt("openbadges", 0, b"https://b.example/2"),
    ]);
    assert!(matches!(
        unbake::unbake(&img),
        Err(UnbakeError::Ambiguous(_))
    ));
    let img = heart_with(&[
        itxt("openbadges", 0, b"https://a.example/1"),
        itxt("openbadgecredential", 0, b"{}"),
    ]);
    assert!(matches!(
        unbake::unbake(&img),
        Err(UnbakeError::Ambiguous(_))
    ));
}

#[test]
fn bad_crc_on_the_badge_chunk_is_broken() {
    let mut c = itxt("openbadges", 0, b"https://example.org/a.json");
    let n = c.len();
    c[n - 1] ^= 0xff;
    assert!(matches!(
        unbake::unbake(&heart_with(&[c])),
        Err(UnbakeError::BadCrc { .. })
    ));
}

#[test]
fn bad_crc_elsewhere_does_not_hide_the_badge() {
    let mut other = chunk(b"tEXt", b"Comment\0hello");
    let n = other.len();
    other[n - 2] ^= 0x55;
    let b = found(&heart_with(&[
        other,
        itxt("openbadges", 0, b"https://example.org/a.json"),
    ]));
    assert_eq!(b.text, "https://example.org/a.json");
}

#[test]
fn truncation_inside_a_badge_chunk_is_broken() {
    let img = heart_with(&[itxt(
        "openbadges",
        0,
        br#"{"id":"https://example.org/a.json"}"#,
    )]);
    let start = img.windows(4).position(|w| w == b"iTXt").unwrap();
    for cut in [start + 5, start + 6, start + 20, start + 40] {
        let err = unbake::unbake(&img[..cut]).unwrap_err();
        assert!(
            matches!(err, UnbakeError::Damaged(_)),
            "cut at {cut}: {err}"
        );
    }
}

#[test]
fn truncation_after_the_badge_chunk_is_broken() {
    let img = heart_with(&[itxt("openbadges", 0, b"https://example.org/a.json")]);
    let err = unbake::unbake(&img[..img.len() - 6]).unwrap_err();
    assert!(matches!(err, UnbakeError::Damaged(_)), "{err}");
}

#[test]
fn truncated_image_without_badge_data_is_no_badge_with_a_note() {
    let heart = fixture("openbadges-validator-core/images/public_domain_heart.png");
    for cut in [9, 20, heart.len() / 2, heart.len() - 1] {
        match unbake::unbake(&heart[..cut]) {
            Ok(Unbaked::NoBadge { note: Some(note) }) => {
                assert!(note.contains("damaged"), "{note}")
            }
            other => panic!("cut at {cut}: {other:?}"),
        }
    }
}

#[test]
fn impossible_chunk_length_stops_the_walk() {
    let mut img = png::SIGNATURE.to_vec();
    img.extend_from_slice(&0x8000_0000u32.to_be_bytes());
    img.extend_from_slice(b"IHDR");
    assert!(matches!(
        unbake::unbake(&img),
        Ok(Unbaked::NoBadge { note: Some(_) })
    ));
    // A length near 2^31 on a badge chunk: declared, not allocated.
    let mut img = heart_with(&[]);
    let iend = img.len() - 12;
    img.truncate(iend);
    img.extend_from_slice(&0x7fff_fff0u32.to_be_bytes());
    img.extend_from_slice(b"iTXtopenbadges\0\0\0\0\0{");
    assert!(matches!(unbake::unbake(&img), Err(UnbakeError::Damaged(_))));
}

#[test]
fn thousands_of_chunks_are_walked() {
    let many: Vec<Vec<u8>> = (0..20_000)
        .map(|i| chunk(b"tEXt", format!("k{i}\0v").as_bytes()))
        .collect();
    let mut extra = many;
    extra.push(itxt("openbadges", 0, b"https://example.org/a.json"));
    assert_eq!(
        found(&heart_with(&extra)).text,
        "https://example.org/a.json"
    );
}

#[test]
fn badge_chunk_after_iend_is_not_read() {
    let mut img = heart_with(&[]);
    img.extend(itxt("openbadges", 0, b"https://example.org/a.json"));
    assert_eq!(unbake::unbake(&img), Ok(Unbaked::NoBadge { note: None }));
}

// --- SVG paths --------------------------------------------------------------

const SVG_NS: &str = "http://www.w3.org/2000/svg";

#[test]
fn svg_any_prefix_bound_to_the_namespace() {
    let doc = format!(
        r#"<svg xmlns="{SVG_NS}" xmlns:ob="http://openbadges.org"><ob:assertion verify="https://example.org/a.json"/></svg>"#
    );
    assert_eq!(found(doc.as_bytes()).text, "https://example.org/a.json");
    // The right local name in the wrong namespace is not a badge.
    let doc = format!(
        r#"<svg xmlns="{SVG_NS}" xmlns:openbadges="http://example.com/other"><openbadges:assertion verify="x"/></svg>"#
    );
    assert_eq!(
        unbake::unbake(doc.as_bytes()),
        Ok(Unbaked::NoBadge { note: None })
    );
}

#[test]
fn svg_ob3_credential_in_cdata() {
    let doc = format!(
        r#"<?xml version="1.0"?><svg xmlns="{SVG_NS}" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0"><openbadges:credential><![CDATA[{{"type":["VerifiableCredential"]}}]]></openbadges:credential></svg>"#
    );
    let b = found(doc.as_bytes());
    assert_eq!(
        (b.keyword, b.text.as_str()),
        (
            BadgeKeyword::OpenBadgeCredential,
            r#"{"type":["VerifiableCredential"]}"#
        )
    );
}

#[test]
fn svg_billion_laughs_is_harmless() {
    let mut dtd = String::from("<!DOCTYPE svg [<!ENTITY lol \"lol\">");
    for i in 1..=9 {
        let prev = if i == 1 {
            "lol".to_string()
        } else {
            format!("lol{}", i - 1)
        };
        dtd.push_str(&format!(
            "<!ENTITY lol{i} \"{}\">",
            format!("&{prev};").repeat(10)
        ));
    }
    dtd.push(']');
    dtd.push('>');
    let doc = format!(
        r#"<?xml version="1.0"?>{dtd}<svg xmlns="{SVG_NS}" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="x">&lol9;</openbadges:assertion></svg>"#
    );
    // Either refused as broken badge data or read with bounded expansion; never a hang or blow-up.
    match unbake::unbake(doc.as_bytes()) {
        Err(_) => {}
        Ok(Unbaked::Found(b)) => assert!(b.text.len() < 10_000_000),
        other => panic!("{other:?}"),
    }
}

#[test]
fn svg_external_entities_are_never_loaded() {
    let secret = std::env::temp_dir().join("badgelens-xxe-secret.txt");
    std::fs::write(&secret, "TOP-SECRET").unwrap();
    let doc = format!(
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file://{}">]><svg xmlns="{SVG_NS}" xmlns:openbadges="http://openbadges.org"><openbadges:assertion>&xxe;</openbadges:assertion></svg>"#,
        secret.display()
    );
    match unbake::unbake(doc.as_bytes()) {
        Ok(Unbaked::Found(b)) => assert!(!b.text.contains("TOP-SECRET")),
        Ok(other) => panic!("{other:?}"),
        Err(e) => assert!(!e.to_string().contains("TOP-SECRET")),
    }
}

#[test]
fn svg_deep_nesting_and_scripts_are_harmless() {
    let depth = 1_000_000;
    let mut doc = format!(r#"<svg xmlns="{SVG_NS}">"#);
    doc.push_str(&"<g>".repeat(depth));
    doc.push_str(&"</g>".repeat(depth));
    doc.push_str("</svg>");
    assert!(matches!(
        unbake::unbake(doc.as_bytes()),
        Ok(Unbaked::NoBadge { .. })
    ));
    let doc = format!(
        r#"<svg xmlns="{SVG_NS}"><script>alert(1)</script><foreignObject><div>x</div></foreignObject></svg>"#
    );
    assert_eq!(
        unbake::unbake(doc.as_bytes()),
        Ok(Unbaked::NoBadge { note: None })
    );
}

#[test]
fn svg_broken_xml_with_badge_namespace_is_broken_badge_data() {
    let doc = format!(
        r#"<svg xmlns="{SVG_NS}" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="x"></svg>"#
    );
    assert!(matches!(
        unbake::unbake(doc.as_bytes()),
        Err(UnbakeError::Malformed(_))
    ));
    let doc = format!(r#"<svg xmlns="{SVG_NS}"><g></svg>"#);
    assert!(matches!(
        unbake::unbake(doc.as_bytes()),
        Ok(Unbaked::NoBadge { note: Some(_) })
    ));
}

#[test]
fn svg_in_latin1_with_badge_data_is_broken() {
    let mut doc = format!(r#"<svg xmlns="{SVG_NS}" xmlns:openbadges="http://openbadges.org"><openbadges:assertion><![CDATA[{{"n":"SAFe"#).into_bytes();
    doc.push(0xae);
    doc.extend_from_slice(br#""}]]></openbadges:assertion></svg>"#);
    assert!(matches!(unbake::unbake(&doc), Err(UnbakeError::NotUtf8(_))));
}

#[test]
fn svg_two_badge_elements_or_an_empty_one_are_broken() {
    let doc = format!(
        r#"<svg xmlns="{SVG_NS}" xmlns:openbadges="http://openbadges.org"><openbadges:assertion verify="https://a"/><openbadges:assertion verify="https://b"/></svg>"#
    );
    assert!(matches!(
        unbake::unbake(doc.as_bytes()),
        Err(UnbakeError::Ambiguous(_))
    ));
    let doc = format!(
        r#"<svg xmlns="{SVG_NS}" xmlns:openbadges="http://openbadges.org"><openbadges:assertion/></svg>"#
    );
    assert!(matches!(
        unbake::unbake(doc.as_bytes()),
        Err(UnbakeError::Malformed(_))
    ));
}

// --- baking -------------------------------------------------------------------

#[test]
fn png_bake_round_trip_replaces_and_still_decodes() {
    let heart = fixture("openbadges-validator-core/images/public_domain_heart.png");
    let first = png::bake(
        &heart,
        BadgeKeyword::OpenBadges,
        "https://example.org/one.json",
    )
    .unwrap();
    let second = png::bake(
        &first,
        BadgeKeyword::OpenBadges,
        r#"{"name":"SAFe® Agilist"}"#,
    )
    .unwrap();
    let b = found(&second);
    assert_eq!(b.text, r#"{"name":"SAFe® Agilist"}"#);
    // Exactly one badge chunk, just before IEND.
    let mut kinds = Vec::new();
    assert!(png::walk(&second, |c| kinds.push(c.kind)).is_none());
    assert_eq!(
        kinds.iter().filter(|k| **k == png::ChunkType::ITXT).count(),
        1
    );
    assert_eq!(kinds[kinds.len() - 2], png::ChunkType::ITXT);
    assert_eq!(*kinds.last().unwrap(), png::ChunkType::IEND);
    // The png crate still decodes the image, and sees our uncompressed iTXt.
    let decoder = ::png::Decoder::new(std::io::Cursor::new(&second));
    let mut reader = decoder
        .read_info()
        .expect("the png crate reads the baked image");
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    reader.next_frame(&mut buf).expect("pixels decode");
    reader.finish().expect("the rest of the file decodes");
    let itxt = &reader.info().utf8_text;
    assert_eq!(itxt.len(), 1);
    assert_eq!(itxt[0].keyword, "openbadges");
    assert!(!itxt[0].compressed);
}

#[test]
fn png_bake_switches_generation_slots() {
    let baked = fixture("openbadges-validator-core/baked/2_0_basic_assertion_baked.png");
    let rebaked = png::bake(&baked, BadgeKeyword::OpenBadgeCredential, "{}").unwrap();
    let b = found(&rebaked);
    assert_eq!(
        (b.keyword, b.text.as_str()),
        (BadgeKeyword::OpenBadgeCredential, "{}")
    );
}

#[test]
fn svg_bake_round_trips_and_declares_the_namespace() {
    let plain = fixture("openbadges-bakery-js/unbaked.svg");
    let json = r#"{"@context":"https://w3id.org/openbadges/v2","id":"https://example.org/a.json","verification":{"type":"hosted"},"note":"a ]]> b"}"#;
    let baked = svg::bake(&plain, BadgeKeyword::OpenBadges, json).unwrap();
    let b = found(&baked);
    assert_eq!(b.text, json);
    let text = String::from_utf8(baked.clone()).unwrap();
    assert!(text.contains(r#"xmlns:openbadges="http://openbadges.org""#));
    assert!(text.contains(r#"verify="https://example.org/a.json""#));
    // The badge element is the root's first child element.
    let doc = roxmltree::Document::parse(&text).unwrap();
    let first = doc
        .root_element()
        .children()
        .find(|n| n.is_element())
        .unwrap();
    assert_eq!(first.tag_name().namespace(), Some(svg::OB2_NAMESPACE));
    // Baking again replaces: still exactly one badge element.
    let again = svg::bake(
        &baked,
        BadgeKeyword::OpenBadges,
        "https://example.org/b.json",
    )
    .unwrap();
    assert_eq!(found(&again).text, "https://example.org/b.json");
    let again_text = String::from_utf8(again).unwrap();
    assert_eq!(
        again_text.matches("openbadges:assertion").count(),
        2,
        "{again_text}"
    ); // open and close tag
}

#[test]
fn svg_bake_credential_and_self_closing_root() {
    let doc = format!(r#"<svg xmlns="{SVG_NS}" width="10" height="10"/>"#);
    let jwt = "eyJhbGciOiJFUzI1NiJ9.eyJ2YyI6e319.c2ln";
    let baked = svg::bake(doc.as_bytes(), BadgeKeyword::OpenBadgeCredential, jwt).unwrap();
    let b = found(&baked);
    assert_eq!(
        (b.keyword, b.text.as_str()),
        (BadgeKeyword::OpenBadgeCredential, jwt)
    );
    // Into an SVG that binds `openbadges` to the OB 2.0 namespace: another prefix is used.
    let ob2 = fixture("openbadges-bakery-js/baked.svg");
    let baked = svg::bake(&ob2, BadgeKeyword::OpenBadgeCredential, r#"{"vc":1}"#).unwrap();
    let b = found(&baked);
    assert_eq!(b.keyword, BadgeKeyword::OpenBadgeCredential);
}

// --- reading files sparsely ----------------------------------------------

/// Every PNG under tests/fixtures, whole and cut at many places, gives the
/// same outcome read sparsely (headers and text chunks only) as read whole.
#[test]
fn sparse_file_reading_finds_exactly_what_the_whole_file_holds() {
    fn pngs(dir: &std::path::Path, out: &mut Vec<Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pngs(&path, out);
            } else if path
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("png"))
            {
                out.push(std::fs::read(&path).unwrap());
            }
        }
    }
    let mut files = Vec::new();
    pngs(std::path::Path::new(FIXTURES), &mut files);
    assert!(files.len() >= 10, "fixture PNGs found: {}", files.len());
    files.push(heart_with(&[itxt("openbadges", 0, b"https://e.example/a")]));
    let mut compared = 0;
    for full in &files {
        let mut variants = vec![full.clone()];
        for cut in [
            9,
            20,
            33,
            full.len() / 2,
            full.len().saturating_sub(30),
            full.len().saturating_sub(5),
        ] {
            variants.push(full[..cut.min(full.len())].to_vec());
        }
        for bytes in variants {
            let sparse = png::read_sparse(&mut std::io::Cursor::new(&bytes)).unwrap();
            let sparse = sparse.unwrap_or_else(|| bytes.clone());
            assert_eq!(sparse.len(), bytes.len());
            assert_eq!(
                format!("{:?}", unbake::unbake(&bytes)),
                format!("{:?}", unbake::unbake(&sparse)),
                "a PNG of {} bytes",
                bytes.len()
            );
            compared += 1;
        }
    }
    assert!(compared > 70);
}
