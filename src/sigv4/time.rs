//! UTC calendar arithmetic without `chrono`: SigV4 dates here, RFC 3339 timestamps elsewhere.

/// A Unix time outside the years 1970 to 9999, the range every four-digit rendering can express.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct OutOfRange;

impl core::fmt::Display for OutOfRange {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("time outside 1970-01-01T00:00:00Z..=9999-12-31T23:59:59Z")
    }
}

#[cfg(feature = "std")]
impl std::error::Error for OutOfRange {}

/// A UTC civil date and time, to the second.
///
/// ```
/// use lambda_microvms_codec::sigv4::time::DateTime;
///
/// let t = DateTime::from_unix_seconds(1_440_938_160).unwrap();
/// assert_eq!(&t.amz_date(), b"20150830T123600Z");
/// assert_eq!(&t.rfc3339(), b"2015-08-30T12:36:00Z");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DateTime {
    /// 1970..=9999.
    pub year: u16,
    /// 1..=12.
    pub month: u8,
    /// 1..=31.
    pub day: u8,
    /// 0..=23.
    pub hour: u8,
    /// 0..=59.
    pub minute: u8,
    /// 0..=59 (Unix time has no leap seconds).
    pub second: u8,
}

/// 9999-12-31T23:59:59Z.
const MAX_UNIX_SECONDS: i64 = 253_402_300_799;

impl DateTime {
    /// Converts Unix seconds (UTC) to a civil date and time.
    ///
    /// # Errors
    /// [`OutOfRange`] before 1970 or after 9999.
    pub fn from_unix_seconds(t: i64) -> Result<Self, OutOfRange> {
        if !(0..=MAX_UNIX_SECONDS).contains(&t) {
            return Err(OutOfRange);
        }
        // 32-bit arithmetic only: a 64-bit division links a ~1 KB helper on 32-bit cores.
        // 86_400 = 128 * 675, and floor(floor(t / 128) / 675) = floor(t / 86_400); in range,
        // t >> 7 is below 2^31.
        let days = ((t >> 7) as u32) / 675;
        let secs = (t - i64::from(days) * 86_400) as u32;
        // Howard Hinnant's civil_from_days; with t >= 0 every intermediate value is
        // non-negative and far from u32 overflow (z < 3.7 million).
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + u32::from(month <= 2);
        // The range check above bounds every field, so these narrowings are exact.
        Ok(Self {
            year: year as u16,
            month: month as u8,
            day: day as u8,
            hour: (secs / 3600) as u8,
            minute: (secs % 3600 / 60) as u8,
            second: (secs % 60) as u8,
        })
    }

    /// Unix seconds of this date and time (days-from-civil), the inverse of
    /// [`from_unix_seconds`](Self::from_unix_seconds) for valid fields.
    pub fn to_unix_seconds(&self) -> i64 {
        let m = i64::from(self.month);
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        let days = era * 146_097 + doe - 719_468;
        days * 86_400
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }

    /// `YYYYMMDD`, the SigV4 credential-scope date.
    pub fn date_stamp(&self) -> [u8; 8] {
        let mut out = [0u8; 8];
        put_digits(&mut out[0..4], u32::from(self.year));
        put_digits(&mut out[4..6], u32::from(self.month));
        put_digits(&mut out[6..8], u32::from(self.day));
        out
    }

    /// `YYYYMMDD'T'HHMMSS'Z'`, the `X-Amz-Date` format.
    pub fn amz_date(&self) -> [u8; 16] {
        let mut out = [0u8; 16];
        out[..8].copy_from_slice(&self.date_stamp());
        out[8] = b'T';
        put_digits(&mut out[9..11], u32::from(self.hour));
        put_digits(&mut out[11..13], u32::from(self.minute));
        put_digits(&mut out[13..15], u32::from(self.second));
        out[15] = b'Z';
        out
    }

    /// `YYYY-MM-DD'T'HH:MM:SS'Z'` (RFC 3339, UTC, whole seconds).
    pub fn rfc3339(&self) -> [u8; 20] {
        let mut out = *b"0000-00-00T00:00:00Z";
        put_digits(&mut out[0..4], u32::from(self.year));
        put_digits(&mut out[5..7], u32::from(self.month));
        put_digits(&mut out[8..10], u32::from(self.day));
        put_digits(&mut out[11..13], u32::from(self.hour));
        put_digits(&mut out[14..16], u32::from(self.minute));
        put_digits(&mut out[17..19], u32::from(self.second));
        out
    }
}

/// Zero-padded decimal filling exactly `out`.
fn put_digits(out: &mut [u8], mut n: u32) {
    for b in out.iter_mut().rev() {
        *b = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn epoch_and_limits() {
        let e = DateTime::from_unix_seconds(0).unwrap();
        assert_eq!(&e.rfc3339(), b"1970-01-01T00:00:00Z");
        let m = DateTime::from_unix_seconds(MAX_UNIX_SECONDS).unwrap();
        assert_eq!(&m.rfc3339(), b"9999-12-31T23:59:59Z");
        assert_eq!(DateTime::from_unix_seconds(-1), Err(OutOfRange));
        assert_eq!(
            DateTime::from_unix_seconds(MAX_UNIX_SECONDS + 1),
            Err(OutOfRange)
        );
        assert_eq!(DateTime::from_unix_seconds(i64::MIN), Err(OutOfRange));
        assert_eq!(DateTime::from_unix_seconds(i64::MAX), Err(OutOfRange));
    }

    #[test]
    fn known_dates() {
        // Reference values from `date -u -d @N`.
        for (t, s) in [
            (951_782_400i64, b"2000-02-29T00:00:00Z"),
            (1_709_251_199, b"2024-02-29T23:59:59Z"),
            (4_107_542_400, b"2100-03-01T00:00:00Z"),
            (1_440_938_160, b"2015-08-30T12:36:00Z"),
        ] {
            let d = DateTime::from_unix_seconds(t).unwrap();
            assert_eq!(&d.rfc3339(), s);
            assert_eq!(d.to_unix_seconds(), t);
        }
    }

    #[test]
    fn round_trip_every_day_boundary_sample() {
        let mut t = 0i64;
        while t <= MAX_UNIX_SECONDS {
            let d = DateTime::from_unix_seconds(t).unwrap();
            assert_eq!(d.to_unix_seconds(), t);
            t += 86_400 * 7 + 3_601;
        }
    }
}
