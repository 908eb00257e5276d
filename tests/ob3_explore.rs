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

#[test]
fn dump_canon() {
    if let Ok(list) = std::env::var("OB3_DUMP") {
        for path in list.split_whitespace() {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            let Ok(doc) = serde_json::from_str::<serde_json::Value>(&text) else {
                continue;
            };
            let Some(m) = doc.as_object() else { continue };
            let mut m = m.clone();
            m.remove("proof");
            let name: String = path
                .chars()
                .map(|c| if c == '/' || c == '.' { '_' } else { c })
                .collect();
            match badgelens::verify::ob3::canon::canonical_nquads(&serde_json::Value::Object(m)) {
                Ok(nq) => std::fs::write(format!("/tmp/cmp/rs_{name}"), nq).unwrap(),
                Err(e) => eprintln!("{path}: {e}"),
            }
        }
    }
}
