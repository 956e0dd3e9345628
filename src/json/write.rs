//! Compact JSON output over a [`Sink`], without `core::fmt`.
//!
//! The writer only tracks whether the next item needs a comma, which is enough for any nesting:
//! after a value or a closed container the enclosing container is known to be non-empty, and
//! after an opening bracket or a key it is not. No stack means no depth limit and no recursion.
//!
//! It does not check that calls are well nested (a key outside an object, unbalanced ends): the
//! callers are this crate's encoders, whose structure is fixed, and the tests parse their output.
//!
//! ```
//! use lambda_microvms_codec::buf::Writer;
//! use lambda_microvms_codec::json::write::JsonWriter;
//!
//! let mut buf = [0u8; 64];
//! let mut out = Writer::new(&mut buf);
//! let mut j = JsonWriter::new(&mut out);
//! j.begin_object();
//! j.key("name");
//! j.string("a \"quoted\"\nline");
//! j.key("ids");
//! j.begin_array();
//! j.i32(-1);
//! j.u64(2);
//! j.end_array();
//! j.key("disabled");
//! j.raw_empty_object();
//! j.end_object();
//! let len = out.finish().unwrap();
//! assert_eq!(
//!     &buf[..len],
//!     br#"{"name":"a \"quoted\"\nline","ids":[-1,2],"disabled":{}}"#
//! );
//! ```

use crate::buf::{Sink, Writer};

/// Writes one JSON text into a [`Sink`], inserting commas between members and elements.
pub struct JsonWriter<'s, S: Sink + ?Sized> {
    sink: &'s mut S,
    /// The next key or value is the first in its container (or the value right after a key).
    first: bool,
}

impl<'s, S: Sink + ?Sized> JsonWriter<'s, S> {
    /// A writer positioned before the top-level value.
    pub fn new(sink: &'s mut S) -> Self {
        Self { sink, first: true }
    }

    fn separate(&mut self) {
        if !self.first {
            self.sink.put_byte(b',');
        }
    }

    fn open(&mut self, bracket: u8) {
        self.separate();
        self.sink.put_byte(bracket);
        self.first = true;
    }

    fn close(&mut self, bracket: u8) {
        self.sink.put_byte(bracket);
        self.first = false;
    }

    /// Starts an object: `{`.
    pub fn begin_object(&mut self) {
        self.open(b'{');
    }

    /// Ends the current object: `}`.
    pub fn end_object(&mut self) {
        self.close(b'}');
    }

    /// Starts an array: `[`.
    pub fn begin_array(&mut self) {
        self.open(b'[');
    }

    /// Ends the current array: `]`.
    pub fn end_array(&mut self) {
        self.close(b']');
    }

    /// Writes a member name and the colon; the next call writes its value.
    pub fn key(&mut self, name: &str) {
        self.separate();
        self.sink.put_json_string(name);
        self.sink.put_byte(b':');
        self.first = true;
    }

    /// Writes a member name given already quoted, with its colon: `"name":`, as
    /// [`quoted!`] makes it from a literal.
    ///
    /// The crate's encoders know their member names at compile time and none needs escaping,
    /// so scanning them for escapes at run time (as [`key`](Self::key) must) is wasted work:
    /// this is one `put` of a constant.
    #[inline]
    pub(crate) fn quoted_key(&mut self, quoted: &'static str) {
        debug_assert!(quoted.len() >= 3 && quoted.starts_with('"') && quoted.ends_with("\":"));
        self.separate();
        self.sink.put_str(quoted);
        self.first = true;
    }

    /// Writes a string value, escaped.
    pub fn string(&mut self, value: &str) {
        self.separate();
        self.sink.put_json_string(value);
        self.first = false;
    }

    /// Writes an unsigned integer.
    pub fn u64(&mut self, value: u64) {
        self.separate();
        self.sink.put_u64(value);
        self.first = false;
    }

    /// Writes a signed integer.
    pub fn i64(&mut self, value: i64) {
        self.separate();
        if value < 0 {
            self.sink.put_byte(b'-');
        }
        // `unsigned_abs` is exact for i64::MIN, where negation would overflow.
        self.sink.put_u64(value.unsigned_abs());
        self.first = false;
    }

    /// Writes a 32-bit signed integer (the model's `integer`).
    pub fn i32(&mut self, value: i32) {
        self.i64(i64::from(value));
    }

    /// Writes `true` or `false`.
    pub fn bool(&mut self, value: bool) {
        self.separate();
        self.sink.put_str(if value { "true" } else { "false" });
        self.first = false;
    }

    /// Writes `{}`: the wire form of a member-less structure such as `LoggingDisabled`.
    pub fn raw_empty_object(&mut self) {
        self.separate();
        self.sink.put_str("{}");
        self.first = false;
    }
}

/// `"name":` from a literal member name, for [`JsonWriter::quoted_key`].
macro_rules! quoted {
    ($name:literal) => {
        concat!("\"", $name, "\":")
    };
}
pub(crate) use quoted;

/// The sink is left out, as in `defmt`: what was written may be secret (a run-hook payload).
impl<S: Sink + ?Sized> core::fmt::Debug for JsonWriter<'_, S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("JsonWriter")
            .field("first", &self.first)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "defmt")]
impl<S: Sink + ?Sized> defmt::Format for JsonWriter<'_, S> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "JsonWriter {{ first: {=bool} }}", self.first);
    }
}

/// What `b` becomes inside a JSON string: 0 = itself, `u` = `\u00XX`, else the second
/// character of its two-character escape.
///
/// Hosts look it up in a 256-byte table built from this `match` (the byte-at-a-time path of
/// sinks that are not a `Writer` asks for every byte); 32-bit targets run the `match`, 164
/// bytes less flash than the table.
#[inline(always)]
fn escape_of(b: u8) -> u8 {
    #[cfg(target_pointer_width = "64")]
    {
        const TABLE: [u8; 256] = {
            let mut t = [0u8; 256];
            let mut b = 0;
            while b < 256 {
                t[b] = escape_match(b as u8);
                b += 1;
            }
            t
        };
        TABLE[usize::from(b)]
    }
    #[cfg(not(target_pointer_width = "64"))]
    escape_match(b)
}

const fn escape_match(b: u8) -> u8 {
    match b {
        b'"' | b'\\' => b,
        b'\n' => b'n',
        b'\r' => b'r',
        b'\t' => b't',
        0x08 => b'b',
        0x0c => b'f',
        0..=0x1f => b'u',
        _ => 0,
    }
}

/// High bit of each byte of `w` (little-endian) that needs escaping in a JSON string
/// (`< 0x20`, `"` or `\\`), eight bytes at a time: the classic "has a byte less than n" and
/// "has a zero byte" word tricks. A borrow can only set a spurious flag *above* a true one, so
/// the lowest flag, `trailing_zeros() / 8`, is exactly the first such byte, and the mask is
/// zero exactly when there is none. Request bodies are mostly long plain runs (ARNs, a JSON
/// payload), and a per-byte table lookup was most of the cost of writing them.
pub(crate) fn special_mask(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let control = w.wrapping_sub(ONES * 0x20) & !w;
    let q = w ^ (ONES * u64::from(b'"'));
    let quote = q.wrapping_sub(ONES) & !q;
    let b = w ^ (ONES * u64::from(b'\\'));
    let backslash = b.wrapping_sub(ONES) & !b;
    (control | quote | backslash) & HIGH
}

/// Index of the first byte at or after `from` that needs escaping, or `bytes.len()` (the
/// reader's scan; the writer uses the exact [`find_escape`]).
#[cfg(test)]
pub(crate) fn next_escape(bytes: &[u8], from: usize) -> usize {
    next_special(bytes, from).0
}

/// [`next_escape`], and whether the bytes skipped held a non-ASCII byte (the JSON reader
/// validates UTF-8 only then). The reader's scan on 64-bit targets; 32-bit ones use a `u32`
/// version of their own (`json::read::plain_run_u32`).
#[inline(always)]
#[cfg_attr(not(target_pointer_width = "64"), allow(dead_code))]
pub(crate) fn next_special(bytes: &[u8], from: usize) -> (usize, bool) {
    let mut i = from;
    let mut high = 0u64;
    loop {
        let rest = bytes.get(i..).unwrap_or_default();
        let mut word = [b'"'; 8];
        match rest.get(..8) {
            Some(chunk) => word.copy_from_slice(chunk),
            // The tail is padded with `"`, which stops the scan at the end.
            None => {
                for (w, &b) in word.iter_mut().zip(rest) {
                    *w = b;
                }
            }
        }
        let w = u64::from_le_bytes(word);
        let mask = special_mask(w);
        if mask != 0 {
            let k = mask.trailing_zeros() / 8;
            // Bytes below the first special one; k < 8 here.
            high |= w & ((1u64 << (8 * k)) - 1);
            let at = (i + k as usize).min(bytes.len());
            return (at, high & 0x8080_8080_8080_8080 != 0);
        }
        high |= w;
        i += 8;
    }
}

/// High bit of each byte of `w` that needs escaping in a JSON string (`< 0x20`, `"` or `\\`),
/// exactly: unlike [`special_mask`], no borrow crosses bytes (each byte's low seven bits plus
/// at most 0x7f stay below 0x100), so every flag is a true one. That lets the writer test a
/// string's last, partial word as the 8 bytes ending at its end, discarding the flags of bytes
/// already scanned, with no byte-by-byte tail.
fn escape_flags(w: u64) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Each term has a byte's high bit set when that byte is *not* in its class.
    let not_control = ((w & LOW7) + ONES * 0x60) | w;
    let q = w ^ (ONES * u64::from(b'"'));
    let not_quote = ((q & LOW7) + LOW7) | q;
    let b = w ^ (ONES * u64::from(b'\\'));
    let not_backslash = ((b & LOW7) + LOW7) | b;
    !(not_control & not_quote & not_backslash) & HIGH
}

fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let chunk: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(chunk))
}

/// Index of the first byte at or after `from` that needs escaping, or `bytes.len()`.
#[inline(always)]
fn find_escape(bytes: &[u8], from: usize) -> usize {
    let n = bytes.len();
    let mut i = from;
    while let Some(w) = word_at(bytes, i) {
        let m = escape_flags(w);
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    if i >= n {
        return n;
    }
    // 1..=7 bytes left.
    let m = match n
        .checked_sub(8)
        .and_then(|start| Some((start, word_at(bytes, start)?)))
    {
        // The word ending at the string's end; its bytes before `i` were scanned already.
        Some((start, w)) => (escape_flags(w) >> (8 * (i - start))) << (8 * (i - start)),
        // A string shorter than a word, padded with a byte that needs no escape.
        None => {
            let mut word = [b'a'; 8];
            for (w, &b) in word.iter_mut().zip(bytes) {
                *w = b;
            }
            // Bytes before `i` were scanned already (`i` < `n` < 8 here).
            (escape_flags(u64::from_le_bytes(word)) >> (8 * i)) << (8 * i)
        }
    };
    if m == 0 {
        n
    } else {
        let start = n.saturating_sub(8);
        (start + (m.trailing_zeros() / 8) as usize).min(n)
    }
}

/// Writes `s` as a quoted JSON string.
///
/// Escapes exactly what RFC 8259 requires (`"`, `\` and U+0000..=U+001F), using the two-character
/// forms where JSON has them and `\u00XX` otherwise, as serde_json and botocore's `json.dumps`
/// agree on for these. Everything else, DEL and U+2028/U+2029 included, is copied as UTF-8:
/// `\uXXXX` for non-ASCII would only grow the body, and `&str` is always valid UTF-8.
///
/// The work is [`Sink::put_json_string`]'s, so a [`Writer`] escapes in place.
pub fn put_string<S: Sink + ?Sized>(sink: &mut S, s: &str) {
    sink.put_json_string(s);
}

/// The two-character escape of `b`, or its `\u00XX` form: the sequence padded to six bytes,
/// and how many of them count.
fn escape_sequence(b: u8) -> ([u8; 6], usize) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let short = escape_of(b);
    let seq = [
        b'\\',
        short,
        b'0',
        b'0',
        HEX[usize::from(b >> 4)],
        HEX[usize::from(b & 0x0f)],
    ];
    (seq, if short == b'u' { 6 } else { 2 })
}

/// [`put_string`] for any sink: each unescaped run in one `put` (sinks such as SHA-256 are
/// faster with long inputs), each escape in another.
pub(crate) fn put_string_by_runs<S: Sink + ?Sized>(sink: &mut S, s: &str) {
    sink.put_byte(b'"');
    let bytes = s.as_bytes();
    let mut run_start = 0;
    loop {
        let i = find_escape(bytes, run_start);
        sink.put(bytes.get(run_start..i).unwrap_or_default());
        let Some(&b) = bytes.get(i) else { break };
        let (seq, len) = escape_sequence(b);
        sink.put(seq.get(..len).unwrap_or_default());
        run_start = i + 1;
    }
    sink.put_byte(b'"');
}

/// [`put_string`] into a [`Writer`]'s own memory.
///
/// A `put` per unescaped run costs a length check and a `memcpy` call, more than the bytes
/// themselves when runs are short (a JSON payload full of quotes). Here each 8-byte word is
/// stored whole into the free space and then tested; when it holds a byte to escape, only the
/// bytes before it are kept and the escape is written over the rest. Output is therefore
/// written at most once and read never. Near the end of the buffer, where a whole word or
/// escape no longer fits, the rest goes byte by byte through the writer, which keeps counting
/// (and keeps what fits) as for any other output.
pub(crate) fn put_string_in_place(w: &mut Writer<'_>, s: &str) {
    let bytes = s.as_bytes();
    w.put_byte(b'"');
    // Most strings (ARNs, names, tokens) need no escape: one pass that only tests, with no
    // exit per word so that it vectorizes, then a single copy.
    let read = if needs_escape(bytes) {
        let (read, written) = escape_into(w.spare_mut(), bytes);
        w.advance(written);
        read
    } else {
        w.put(bytes);
        bytes.len()
    };
    for &b in bytes.get(read..).unwrap_or_default() {
        if escape_of(b) == 0 {
            w.put_byte(b);
        } else {
            let (seq, len) = escape_sequence(b);
            w.put(seq.get(..len).unwrap_or_default());
        }
    }
    w.put_byte(b'"');
}

/// Whether any byte of `bytes` needs escaping.
///
/// [`special_mask`] a word at a time: its spurious flags only ever accompany a true one, so
/// the union of the masks is zero exactly when no byte needs escaping.
fn needs_escape(bytes: &[u8]) -> bool {
    let words = bytes.chunks_exact(8);
    // The last word overlapping the whole ones (testing some bytes twice is harmless), or
    // for a string shorter than a word, its bytes in a padded word.
    let tail = match bytes.len().checked_sub(8) {
        Some(start) => word_at(bytes, start).unwrap_or_default(),
        None => words
            .remainder()
            .iter()
            .rev()
            .fold(0x6161_6161_6161_6161, |w, &b| (w << 8) | u64::from(b)),
    };
    let any = words.fold(special_mask(tail), |any, word| {
        let mut w = [0u8; 8];
        w.copy_from_slice(word);
        any | special_mask(u64::from_le_bytes(w))
    });
    any != 0
}

/// Writes as much of `bytes`, escaped, as fits into `dst` in whole words (see
/// [`put_string_in_place`]); returns the input bytes consumed and the output bytes that
/// count. Bytes of `dst` past the count may have been overwritten.
fn escape_into(dst: &mut [u8], bytes: &[u8]) -> (usize, usize) {
    // Invariants: i <= bytes.len(), o <= dst.len(); both are below isize::MAX, so `+ 8`
    // cannot overflow.
    let mut i = 0;
    let mut o = 0;
    // Whole words only: the tail (under 8 bytes) goes through the caller's byte loop, which
    // keeps this, the code linked into firmware, small.
    while let Some(word) = word_at(bytes, i) {
        let Some(out) = dst.get_mut(o..o + 8) else {
            break;
        };
        out.copy_from_slice(&word.to_le_bytes());
        // Only the lowest flag is used, which `special_mask` (shared with the reader, so
        // linked once) gives exactly.
        let flags = special_mask(word);
        if flags == 0 {
            i += 8;
            o += 8;
            continue;
        }
        let k = (flags.trailing_zeros() / 8) as usize;
        i += k;
        o += k;
        let Some(&b) = bytes.get(i) else { break };
        let Some(out) = dst.get_mut(o..o + 6) else {
            break;
        };
        let short = escape_of(b);
        if short == b'u' {
            out.copy_from_slice(&escape_sequence(b).0);
            o += 6;
        } else {
            // The usual escapes (`\"` in a JSON payload) need no hex digits.
            if let Some(pair) = out.get_mut(..2) {
                pair.copy_from_slice(&[b'\\', short]);
            }
            o += 2;
        }
        i += 1;
    }
    (i, o)
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::buf::Writer;
    use crate::buf::test_sink::VecSink;
    use std::string::String;
    use std::vec;
    use std::vec::Vec;

    /// Our output for one string value, as text.
    fn encode(s: &str) -> String {
        let mut out = Vec::new();
        put_string(&mut VecSink(&mut out), s);
        String::from_utf8(out).expect("writer must emit UTF-8")
    }

    fn round_trip(s: &str) {
        let json = encode(s);
        let back: String = serde_json::from_str(&json).expect("valid JSON string");
        assert_eq!(back, s, "round trip of {json}");
    }

    #[test]
    fn every_control_character_round_trips_and_is_escaped() {
        for c in 0u8..0x20 {
            let s = String::from(char::from(c));
            round_trip(&s);
            let json = encode(&s);
            assert!(json.bytes().skip(1).take(json.len() - 2).all(|b| b >= 0x20));
        }
    }

    #[test]
    fn control_characters_match_serde_json_byte_for_byte() {
        // serde_json is the reference for the escape forms chosen (short forms, lowercase hex).
        let all: String = (0u8..0x20).map(char::from).collect();
        assert_eq!(encode(&all), serde_json::to_string(&all).unwrap());
    }

    #[test]
    fn quotes_backslashes_and_slashes() {
        for s in [
            "\"",
            "\\",
            "\\\"",
            "a\"b\\c/d",
            "\\u0041",
            "\"\"\"\\\\\\",
            "/",
        ] {
            round_trip(s);
            assert_eq!(encode(s), serde_json::to_string(s).unwrap());
        }
    }

    #[test]
    fn non_ascii_is_raw_utf8() {
        for s in [
            "\u{7f}",
            "é",
            "\u{2028}\u{2029}",
            "日本語",
            "😀",
            "\u{10ffff}",
            "a\u{0}😀\u{1f}z",
        ] {
            round_trip(s);
            assert_eq!(encode(s), serde_json::to_string(s).unwrap());
        }
        assert_eq!(encode("\u{7f}😀").as_bytes(), "\"\u{7f}😀\"".as_bytes());
    }

    #[test]
    fn word_scan_agrees_with_the_table() {
        // Every pair of byte values at every pair of neighbouring positions, among fillers that
        // provoke borrows (0x00 is itself escaped, so plain fillers only): the word test must
        // answer exactly as the per-byte table.
        for filler in [b'a', 0x21, 0x7f, 0x80, 0xff, b' ', 0x5d, 0x23] {
            for pos in 0..7 {
                for b1 in 0..=255u8 {
                    for b2 in [0u8, 0x1f, 0x20, b'"', b'\\', 0x5b, 0x80, 0xff, b1] {
                        let mut word = [filler; 8];
                        word[pos] = b1;
                        word[pos + 1] = b2;
                        let expect = word.iter().any(|&b| escape_of(b) != 0);
                        let mask = special_mask(u64::from_le_bytes(word));
                        assert_eq!(mask != 0, expect, "{word:02x?}");
                        if expect {
                            let first = word.iter().position(|&b| escape_of(b) != 0).unwrap();
                            assert_eq!(mask.trailing_zeros() as usize / 8, first, "{word:02x?}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn next_escape_finds_the_first_at_any_offset() {
        for len in 0..40 {
            for at in 0..len {
                for b in [0u8, 0x1f, b'"', b'\\'] {
                    let mut v = vec![b'x'; len];
                    v[at] = b;
                    for from in 0..=at {
                        assert_eq!(next_escape(&v, from), at);
                    }
                    assert_eq!(next_escape(&v, at + 1), len);
                    assert_eq!(next_special(&v, 0), (at, false));
                    if at > 0 {
                        let mut u = v.clone();
                        u[at - 1] = 0xc3;
                        assert_eq!(next_special(&u, 0), (at, true));
                    }
                }
            }
        }
    }

    #[test]
    fn every_ascii_character_is_escaped_as_serde_json_does() {
        for b in 0u8..0x80 {
            let s = std::string::String::from(char::from(b));
            assert_eq!(
                encode(&s),
                serde_json::to_string(&s).unwrap(),
                "byte {b:#04x}"
            );
        }
    }

    #[test]
    fn long_strings_match_serde_json() {
        let s = "arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-gw/\"q\"\u{1}\\tail\té😀";
        for cut in 0..s.len() {
            if s.is_char_boundary(cut) {
                round_trip(&s[cut..]);
                assert_eq!(encode(&s[cut..]), serde_json::to_string(&s[cut..]).unwrap());
            }
        }
    }

    /// Strings with escapes at every position relative to word boundaries, short and long.
    fn awkward_strings() -> Vec<String> {
        let mut v: Vec<String> = [
            "",
            "a",
            "\"",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "\"\"\"\"\"\"\"\"\"",
            "\u{0}\u{1f}\u{7f}é\\",
            r#"{"site":"plant-7","features":["modbus","opcua"],"x":"\\n"}"#,
            "arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-gw/\"q\"\u{1}\\tail\té😀",
        ]
        .iter()
        .map(|s| String::from(*s))
        .collect();
        for len in 0..20 {
            for at in 0..len {
                for special in ['"', '\u{1}', '\n'] {
                    let mut s: String = "x".repeat(len);
                    s.replace_range(at..at + 1, &String::from(special));
                    v.push(s);
                }
            }
        }
        v
    }

    #[test]
    fn in_place_matches_serde_json_at_every_buffer_size() {
        for s in awkward_strings() {
            let expect = serde_json::to_string(&s).unwrap();
            assert_eq!(encode(&s), expect);
            // From far too small to roomy: the output is the same prefix, the count exact.
            for size in 0..expect.len() + 12 {
                let mut buf = std::vec![0xaau8; size];
                let mut w = Writer::new(&mut buf);
                w.put(b"[");
                put_string(&mut w, &s);
                w.put(b"]");
                let want = std::format!("[{expect}]");
                assert_eq!(
                    w.written(),
                    &want.as_bytes()[..size.min(want.len())],
                    "{s:?} {size}"
                );
                assert_eq!(w.len(), want.len(), "{s:?} {size}");
            }
        }
    }

    #[test]
    fn counter_and_writer_agree() {
        for s in awkward_strings() {
            let mut c = crate::buf::Counter::default();
            put_string(&mut c, &s);
            assert_eq!(c.0, serde_json::to_string(&s).unwrap().len());
        }
    }

    #[test]
    fn quoted_keys_are_what_key_writes() {
        let mut a = [0u8; 64];
        let mut b = [0u8; 64];
        let mut wa = Writer::new(&mut a);
        let mut wb = Writer::new(&mut b);
        let mut ja = JsonWriter::new(&mut wa);
        let mut jb = JsonWriter::new(&mut wb);
        ja.begin_object();
        jb.begin_object();
        for (name, quoted) in [("one", quoted!("one")), ("twoTwo", quoted!("twoTwo"))] {
            ja.key(name);
            jb.quoted_key(quoted);
            ja.u64(1);
            jb.u64(1);
        }
        ja.end_object();
        jb.end_object();
        assert_eq!(wa.written(), br#"{"one":1,"twoTwo":1}"#);
        assert_eq!(wa.written(), wb.written());
    }

    #[test]
    fn empty_string() {
        assert_eq!(encode(""), "\"\"");
    }

    fn document(f: impl FnOnce(&mut JsonWriter<'_, Writer<'_>>)) -> serde_json::Value {
        let mut buf = [0u8; 256];
        let mut w = Writer::new(&mut buf);
        f(&mut JsonWriter::new(&mut w));
        let len = w.finish().unwrap();
        serde_json::from_slice(&buf[..len]).expect("valid JSON document")
    }

    #[test]
    fn nesting_commas_and_scalars() {
        let v = document(|j| {
            j.begin_object();
            j.key("a");
            j.begin_array();
            j.begin_object();
            j.end_object();
            j.begin_array();
            j.end_array();
            j.raw_empty_object();
            j.bool(true);
            j.bool(false);
            j.end_array();
            j.key("min");
            j.i64(i64::MIN);
            j.key("max");
            j.u64(u64::MAX);
            j.key("i32");
            j.i32(i32::MIN);
            j.key("zero");
            j.i64(0);
            j.key("o");
            j.begin_object();
            j.key("k\"");
            j.string("v");
            j.end_object();
            j.end_object();
        });
        assert_eq!(
            v,
            serde_json::json!({
                "a": [{}, [], {}, true, false],
                "min": i64::MIN, "max": u64::MAX, "i32": i32::MIN, "zero": 0,
                "o": {"k\"": "v"}
            })
        );
    }

    #[test]
    fn output_is_compact() {
        let mut buf = [0u8; 64];
        let mut w = Writer::new(&mut buf);
        let mut j = JsonWriter::new(&mut w);
        j.begin_array();
        j.u64(1);
        j.string("x");
        j.begin_object();
        j.key("k");
        j.bool(true);
        j.end_object();
        j.end_array();
        let len = w.finish().unwrap();
        assert_eq!(&buf[..len], br#"[1,"x",{"k":true}]"#);
    }

    #[test]
    fn exact_flags_match_the_table_in_every_lane() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                for filler in [0u8, b'"', b'\\', b' ', b'a', 0x1f, 0x20, 0x7f, 0x80, 0xff] {
                    let mut word = [filler; 8];
                    word[lane] = b;
                    let flags = escape_flags(u64::from_le_bytes(word));
                    for (k, &x) in word.iter().enumerate() {
                        let flagged = flags >> (8 * k + 7) & 1 == 1;
                        assert_eq!(flagged, escape_of(x) != 0, "{word:?} lane {k}");
                    }
                }
            }
        }
    }

    #[test]
    fn find_escape_agrees_with_a_byte_scan() {
        for len in 0..40 {
            for at in 0..=len {
                for special in [b'"', b'\\', 0u8, 0x1f] {
                    let mut v = std::vec![b'x'; len];
                    if at < len {
                        v[at] = special;
                    }
                    for from in 0..=len {
                        let expect = (from..len).find(|&k| escape_of(v[k]) != 0);
                        assert_eq!(
                            find_escape(&v, from),
                            expect.unwrap_or(len),
                            "{v:?} from {from}"
                        );
                    }
                }
            }
        }
    }
}
