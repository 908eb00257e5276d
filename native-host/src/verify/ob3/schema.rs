//! `credentialSchema` (`1EdTechJsonSchemaValidator2019`): the credential
//! against the JSON Schema it names, reported as the `schema` check and
//! only ever as a warning. The official OB 3.0 schema rejects some validly
//! signed real credentials (CRATES.md trap 3), so a schema result never
//! changes the verdict.
//!
//! The OB 3.0 schemas are published under the IMS licence, which does not
//! allow bundling them, so the schema is fetched from the URL the
//! credential names, through [`Ob3Network`]; `$ref`s are never followed
//! outside the fetched document (no file or network loader).

use serde_json::Value;
use url::Url;

use super::{list, Ob3Context};
use crate::messages::CheckName;
use crate::verify::report::Report;

/// Refuses every `$ref` outside the schema document itself.
struct NoLoader;

impl boon::UrlLoader for NoLoader {
    fn load(&self, url: &str) -> Result<Value, Box<dyn std::error::Error>> {
        Err(format!("BadgeLens does not load schema references ({url})").into())
    }
}

/// Validates `instance` against `schema` (found at `url`). `Err` says why.
pub fn validate(url: &str, schema: Value, instance: &Value) -> Result<(), String> {
    let mut compiler = boon::Compiler::new();
    compiler.use_loader(Box::new(NoLoader));
    let mut schemas = boon::Schemas::new();
    compiler
        .add_resource(url, schema)
        .map_err(|e| format!("the schema cannot be read: {e}"))?;
    let index = compiler
        .compile(url, &mut schemas)
        .map_err(|e| format!("the schema cannot be compiled: {e}"))?;
    schemas.validate(instance, index).map_err(|e| {
        let text = format!("{e:#}");
        let short: String = text.chars().take(600).collect();
        format!("the credential does not follow its schema: {short}")
    })
}

/// Runs every JSON Schema the credential names; warnings only.
pub async fn check(r: &mut Report, doc: &Value, ctx: Ob3Context<'_>) {
    for entry in list(doc.get("credentialSchema")) {
        let kind = entry.get("type").and_then(Value::as_str).unwrap_or("");
        if !matches!(
            kind,
            "1EdTechJsonSchemaValidator2019" | "JsonSchema" | "JsonSchemaValidator2018"
        ) {
            r.skip(
                CheckName::Schema,
                format!("a credentialSchema of type {kind:?}, which BadgeLens does not run"),
            );
            continue;
        }
        let Some(url) = entry
            .get("id")
            .and_then(Value::as_str)
            .and_then(|u| Url::parse(u).ok())
        else {
            r.warn(CheckName::Schema, "a credentialSchema without a usable URL");
            continue;
        };
        if url.scheme() != "https" && url.scheme() != "http" {
            r.warn(
                CheckName::Schema,
                format!(
                    "the schema URL uses the {}: scheme; not fetched",
                    url.scheme()
                ),
            );
            continue;
        }
        let Some(net) = ctx.net else {
            r.skip(
                CheckName::Schema,
                format!("the schema {url} was not fetched (no network access)"),
            );
            continue;
        };
        match net
            .json(url.as_str(), crate::cache::Freshness::Cached)
            .await
        {
            Ok(schema) => match validate(url.as_str(), schema.value, doc) {
                Ok(()) => r.pass(
                    CheckName::Schema,
                    format!("the credential follows the schema {url}"),
                ),
                Err(e) => r.warn(CheckName::Schema, e),
            },
            Err(e) => r.warn(
                CheckName::Schema,
                format!("the schema {url} could not be fetched: {e}"),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn validates_and_never_loads_references() {
        let schema = json!({"type": "object", "required": ["issuer"]});
        assert!(validate(
            "https://s.example/a.json",
            schema.clone(),
            &json!({"issuer": "x"})
        )
        .is_ok());
        assert!(validate("https://s.example/a.json", schema, &json!({})).is_err());
        let refs = json!({"$ref": "file:///etc/passwd"});
        assert!(validate("https://s.example/b.json", refs, &json!({})).is_err());
    }
}
