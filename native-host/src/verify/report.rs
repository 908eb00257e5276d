//! Collecting checks into a verdict.
//!
//! Every check that fails or cannot run raises the verdict by the protocol's
//! precedence (`invalid > revoked > expired > unverifiable > verified`). The
//! checks are private: each one goes through a method here that raises the
//! verdict with it. The report starts as "verified" only in name:
//! [`Report::finish`] refuses to say `verified` unless the issuer's
//! authority proved the badge: the issuer's server confirmed a hosted
//! assertion *and* it is hosted where the issuer allows, or a signature
//! verified *and* the key is the issuer's own. A false green is the worst
//! bug this product can have, so that guard sits here, below every
//! verification path.

use crate::messages::{
    BadgeInfo, Check, CheckName, CheckStatus, IssuerIdentity, Rule, Verdict, VerifyResult,
};

/// Pairs of checks whose passes together prove the badge came from its
/// issuer: the content is authentic, and the issuer's authority vouches
/// for where it came from.
const AUTHENTICITY: [(CheckName, CheckName); 2] = [
    (CheckName::FetchAssertion, CheckName::IssuerOrigin),
    (CheckName::Signature, CheckName::KeyOwner),
];

#[derive(Debug, Clone)]
pub struct Report {
    pub badge: Option<BadgeInfo>,
    checks: Vec<Check>,
    /// How the issuer is identified, once an authority check proved it.
    issuer_identity: Option<IssuerIdentity>,
    verdict: Verdict,
    /// Set when there is no badge at all; overrides everything.
    not_a_badge: bool,
    /// What to say instead of the default summary, if anything.
    pub summary_override: Option<String>,
}

impl Default for Report {
    fn default() -> Self {
        Self::new()
    }
}

impl Report {
    pub fn new() -> Self {
        Report {
            badge: None,
            checks: Vec::new(),
            issuer_identity: None,
            verdict: Verdict::Verified,
            not_a_badge: false,
            summary_override: None,
        }
    }

    /// No badge data in the input.
    pub fn not_a_badge(reason: impl Into<String>) -> Self {
        let mut r = Report::new();
        r.not_a_badge = true;
        r.summary_override = Some(reason.into());
        r
    }

    pub fn is_not_a_badge(&self) -> bool {
        self.not_a_badge
    }

    /// For data found where a badge belongs (an image's badge slot): a
    /// "not a badge" outcome becomes `invalid`, with a failing `parse` check
    /// that says what the data was instead.
    pub fn broken_if_not_a_badge(mut self) -> Self {
        if self.not_a_badge {
            self.not_a_badge = false;
            let why = self.summary_override.take().unwrap_or_default();
            self.fail(
                CheckName::Parse,
                Verdict::Invalid,
                format!("the image's badge data is not a badge assertion or credential: {why}"),
            );
        }
        self
    }

    /// The verdict so far.
    pub fn verdict(&self) -> Verdict {
        if self.not_a_badge {
            Verdict::NotABadge
        } else {
            self.verdict
        }
    }

    pub fn pass(&mut self, check: CheckName, message: impl Into<String>) {
        self.checks.push(Check::pass(check, message));
    }

    pub fn warn(&mut self, check: CheckName, message: impl Into<String>) {
        self.checks.push(Check::warn(check, message));
    }

    pub fn skip(&mut self, check: CheckName, message: impl Into<String>) {
        self.checks.push(Check::skip(check, message));
    }

    /// A failing check that makes the badge `verdict` (at least).
    pub fn fail(&mut self, check: CheckName, verdict: Verdict, message: impl Into<String>) {
        self.checks.push(Check::fail(check, message));
        self.raise(verdict);
    }

    /// A failing check for a fetch refused by a network rule: `unverifiable`.
    pub fn refused(&mut self, check: CheckName, rule: Rule, message: impl Into<String>) {
        self.checks
            .push(Check::fail(check, message).with_rule(rule));
        self.raise(Verdict::Unverifiable);
    }

    /// A check that could not run (not built, offline, ...): `unverifiable`.
    pub fn cannot_check(&mut self, check: CheckName, message: impl Into<String>) {
        self.checks.push(Check::skip(check, message));
        self.raise(Verdict::Unverifiable);
    }

    /// A failing check for a fact that came from a document that does not
    /// speak for it (rule `authority`, see [`super::authority`]).
    pub fn untrusted(&mut self, check: CheckName, verdict: Verdict, message: impl Into<String>) {
        self.checks
            .push(Check::fail(check, message).with_rule(Rule::Authority));
        self.raise(verdict);
    }

    /// A failing check that does not change the verdict: the badge is
    /// genuine, but not the named person's (PROTOCOL.md: recipient).
    pub fn note_mismatch(&mut self, check: CheckName, message: impl Into<String>) {
        self.checks.push(Check::fail(check, message));
    }

    /// A check built elsewhere, with the verdict it stands for.
    pub fn record(&mut self, check: Check, verdict: Verdict) {
        self.checks.push(check);
        self.raise(verdict);
    }

    /// Puts a check first (what the image held, before what it says).
    pub fn prepend(&mut self, check: Check) {
        self.checks.insert(0, check);
    }

    /// Takes in a sub-report's checks and verdict.
    pub fn absorb(&mut self, other: Report) {
        self.raise(other.verdict());
        self.checks.extend(other.checks);
    }

    pub fn checks(&self) -> &[Check] {
        &self.checks
    }

    /// Records how the issuer is identified; shown only with a verdict
    /// that the issuer's authority backs.
    pub fn identify_issuer(&mut self, identity: IssuerIdentity) {
        self.issuer_identity = Some(identity);
    }

    /// How the issuer is identified so far (by an authority check).
    pub fn issuer_identity(&self) -> Option<&IssuerIdentity> {
        self.issuer_identity.as_ref()
    }

    pub fn raise(&mut self, verdict: Verdict) {
        self.verdict = self.verdict.worst(verdict);
    }

    fn has_passed(&self, name: CheckName) -> bool {
        self.checks
            .iter()
            .any(|c| c.check == name && c.status == CheckStatus::Pass)
    }

    /// The final result. A `verified` verdict without both checks of an
    /// [`AUTHENTICITY`] pair passing is downgraded to `unverifiable`.
    pub fn finish(mut self, elapsed_ms: f64) -> VerifyResult {
        if !self.not_a_badge
            && self.verdict == Verdict::Verified
            && !AUTHENTICITY
                .iter()
                .any(|(a, b)| self.has_passed(*a) && self.has_passed(*b))
        {
            self.cannot_check(
                CheckName::KeyOwner,
                "nothing the issuer controls confirmed that the issuer made this badge",
            );
        }
        let verdict = self.verdict();
        if let (Some(badge), Some(identity)) = (self.badge.as_mut(), self.issuer_identity.take()) {
            if matches!(
                verdict,
                Verdict::Verified | Verdict::Expired | Verdict::Revoked
            ) {
                identity.write_to(&mut badge.issuer);
            }
        }
        let summary = self.summary_override.clone().unwrap_or_else(|| {
            super::summary::summarise(verdict, self.badge.as_ref(), &self.checks)
        });
        VerifyResult {
            verdict,
            summary,
            badge: if self.not_a_badge { None } else { self.badge },
            checks: self.checks,
            elapsed_ms,
            truncated: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precedence() {
        let mut r = Report::new();
        r.pass(CheckName::Signature, "ok");
        r.fail(CheckName::Expiry, Verdict::Expired, "expired");
        r.fail(CheckName::Revocation, Verdict::Revoked, "revoked");
        r.cannot_check(CheckName::BadgeClass, "offline");
        assert_eq!(r.verdict(), Verdict::Revoked);
        r.fail(CheckName::HostedMatch, Verdict::Invalid, "differs");
        assert_eq!(r.finish(0.0).verdict, Verdict::Invalid);
    }

    #[test]
    fn never_green_without_proof_of_authenticity() {
        let mut r = Report::new();
        r.pass(CheckName::Parse, "parsed");
        r.pass(CheckName::Expiry, "not expired");
        let result = r.finish(0.0);
        assert_eq!(result.verdict, Verdict::Unverifiable);

        // A valid signature by a key nobody tied to the issuer is not enough.
        let mut r = Report::new();
        r.pass(CheckName::Signature, "valid");
        assert_eq!(r.finish(0.0).verdict, Verdict::Unverifiable);
        let mut r = Report::new();
        r.pass(CheckName::FetchAssertion, "answered");
        assert_eq!(r.finish(0.0).verdict, Verdict::Unverifiable);

        let mut r = Report::new();
        r.pass(CheckName::Signature, "valid");
        r.pass(CheckName::KeyOwner, "the issuer's key");
        assert_eq!(r.finish(0.0).verdict, Verdict::Verified);
        let mut r = Report::new();
        r.pass(CheckName::FetchAssertion, "answered");
        r.pass(CheckName::IssuerOrigin, "on the issuer's site");
        assert_eq!(r.finish(0.0).verdict, Verdict::Verified);
    }

    #[test]
    fn not_a_badge_in_a_badge_slot_is_broken_badge_data() {
        let mut r = Report::not_a_badge("This is an issuer profile.");
        r.pass(CheckName::Unbake, "found a JSON document");
        let result = r.broken_if_not_a_badge().finish(0.0);
        assert_eq!(result.verdict, Verdict::Invalid);
        let parse = result
            .checks
            .iter()
            .find(|c| c.check == CheckName::Parse)
            .unwrap();
        assert_eq!(parse.status, CheckStatus::Fail);
        assert!(parse.message.contains("issuer profile"));
        // Anything else is left alone.
        let mut ok = Report::new();
        ok.pass(CheckName::Signature, "valid");
        ok.pass(CheckName::KeyOwner, "the issuer's key");
        assert_eq!(
            ok.broken_if_not_a_badge().finish(0.0).verdict,
            Verdict::Verified
        );
    }

    #[test]
    fn not_a_badge_has_no_badge() {
        let result = Report::not_a_badge("no badge data").finish(1.0);
        assert_eq!(result.verdict, Verdict::NotABadge);
        assert!(result.badge.is_none());
    }
}
