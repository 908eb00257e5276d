//! The on-disk cache of issuer data, in front of the fetcher.
//!
//! Issuer profiles, badge classes, keys (and, for `offline`, assertions,
//! revocation lists and documents up to 2 MiB fetched by URL) are kept as one file per URL under `<cache_dir>/http/`, keyed by
//! the SHA-256 of the URL, with their `ETag` / `Last-Modified` validators.
//! Within [`DEFAULT_TTL`] a cached copy is used as is; after it the copy is
//! revalidated with a conditional request. Assertions and revocation lists
//! ([`Freshness::Live`]) are always fetched again unless the verification
//! is `offline`: they carry the revocation status.
//!
//! Files are written to a temporary name and renamed, so a reader never
//! sees half a file; a file that does not parse (or is for another URL) is
//! ignored and rewritten, never trusted and never fatal. Concurrent
//! verifications needing the same URL take a per-URL lock, so it is
//! fetched once and the others read what the first wrote (single-flight).
//! Under `refresh` too: a copy fetched after a verification started is as
//! fresh as it asked for, so 50 badges of one issuer fetch its profile once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use url::Url;

use crate::fetch::{FetchContext, FetchError, Fetched, Fetcher, Kind, Provenance, Validators};
use crate::messages::CacheMode;

/// How long issuer data is used without asking the issuer again.
pub const DEFAULT_TTL: Duration = Duration::from_secs(3600);

/// Larger answers (images fetched by URL) are not kept.
const MAX_CACHED: usize = 2 * 1024 * 1024;

/// How a document may be answered from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Issuer data: cached within the TTL, then revalidated.
    Cached,
    /// Revocation status (assertions, revocation lists): always fetched,
    /// cached only for `offline`.
    Live,
}

#[derive(Debug, Serialize, Deserialize)]
struct Entry {
    url: String,
    final_url: String,
    /// The redirects on the way to `final_url`: an offline answer must
    /// obey the same trust rules as the online one. An entry written
    /// before provenance was stored has none and is not used.
    redirected_from: Vec<String>,
    stored_at: u64,
    status: u16,
    content_type: Option<String>,
    etag: Option<String>,
    last_modified: Option<String>,
    body: String,
}

pub struct Cache {
    dir: Option<PathBuf>,
    ttl: Duration,
    locks: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// When this process last stored each URL from the network (for `refresh`).
    fetched_at: Mutex<HashMap<String, std::time::Instant>>,
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn key_of(url: &str) -> String {
    let d = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, url.as_bytes());
    d.as_ref().iter().map(|b| format!("{b:02x}")).collect()
}

impl Cache {
    /// A cache in `dir` (`None`: no cache, every fetch goes to the network).
    pub fn new(dir: Option<PathBuf>) -> Cache {
        Cache {
            dir: dir.map(|d| d.join("http")),
            ttl: DEFAULT_TTL,
            locks: Mutex::new(HashMap::new()),
            fetched_at: Mutex::new(HashMap::new()),
        }
    }

    pub fn with_ttl(mut self, ttl: Duration) -> Cache {
        self.ttl = ttl;
        self
    }

    fn path(&self, url: &str) -> Option<PathBuf> {
        self.dir
            .as_ref()
            .map(|d| d.join(format!("{}.json", key_of(url))))
    }

    fn read(&self, url: &str) -> Option<Entry> {
        let bytes = std::fs::read(self.path(url)?).ok()?;
        let e: Entry = serde_json::from_slice(&bytes).ok()?;
        (e.url == url).then_some(e)
    }

    /// Whether the stored copy of `url` is `f` as fetched (all but its age).
    fn holds(&self, url: &str, f: &Fetched) -> bool {
        let Some(e) = self.read(url) else {
            return false;
        };
        e.final_url == f.url.as_str()
            && e.status == f.status
            && e.content_type == f.content_type
            && e.etag == f.etag
            && e.last_modified == f.last_modified
            && e.redirected_from.len() == f.provenance.redirected_from.len()
            && e.redirected_from
                .iter()
                .zip(&f.provenance.redirected_from)
                .all(|(a, b)| a == b.as_str())
            && base64::engine::general_purpose::STANDARD
                .decode(&e.body)
                .is_ok_and(|b| b == f.body)
    }

    fn write(&self, url: &str, f: &Fetched, stored_at: u64) {
        let (Some(path), Some(dir)) = (self.path(url), self.dir.as_ref()) else {
            return;
        };
        let entry = Entry {
            url: url.to_string(),
            final_url: f.url.to_string(),
            redirected_from: f
                .provenance
                .redirected_from
                .iter()
                .map(Url::to_string)
                .collect(),
            stored_at,
            status: f.status,
            content_type: f.content_type.clone(),
            etag: f.etag.clone(),
            last_modified: f.last_modified.clone(),
            body: base64::engine::general_purpose::STANDARD.encode(&f.body),
        };
        let Ok(text) = serde_json::to_vec(&entry) else {
            return;
        };
        if let Err(e) = write_atomic(dir, &path, &text) {
            crate::log!("cannot write the cache ({}): {e}", dir.display());
            return;
        }
        let mut at = self.fetched_at.lock().unwrap_or_else(|p| p.into_inner());
        if at.len() > 4096 {
            at.clear();
        }
        at.insert(url.to_string(), std::time::Instant::now());
    }

    /// The stored copy of `url` if this process fetched it after `since`.
    fn fetched_since(&self, url: &str, since: std::time::Instant) -> Option<Fetched> {
        let at = *self
            .fetched_at
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(url)?;
        if at < since {
            return None;
        }
        to_fetched(&self.read(url)?)
    }

    fn lock_for(&self, url: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
        if locks.len() > 4096 {
            locks.retain(|_, l| Arc::strong_count(l) > 1);
        }
        locks.entry(url.to_string()).or_default().clone()
    }

    /// Fetches `url` through the cache, by `ctx.cache` and `freshness`.
    /// Only successful answers are stored (JSON, and `Any` up to 2 MiB).
    pub async fn get(
        &self,
        fetcher: &Fetcher,
        ctx: &FetchContext,
        url: &str,
        kind: Kind,
        freshness: Freshness,
    ) -> Result<Fetched, FetchError> {
        if ctx.cache == CacheMode::Offline {
            let f = self
                .read(url)
                .and_then(|e| to_fetched(&e))
                .ok_or(FetchError::Offline)?;
            f.urls().for_each(|u| ctx.note_url(u));
            return Ok(f);
        }
        if self.dir.is_none() || !matches!(kind, Kind::Json | Kind::Any) {
            return fetcher.get(ctx, url, kind, None).await;
        }
        if freshness == Freshness::Live || kind == Kind::Any {
            let f = fetcher.get(ctx, url, kind, None).await?;
            // Kept for `offline`, which does not look at its age: an unchanged
            // copy is not written again (a rename over a file costs a flush on ext4).
            if f.is_success() && f.body.len() <= MAX_CACHED && !self.holds(url, &f) {
                self.write(url, &f, now_secs());
            }
            return Ok(f);
        }
        if ctx.cache == CacheMode::Refresh {
            let lock = self.lock_for(url);
            let _guard = lock.lock().await;
            if let Some(f) = self.fetched_since(url, ctx.started.into_std()) {
                f.urls().for_each(|u| ctx.note_url(u));
                return Ok(f);
            }
            let f = fetcher.get(ctx, url, kind, None).await?;
            if f.is_success() {
                self.write(url, &f, now_secs());
            }
            return Ok(f);
        }
        let lock = self.lock_for(url);
        let _guard = lock.lock().await;
        let cached = self.read(url);
        let validators = match &cached {
            Some(e) if now_secs().saturating_sub(e.stored_at) < self.ttl.as_secs() => {
                if let Some(f) = to_fetched(e) {
                    f.urls().for_each(|u| ctx.note_url(u));
                    return Ok(f);
                }
                None
            }
            Some(e) => Some(Validators {
                etag: e.etag.clone(),
                last_modified: e.last_modified.clone(),
            }),
            None => None,
        };
        let f = fetcher.get(ctx, url, kind, validators.as_ref()).await?;
        if f.status == 304 {
            if let Some(e) = cached {
                if let Some(old) = to_fetched(&e) {
                    self.write(url, &old, now_secs());
                    old.urls().for_each(|u| ctx.note_url(u));
                    return Ok(old);
                }
            }
        }
        if f.is_success() {
            self.write(url, &f, now_secs());
        }
        Ok(f)
    }
}

fn to_fetched(e: &Entry) -> Option<Fetched> {
    let redirected_from = e
        .redirected_from
        .iter()
        .map(|u| Url::parse(u).ok())
        .collect::<Option<Vec<Url>>>()?;
    Some(Fetched {
        provenance: Provenance {
            requested: Url::parse(&e.url).ok()?,
            redirected_from,
            from_cache: true,
        },
        url: Url::parse(&e.final_url).ok()?,
        status: e.status,
        content_type: e.content_type.clone(),
        body: base64::engine::general_purpose::STANDARD
            .decode(&e.body)
            .ok()?,
        etag: e.etag.clone(),
        last_modified: e.last_modified.clone(),
    })
}

/// Writes `path` by way of a temporary file in the same directory and a rename.
fn write_atomic(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let tmp = dir.join(format!(".tmp-{}-{n}", std::process::id()));
    // No fsync: it cost milliseconds per document, on the path the browser
    // waits on. After a crash a file may be short or empty; `read` ignores a
    // file that does not parse, and the document is fetched again.
    let mut f = std::fs::File::create(&tmp)?;
    f.write_all(bytes)?;
    drop(f);
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fetched(body: &str) -> Fetched {
        Fetched {
            url: Url::parse("https://issuer.example/i.json").unwrap(),
            status: 200,
            content_type: Some("application/json".into()),
            body: body.as_bytes().to_vec(),
            etag: Some("\"e1\"".into()),
            last_modified: None,
            provenance: Provenance {
                requested: Url::parse("https://issuer.example/i").unwrap(),
                redirected_from: vec![Url::parse("https://issuer.example/i").unwrap()],
                from_cache: false,
            },
        }
    }

    #[test]
    fn an_unchanged_live_copy_is_recognised_and_a_changed_one_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(dir.path().to_path_buf()));
        let url = "https://issuer.example/i";
        let f = fetched("{\"revoked\":false}");
        assert!(!cache.holds(url, &f), "nothing stored yet");
        cache.write(url, &f, 7);
        assert!(cache.holds(url, &f));
        // Whatever could change a verdict or an offline answer makes it a new copy.
        assert!(!cache.holds(url, &fetched("{\"revoked\":true}")));
        let mut other = fetched("{\"revoked\":false}");
        other.etag = Some("\"e2\"".into());
        assert!(!cache.holds(url, &other));
        let mut moved = fetched("{\"revoked\":false}");
        moved.url = Url::parse("https://elsewhere.example/i.json").unwrap();
        assert!(!cache.holds(url, &moved));
        let mut direct = fetched("{\"revoked\":false}");
        direct.provenance.redirected_from.clear();
        assert!(!cache.holds(url, &direct));
    }

    #[test]
    fn round_trips_and_ignores_corrupt_files() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(Some(dir.path().to_path_buf()));
        let url = "https://issuer.example/i.json";
        assert!(cache.read(url).is_none());
        cache.write(url, &fetched("{\"a\":1}"), 7);
        let e = cache.read(url).unwrap();
        assert_eq!(e.stored_at, 7);
        let back = to_fetched(&e).unwrap();
        assert_eq!(back.body, b"{\"a\":1}");
        // Provenance survives the cache: the redirect that led here is kept.
        assert!(back.provenance.from_cache);
        assert_eq!(back.redirects(), 1);
        assert_eq!(back.provenance.requested.as_str(), url);
        // Half-written or foreign files are ignored, not trusted.
        let path = cache.path(url).unwrap();
        std::fs::write(&path, b"{\"url\":\"https://issuer.exa").unwrap();
        assert!(cache.read(url).is_none());
        std::fs::write(
            &path,
            serde_json::to_vec(&serde_json::json!({"url":"https://other.example/","final_url":"https://other.example/","redirected_from":[],"stored_at":1,"status":200,"content_type":null,"etag":null,"last_modified":null,"body":""})).unwrap(),
        )
        .unwrap();
        assert!(cache.read(url).is_none());
        cache.write(url, &fetched("{}"), 8);
        assert_eq!(cache.read(url).unwrap().stored_at, 8);
        // No stray temporary files.
        let names: Vec<_> = std::fs::read_dir(dir.path().join("http"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
