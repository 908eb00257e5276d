//! Time: RFC 3339 timestamps in whole seconds, which is all the protocol's
//! date rules need (`options.now`, issue dates, expiry, JWT `nbf`/`exp`).
//!
//! Badges write dates loosely (bare dates, offsets without a colon, Unix
//! seconds in OB 1.0), so parsing is lenient in form but strict in range:
//! years 0000-9999 only, every field checked, so `NaN` or year 99999 is
//! `None` rather than a wrapped-around date.
use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970-01-01T00:00:00Z (negative before it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub i64);

impl Timestamp {
    pub fn now() -> Self {
        let secs = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Timestamp(secs)
    }

    /// Parses RFC 3339 / ISO 8601 date-times as badges write them:
    /// `2026-03-02T00:00:00Z`, with fractional seconds or an offset, or a
    /// bare date `2026-03-02` (midnight UTC). Years are 4 digits; anything
    /// else (NaN, year 99999, out-of-range fields) is `None`.
    pub fn parse(text: &str) -> Option<Self> {
        let s = text.trim();
        let b = s.as_bytes();
        if b.len() < 10 || b[4] != b'-' || b[7] != b'-' {
            return None;
        }
        let year = digits(&b[0..4])?;
        let month = digits(&b[5..7])?;
        let day = digits(&b[8..10])?;
        if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
            return None;
        }
        let mut secs = days_from_civil(year, month, day) * 86_400;
        if b.len() == 10 {
            return Some(Timestamp(secs));
        }
        if !(b[10] == b'T' || b[10] == b't' || b[10] == b' ') || b.len() < 16 {
            return None;
        }
        let hour = digits(&b[11..13])?;
        if b[13] != b':' {
            return None;
        }
        let minute = digits(&b[14..16])?;
        let mut rest = &b[16..];
        let mut second = 0;
        if rest.first() == Some(&b':') {
            if rest.len() < 3 {
                return None;
            }
            second = digits(&rest[1..3])?;
            rest = &rest[3..];
        }
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        if rest.first() == Some(&b'.') {
            let frac = rest[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            if frac == 0 {
                return None;
            }
            rest = &rest[1 + frac..];
        }
        let offset = match rest {
            [] | [b'Z'] | [b'z'] => 0,
            [sign @ (b'+' | b'-'), h1, h2, b':', m1, m2]
            | [sign @ (b'+' | b'-'), h1, h2, m1, m2] => {
                let h = digits(&[*h1, *h2])?;
                let m = digits(&[*m1, *m2])?;
                if h > 23 || m > 59 {
                    return None;
                }
                let o = h * 3600 + m * 60;
                if *sign == b'+' {
                    o
                } else {
                    -o
                }
            }
            _ => return None,
        };
        secs += hour * 3600 + minute * 60 + second - offset;
        Some(Timestamp(secs))
    }

    /// Parses a Unix timestamp in seconds (OB 1.0 allowed these for dates).
    pub fn from_unix(secs: i64) -> Option<Self> {
        // Years 0..=9999 only, like the text form.
        if (-62_167_219_200..=253_402_300_799).contains(&secs) {
            Some(Timestamp(secs))
        } else {
            None
        }
    }

    /// RFC 3339 in UTC with a `Z`, whole seconds.
    pub fn to_rfc3339(self) -> String {
        let days = self.0.div_euclid(86_400);
        let rem = self.0.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
            rem / 3600,
            rem % 3600 / 60,
            rem % 60
        )
    }

    /// The date part only, `YYYY-MM-DD`, for summaries.
    pub fn date(self) -> String {
        self.to_rfc3339()[..10].to_string()
    }
}

fn digits(b: &[u8]) -> Option<i64> {
    let mut n = 0i64;
    for &c in b {
        if !c.is_ascii_digit() {
            return None;
        }
        n = n * 10 + i64::from(c - b'0');
    }
    Some(n)
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Howard Hinnant's days-from-civil algorithm (public domain).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_forms_badges_use() {
        assert_eq!(Timestamp::parse("1970-01-01T00:00:00Z"), Some(Timestamp(0)));
        assert_eq!(Timestamp::parse("1970-01-02"), Some(Timestamp(86_400)));
        assert_eq!(
            Timestamp::parse("2026-03-02T01:00:00+01:00"),
            Timestamp::parse("2026-03-02T00:00:00Z")
        );
        assert_eq!(
            Timestamp::parse("2026-03-02T00:00:00.123456Z"),
            Timestamp::parse("2026-03-02T00:00:00Z")
        );
        assert_eq!(
            Timestamp::parse("2026-03-01T19:00:00-0500"),
            Timestamp::parse("2026-03-02T00:00:00Z")
        );
    }

    #[test]
    fn refuses_nonsense() {
        for bad in [
            "",
            "NaN",
            "99999-01-01T00:00:00Z",
            "2026-13-01",
            "2026-02-30",
            "2026-01-01T25:00:00Z",
            "2026-01-01T00:00:00+99:00",
            "2026-01-01Tfoo",
            "2026-01-01T00:00:00.Z",
        ] {
            assert_eq!(Timestamp::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn round_trips() {
        for t in [0, 1_772_409_600, -86_400, 253_402_300_799] {
            let text = Timestamp(t).to_rfc3339();
            assert_eq!(Timestamp::parse(&text), Some(Timestamp(t)), "{text}");
        }
        assert_eq!(
            Timestamp(1_772_409_600).to_rfc3339(),
            "2026-03-02T00:00:00Z"
        );
    }
}
