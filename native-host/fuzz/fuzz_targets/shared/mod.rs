//! What several fuzz targets share: one engine with a cache directory of its
//! own (the targets force `offline`, so nothing is ever fetched) and one
//! single-threaded tokio runtime, each made once per fuzzing process.
#![allow(dead_code)]

use std::sync::OnceLock;

use badgelens::config::Config;
use badgelens::verify::Engine;

/// The engine, with its cache in `$TMPDIR/<cache_name>`. The name is fixed
/// by the first call: each target passes its own.
pub fn engine(cache_name: &str) -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        Engine::new(Config {
            cache_dir: Some(std::env::temp_dir().join(cache_name)),
            ..Config::default()
        })
    })
}

pub fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a tokio runtime")
    })
}
