//! Soak test: one real host process, 10,000 mixed requests pipelined 64 at a
//! time over real pipes. Every request must get exactly one answer, the
//! host's memory must stay bounded and flat, and it must exit 0 when stdin
//! closes.
//!
//! The mix is what a browser and a hostile page can send: `hello`, valid
//! baked PNG and SVG badges, broken and hostile images (truncated PNG, bad
//! CRC, billion-laughs SVG), frames that are not JSON, wrong types, invalid
//! base64, unknown `type`, and frames declaring 64 MiB + 1 bytes. Every
//! `verify` is `offline`, so the host never touches the network.

mod support;

use std::collections::HashMap;
use std::io::Read;
use std::time::Duration;

use serde_json::{json, Value};
use support::{base64, fixture, frame, HostProcess};

const REQUESTS: usize = 10_000;
const WINDOW: usize = 64;
/// Frames declaring 64 MiB + 1 bytes; each one really sends that many bytes.
const OVERSIZED: usize = 4;
/// Generous: the host needs a few MB; a leak or a buffered 64 MiB frame shows.
const PEAK_RSS_LIMIT_KB: u64 = 200 * 1024;

/// What a request should get back.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    Hello,
    /// A `result` with a badge found (the first check is a passing `unbake`).
    Found,
    /// A `result` with verdict `invalid` and a failing `unbake` check.
    Broken,
    /// A `result` with verdict `not_a_badge`.
    NotABadge,
    /// An `error` with this code and the request's id.
    Error(&'static str),
}

/// A request whose id the host cannot read: answered with `id: null`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Anonymous {
    BadRequest,
    FrameTooLarge,
}

struct Inputs {
    baked: Vec<String>,
    truncated_png: String,
    bad_crc_png: String,
    laughs_svg: String,
    not_an_image: String,
    unbaked_png: String,
}

fn inputs() -> Inputs {
    let baked_png = fixture("openbadges-validator-core/baked/2_0_basic_assertion_baked.png");
    let at = baked_png.windows(4).position(|w| w == b"iTXt").unwrap();
    let truncated = baked_png[..at + 40].to_vec();
    // Flip one byte of the badge chunk's text: its CRC no longer matches.
    let mut bad_crc = baked_png.clone();
    bad_crc[at + 30] ^= 0x20;
    let mut dtd = String::from("<!DOCTYPE svg [<!ENTITY l0 \"lol\">");
    for i in 1..=9 {
        dtd.push_str(&format!(
            "<!ENTITY l{i} \"{}\">",
            format!("&l{};", i - 1).repeat(10)
        ));
    }
    let laughs = format!(
        "{dtd}]><svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:openbadges=\"http://openbadges.org\">\
         <openbadges:assertion>&l9;</openbadges:assertion></svg>"
    );
    Inputs {
        baked: [
            "openbadges-validator-core/baked/2_0_basic_assertion_baked.png",
            "openbadges-bakery-py/baked_heart.png",
            "openbadges-bakery-js/baked.svg",
            "dc-public-validator/ob30/simple-json.svg",
        ]
        .iter()
        .map(|p| base64(&fixture(p)))
        .collect(),
        truncated_png: base64(&truncated),
        bad_crc_png: base64(&bad_crc),
        laughs_svg: base64(laughs.as_bytes()),
        not_an_image: base64(b"GIF89a\x01\x00\x01\x00 definitely not a badge"),
        unbaked_png: base64(&fixture("openbadges-bakery-js/unbaked.png")),
    }
}

/// The `i`th request of the mix: its frame bytes and what it should get.
/// Ids alternate between numbers and strings.
fn request(i: usize, inputs: &Inputs) -> (Vec<u8>, Result<(Value, Expect), Anonymous>) {
    let id = if i % 2 == 0 {
        json!(i)
    } else {
        json!(format!("r{i}"))
    };
    let options = json!({"cache": "offline", "now": "2026-11-25T12:00:00Z"});
    let verify_image = |data: &str, expect: Expect| {
        let msg =
            json!({"type":"verify","id":id,"source":{"image":{"data":data}},"options":options});
        (frame(msg.to_string().as_bytes()), Ok((id.clone(), expect)))
    };
    let raw = |body: &[u8], expect: Expect| (frame(body), Ok((id.clone(), expect)));
    match i % 16 {
        0 | 1 => (
            frame(json!({"type":"hello","id":id}).to_string().as_bytes()),
            Ok((id.clone(), Expect::Hello)),
        ),
        2..=5 => verify_image(&inputs.baked[i % inputs.baked.len()], Expect::Found),
        6 => verify_image(&inputs.truncated_png, Expect::Broken),
        7 => verify_image(&inputs.bad_crc_png, Expect::Broken),
        8 => verify_image(&inputs.laughs_svg, Expect::Broken),
        9 => {
            if i % 32 == 9 {
                verify_image(&inputs.not_an_image, Expect::NotABadge)
            } else {
                verify_image(&inputs.unbaked_png, Expect::NotABadge)
            }
        }
        10 => (
            frame(b"{\"type\":\"hello\", this is not json"),
            Err(Anonymous::BadRequest),
        ),
        11 => (
            // An id that is neither a string nor a number.
            frame(br#"{"type":"hello","id":{"n":1}}"#),
            Err(Anonymous::BadRequest),
        ),
        12 => {
            // Wrong types with a readable id: `type` a number, `source.image` a string,
            // `options.recipient` not a list of strings.
            let body = match i % 48 {
                12 => json!({"type": 7, "id": id}),
                28 => json!({"type":"verify","id":id,"source":{"image":"iVBORw0KGgo="}}),
                _ => {
                    json!({"type":"verify","id":id,"source":{"assertion":"x"},"options":{"recipient":[1]}})
                }
            };
            raw(body.to_string().as_bytes(), Expect::Error("bad_request"))
        }
        13 => {
            let body = json!({"type":"verify","id":id,"source":{"image":{"data":"not*base64!"}}});
            raw(body.to_string().as_bytes(), Expect::Error("bad_request"))
        }
        14 => raw(
            json!({"type":"launch_missiles","id":id})
                .to_string()
                .as_bytes(),
            Expect::Error("unsupported_type"),
        ),
        _ => verify_image(&inputs.baked[0], Expect::Found),
    }
}

fn check(v: &Value, expect: Expect) {
    let kind = v["type"].as_str().unwrap_or("");
    match expect {
        Expect::Hello => {
            assert_eq!(kind, "hello", "{v}");
            assert_eq!(v["protocol"], 1);
        }
        Expect::Found => {
            assert_eq!(kind, "result", "{v}");
            assert_ne!(v["verdict"], "not_a_badge", "{v}");
            assert_eq!(v["checks"][0]["check"], "unbake", "{v}");
            assert_eq!(v["checks"][0]["status"], "pass", "{v}");
        }
        Expect::Broken => {
            assert_eq!(kind, "result", "{v}");
            assert_eq!(v["verdict"], "invalid", "{v}");
            let unbake_failed = v["checks"]
                .as_array()
                .unwrap()
                .iter()
                .any(|c| c["check"] == "unbake" && c["status"] == "fail");
            assert!(unbake_failed, "{v}");
        }
        Expect::NotABadge => {
            assert_eq!(kind, "result", "{v}");
            assert_eq!(v["verdict"], "not_a_badge", "{v}");
        }
        Expect::Error(code) => {
            assert_eq!(kind, "error", "{v}");
            assert_eq!(v["code"], code, "{v}");
        }
    }
}

/// `VmHWM` (peak) and `VmRSS` (now) of a process, in kB.
#[cfg(target_os = "linux")]
fn memory_kb(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("{name} missing from /proc/{pid}/status"))
    };
    (field("VmHWM:"), field("VmRSS:"))
}

#[cfg(not(target_os = "linux"))]
fn memory_kb(_pid: u32) -> (u64, u64) {
    (0, 0)
}

#[test]
fn ten_thousand_mixed_requests_one_host() {
    let inputs = inputs();
    let mut host = HostProcess::start(&["host"]);
    let pid = host.child.id();
    // Drain stderr as it comes, so a chatty host cannot block on a full pipe.
    let mut stderr = host.child.stderr.take().unwrap();
    let stderr_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = stderr.read_to_string(&mut s);
        s
    });

    let declared: u32 = 64 * 1024 * 1024 + 1;
    let mut oversized = declared.to_le_bytes().to_vec();
    oversized.resize(4 + declared as usize, b'x');
    // Spread the oversized frames evenly, so both halves of the run get some.
    let oversized_at: Vec<usize> = (0..OVERSIZED)
        .map(|k| (2 * k + 1) * REQUESTS / (2 * OVERSIZED))
        .collect();

    let mut expected: HashMap<String, Expect> = HashMap::new();
    let mut answered: HashMap<String, usize> = HashMap::new();
    let mut anonymous_sent: HashMap<Anonymous, usize> = HashMap::new();
    let mut anonymous_got: HashMap<Anonymous, usize> = HashMap::new();
    let mut rss_after_first_half = 0;
    let mut sent = 0;
    while sent < REQUESTS {
        let batch_end = (sent + WINDOW).min(REQUESTS);
        let mut batch = Vec::new();
        for i in sent..batch_end {
            if oversized_at.contains(&i) {
                batch.extend_from_slice(&oversized);
                *anonymous_sent.entry(Anonymous::FrameTooLarge).or_default() += 1;
                continue;
            }
            let (bytes, expect) = request(i, &inputs);
            batch.extend(bytes);
            match expect {
                Ok((id, e)) => {
                    assert!(
                        expected.insert(id.to_string(), e).is_none(),
                        "ids are unique"
                    );
                }
                Err(a) => *anonymous_sent.entry(a).or_default() += 1,
            }
        }
        host.send_raw(&batch);
        // Every request in the window gets exactly one answer before the next window.
        for _ in sent..batch_end {
            let v = host.recv_timeout(Duration::from_secs(30));
            if v["id"].is_null() {
                let kind = match v["code"].as_str() {
                    Some("bad_request") => Anonymous::BadRequest,
                    Some("frame_too_large") => Anonymous::FrameTooLarge,
                    _ => panic!("an answer with id null that is not an error: {v}"),
                };
                *anonymous_got.entry(kind).or_default() += 1;
                continue;
            }
            let id = v["id"].to_string();
            let expect = *expected
                .get(&id)
                .unwrap_or_else(|| panic!("an answer for an id never sent (or not yet): {v}"));
            check(&v, expect);
            *answered.entry(id).or_default() += 1;
        }
        sent = batch_end;
        if rss_after_first_half == 0 && sent >= REQUESTS / 2 {
            rss_after_first_half = memory_kb(pid).1;
        }
    }
    let (peak_kb, rss_end_kb) = memory_kb(pid);

    assert_eq!(answered.len(), expected.len(), "every readable id answered");
    assert!(
        answered.values().all(|&n| n == 1),
        "each id answered exactly once"
    );
    assert_eq!(
        anonymous_got, anonymous_sent,
        "one id-null error per unreadable or oversized frame"
    );
    assert_eq!(
        expected.len() + anonymous_sent.values().sum::<usize>(),
        REQUESTS
    );
    assert!(
        host.drain(Duration::from_millis(300)).is_empty(),
        "no answers beyond one per request"
    );

    println!(
        "soak: {REQUESTS} requests ({} with a readable id, {:?} without), host peak RSS (VmHWM) {:.1} MB, \
         RSS after the first half {:.1} MB, at the end {:.1} MB",
        expected.len(),
        anonymous_sent,
        peak_kb as f64 / 1024.0,
        rss_after_first_half as f64 / 1024.0,
        rss_end_kb as f64 / 1024.0
    );
    if cfg!(target_os = "linux") {
        assert!(
            peak_kb < PEAK_RSS_LIMIT_KB,
            "host peak RSS {peak_kb} kB over {PEAK_RSS_LIMIT_KB} kB"
        );
        // Flat, not growing: a generous factor plus slack for allocator noise.
        assert!(
            rss_end_kb <= rss_after_first_half * 3 / 2 + 16 * 1024,
            "host RSS grew from {rss_after_first_half} kB to {rss_end_kb} kB over the second half"
        );
    }

    host.close_stdin();
    let status = host.wait_exit(Duration::from_secs(5));
    assert!(status.success(), "host exit status {status}");
    let stderr = stderr_reader.join().unwrap();
    assert!(!stderr.contains("panicked"), "{stderr}");
}
