//! Whole-process benchmarks of OB 2.0 verification against a local issuer.
//!
//! `cargo bench --bench verify` starts the demo issuer (the same one
//! `badgelens demo` uses) on 127.0.0.1 in this process, writes a config that
//! pins its name there, and measures:
//!
//! 1. `badgelens verify valid.png` as a whole process, cold cache (a fresh
//!    cache directory each run) and warm cache (issuer data cached; the
//!    assertion is always fetched, it carries the revocation status);
//! 2. host mode: 1, 50 and 500 verify requests written at once to one
//!    `badgelens host`, the latency of each answer from the moment all were sent.
//!
//! Plain timing with percentiles, not criterion: each sample is a process
//! or a whole batch, and the numbers go in the report as they are.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;

const BIN: &str = env!("CARGO_BIN_EXE_badgelens");

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<44} n={:<4} min {:>7.2} ms  p50 {:>7.2} ms  p95 {:>7.2} ms  max {:>7.2} ms",
        samples.len(),
        samples[0].as_secs_f64() * 1e3,
        percentile(&samples, 0.5).as_secs_f64() * 1e3,
        percentile(&samples, 0.95).as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
    );
}

fn write_config(path: &Path, addr: std::net::SocketAddr, cache: &Path) {
    let config = serde_json::json!({
        "network": {
            "allow_private": [addr.to_string()],
            "resolve": {format!("{}:80", badgelens::demo::HOST): addr.to_string()}
        },
        "cache_dir": cache,
    });
    std::fs::write(path, config.to_string()).unwrap();
}

fn verify_once(config: &Path, png: &Path) -> Duration {
    let start = Instant::now();
    let out = Command::new(BIN)
        .args(["verify", png.to_str().unwrap(), "--json"])
        .env("BADGELENS_CONFIG", config)
        .output()
        .unwrap();
    let elapsed = start.elapsed();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    elapsed
}

fn host_batch(config: &Path, png: &[u8], n: usize) -> Vec<Duration> {
    let mut child = Command::new(BIN)
        .arg("host")
        .env("BADGELENS_CONFIG", config)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut stdout = child.stdout.take().unwrap();
    // Warm the process (runtime, TLS config) and the cache with one request.
    let data = base64::engine::general_purpose::STANDARD.encode(png);
    let frame = |id: usize| {
        let body = serde_json::json!({"type":"verify","id":id,
            "source":{"image":{"data":data,"mime":"image/png"}}})
        .to_string();
        let mut f = (body.len() as u32).to_le_bytes().to_vec();
        f.extend_from_slice(body.as_bytes());
        f
    };
    let read_one = |stdout: &mut std::process::ChildStdout| -> serde_json::Value {
        let mut len = [0u8; 4];
        stdout.read_exact(&mut len).unwrap();
        let mut body = vec![0u8; u32::from_le_bytes(len) as usize];
        stdout.read_exact(&mut body).unwrap();
        serde_json::from_slice(&body).unwrap()
    };
    stdin.write_all(&frame(0)).unwrap();
    stdin.flush().unwrap();
    assert_eq!(read_one(&mut stdout)["verdict"], "verified");

    let reader = std::thread::spawn(move || {
        let mut arrived = HashMap::new();
        for _ in 0..n {
            let v = read_one(&mut stdout);
            assert_eq!(v["verdict"], "verified", "{v}");
            arrived.insert(v["id"].as_u64().unwrap() as usize, Instant::now());
        }
        arrived
    });
    let mut batch = Vec::new();
    for id in 1..=n {
        batch.extend(frame(id));
    }
    let start = Instant::now();
    stdin.write_all(&batch).unwrap();
    stdin.flush().unwrap();
    let arrived = reader.join().unwrap();
    drop(stdin);
    let _ = child.wait();
    arrived.values().map(|t| t.duration_since(start)).collect()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let (addr, _server) = rt.block_on(badgelens::demo::start_issuer()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sample = &badgelens::demo::SAMPLES[0];
    let png_path = dir.path().join(sample.file);
    std::fs::write(&png_path, sample.png).unwrap();
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);

    println!(
        "badgelens verify {} (hosted OB 2.0, baked PNG) against the demo issuer at {addr}",
        sample.file
    );
    let mut cold = Vec::new();
    for i in 0..runs {
        let config = dir.path().join(format!("cold-{i}.json"));
        write_config(&config, addr, &dir.path().join(format!("cache-cold-{i}")));
        cold.push(verify_once(&config, &png_path));
    }
    report("whole process, cold cache", cold);

    let warm_config = dir.path().join("warm.json");
    write_config(&warm_config, addr, &dir.path().join("cache-warm"));
    verify_once(&warm_config, &png_path);
    let warm: Vec<Duration> = (0..runs)
        .map(|_| verify_once(&warm_config, &png_path))
        .collect();
    report("whole process, warm cache", warm);

    for n in [1usize, 50, 500] {
        let config = dir.path().join(format!("host-{n}.json"));
        write_config(&config, addr, &dir.path().join(format!("cache-host-{n}")));
        let lat = host_batch(&config, sample.png, n);
        report(
            &format!("host mode, {n} concurrent (latency per answer)"),
            lat,
        );
    }
}
