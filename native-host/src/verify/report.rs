//! Collecting checks into a verdict.
//!
//! Every check that fails or cannot run raises the verdict by the protocol's
//! precedence (`invalid > revoked > expired > unverifiable > verified`). The
//! report starts as "verified" only in name: [`Report::finish`] refuses to
//! say `verified` unless a check that proves authenticity (the issuer's
//! server confirmed a hosted assertion, or a signature verified) passed. A
//! false green is the worst bug this product can have, so that guard sits
//! here, below every verification path.

use crate::messages::{BadgeInfo, Check, CheckName, CheckStatus, Rule, Verdict, VerifyResult};

/// Checks whose pass proves the badge came from its issuer.
const AUTHENTICITY_CHECKS: [CheckName; 2] = [CheckName::FetchAssertion, CheckName::Signature];

#[derive(Debug, Clone)]
pub struct Report {
    pub badge: Option<BadgeInfo>,
    pub checks: Vec<Check>,
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

    pub fn raise(&mut self, verdict: Verdict) {
        self.verdict = self.verdict.worst(verdict);
    }

    fn has_passed(&self, name: CheckName) -> bool {
        self.checks
            .iter()
            .any(|c| c.check == name && c.status == CheckStatus::Pass)
    }

    /// The final result. A `verified` verdict without a passing authenticity
    /// check is downgraded to `unverifiable`.
    pub fn finish(mut self, elapsed_ms: f64) -> VerifyResult {
        if !self.not_a_badge
            && self.verdict == Verdict::Verified
            && !AUTHENTICITY_CHECKS.iter().any(|c| self.has_passed(*c))
        {
            self.cannot_check(
                CheckName::Signature,
                "nothing confirmed that the issuer made this badge",
            );
        }
        let verdict = self.verdict();
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

        let mut r = Report::new();
        r.pass(CheckName::Signature, "valid");
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
