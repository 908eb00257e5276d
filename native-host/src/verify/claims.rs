//! Claim rules shared by Open Badges 1, 2 and 3: validity dates and
//! recipient identities. One rule, one place: OB 2 and OB 3 call these, so
//! they cannot drift apart (an expiry exactly at `now`, an expiry before the
//! issue date, which hash algorithms count).

use md5::Digest as _;
use serde_json::Value;

use super::report::Report;
use crate::clock::Timestamp;
use crate::messages::{CheckName, Verdict};

/// A date claim: an RFC 3339 string, or (OB 1.x) a Unix time in seconds.
/// `None` when absent or `null`.
pub fn date_of(v: Option<&Value>) -> Option<Result<Timestamp, String>> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(Timestamp::parse(s).ok_or_else(|| format!("{s:?} is not a date"))),
        Value::Number(n) => Some(
            n.as_i64()
                .and_then(Timestamp::from_unix)
                .ok_or_else(|| format!("{n} is not a date")),
        ),
        other => Some(Err(format!("{other} is not a date"))),
    }
}

/// The issue date (`label` names the field): a date in the future is
/// `invalid`. Returns the date when it is one, for the expiry rule.
pub fn judge_issued(
    r: &mut Report,
    label: &str,
    claim: Result<Timestamp, String>,
    now: Timestamp,
) -> Option<Timestamp> {
    match claim {
        Err(e) => {
            r.fail(
                CheckName::IssuedOn,
                Verdict::Invalid,
                format!("{label}: {e}"),
            );
            None
        }
        Ok(t) if t > now => {
            r.fail(
                CheckName::IssuedOn,
                Verdict::Invalid,
                format!("{label} {} is in the future", t.to_rfc3339()),
            );
            Some(t)
        }
        Ok(t) => {
            r.pass(CheckName::IssuedOn, format!("issued on {}", t.date()));
            Some(t)
        }
    }
}

/// The expiry (`label` names the field): before the issue date is
/// `invalid`; at or before `now` is `expired` (the badge ceases to be valid
/// at that instant); else it passes.
pub fn judge_expiry(
    r: &mut Report,
    label: &str,
    claim: Result<Timestamp, String>,
    issued: Option<Timestamp>,
    now: Timestamp,
) {
    match claim {
        Err(e) => r.fail(CheckName::Expiry, Verdict::Invalid, format!("{label}: {e}")),
        Ok(exp) if issued.is_some_and(|i| exp < i) => r.fail(
            CheckName::Expiry,
            Verdict::Invalid,
            "it expires before it was issued",
        ),
        Ok(exp) if exp <= now => r.fail(
            CheckName::Expiry,
            Verdict::Expired,
            format!("it expired on {}", exp.date()),
        ),
        Ok(exp) => r.pass(CheckName::Expiry, format!("valid until {}", exp.date())),
    }
}

/// Is one of `candidates` the recipient `identity`? A hashed identity is
/// `alg$hex` of the identity followed by `salt` (an absent salt is the
/// empty string: Credly hashes unsalted), with `sha256` or `md5` as both
/// specs allow; emails are also tried lower-cased and trimmed, since
/// issuers differ in what they hash. A plaintext identity compares without
/// case only when it is an email address.
pub fn identity_matches(identity: &str, salt: &str, hashed: bool, candidates: &[String]) -> bool {
    let variants = |c: &String| {
        let mut v = vec![c.clone()];
        let folded = c.trim().to_lowercase();
        if folded != *c {
            v.push(folded);
        }
        v
    };
    candidates.iter().flat_map(variants).any(|candidate| {
        if hashed {
            hash_matches(identity, &candidate, salt)
        } else {
            identity.trim().eq_ignore_ascii_case(candidate.trim())
                && (identity.contains('@') || identity.trim() == candidate.trim())
        }
    })
}

/// Is `stored` (`alg$hex`) the hash of `value + salt`? Only `sha256` and
/// `md5`, the algorithms the OB 2.0 and OB 3.0 specs name.
fn hash_matches(stored: &str, value: &str, salt: &str) -> bool {
    let Some((alg, hex)) = stored.split_once('$') else {
        return false;
    };
    let input = format!("{value}{salt}");
    let digest: Vec<u8> = match alg.to_ascii_lowercase().as_str() {
        "sha256" => aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, input.as_bytes())
            .as_ref()
            .to_vec(),
        "md5" => md5::Md5::digest(input.as_bytes()).to_vec(),
        _ => return false,
    };
    let ours: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    ours.eq_ignore_ascii_case(hex.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::messages::CheckStatus;

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn md5_and_sha256_count_sha512_does_not() {
        let sha = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, b"alice@example.com");
        let hex: String = sha.as_ref().iter().map(|b| format!("{b:02X}")).collect();
        assert!(identity_matches(
            &format!("sha256${hex}"),
            "",
            true,
            &ids(&["Alice@example.com "])
        ));
        let md5hex: String = md5::Md5::digest(b"bob@example.comsalty")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert!(identity_matches(
            &format!("md5${md5hex}"),
            "salty",
            true,
            &ids(&["bob@example.com"])
        ));
        let sha512 = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA512, b"carol@example.com");
        let hex: String = sha512.as_ref().iter().map(|b| format!("{b:02x}")).collect();
        assert!(!identity_matches(
            &format!("sha512${hex}"),
            "",
            true,
            &ids(&["carol@example.com"])
        ));
    }

    fn verdict_of(f: impl FnOnce(&mut Report)) -> (Verdict, CheckStatus) {
        let mut r = Report::new();
        f(&mut r);
        let status = r.checks().last().map(|c| c.status).unwrap();
        (r.verdict(), status)
    }

    #[test]
    fn expiry_at_now_has_expired_and_before_issue_is_invalid() {
        let now = Timestamp::parse("2026-06-01T00:00:00Z").unwrap();
        let earlier = Timestamp::parse("2026-01-01T00:00:00Z").unwrap();
        assert_eq!(
            verdict_of(|r| judge_expiry(r, "expires", Ok(now), None, now)).0,
            Verdict::Expired
        );
        assert_eq!(
            verdict_of(|r| judge_expiry(r, "expires", Ok(earlier), Some(now), now)).0,
            Verdict::Invalid
        );
        let later = Timestamp::parse("2027-01-01T00:00:00Z").unwrap();
        assert_eq!(
            verdict_of(|r| judge_expiry(r, "expires", Ok(later), Some(earlier), now)),
            (Verdict::Verified, CheckStatus::Pass)
        );
        assert_eq!(
            verdict_of(|r| {
                judge_issued(r, "issuedOn", Ok(later), now);
            })
            .0,
            Verdict::Invalid
        );
    }
}
