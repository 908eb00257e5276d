//! Open Badges 3.0 credentials: Data Integrity and VC-JWT proofs, issuer
//! keys (`did:key`, `did:jwk`, `did:web`, HTTPS documents), status lists,
//! dates and recipients.
//!
//! Every network access goes through [`Ob3Network`], so the engine can hand
//! in the safe fetcher (SSRF rules, size caps, time budget) and tests a
//! loopback server. Without one, checks that need the network say
//! `unverifiable` rather than guess.

pub mod canon;
pub mod jwt;
pub mod keys;
pub mod proofs;
pub mod rdfc;
pub mod remote_contexts;
pub mod schema;
pub mod status;

use serde_json::{Map, Value};

use super::claims;
pub(crate) use super::json::one_or_many as list;
use super::json::strings;
use super::keys::{verify_signature, PublicKey, SigAlg};
use super::net::Net;
use super::report::Report;
use crate::clock::Timestamp;
use crate::messages::{BadgeFormat, BadgeInfo, Check, CheckName, IssuerIdentity, Verdict};
use canon::CanonError;
use keys::{KeyError, VerificationKey};
use proofs::Suite;

/// What one verification may use.
#[derive(Clone, Copy)]
pub struct Ob3Context<'a> {
    pub now: Timestamp,
    pub recipient: &'a [String],
    /// `None`: no network (fuzzing, offline unit tests): what needs it
    /// is `unverifiable`.
    pub net: Option<&'a Net<'a>>,
}

/// The issuer's id (`issuer` is a string or an object with `id`).
pub fn issuer_id(doc: &Value) -> Option<String> {
    match doc.get("issuer") {
        Some(Value::String(s)) => Some(s.clone()),
        Some(o) => o.get("id").and_then(Value::as_str).map(str::to_string),
        None => None,
    }
}

/// What the credential claims, for the details card.
pub fn describe(doc: &Value) -> BadgeInfo {
    let s = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let mut b = BadgeInfo::new(BadgeFormat::Ob3);
    let subject = list(doc.get("credentialSubject")).into_iter().next();
    let achievement = subject.and_then(|c| c.get("achievement"));
    b.name = s(achievement.and_then(|a| a.get("name"))).or_else(|| s(doc.get("name")));
    b.description =
        s(achievement.and_then(|a| a.get("description"))).or_else(|| s(doc.get("description")));
    b.image = achievement
        .and_then(|a| a.get("image"))
        .and_then(|i| s(Some(i)).or_else(|| s(i.get("id"))));
    b.criteria_url = s(achievement
        .and_then(|a| a.get("criteria"))
        .and_then(|c| c.get("id")));
    b.assertion_id = s(doc.get("id"));
    b.issued_on = s(doc.get("validFrom")).or_else(|| s(doc.get("issuanceDate")));
    b.expires = s(doc.get("validUntil")).or_else(|| s(doc.get("expirationDate")));
    b.issuer.id = issuer_id(doc);
    if let Some(issuer) = doc.get("issuer").filter(|i| i.is_object()) {
        b.issuer.name = s(issuer.get("name"));
        b.issuer.url = s(issuer.get("url"));
        b.issuer.email = s(issuer.get("email"));
    }
    b.evidence = list(doc.get("evidence")).into_iter().cloned().collect();
    if let Some(subject) = subject {
        if let Some(id) = s(subject.get("id")) {
            b.recipient.kind = Some("id".into());
            b.recipient.plaintext = Some(id);
        } else if let Some(ident) = list(subject.get("identifier")).into_iter().next() {
            b.recipient.kind = s(ident.get("identityType"));
            b.recipient.hashed = ident
                .get("hashed")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            if !b.recipient.hashed {
                b.recipient.plaintext = s(ident.get("identityHash"));
            }
        }
        b.recipient.name = s(subject.get("name"));
    }
    b
}

/// Verifies an OB 3.0 credential given as JSON (embedded proofs). JSON-LD
/// contexts it names that are not bundled are fetched first
/// ([`remote_contexts`]) and used for this credential only.
pub async fn verify_credential(doc: &Value, ctx: Ob3Context<'_>) -> Report {
    match remote_contexts::fetch_for(doc, ctx.net).await {
        Ok(fetched) if fetched.is_empty() => verify_with_contexts(doc, ctx).await,
        Ok(fetched) => {
            let mut urls: Vec<&str> = fetched.keys().map(String::as_str).collect();
            urls.sort_unstable();
            let fetched_check = Check::pass(
                CheckName::Parse,
                format!(
                    "the credential uses JSON-LD context(s) of its own, fetched and checked: {}",
                    urls.join(", ")
                ),
            );
            let mut r = remote_contexts::scope(fetched, verify_with_contexts(doc, ctx)).await;
            r.prepend(fetched_check);
            r
        }
        // The context's own failure comes first; the rest of the
        // verification (dates, status) still runs and says what it can.
        Err(remote_contexts::ContextError::Unavailable(m)) => {
            let mut r = verify_with_contexts(doc, ctx).await;
            r.prepend(Check::fail(CheckName::Parse, m));
            r.raise(Verdict::Unverifiable);
            r
        }
        Err(remote_contexts::ContextError::Redefines(m)) => {
            let mut r = verify_with_contexts(doc, ctx).await;
            r.prepend(Check::fail(CheckName::Parse, m));
            r.raise(Verdict::Invalid);
            r
        }
    }
}

async fn verify_with_contexts(doc: &Value, ctx: Ob3Context<'_>) -> Report {
    let mut r = Report::new();
    let mut info = describe(doc);
    let Some(map) = doc.as_object() else {
        r.fail(
            CheckName::Parse,
            Verdict::Invalid,
            "the credential is not a JSON object",
        );
        return r;
    };
    let t = strings(doc.get("type"));
    if !t.iter().any(|t| t == "VerifiableCredential") {
        r.fail(
            CheckName::Parse,
            Verdict::Invalid,
            "the credential's type does not include VerifiableCredential",
        );
    } else if !t.iter().any(|t| {
        matches!(
            t.as_str(),
            "OpenBadgeCredential" | "AchievementCredential" | "EndorsementCredential"
        )
    }) {
        r.warn(CheckName::Parse, "the credential is not typed OpenBadgeCredential, AchievementCredential or EndorsementCredential");
    }
    if issuer_id(doc).is_none() {
        r.fail(
            CheckName::Parse,
            Verdict::Invalid,
            "the credential names no issuer",
        );
    }

    // JSON-LD: bundled contexts only, safe mode, and the document's
    // canonical form for every proof, in one pass.
    // The first verifiable proof's options share that pass when they can.
    let unsecured = proofs::unsecured(map);
    let proof_list = list(map.get("proof"));
    let mut first_options: Option<(usize, String)> = None;
    let paired = proof_list
        .iter()
        .position(|p| Suite::of(p).is_some())
        .and_then(|i| {
            canon::safe_canonical_pair(&unsecured, &proofs::split(map, proof_list[i]).1)
                .map(|r| (i, r))
        });
    let document_result = match paired {
        Some((i, Ok((document, options)))) => {
            first_options = Some((i, options));
            Ok(document)
        }
        // A failed pair may be the proof's fault: judge the document alone.
        _ => canon::safe_canonical_nquads(&unsecured),
    };
    let document_canon = match document_result {
        Ok(c) => {
            r.pass(
                CheckName::Parse,
                "the credential is JSON-LD whose contexts define every term",
            );
            Some(c)
        }
        Err(e @ (CanonError::UnknownContext(_) | CanonError::TooComplex(_))) => {
            r.fail(CheckName::Parse, Verdict::Unverifiable, e.to_string());
            None
        }
        Err(e) => {
            r.fail(CheckName::Parse, Verdict::Invalid, e.to_string());
            None
        }
    };
    // Proofs BadgeLens cannot verify are still held to safe mode, as JSON-LD
    // processors that expand the whole document do.
    for proof in list(map.get("proof"))
        .into_iter()
        .filter(|p| Suite::of(p).is_none())
    {
        if let Err(e @ CanonError::UndefinedTerm(_)) =
            canon::check_safe_mode(&proofs::split(map, proof).1)
        {
            r.fail(
                CheckName::Parse,
                Verdict::Invalid,
                format!("in a proof: {e}"),
            );
        }
    }
    let jsonld_ok = document_canon.is_some();

    if let Some(document_canon) = document_canon.as_deref().filter(|_| jsonld_ok) {
        let pre = first_options.as_ref().map(|(i, o)| (*i, o.as_str()));
        match verify_embedded_proofs(map, document_canon, pre, ctx).await {
            ProofsOutcome::Valid { suite, key, notes } => {
                info.verification = Some(suite.verification_name().to_string());
                r.pass(
                    CheckName::Signature,
                    format!(
                        "the {} proof by {} is valid",
                        suite.verification_name(),
                        key.id
                    ),
                );
                if suite == Suite::Eddsa2022 {
                    r.warn(CheckName::Signature, "the proof uses the pre-standard cryptosuite name eddsa-2022 (now eddsa-rdfc-2022)");
                }
                for note in notes {
                    r.record(note, Verdict::Verified);
                }
                key_owner(&mut r, issuer_id(doc).as_deref(), &key, ctx).await;
            }
            ProofsOutcome::None { verdict, checks } => {
                if let Some(Suite::EddsaRdfc2022 | Suite::Eddsa2022) = first_suite(map) {
                    info.verification = Some("eddsa-rdfc-2022".into());
                } else if let Some(suite) = first_suite(map) {
                    info.verification = Some(suite.verification_name().into());
                }
                for check in checks {
                    r.record(check, verdict);
                }
            }
        }
    } else {
        r.skip(
            CheckName::Signature,
            "the proof was not checked, because the credential cannot be canonicalized",
        );
        r.raise(Verdict::Unverifiable);
    }

    dates(&mut r, doc, ctx.now, None);
    status::check(&mut r, &mut info, doc, ctx).await;
    schema::check(&mut r, doc, ctx).await;
    recipient(&mut r, &mut info, doc, ctx.recipient);
    r.badge = Some(info);
    r
}

fn first_suite(map: &Map<String, Value>) -> Option<Suite> {
    list(map.get("proof")).into_iter().find_map(Suite::of)
}

/// How the embedded proofs came out.
pub enum ProofsOutcome {
    /// One proof verified (others are in `notes`).
    Valid {
        suite: Suite,
        key: VerificationKey,
        notes: Vec<Check>,
    },
    /// None verified: the verdict that says why, and one check per proof.
    None {
        verdict: Verdict,
        checks: Vec<Check>,
    },
}

/// Verifies every embedded proof; any one valid proof suffices.
/// `document_canon` is the safe-mode canonical form of the document
/// without its proofs ([`canon::safe_canonical_nquads`]).
pub async fn verify_embedded_proofs(
    map: &Map<String, Value>,
    document_canon: &str,
    precomputed: Option<(usize, &str)>,
    ctx: Ob3Context<'_>,
) -> ProofsOutcome {
    let proofs = list(map.get("proof"));
    if proofs.is_empty() {
        return ProofsOutcome::None {
            verdict: Verdict::Unverifiable,
            checks: vec![Check::skip(
                CheckName::Signature,
                "the credential carries no proof",
            )],
        };
    }
    let mut checks = Vec::new();
    let mut verdict = Verdict::Unverifiable;
    let mut valid = None;
    let issuer = map.get("issuer").and_then(|i| match i {
        Value::String(s) => Some(s.clone()),
        o => o.get("id").and_then(Value::as_str).map(str::to_string),
    });
    for (i, proof) in proofs.into_iter().enumerate() {
        let options_canon = precomputed.filter(|(at, _)| *at == i).map(|(_, c)| c);
        match verify_one_proof(map, document_canon, options_canon, proof, ctx).await {
            Ok((suite, key)) if valid.is_none() => valid = Some((suite, key)),
            // A later proof by a key named under the issuer's own id is the
            // better witness: the key owner is judged on the proof kept.
            Ok((suite, key))
                if under(&key, issuer.as_deref())
                    && valid
                        .as_ref()
                        .is_some_and(|(_, k): &(Suite, VerificationKey)| {
                            !under(k, issuer.as_deref())
                        }) =>
            {
                if let Some((old_suite, old_key)) = valid.replace((suite, key)) {
                    checks.push(Check::pass(
                        CheckName::Signature,
                        format!(
                            "another {} proof by {} is valid too",
                            old_suite.verification_name(),
                            old_key.id
                        ),
                    ));
                }
            }
            Ok((suite, key)) => checks.push(Check::pass(
                CheckName::Signature,
                format!(
                    "another {} proof by {} is valid too",
                    suite.verification_name(),
                    key.id
                ),
            )),
            Err((v, check)) => {
                verdict = verdict.worst(v);
                checks.push(check);
            }
        }
    }
    match valid {
        Some((suite, key)) => {
            // Other proofs that failed are reported, not counted against it.
            let notes = checks
                .into_iter()
                .map(|c| match c.status {
                    crate::messages::CheckStatus::Fail => Check {
                        status: crate::messages::CheckStatus::Warn,
                        ..c
                    },
                    _ => c,
                })
                .collect();
            ProofsOutcome::Valid { suite, key, notes }
        }
        None => ProofsOutcome::None { verdict, checks },
    }
}

/// Is the key's id under the issuer's id (`did:web:x#k` for `did:web:x`)?
/// Only a preference between valid proofs; ownership is [`keys::issuer_owns`].
fn under(key: &VerificationKey, issuer: Option<&str>) -> bool {
    issuer.is_some_and(|i| key.id.split('#').next() == Some(i))
}

type ProofFailure = (Verdict, Check);

fn proof_fail(verdict: Verdict, message: String) -> ProofFailure {
    (verdict, Check::fail(CheckName::Signature, message))
}

fn key_failure(e: KeyError) -> ProofFailure {
    match e {
        KeyError::Unsupported(m) => proof_fail(Verdict::Unverifiable, m),
        KeyError::Malformed(m) | KeyError::NotFound(m) => proof_fail(Verdict::Invalid, m),
        KeyError::Network { what, failure } => {
            let (check, verdict) = super::net::failure(CheckName::Signature, &what, &failure);
            (verdict, check)
        }
    }
}

async fn verify_one_proof(
    map: &Map<String, Value>,
    document_canon: &str,
    options_canon: Option<&str>,
    proof: &Value,
    ctx: Ob3Context<'_>,
) -> Result<(Suite, VerificationKey), ProofFailure> {
    let Some(suite) = Suite::of(proof) else {
        let t = proof.get("type").and_then(Value::as_str).unwrap_or("?");
        let cs = proof
            .get("cryptosuite")
            .and_then(Value::as_str)
            .map(|c| format!(" ({c})"))
            .unwrap_or_default();
        let why = proofs::unsupported_reason(proof)
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        return Err(proof_fail(
            Verdict::Unverifiable,
            format!("a proof of type {t}{cs}, which BadgeLens does not verify{why}"),
        ));
    };
    let name = suite.verification_name();
    match proof.get("proofPurpose").and_then(Value::as_str) {
        Some("assertionMethod") => {}
        other => {
            return Err(proof_fail(
                Verdict::Invalid,
                format!("the {name} proof's purpose is {other:?}, not assertionMethod"),
            ));
        }
    }
    let Some(vm) = proof.get("verificationMethod").and_then(Value::as_str) else {
        return Err(proof_fail(
            Verdict::Invalid,
            format!("the {name} proof names no verificationMethod"),
        ));
    };
    let sig = proof
        .get("proofValue")
        .and_then(Value::as_str)
        .and_then(|v| v.strip_prefix('z'))
        .and_then(|v| bs58::decode(v).into_vec().ok())
        .ok_or_else(|| {
            proof_fail(
                Verdict::Invalid,
                format!("the {name} proofValue is not base58btc"),
            )
        })?;
    let key = match keys::fragment_key(vm) {
        Some(k) => k,
        None => keys::resolve(vm, ctx.net).await.map_err(key_failure)?,
    };
    // The suite fixes the key type, the signature's size and the hash.
    let (alg, sig_len, sha384) = match (suite, &key.key) {
        (Suite::EcdsaRdfc2019, PublicKey::P256(_)) => (SigAlg::Es256, 64, false),
        (Suite::EcdsaRdfc2019, PublicKey::P384(_)) => (SigAlg::Es384, 96, true),
        (Suite::EcdsaRdfc2019, _) => {
            return Err(proof_fail(
                Verdict::Invalid,
                format!("{vm} is not a P-256 or P-384 key, which {name} needs"),
            ));
        }
        (_, PublicKey::Ed25519(_)) => (SigAlg::EdDsa, 64, false),
        _ => {
            return Err(proof_fail(
                Verdict::Invalid,
                format!("{vm} is not an Ed25519 key, which {name} needs"),
            ));
        }
    };
    if sig.len() != sig_len {
        return Err(proof_fail(
            Verdict::Invalid,
            format!(
                "the {name} proofValue is {} bytes, not the {sig_len} of a signature by {vm}",
                sig.len()
            ),
        ));
    }
    let data = match options_canon {
        Some(options) => Ok(proofs::from_canons(document_canon, options)),
        None => proofs::hash_with_document(document_canon, map, proof),
    }
    .map_err(|e| {
        let v = match e {
            CanonError::UnknownContext(_) | CanonError::TooComplex(_) => Verdict::Unverifiable,
            _ => Verdict::Invalid,
        };
        proof_fail(v, e.to_string())
    })?;
    let signed = if sha384 {
        data.signed_bytes_sha384()
    } else {
        data.signed_bytes()
    };
    verify_signature(&key.key, alg, &signed, &sig)
        .map_err(|m| proof_fail(Verdict::Invalid, format!("the {name} proof by {vm} is not valid: {m} (the credential was altered, or signed by another key)")))?;
    Ok((suite, key))
}

/// Is the key that made the valid proof the issuer's own? Decided by the
/// issuer's authority only ([`keys::issuer_owns`]); shared by Data
/// Integrity proofs, VC-JWTs and status lists.
pub(crate) async fn key_owner(
    r: &mut Report,
    issuer: Option<&str>,
    key: &VerificationKey,
    ctx: Ob3Context<'_>,
) {
    let Some(issuer) = issuer else {
        r.fail(
            CheckName::KeyOwner,
            Verdict::Invalid,
            "the credential names no issuer to own the key",
        );
        return;
    };
    match keys::issuer_owns(issuer, key, ctx).await {
        Ok(identity) => {
            let how = match &identity {
                Some(IssuerIdentity::Key) => format!("{} is the issuer's own key ({issuer} is a bare key: nothing ties it to a name)", key.id),
                _ => format!("the issuer {issuer} lists {} as its assertion key", key.id),
            };
            r.pass(CheckName::KeyOwner, how);
            if let Some(identity) = identity {
                r.identify_issuer(identity);
            }
        }
        Err((verdict, check)) => r.record(check, verdict),
    }
}

/// Issue and expiry dates, by the rules all versions share
/// ([`claims`]). `jwt` carries `(nbf, exp)` of a VC-JWT.
pub fn dates(r: &mut Report, doc: &Value, now: Timestamp, jwt: Option<(Option<i64>, Option<i64>)>) {
    fn field<'a>(doc: &'a Value, names: &[&'static str]) -> Option<(&'static str, &'a Value)> {
        names.iter().find_map(|n| doc.get(*n).map(|v| (*n, v)))
    }
    // OB 3.0 dates are strings (a bare number is not a date here).
    let claim = |name: &str, v: &Value| match v {
        Value::String(_) => claims::date_of(Some(v)).unwrap_or_else(|| Err("empty".into())),
        _ => Err(format!("{name} is not a date string")),
    };
    let unix =
        |what: &str, n: i64| Timestamp::from_unix(n).ok_or_else(|| format!("{what} is not a date"));
    let (nbf, exp) = jwt.unwrap_or((None, None));
    let issued_field = field(doc, &["validFrom", "issuanceDate"]);
    let mut issued =
        issued_field.and_then(|(name, v)| claims::judge_issued(r, name, claim(name, v), now));
    if let Some(nbf) = nbf {
        let t = claims::judge_issued(r, "the token's nbf", unix("the token's nbf", nbf), now);
        issued = issued.or(t);
    }
    let vc11 = doc
        .get("@context")
        .is_some_and(|c| c.to_string().contains("2018/credentials/v1"));
    if issued_field.is_none() && nbf.is_none() && vc11 {
        r.fail(
            CheckName::IssuedOn,
            Verdict::Invalid,
            "a VC 1.1 credential without issuanceDate",
        );
    }
    match field(doc, &["validUntil", "expirationDate"]) {
        Some((name, v)) => claims::judge_expiry(r, name, claim(name, v), issued, now),
        None if exp.is_none() => r.pass(CheckName::Expiry, "the credential does not expire"),
        None => {}
    }
    if let Some(exp) = exp {
        claims::judge_expiry(
            r,
            "the token's exp",
            unix("the token's exp", exp),
            issued,
            now,
        );
    }
}

/// `credentialSubject.id` and `identifier` entries against `options.recipient`.
pub(crate) fn recipient(r: &mut Report, info: &mut BadgeInfo, doc: &Value, wanted: &[String]) {
    if wanted.is_empty() {
        return;
    }
    let mut named = false;
    let mut matched = false;
    for subject in list(doc.get("credentialSubject")) {
        if let Some(id) = subject.get("id").and_then(Value::as_str) {
            named = true;
            let bare = id.strip_prefix("mailto:").unwrap_or(id);
            matched |= wanted
                .iter()
                .any(|w| w == id || w.eq_ignore_ascii_case(bare) && bare.contains('@'));
        }
        for ident in list(subject.get("identifier")) {
            let Some(hash) = ident.get("identityHash").and_then(Value::as_str) else {
                continue;
            };
            named = true;
            let hashed = ident
                .get("hashed")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            let salt = ident.get("salt").and_then(Value::as_str).unwrap_or("");
            matched |= claims::identity_matches(hash, salt, hashed, wanted);
        }
    }
    if !named {
        r.skip(
            CheckName::Recipient,
            "the credential names no recipient to compare",
        );
        return;
    }
    info.recipient.matched = Some(matched);
    if matched {
        r.pass(
            CheckName::Recipient,
            "the credential was issued to the given recipient",
        );
    } else {
        // A mismatch does not change the verdict (PROTOCOL.md).
        r.note_mismatch(
            CheckName::Recipient,
            "the credential was issued to someone else than the given recipient",
        );
    }
}
