//! Percent-encoding of URI paths and query strings, as SigV4 requires (RFC 3986 unreserved set).
//!
//! Everything except `A-Z a-z 0-9 - . _ ~` is written as `%XX` with uppercase hex; paths also
//! keep `/`. Runs of bytes that need no escaping are written as one slice, so a typical path or
//! value costs one [`Sink::put`] call instead of one per byte (this matters when the sink is a hash).

use crate::buf::Sink;

/// Whether `b` is in the RFC 3986 unreserved set (`A-Z a-z 0-9 - . _ ~`).
pub const fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";

fn escape(b: u8) -> [u8; 3] {
    [
        b'%',
        HEX_UPPER[usize::from(b >> 4)],
        HEX_UPPER[usize::from(b & 0x0f)],
    ]
}

/// Whether `b` is written as itself: in a path (`keep_slash`, where `/` is kept too) or in a
/// query component.
///
/// This runs over every byte of every signed path and query, so hosts look it up in a
/// 256-byte table built from [`plain_rule`]; 32-bit targets test the rule (216 bytes less
/// flash than the table).
#[inline(always)]
fn is_plain(b: u8, keep_slash: bool) -> bool {
    #[cfg(target_pointer_width = "64")]
    {
        /// Bit 0: plain in a query component; bit 1: plain in a path.
        const TABLE: [u8; 256] = {
            let mut t = [0u8; 256];
            let mut b = 0;
            while b < 256 {
                t[b] = plain_rule(b as u8, false) as u8 | (plain_rule(b as u8, true) as u8) << 1;
                b += 1;
            }
            t
        };
        TABLE[usize::from(b)] & (if keep_slash { 0b10 } else { 0b01 }) != 0
    }
    #[cfg(not(target_pointer_width = "64"))]
    plain_rule(b, keep_slash)
}

const fn plain_rule(b: u8, keep_slash: bool) -> bool {
    is_unreserved(b) || (keep_slash && b == b'/')
}

fn write_with<S: Sink + ?Sized>(sink: &mut S, bytes: &[u8], keep_slash: bool) {
    let mut rest = bytes;
    while !rest.is_empty() {
        let run = rest
            .iter()
            .position(|&b| !is_plain(b, keep_slash))
            .unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(run);
        if !plain.is_empty() {
            sink.put(plain);
        }
        if let Some((&b, after)) = tail.split_first() {
            sink.put(&escape(b));
            rest = after;
        } else {
            rest = tail;
        }
    }
}

/// Writes `bytes` percent-encoded as a query key or value (`/` is escaped too).
///
/// ```
/// use lambda_microvms_codec::{buf::Writer, uri};
///
/// let mut b = [0u8; 32];
/// let mut w = Writer::new(&mut b);
/// uri::write_encoded(&mut w, "a b/ሴ~".as_bytes());
/// let n = w.finish().unwrap();
/// assert_eq!(&b[..n], b"a%20b%2F%E1%88%B4~");
/// ```
pub fn write_encoded<S: Sink + ?Sized>(sink: &mut S, bytes: &[u8]) {
    write_with(sink, bytes, false);
}

/// Writes `bytes` percent-encoded as a path: like [`write_encoded`] but `/` is kept.
pub fn write_encoded_path<S: Sink + ?Sized>(sink: &mut S, bytes: &[u8]) {
    write_with(sink, bytes, true);
}

/// Length of `bytes` once encoded by [`write_encoded`].
pub fn encoded_len(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .map(|&b| if is_unreserved(b) { 1 } else { 3 })
        .sum()
}

/// The bytes [`write_encoded`] would produce, one at a time: lets sorted order of encoded
/// strings be decided without materialising them (percent-encoding does not preserve order:
/// `.` sorts before `/` raw, after it encoded).
///
/// `Debug` and `defmt` show how much input is left, not the input: it may be a query value
/// such as a presigned URL's `X-Amz-Security-Token`.
#[derive(Clone)]
pub struct Encoded<'a> {
    rest: &'a [u8],
    pending: [u8; 2],
    pending_len: u8,
}

impl core::fmt::Debug for Encoded<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Encoded")
            .field("rest_len", &self.rest.len())
            .field("pending_len", &self.pending_len)
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Encoded<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Encoded {{ rest_len: {=usize}, pending_len: {=u8} }}",
            self.rest.len(),
            self.pending_len
        );
    }
}

impl<'a> Encoded<'a> {
    /// Encoded bytes of `bytes` (query component rules).
    pub fn new(bytes: &'a [u8]) -> Self {
        Self {
            rest: bytes,
            pending: [0; 2],
            pending_len: 0,
        }
    }
}

impl Iterator for Encoded<'_> {
    type Item = u8;

    fn next(&mut self) -> Option<u8> {
        match self.pending_len {
            2 => {
                self.pending_len = 1;
                return Some(self.pending[0]);
            }
            1 => {
                self.pending_len = 0;
                return Some(self.pending[1]);
            }
            _ => {}
        }
        let (&b, rest) = self.rest.split_first()?;
        self.rest = rest;
        if is_unreserved(b) {
            Some(b)
        } else {
            let e = escape(b);
            self.pending = [e[1], e[2]];
            self.pending_len = 2;
            Some(b'%')
        }
    }
}

/// Value of one hex digit, either case.
fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `%XX` escapes of `input` into `out` (other bytes, including `+`, are copied as they
/// are); returns the decoded length. A `%` not followed by two hex digits is copied literally,
/// as browsers and botocore do.
///
/// # Errors
/// [`BufferTooSmall`](crate::buf::BufferTooSmall) with the decoded size if `out` is too short.
pub fn percent_decode(input: &[u8], out: &mut [u8]) -> Result<usize, crate::buf::BufferTooSmall> {
    let mut w = crate::buf::Writer::new(out);
    let mut i = 0;
    while let Some(&b) = input.get(i) {
        let decoded = match (
            b,
            input.get(i + 1).copied().and_then(hex_value),
            input.get(i + 2).copied().and_then(hex_value),
        ) {
            (b'%', Some(h), Some(l)) => Some((h << 4) | l),
            _ => None,
        };
        match decoded {
            Some(v) => {
                w.put_byte(v);
                i += 3;
            }
            None => {
                w.put_byte(b);
                i += 1;
            }
        }
    }
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::buf::Writer;

    fn enc(s: &[u8], path: bool) -> ([u8; 64], usize) {
        let mut b = [0u8; 64];
        let mut w = Writer::new(&mut b);
        if path {
            write_encoded_path(&mut w, s);
        } else {
            write_encoded(&mut w, s);
        }
        let n = w.finish().unwrap();
        (b, n)
    }

    #[test]
    fn every_byte_matches_iterator_and_len() {
        for b in 0..=255u8 {
            let (out, n) = enc(&[b, b'x'], false);
            let it: ([u8; 8], usize) = {
                let mut a = [0u8; 8];
                let mut k = 0;
                for (i, c) in Encoded::new(&[b, b'x']).enumerate() {
                    a[i] = c;
                    k = i + 1;
                }
                (a, k)
            };
            assert_eq!(&out[..n], &it.0[..it.1]);
            assert_eq!(n, encoded_len(&[b, b'x']));
            let want_plain = b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
            assert_eq!(n == 2, want_plain, "byte {b}");
        }
    }

    #[test]
    fn path_keeps_slash() {
        let (o, n) = enc(b"/a b/%41", true);
        assert_eq!(&o[..n], b"/a%20b/%2541");
        let (o, n) = enc(b"/", false);
        assert_eq!(&o[..n], b"%2F");
    }

    #[test]
    fn decode() {
        let mut o = [0u8; 16];
        let n = percent_decode(b"%E1%88%b4+%zz%4", &mut o).unwrap();
        assert_eq!(&o[..n], "ሴ+%zz%4".as_bytes());
        assert_eq!(percent_decode(b"abc", &mut o[..2]).unwrap_err().required, 3);
    }
}
