//! Framing throughput: reading frames from a buffer and dispatching `hello`.

use std::io::Cursor;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use badgelens::dispatch::{encode_response, parse_request};
use badgelens::framing::{encode, read_frame, Inbound, MAX_INBOUND};

fn bench_framing(c: &mut Criterion) {
    let hello = br#"{"type":"hello","id":1}"#;
    let mut stream = Vec::new();
    for _ in 0..10_000 {
        stream.extend(encode(hello));
    }
    let mut group = c.benchmark_group("framing");
    group.throughput(Throughput::Elements(10_000));
    group.bench_function("read_10k_small_frames", |b| {
        b.iter(|| {
            let mut r = Cursor::new(&stream);
            let mut n = 0;
            while let Ok(Inbound::Frame(body)) = read_frame(&mut r, MAX_INBOUND) {
                n += body.len();
            }
            n
        })
    });
    group.bench_function("read_parse_10k_hello", |b| {
        b.iter(|| {
            let mut r = Cursor::new(&stream);
            let mut n = 0;
            while let Ok(Inbound::Frame(body)) = read_frame(&mut r, MAX_INBOUND) {
                n += usize::from(parse_request(&body).is_ok());
            }
            n
        })
    });
    group.finish();

    let big = vec![b'x'; 8 * 1024 * 1024];
    let framed = encode(&big);
    let mut group = c.benchmark_group("framing_bulk");
    group.throughput(Throughput::Bytes(framed.len() as u64));
    group.bench_function("read_one_8MiB_frame", |b| {
        b.iter(|| {
            read_frame(&mut Cursor::new(&framed), MAX_INBOUND)
                .map(|f| matches!(f, Inbound::Frame(_)))
        })
    });
    group.finish();
    let resp = badgelens::messages::Response::error(
        serde_json::json!(1),
        badgelens::messages::ErrorCode::BadRequest,
        "x",
    );
    c.bench_function("encode_small_response", |b| {
        b.iter(|| encode_response(&resp))
    });
}

criterion_group!(benches, bench_framing);
criterion_main!(benches);
