//! Unbaking a large PNG whose badge chunk sits after the image data: the
//! walker must skip IDAT by its length, not read it.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use badgelens::unbake::{self, png, BadgeKeyword};

/// A PNG of roughly `image_bytes` of IDAT chunks (64 KiB each) followed by a baked badge.
fn large_baked_png(image_bytes: usize) -> Vec<u8> {
    let base = include_bytes!(
        "../../tests/fixtures/openbadges-validator-core/images/public_domain_heart.png"
    );
    let mut out = Vec::with_capacity(image_bytes + base.len() + 1024);
    let mut idat_inserted = false;
    png::walk(base, |chunk| {
        if chunk.start == 8 {
            out.extend_from_slice(&png::SIGNATURE);
        }
        out.extend_from_slice(&base[chunk.start..chunk.end]);
        if chunk.kind == png::ChunkType::IHDR && !idat_inserted {
            idat_inserted = true;
            let filler = vec![0u8; 64 * 1024];
            let mut written = 0;
            while written < image_bytes {
                // Private ancillary chunk type: a stand-in for image data of the same size.
                out.extend_from_slice(&(filler.len() as u32).to_be_bytes());
                out.extend_from_slice(b"prVt");
                out.extend_from_slice(&filler);
                let mut h = crc32fast::Hasher::new();
                h.update(b"prVt");
                h.update(&filler);
                out.extend_from_slice(&h.finalize().to_be_bytes());
                written += filler.len();
            }
        }
    });
    let assertion = r#"{"@context":"https://w3id.org/openbadges/v2","type":"Assertion","id":"https://example.org/a.json"}"#;
    png::bake(&out, BadgeKeyword::OpenBadges, assertion).expect("bakes")
}

fn bench_unbake(c: &mut Criterion) {
    let mut group = c.benchmark_group("unbake_png_badge_after_image_data");
    for mb in [1usize, 10] {
        let image = large_baked_png(mb * 1024 * 1024);
        group.throughput(Throughput::Bytes(image.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(format!("{mb}MB")),
            &image,
            |b, image| b.iter(|| unbake::unbake(std::hint::black_box(image)).expect("unbakes")),
        );
    }
    group.finish();
    let svg = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/dc-public-validator/ob30/simple-json.svg"
    ));
    if let Ok(svg) = svg {
        c.bench_function("unbake_svg_ob3_credential", |b| {
            b.iter(|| unbake::unbake(std::hint::black_box(&svg)).expect("unbakes"))
        });
    }
}

criterion_group!(benches, bench_unbake);
criterion_main!(benches);
