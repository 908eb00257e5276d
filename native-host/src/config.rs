//! The user's configuration (`config.json`): network policy, resolver rules,
//! cache location. Read once at start-up; a missing file means defaults.
//!
//! Location: `$BADGELENS_CONFIG`, else `config.json` in the OS config
//! directory for `org`/`badgelens`/`BadgeLens`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Everything `config.json` may hold. Unknown keys are ignored so that a
/// newer config does not stop an older host.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Config {
    pub network: NetworkConfig,
    /// Resolver rules tried before the built-in ones.
    pub resolvers: Vec<RuleConfig>,
    /// Overrides the OS cache directory.
    pub cache_dir: Option<PathBuf>,
    /// Issuer registries, most authoritative first (the Digital Credentials
    /// Consortium's format: `{"entries": {"<issuer id>": {"name", "url"}}}`),
    /// fetched over https with the safe fetcher and cached.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub registries: Vec<RegistryConfig>,
}

/// One configured issuer registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistryConfig {
    /// Shown to the user: "listed in <name>".
    pub name: String,
    /// Where the registry's JSON lives (https).
    pub url: String,
}

/// `network`: the policy for every URL found in badge data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct NetworkConfig {
    /// `IP:port` entries (IPv6 in brackets) exempt from the private-address rule.
    pub allow_private: Vec<String>,
    /// `host:port` → `IP:port` pins, as curl's `--resolve`.
    pub resolve: BTreeMap<String, String>,
    /// PEM files with extra trusted CA certificates.
    pub extra_roots: Vec<PathBuf>,
    /// Time budget per verification.
    pub timeout_ms: u64,
    pub max_bytes: MaxBytes,
    /// The only proxy used (`http://host:port`); proxy environment
    /// variables are ignored, since the proxy, not BadgeLens, would then
    /// pick the address connected to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy: Option<String>,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig {
            allow_private: Vec::new(),
            resolve: BTreeMap::new(),
            extra_roots: Vec::new(),
            timeout_ms: 10_000,
            max_bytes: MaxBytes::default(),
            proxy: None,
        }
    }
}

/// Size caps per fetched document kind, enforced while streaming.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MaxBytes {
    pub json: u64,
    pub image: u64,
}

impl Default for MaxBytes {
    fn default() -> Self {
        MaxBytes {
            json: 2 * 1024 * 1024,
            image: 16 * 1024 * 1024,
        }
    }
}

/// A resolver rule as written in the config (validated in `resolve`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleConfig {
    pub name: String,
    pub page: String,
    pub assertion: String,
}

/// Why the config could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a valid BadgeLens config: {source}")]
    Parse {
        path: PathBuf,
        source: serde_json::Error,
    },
}

/// The OS directories for BadgeLens (None where the OS has no home directory).
pub fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("org", "badgelens", "BadgeLens")
}

/// The config file in force: `$BADGELENS_CONFIG` or the OS default.
pub fn config_path() -> Option<PathBuf> {
    match std::env::var_os("BADGELENS_CONFIG") {
        Some(p) if !p.is_empty() => Some(PathBuf::from(p)),
        _ => project_dirs().map(|d| d.config_dir().join("config.json")),
    }
}

impl Config {
    /// Loads the config in force; a missing default file is not an error.
    pub fn load() -> Result<Config, ConfigError> {
        let explicit = std::env::var_os("BADGELENS_CONFIG").is_some_and(|p| !p.is_empty());
        match config_path() {
            Some(path) if explicit || path.exists() => Config::from_file(&path),
            _ => Ok(Config::default()),
        }
    }

    pub fn from_file(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        serde_json::from_slice(&text).map_err(|source| ConfigError::Parse {
            path: path.to_path_buf(),
            source,
        })
    }

    /// The cache directory in force, if any.
    pub fn cache_dir(&self) -> Option<PathBuf> {
        self.cache_dir
            .clone()
            .or_else(|| project_dirs().map(|d| d.cache_dir().to_path_buf()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocol_defaults() {
        let c: Config = serde_json::from_str("{}").unwrap();
        assert_eq!(c.network.timeout_ms, 10_000);
        assert_eq!(
            c.network.max_bytes,
            MaxBytes {
                json: 2_097_152,
                image: 16_777_216
            }
        );
        assert!(c.network.allow_private.is_empty());
    }

    #[test]
    fn reads_the_documented_shape() {
        let c: Config = serde_json::from_str(
            r#"{"network":{"allow_private":["127.0.0.1:8443"],"resolve":{"api.credly.com:443":"127.0.0.1:8443"},
                "max_bytes":{"json":1000}},
               "resolvers":[{"name":"t","page":"^x","assertion":"y"}], "future_key": true}"#,
        )
        .unwrap();
        assert_eq!(c.network.allow_private, vec!["127.0.0.1:8443"]);
        assert_eq!(c.network.resolve["api.credly.com:443"], "127.0.0.1:8443");
        assert_eq!(c.network.max_bytes.json, 1000);
        assert_eq!(c.network.max_bytes.image, 16_777_216);
        assert_eq!(c.resolvers.len(), 1);
    }
}
