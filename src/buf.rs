//! Output into caller-owned memory.
//!
//! Every encoder in this crate writes through a [`Sink`], so one routine can fill a caller buffer,
//! feed a hash without buffering, or only count bytes. [`Writer`] keeps counting after the buffer is
//! full: an overflow therefore reports the total size required, not merely "too small", and the
//! caller can retry once with a buffer of exactly that size.

/// A caller-provided buffer was too small; `required` is the size that would have succeeded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct BufferTooSmall {
    /// Bytes the whole output needs.
    pub required: usize,
}

impl core::fmt::Display for BufferTooSmall {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "buffer too small: {} bytes required", self.required)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for BufferTooSmall {}

/// Somewhere bytes go: a buffer, a hash, a counter.
pub trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]);

    /// Appends one byte.
    fn put_byte(&mut self, byte: u8) {
        self.put(&[byte]);
    }

    /// Appends a string's UTF-8 bytes.
    fn put_str(&mut self, s: &str) {
        self.put(s.as_bytes());
    }

    /// Appends `n` in decimal, without `core::fmt` (which costs kilobytes of flash on firmware).
    fn put_u64(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let start = decimal(n, &mut digits);
        self.put(digits.get(start..).unwrap_or(&[]));
    }

    /// Appends `bytes` as lowercase hexadecimal.
    fn put_hex(&mut self, bytes: &[u8]) {
        const HEX: &[u8; 16] = b"0123456789abcdef";
        for &b in bytes {
            self.put(&[HEX[usize::from(b >> 4)], HEX[usize::from(b & 0x0f)]]);
        }
    }

    /// Appends `s` as a quoted JSON string, escaped as
    /// [`json::write::put_string`](crate::json::write::put_string) documents.
    ///
    /// The default hands unescaped runs to [`put`](Self::put); [`Writer`] overrides it to
    /// escape straight into its buffer, eight bytes at a time, which is several times faster
    /// for short runs (keys, quote-heavy payloads), where a `put` per run costs more than the
    /// bytes it copies.
    fn put_json_string(&mut self, s: &str) {
        crate::json::write::put_string_by_runs(self, s);
    }
}

/// Writes `n`'s decimal digits right-aligned into `digits` and returns where they start.
///
/// Not generic, so every [`Sink`] shares one copy; and it divides 16-bit limbs with `u32`
/// arithmetic because `u64 / 10` on a 32-bit core links the 64-bit division routines (~0.9 KB).
pub(crate) fn decimal(n: u64, digits: &mut [u8; 20]) -> usize {
    // Lengths, durations and dates fit 32 bits: one division by a constant per digit, which
    // compiles to a multiply (and to one `udiv` on Cortex-M3 and up).
    if let Ok(mut small) = u32::try_from(n) {
        for (i, slot) in digits.iter_mut().enumerate().rev() {
            *slot = b'0' + (small % 10) as u8;
            small /= 10;
            if small == 0 {
                return i;
            }
        }
        return 0;
    }
    let mut limbs = [
        (n >> 48) as u32,
        (n >> 32) as u32 & 0xffff,
        (n >> 16) as u32 & 0xffff,
        n as u32 & 0xffff,
    ];
    for (i, slot) in digits.iter_mut().enumerate().rev() {
        // Long division of the limbs by 10; `rem < 10`, so `rem << 16 | limb` fits a u32.
        let mut rem = 0u32;
        for limb in limbs.iter_mut() {
            let cur = (rem << 16) | *limb;
            *limb = cur / 10;
            rem = cur % 10;
        }
        *slot = b'0' + rem as u8;
        if limbs.iter().all(|&l| l == 0) {
            return i;
        }
    }
    0
}

/// Writes into a caller buffer and keeps counting past its end.
///
/// ```
/// use lambda_microvms_codec::buf::{BufferTooSmall, Sink, Writer};
///
/// let mut small = [0u8; 4];
/// let mut w = Writer::new(&mut small);
/// w.put_str("hello");
/// assert_eq!(w.finish(), Err(BufferTooSmall { required: 5 }));
///
/// let mut big = [0u8; 8];
/// let mut w = Writer::new(&mut big);
/// w.put_str("hello");
/// assert_eq!(w.finish(), Ok(5));
/// assert_eq!(&big[..5], b"hello");
/// ```
///
/// `Debug` shows the length and capacity, not the bytes: a request buffer holds the session
/// token and any run-hook payload.
pub struct Writer<'a> {
    buf: &'a mut [u8],
    len: usize,
}

impl core::fmt::Debug for Writer<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Writer")
            .field("len", &self.len)
            .field("capacity", &self.buf.len())
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Writer<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Writer {{ len: {=usize}, capacity: {=usize} }}",
            self.len,
            self.buf.len()
        );
    }
}

impl<'a> Writer<'a> {
    /// A writer that starts at the beginning of `buf`.
    pub fn new(buf: &'a mut [u8]) -> Self {
        Self { buf, len: 0 }
    }

    /// Bytes asked for so far, including any that did not fit.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written yet.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether everything asked for so far fitted.
    pub fn fits(&self) -> bool {
        self.len <= self.buf.len()
    }

    /// The bytes written so far that fitted.
    pub fn written(&self) -> &[u8] {
        &self.buf[..self.len.min(self.buf.len())]
    }

    /// The output length, or the size that would have been needed.
    pub fn finish(self) -> Result<usize, BufferTooSmall> {
        if self.fits() {
            Ok(self.len)
        } else {
            Err(BufferTooSmall { required: self.len })
        }
    }
}

impl Writer<'_> {
    /// The free memory after what was written: encoders that write in place (JSON strings)
    /// fill it and then [`advance`](Self::advance). Empty once the writer has overflowed.
    pub(crate) fn spare_mut(&mut self) -> &mut [u8] {
        self.buf.get_mut(self.len..).unwrap_or_default()
    }

    /// Counts `n` bytes written into [`spare_mut`](Self::spare_mut) as output.
    pub(crate) fn advance(&mut self, n: usize) {
        self.len = self.len.saturating_add(n);
    }

    /// The overflowing case of [`Sink::put`], out of line so the common case stays small
    /// enough to inline into the encoders' many short writes.
    #[cold]
    #[inline(never)]
    fn put_partial(&mut self, bytes: &[u8]) {
        // Copy what fits, so `written()` is always a true prefix of the output.
        // `zip` stops at the shorter side: no length checks, no panic paths.
        let free = self.buf.get_mut(self.len..).unwrap_or_default();
        for (d, s) in free.iter_mut().zip(bytes) {
            *d = *s;
        }
        self.len = self.len.saturating_add(bytes.len());
    }
}

impl Sink for Writer<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        if let Some(end) = self.len.checked_add(bytes.len())
            && let Some(space) = self.buf.get_mut(self.len..end)
        {
            space.copy_from_slice(bytes);
            self.len = end;
        } else {
            self.put_partial(bytes);
        }
    }

    // Called from dozens of places (quotes, commas, brackets): on 32-bit targets one shared
    // copy is 160 bytes less flash than a copy inlined at each, and the call costs nothing
    // that matters there.
    #[cfg_attr(target_pointer_width = "64", inline)]
    #[cfg_attr(not(target_pointer_width = "64"), inline(never))]
    fn put_byte(&mut self, byte: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        } else {
            self.len = self.len.saturating_add(1);
        }
    }

    fn put_json_string(&mut self, s: &str) {
        crate::json::write::put_string_in_place(self, s);
    }
}

/// Counts bytes and keeps none: sizes a buffer before writing it.
#[derive(Debug, Default, Clone, Copy)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Counter(pub usize);

impl Sink for Counter {
    fn put(&mut self, bytes: &[u8]) {
        self.0 = self.0.saturating_add(bytes.len());
    }
}

/// Feeds a SHA-256 hash: canonical requests are hashed as they are produced, never buffered.
impl Sink for sha2::Sha256 {
    fn put(&mut self, bytes: &[u8]) {
        sha2::Digest::update(self, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal() {
        for (n, s) in [
            (0u64, "0"),
            (7, "7"),
            (10, "10"),
            (65_535, "65535"),
            (65_536, "65536"),
            (4_294_967_296, "4294967296"),
            (10_000_000_000_000_000_000, "10000000000000000000"),
            (u64::MAX, "18446744073709551615"),
        ] {
            let mut b = [0u8; 20];
            let mut w = Writer::new(&mut b);
            w.put_u64(n);
            let len = w.finish().unwrap();
            assert_eq!(&b[..len], s.as_bytes());
        }
    }

    #[test]
    fn overflow_keeps_counting_and_keeps_what_fits() {
        let mut b = [0u8; 3];
        let mut w = Writer::new(&mut b);
        w.put(b"ab");
        w.put(b"cd");
        w.put_byte(b'e');
        assert_eq!(w.written(), b"abc");
        assert_eq!(w.finish(), Err(BufferTooSmall { required: 5 }));
    }

    #[test]
    fn hex() {
        let mut c = [0u8; 4];
        let mut w = Writer::new(&mut c);
        w.put_hex(&[0x0f, 0xa0]);
        assert_eq!(w.finish(), Ok(4));
        assert_eq!(&c, b"0fa0");
    }
}

/// Collects output in a `Vec`: the unit tests' sink for reading back what an encoder wrote.
#[cfg(test)]
pub(crate) mod test_sink {
    extern crate std;
    use std::vec::Vec;

    pub(crate) struct VecSink<'v>(pub(crate) &'v mut Vec<u8>);

    impl super::Sink for VecSink<'_> {
        fn put(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }
    }
}
