use badgelens::config::Config;
use badgelens::messages::{Source, VerifyOptions};
use badgelens::verify::Engine;

#[tokio::test]
async fn explore() {
    let engine = Engine::new(Config::default());
    let mut files: Vec<_> = glob("tests/fixtures/verifier-core/credentials");
    files.extend(glob("tests/fixtures/dc-public-validator/ob30"));
    files.extend(glob(
        "tests/fixtures/dc-public-validator/ob30/bit-string-list",
    ));
    for f in files {
        let bytes = std::fs::read(&f).unwrap();
        let source = if f.ends_with(".png") || f.ends_with(".svg") {
            Source::Image {
                data: bytes,
                mime: None,
                url: None,
            }
        } else {
            Source::Assertion(String::from_utf8(bytes).unwrap())
        };
        let r = engine.verify(source, VerifyOptions::default()).await;
        println!("{:70} {:?}", f, r.verdict);
        for c in &r.checks {
            println!("      {:?} {:?} {}", c.check, c.status, c.message);
        }
    }
}

fn glob(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    v.sort();
    v
}
