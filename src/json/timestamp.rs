//! Exact epoch-seconds timestamps.
//!
//! The rest-json protocol sends timestamps as epoch seconds in a JSON number, which may carry a
//! fraction (`1764253500.123`) or an exponent (`1.7642535001234E9`). Parsing that through `f64`
//! would both lose precision (an `f64` has ~16 significant digits: sub-microsecond digits of a
//! current date are already rounded) and link `core`'s float parser (~15 KB of flash on
//! Cortex-M). [`Timestamp::parse_epoch`] converts the decimal text exactly with integer
//! arithmetic instead.

use core::fmt;

use crate::buf::Sink;
use crate::json::read::{Error, scan_number};
use crate::sigv4::time::{DateTime, OutOfRange};

/// A point in time as seconds and nanoseconds since 1970-01-01T00:00:00Z.
///
/// Normalized so that `nanos < 1_000_000_000` and the instant is `seconds + nanos / 1e9`: the
/// seconds are floored, so `-1.5` is `seconds: -2, nanos: 500_000_000`. The derived ordering is
/// therefore chronological.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Timestamp {
    /// Whole seconds since the epoch (floored).
    pub seconds: i64,
    /// Nanoseconds after `seconds`, always below 1 000 000 000.
    pub nanos: u32,
}

/// Numbers with their most significant digit at 10^29 nanoseconds or above are out of range
/// (i64 seconds end near 9.2 × 10^27 ns), so at most 29 decimal digits are ever accumulated.
const MAX_NANO_DIGITS: usize = 29;

impl Timestamp {
    /// Parses epoch seconds written as an RFC 8259 JSON number (the whole of `bytes`).
    ///
    /// Exact for integer, fraction and exponent forms (for any input shorter than
    /// `isize::MAX` − 64 bytes: under 2 GiB on 32-bit targets, anything on 64-bit ones). Digits finer than a nanosecond are
    /// truncated toward negative infinity (floor), consistently with the floored `seconds`:
    /// `1.0000000019` gives 1 s + 1 ns and `-0.0000000001` gives −1 s + 999 999 999 ns. Values
    /// whose seconds do not fit `i64` are [`Error::NumberRange`]; huge exponents are rejected in
    /// constant time, never by looping over them. Offsets in errors are relative to `bytes`.
    ///
    /// Restricting the range further (e.g. to years 0001–9999) is left to the caller.
    ///
    /// ```
    /// use lambda_microvms_codec::json::timestamp::Timestamp;
    ///
    /// let t = Timestamp::parse_epoch(b"1.7642535001234E9")?;
    /// assert_eq!(t, Timestamp { seconds: 1_764_253_500, nanos: 123_400_000 });
    /// assert_eq!(Timestamp::parse_epoch(b"17642535001234e-4")?, t);
    /// assert_eq!(
    ///     Timestamp::parse_epoch(b"-1.5")?,
    ///     Timestamp { seconds: -2, nanos: 500_000_000 }
    /// );
    /// # Ok::<(), lambda_microvms_codec::json::read::Error>(())
    /// ```
    pub fn parse_epoch(bytes: &[u8]) -> Result<Timestamp, Error> {
        let n = scan_number(bytes, 0)?;
        if n.end != bytes.len() {
            return Err(Error::Syntax { offset: n.end });
        }
        Self::from_scanned(bytes, &n)
    }

    /// The value of the number `n` that [`scan_number`] found in `bytes` (offsets in `n` are
    /// positions in `bytes`), so a reader that has just scanned it does not scan it again.
    /// Errors carry offset 0, as [`parse_epoch`](Self::parse_epoch)'s range error does.
    ///
    /// On hosts the plain form the service sends (`1767225600.125`: no sign or exponent, at
    /// most 18 integer and 9 fraction digits) is read in a few multiply-adds; every other form,
    /// and every form on 32-bit targets (where the extra path would only add flash), goes
    /// through [`exact`](Self::exact), which gives the same value for the plain form too.
    #[inline]
    pub(crate) fn from_scanned(
        bytes: &[u8],
        n: &crate::json::read::Number,
    ) -> Result<Timestamp, Error> {
        #[cfg(target_pointer_width = "64")]
        if let Some(t) = Self::plain(bytes, n) {
            return Ok(t);
        }
        Self::exact(bytes, n)
    }

    /// The plain form's value, or `None` for any other form (see [`from_scanned`](Self::from_scanned)).
    #[cfg(any(target_pointer_width = "64", test))]
    fn plain(bytes: &[u8], n: &crate::json::read::Number) -> Option<Timestamp> {
        let (int, frac) = (n.int(bytes), n.frac(bytes));
        if n.neg || !n.exp(bytes).is_empty() || int.len() > 18 || frac.len() > 9 {
            return None;
        }
        // Below 10^18 and 10^9: neither can overflow. The scan checked that these are digits.
        let mut seconds = 0i64;
        for &d in int {
            seconds = seconds * 10 + i64::from(d.wrapping_sub(b'0'));
        }
        let mut nanos = 0u32;
        for &d in frac {
            nanos = nanos * 10 + u32::from(d.wrapping_sub(b'0'));
        }
        for _ in frac.len()..9 {
            nanos *= 10;
        }
        Some(Timestamp { seconds, nanos })
    }

    /// Every form exactly: plain (`1767225600.125`) or not (exponents, signs, digits beyond a
    /// nanosecond, huge mantissas), one pass over the digits.
    fn exact(bytes: &[u8], n: &crate::json::read::Number) -> Result<Timestamp, Error> {
        let range = Error::NumberRange { offset: 0 };
        let int = n.int(bytes);
        let frac = n.frac(bytes);

        // Decimal exponent and digit positions in `isize`, saturating: pointer-sized
        // arithmetic (no 64-bit register pairs on 32-bit cores). A slice holds at most
        // isize::MAX bytes and the exponent's digits share it with the fraction, so a saturated
        // exponent can be offset back toward the range only by a fraction of nearly isize::MAX
        // digits: every input shorter than isize::MAX - 64 bytes is converted exactly (on
        // 32-bit targets that is any input under 2 GiB; on 64-bit ones, any input at all).
        let mut exp: isize = 0;
        for &d in n.exp(bytes) {
            exp = exp
                .saturating_mul(10)
                .saturating_add(isize::from(d.wrapping_sub(b'0')));
        }
        if n.exp_neg {
            exp = -exp;
        }
        let len = |s: &[u8]| isize::try_from(s.len()).unwrap_or(isize::MAX);

        // One pass over the mantissa's digits (integer then fraction). The last digit sits at
        // 10^`last` nanoseconds. Leading zeros are skipped; the first nonzero digit's power
        // decides the range (in constant time, whatever the exponent), and from there each digit
        // is one power lower. Digits at or above 1 ns are placed by power into `places`, those
        // below are only noted as truncation. A nonzero mantissa entirely below 1 ns thus gives
        // 0, or -1 ns floored to (-1 s, 999 999 999 ns) when negative. Zeros implied by a
        // positive exponent are already in `places`.
        let last = exp.saturating_sub(len(frac)).saturating_add(9);
        let mut remaining = len(int).saturating_add(len(frac));
        let mut places = [0u8; MAX_NANO_DIGITS];
        let mut truncated = false;
        // Power of the next digit once the first nonzero one has been seen; -1 below 1 ns.
        let mut power: Option<isize> = None;
        'digits: for part in [int, frac] {
            for &b in part {
                remaining = remaining.saturating_sub(1);
                let d = b.wrapping_sub(b'0');
                let p = match power {
                    Some(p) => p,
                    None if d == 0 => continue,
                    None => {
                        let first = last.saturating_add(remaining);
                        if first >= MAX_NANO_DIGITS as isize {
                            return Err(range);
                        }
                        first.max(-1)
                    }
                };
                match usize::try_from(p).ok().and_then(|i| places.get_mut(i)) {
                    Some(slot) => *slot = d,
                    None if d != 0 => {
                        truncated = true;
                        break 'digits;
                    }
                    None => {}
                }
                power = Some((p - 1).max(-1));
            }
        }
        // Whole seconds in a checked u64 (20 places: the 20th may overflow, which is out of
        // range), nanoseconds in a u32 (9 places: below 10^9). No 128-bit arithmetic or 64-bit
        // division is linked on 32-bit cores.
        let (nano_places, second_places) = places.split_at(9);
        let mut secs: u64 = 0;
        for &d in second_places.iter().rev() {
            secs = secs
                .checked_mul(10)
                .and_then(|s| s.checked_add(u64::from(d)))
                .ok_or(range)?;
        }
        let mut nanos: u32 = 0;
        for &d in nano_places.iter().rev() {
            nanos = nanos * 10 + u32::from(d);
        }

        let (seconds, nanos) = if !n.neg {
            (i64::try_from(secs).map_err(|_| range)?, nanos)
        } else {
            // -(secs + nanos/1e9) - truncated ns, floored: borrow a second unless exact.
            let below = nanos + u32::from(truncated); // <= 10^9
            let whole = 0i64.checked_sub_unsigned(secs).ok_or(range)?;
            if below == 0 {
                (whole, 0)
            } else {
                (whole.checked_sub(1).ok_or(range)?, 1_000_000_000 - below)
            }
        };
        Ok(Timestamp { seconds, nanos })
    }
}

impl Timestamp {
    /// Writes the instant as RFC 3339 UTC with its fraction: `2025-11-27T14:25:00.123Z`, the
    /// fraction's trailing zeros trimmed (nanosecond precision kept) and no fraction at all on a
    /// whole second.
    ///
    /// ```
    /// use lambda_microvms_codec::buf::Writer;
    /// use lambda_microvms_codec::json::timestamp::Timestamp;
    ///
    /// let mut out = [0u8; 32];
    /// let mut w = Writer::new(&mut out);
    /// let t = Timestamp { seconds: 1_764_253_500, nanos: 123_000_000 };
    /// t.write_rfc3339(&mut w).expect("within 1970..=9999");
    /// let n = w.finish().expect("32 bytes are enough");
    /// assert_eq!(&out[..n], b"2025-11-27T14:25:00.123Z");
    /// ```
    ///
    /// # Errors
    /// [`OutOfRange`] outside the years 1970..=9999 that the calendar conversion covers.
    pub fn write_rfc3339<S: Sink + ?Sized>(&self, sink: &mut S) -> Result<(), OutOfRange> {
        let date = DateTime::from_unix_seconds(self.seconds)?.rfc3339();
        // `…:SSZ`: the fraction goes between the seconds and the `Z`.
        let (whole, zone) = date.split_at(date.len() - 1);
        sink.put(whole);
        if self.nanos > 0 {
            let mut digits = [0u8; 10];
            digits[0] = b'.';
            let mut n = self.nanos;
            for d in digits[1..].iter_mut().rev() {
                *d = b'0' + (n % 10) as u8;
                n /= 10;
            }
            let end = digits.iter().rposition(|&d| d != b'0').map_or(1, |i| i + 1);
            sink.put(&digits[..end]);
        }
        sink.put(zone);
        Ok(())
    }
}

impl fmt::Display for Timestamp {
    /// Epoch seconds with a nanosecond fraction, e.g. `-1.500000000`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Render the floored pair back as a signed decimal.
        if self.seconds < 0 && self.nanos > 0 {
            let whole = i128::from(self.seconds) + 1;
            let frac = 1_000_000_000 - self.nanos;
            if whole == 0 {
                write!(f, "-0.{frac:09}")
            } else {
                write!(f, "{whole}.{frac:09}")
            }
        } else {
            write!(f, "{}.{:09}", self.seconds, self.nanos)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(seconds: i64, nanos: u32) -> Timestamp {
        Timestamp { seconds, nanos }
    }

    #[test]
    fn plain_decimals_match_string_arithmetic() {
        // The service's form (`<int>.<frac>`), checked against a reference computed on the
        // text: the integer by `str::parse`, the fraction right-padded to nine digits.
        extern crate std;
        use std::format;
        use std::string::ToString;
        let ints = [
            "0",
            "1",
            "9",
            "10",
            "1767225600",
            "999999999999999999",
            "123456789012345678",
            "9223372036854775807",
        ];
        let fracs = [
            "",
            "0",
            "5",
            "125",
            "000000001",
            "999999999",
            "100000000",
            "12345678",
        ];
        for i in ints {
            for f in fracs {
                let text = if f.is_empty() {
                    i.to_string()
                } else {
                    format!("{i}.{f}")
                };
                let want = Timestamp {
                    seconds: i.parse().unwrap(),
                    nanos: format!("{f:0<9}").parse().unwrap(),
                };
                assert_eq!(Timestamp::parse_epoch(text.as_bytes()), Ok(want), "{text}");
            }
        }
    }

    fn p(s: &str) -> Result<Timestamp, Error> {
        Timestamp::parse_epoch(s.as_bytes())
    }

    /// The hosts' fast path reads exactly what the general path reads, and declines every
    /// form it does not handle.
    #[test]
    fn plain_path_agrees_with_exact_path() {
        extern crate std;
        use std::format;
        let mut plain_hits = 0;
        for int in [
            "0",
            "7",
            "1767225600",
            "99999999999999999",
            "999999999999999999",
            "1000000000000000000",
        ] {
            for frac in [
                "",
                ".0",
                ".5",
                ".125",
                ".000000001",
                ".999999999",
                ".1234567891",
                ".00",
            ] {
                for exp in ["", "e0", "E+2", "e-3"] {
                    for sign in ["", "-"] {
                        let text = format!("{sign}{int}{frac}{exp}");
                        let n = crate::json::read::scan_number(text.as_bytes(), 0).unwrap();
                        let exact = Timestamp::exact(text.as_bytes(), &n);
                        match Timestamp::plain(text.as_bytes(), &n) {
                            Some(t) => {
                                plain_hits += 1;
                                assert_eq!(Ok(t), exact, "{text}");
                                assert!(sign.is_empty() && exp.is_empty() && int.len() <= 18);
                            }
                            None => assert!(
                                !sign.is_empty()
                                    || !exp.is_empty()
                                    || int.len() > 18
                                    || frac.len() > 10,
                                "{text} declined"
                            ),
                        }
                        assert_eq!(
                            Timestamp::from_scanned(text.as_bytes(), &n),
                            exact,
                            "{text}"
                        );
                    }
                }
            }
        }
        assert_eq!(plain_hits, 5 * 7);
    }

    #[test]
    fn rfc3339_fraction_trimmed() {
        extern crate std;
        use std::borrow::ToOwned;
        let render = |seconds, nanos| {
            let mut out = [0u8; 40];
            let mut w = crate::buf::Writer::new(&mut out);
            Timestamp { seconds, nanos }.write_rfc3339(&mut w).unwrap();
            let n = w.finish().unwrap();
            core::str::from_utf8(&out[..n]).unwrap().to_owned()
        };
        assert_eq!(render(0, 0), "1970-01-01T00:00:00Z");
        assert_eq!(render(1_764_253_500, 100_000_000), "2025-11-27T14:25:00.1Z");
        assert_eq!(render(1_764_253_500, 1), "2025-11-27T14:25:00.000000001Z");
        assert_eq!(
            render(951_782_400, 999_999_999),
            "2000-02-29T00:00:00.999999999Z"
        );
        let mut sink = crate::buf::Counter::default();
        assert!(
            Timestamp {
                seconds: -1,
                nanos: 0
            }
            .write_rfc3339(&mut sink)
            .is_err()
        );
    }

    #[test]
    fn integer_fraction_and_exponent_forms_are_exact() {
        for (text, want) in [
            ("0", ts(0, 0)),
            ("-0", ts(0, 0)),
            ("-0.0e5", ts(0, 0)),
            ("1764253500", ts(1_764_253_500, 0)),
            ("1764253500.5", ts(1_764_253_500, 500_000_000)),
            ("1.7642535001234E9", ts(1_764_253_500, 123_400_000)),
            ("17642535001234e-4", ts(1_764_253_500, 123_400_000)),
            ("0.17642535001234e+10", ts(1_764_253_500, 123_400_000)),
            ("1e9", ts(1_000_000_000, 0)),
            ("1E0", ts(1, 0)),
            ("1e-9", ts(0, 1)),
            ("123456789e-9", ts(0, 123_456_789)),
            ("0.000000001", ts(0, 1)),
            ("1764253500.123456789", ts(1_764_253_500, 123_456_789)),
            ("0.0", ts(0, 0)),
            ("0.000e99999999999999999999", ts(0, 0)),
        ] {
            assert_eq!(p(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn negative_values_floor() {
        for (text, want) in [
            ("-1", ts(-1, 0)),
            ("-1.5", ts(-2, 500_000_000)),
            ("-0.5", ts(-1, 500_000_000)),
            ("-1e-9", ts(-1, 999_999_999)),
            ("-86400.25", ts(-86_401, 750_000_000)),
            ("-1.5e0", ts(-2, 500_000_000)),
        ] {
            assert_eq!(p(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn sub_nanosecond_digits_truncate_toward_negative_infinity() {
        for (text, want) in [
            ("1.0000000019", ts(1, 1)),
            ("1.0000000010000000000000000001", ts(1, 1)),
            ("0.0000000009", ts(0, 0)),
            ("1e-10", ts(0, 0)),
            ("-0.0000000001", ts(-1, 999_999_999)),
            ("-1e-10", ts(-1, 999_999_999)),
            ("-1.0000000019", ts(-2, 999_999_998)),
            ("-1.0000000010", ts(-2, 999_999_999)), // trailing zero: nothing dropped
            ("-1.00000000100000", ts(-2, 999_999_999)),
            ("-1.000000001000001", ts(-2, 999_999_998)),
            ("1e-99999999999999999999999", ts(0, 0)),
            ("-1e-99999999999999999999999", ts(-1, 999_999_999)),
        ] {
            assert_eq!(p(text), Ok(want), "{text}");
        }
    }

    #[test]
    fn i64_range_edges() {
        assert_eq!(p("9223372036854775807"), Ok(ts(i64::MAX, 0)));
        assert_eq!(
            p("9223372036854775807.999999999"),
            Ok(ts(i64::MAX, 999_999_999))
        );
        assert_eq!(p("-9223372036854775808"), Ok(ts(i64::MIN, 0)));
        assert_eq!(
            p("9223372036854775808"),
            Err(Error::NumberRange { offset: 0 })
        );
        assert_eq!(
            p("-9223372036854775808.000000001"),
            Err(Error::NumberRange { offset: 0 })
        );
        assert_eq!(p("-9223372036854775807.5"), Ok(ts(i64::MIN, 500_000_000)));
        assert_eq!(p("1e19"), Err(Error::NumberRange { offset: 0 }));
        assert_eq!(p("9.223372036854775807e18"), Ok(ts(i64::MAX, 0)));
        assert_eq!(p("1e28"), Err(Error::NumberRange { offset: 0 }));
        assert_eq!(p("1e999999999"), Err(Error::NumberRange { offset: 0 }));
        assert_eq!(
            p("1e99999999999999999999999999999999999999"),
            Err(Error::NumberRange { offset: 0 })
        );
        // A huge exponent offset by many fraction digits is still judged exactly: 1e-1998 × 10^2007.
        extern crate std;
        let mut text = std::vec::Vec::from(&b"0."[..]);
        text.extend(core::iter::repeat_n(b'0', 1997));
        text.extend_from_slice(b"1e2007");
        assert_eq!(Timestamp::parse_epoch(&text), Ok(ts(1_000_000_000, 0)));
        text.extend_from_slice(b"0");
        assert_eq!(
            Timestamp::parse_epoch(&text),
            Err(Error::NumberRange { offset: 0 })
        );
    }

    #[test]
    fn grammar_is_json_number_grammar() {
        for (text, err) in [
            ("", Error::UnexpectedEnd { offset: 0 }),
            ("+1", Error::Syntax { offset: 0 }),
            (".5", Error::Syntax { offset: 0 }),
            ("1.", Error::UnexpectedEnd { offset: 2 }),
            ("01", Error::Syntax { offset: 1 }),
            ("1e", Error::UnexpectedEnd { offset: 2 }),
            ("1 ", Error::Syntax { offset: 1 }),
            ("1.5x", Error::Syntax { offset: 3 }),
            ("2025-11-27T00:00:00Z", Error::Syntax { offset: 4 }),
        ] {
            assert_eq!(p(text), Err(err), "{text:?}");
        }
    }

    #[test]
    fn ordering_is_chronological_and_display_round_trips() {
        extern crate std;
        use std::string::ToString;
        assert!(ts(-2, 500_000_000) < ts(-1, 0));
        for text in [
            "-1.500000000",
            "-0.500000000",
            "0.000000001",
            "1764253500.123400000",
        ] {
            let t = p(text).unwrap();
            assert_eq!(t.to_string(), text);
        }
    }
}
