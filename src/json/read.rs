//! A strict, depth-limited JSON pull reader that unescapes straight into the destination.
//!
//! # Why not `serde-json-core`
//!
//! The crate brief lists `serde-json-core` for decoding, but it falls short for untrusted response
//! bodies on firmware, so this module replaces it:
//!
//! - it hands back strings still escaped unless given a separate unescape buffer; here
//!   [`Reader::string_into`] unescapes directly into the caller's `heapless::String<N>`, and
//!   [`Reader::string_to`] into any [`Sink`], with no scratch buffer;
//! - it skips unknown members recursively with no depth limit, so a hostile body of nested `[`
//!   overflows the stack; here [`Reader::skip`] is iterative and the nesting of the whole document is
//!   bounded by a depth limit ([`DEFAULT_MAX_DEPTH`] unless chosen otherwise), reported as
//!   [`Error::Depth`];
//! - it accepts some invalid JSON while skipping scalars; here everything, skipped or not, is
//!   validated against RFC 8259: number grammar, exact literals, escapes, surrogate pairs, UTF-8
//!   and raw control characters;
//! - its number handling pulls in `core`'s float parsing (~15 KB of flash on Cortex-M); here
//!   integers ([`Reader::i64`]) and timestamps ([`Reader::timestamp`]) are parsed exactly with
//!   integer arithmetic only.
//!
//! Every error carries the byte offset at which it was detected.
//!
//! # Model
//!
//! The reader is a cursor over the input. The caller drives it with the shape it expects:
//! [`Reader::begin_object`] then [`Reader::next_key`] until it returns `None`, reading or
//! [skipping](Reader::skip) each member's value; arrays likewise with [`Reader::begin_array`] and
//! [`Reader::next_element`]; [`Reader::finish`] checks that only whitespace remains. Work is
//! linear in the input length. After an error the reader's position is unspecified and it should
//! be dropped; it never panics, whatever the input or the call sequence.

use core::fmt;

use crate::buf::Sink;
use crate::json::timestamp::Timestamp;

/// Nesting depth allowed by [`Reader::new`]: 32 levels of objects/arrays.
///
/// The service's deepest response shape nests well under ten levels; 32 leaves room for unknown
/// members added later while keeping hostile input cheap.
pub const DEFAULT_MAX_DEPTH: u8 = 32;

/// The kind of the next JSON value, from [`Reader::peek`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Kind {
    /// `{`
    Object,
    /// `[`
    Array,
    /// `"`
    String,
    /// `-` or a digit
    Number,
    /// `true` or `false`
    Bool,
    /// `null`
    Null,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Object => "object",
            Kind::Array => "array",
            Kind::String => "string",
            Kind::Number => "number",
            Kind::Bool => "boolean",
            Kind::Null => "null",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why the input was rejected; `offset` is the byte offset in the input where it was detected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// A byte that the JSON grammar does not allow here (including raw control characters inside
    /// strings, and calls that do not match the document's structure, e.g. `next_key` in an array).
    Syntax {
        /// Offset of the offending byte.
        offset: usize,
    },
    /// The input ended inside a value.
    UnexpectedEnd {
        /// The input length.
        offset: usize,
    },
    /// Objects/arrays nest deeper than the reader's maximum depth.
    Depth {
        /// Offset of the `{` or `[` that went too deep.
        offset: usize,
    },
    /// The value is valid JSON but not of the kind the caller asked for.
    Type {
        /// Offset of the value.
        offset: usize,
        /// What the caller asked for.
        expected: Kind,
        /// What the input holds.
        found: Kind,
    },
    /// The unescaped string does not fit the destination.
    TooLong {
        /// Offset of the string's opening quote.
        offset: usize,
        /// Unescaped length in bytes of the whole string.
        needed: usize,
    },
    /// A number outside the requested type: too large, or not an integer where one is required.
    NumberRange {
        /// Offset of the number.
        offset: usize,
    },
    /// A backslash escape that JSON does not define, or a `\u` escape with a non-hex digit.
    InvalidEscape {
        /// Offset of the offending byte.
        offset: usize,
    },
    /// Bytes inside a string that are not UTF-8.
    InvalidUtf8 {
        /// Offset of the first invalid byte.
        offset: usize,
    },
    /// A `\u` escape of a UTF-16 surrogate that is not part of a valid high/low pair.
    LoneSurrogate {
        /// Offset of the backslash of the unpaired escape.
        offset: usize,
    },
    /// Something other than whitespace after the document.
    TrailingData {
        /// Offset of the first such byte.
        offset: usize,
    },
}

impl Error {
    /// The byte offset at which the error was detected.
    pub fn offset(&self) -> usize {
        match *self {
            Error::Syntax { offset }
            | Error::UnexpectedEnd { offset }
            | Error::Depth { offset }
            | Error::Type { offset, .. }
            | Error::TooLong { offset, .. }
            | Error::NumberRange { offset }
            | Error::InvalidEscape { offset }
            | Error::InvalidUtf8 { offset }
            | Error::LoneSurrogate { offset }
            | Error::TrailingData { offset } => offset,
        }
    }

    /// The same error with its offset moved by `base` (for errors found in a sub-slice).
    pub(crate) fn shifted(self, base: usize) -> Self {
        let s = |o: usize| o.saturating_add(base);
        match self {
            Error::Syntax { offset } => Error::Syntax { offset: s(offset) },
            Error::UnexpectedEnd { offset } => Error::UnexpectedEnd { offset: s(offset) },
            Error::Depth { offset } => Error::Depth { offset: s(offset) },
            Error::Type {
                offset,
                expected,
                found,
            } => Error::Type {
                offset: s(offset),
                expected,
                found,
            },
            Error::TooLong { offset, needed } => Error::TooLong {
                offset: s(offset),
                needed,
            },
            Error::NumberRange { offset } => Error::NumberRange { offset: s(offset) },
            Error::InvalidEscape { offset } => Error::InvalidEscape { offset: s(offset) },
            Error::InvalidUtf8 { offset } => Error::InvalidUtf8 { offset: s(offset) },
            Error::LoneSurrogate { offset } => Error::LoneSurrogate { offset: s(offset) },
            Error::TrailingData { offset } => Error::TrailingData { offset: s(offset) },
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Error::Syntax { offset } => write!(f, "JSON syntax error at byte {offset}"),
            Error::UnexpectedEnd { offset } => {
                write!(f, "JSON input ended unexpectedly at byte {offset}")
            }
            Error::Depth { offset } => write!(f, "JSON nested too deeply at byte {offset}"),
            Error::Type {
                offset,
                expected,
                found,
            } => write!(
                f,
                "expected JSON {expected}, found {found} at byte {offset}"
            ),
            Error::TooLong { offset, needed } => write!(
                f,
                "JSON string at byte {offset} needs {needed} bytes, more than its destination holds"
            ),
            Error::NumberRange { offset } => {
                write!(
                    f,
                    "JSON number at byte {offset} is out of range for its type"
                )
            }
            Error::InvalidEscape { offset } => {
                write!(f, "invalid JSON string escape at byte {offset}")
            }
            Error::InvalidUtf8 { offset } => write!(f, "invalid UTF-8 at byte {offset}"),
            Error::LoneSurrogate { offset } => {
                write!(f, "unpaired UTF-16 surrogate escape at byte {offset}")
            }
            Error::TrailingData { offset } => {
                write!(
                    f,
                    "unexpected data after the JSON document at byte {offset}"
                )
            }
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// A string exactly as it appears in the input (still escaped, already validated).
///
/// Object keys come back as this type ([`Key`]) so that matching a member name needs no buffer:
/// [`RawStr::eq_str`] unescapes while it compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct RawStr<'a> {
    /// The body and its closing quote, at which decoding stops. Three words with `escaped`
    /// rather than the whole input and two offsets: keys and values are returned by value
    /// through every reader call.
    quoted: &'a [u8],
    /// Whether the body holds a `\` escape (else the raw bytes are the string).
    escaped: bool,
}

/// An object member name, as returned by [`Reader::next_key`].
pub type Key<'a> = RawStr<'a>;

impl<'a> RawStr<'a> {
    /// The bytes between the quotes, escapes not decoded.
    #[inline]
    pub fn raw(&self) -> &'a [u8] {
        self.quoted.split_last().map_or(&[], |(_, body)| body)
    }

    /// Whether the unescaped string equals `name`, compared as it is decoded (no buffer).
    // Inlined so that matching a key against a chain of constant names compiles to length
    // checks, with a memcmp only where the length matches.
    #[inline]
    pub fn eq_str(&self, name: &str) -> bool {
        let raw = self.raw();
        // Fast path: without escapes the raw bytes are the string. The reader noted escapes
        // while scanning, so matching a key against a list of names never rescans it.
        if !self.escaped {
            return raw == name.as_bytes();
        }
        self.eq_str_escaped(name)
    }

    /// The index of the first of `names` this string equals (one copy of the search for
    /// every member table; inlined into its callers on 64-bit targets only, for speed).
    #[cfg_attr(target_pointer_width = "64", inline)]
    #[cfg_attr(not(target_pointer_width = "64"), inline(never))]
    pub(crate) fn find_in(&self, names: &[&str]) -> Option<usize> {
        names.iter().position(|n| self.eq_str(n))
    }

    #[inline(never)]
    fn eq_str_escaped(&self, name: &str) -> bool {
        let mut rest = name.as_bytes();
        let mut chunks = Unescape::new(self.quoted, None, 0);
        loop {
            match chunks.next() {
                Ok(Some(chunk)) => match rest.strip_prefix(chunk.as_bytes()) {
                    Some(r) => rest = r,
                    None => return false,
                },
                Ok(None) => return rest.is_empty(),
                Err(_) => return false,
            }
        }
    }

    /// The unescaped text, one chunk per [`Unescape::next`] call, for crate code that appends
    /// it somewhere without a [`Sink`] (one loop in the caller instead of a monomorphized
    /// `unescape_to` per sink type). The body was validated when it was read, so `next` cannot
    /// fail.
    pub(crate) fn chunks(&self) -> Unescape<'a> {
        Unescape::new(self.quoted, None, 0)
    }

    /// Appends the unescaped text to `out`; returns its length and whether all of it fit.
    pub(crate) fn append_to(&self, out: &mut heapless::string::StringView) -> (usize, bool) {
        // Without escapes the raw bytes are the text: one UTF-8 check (it was validated when
        // read, so this cannot fail) instead of a second scan for escapes. Hosts only: on
        // 32-bit targets the general path serves alone (68 bytes less flash).
        if cfg!(target_pointer_width = "64")
            && !self.escaped
            && let Ok(text) = core::str::from_utf8(self.raw())
        {
            return (text.len(), out.push_str(text).is_ok());
        }
        unescape_append(self.quoted, None, 0, out)
    }

    /// Unescapes into `sink`; returns the unescaped length.
    pub fn unescape_to(&self, sink: &mut impl Sink) -> usize {
        let mut len = 0usize;
        let mut chunks = self.chunks();
        // The body was validated when it was read, so decoding cannot fail here.
        while let Ok(Some(chunk)) = chunks.next() {
            len = len.saturating_add(chunk.len());
            sink.put_str(chunk);
        }
        len
    }
}

/// A strict pull reader over one JSON document.
///
/// A typical decode loop: match members by name without copying keys, unescape the strings you
/// want into fixed-capacity strings, skip (while still validating) everything else.
///
/// ```
/// use lambda_microvms_codec::json::read::{Error, Reader};
///
/// let body = br#"{"state":"RUNNING","extra":{"a":[1,2,{"b":null}]},"memoryMiB":512,
///                 "name":"vm\u002d1","note":null}"#;
///
/// let mut state: heapless::String<16> = heapless::String::new();
/// let mut name: heapless::String<16> = heapless::String::new();
/// let mut memory = 0;
///
/// let mut r = Reader::new(body);
/// r.begin_object()?;
/// while let Some(key) = r.next_key()? {
///     if key.eq_str("state") {
///         r.string_into(&mut state)?;
///     } else if key.eq_str("name") {
///         r.string_into(&mut name)?;
///     } else if key.eq_str("memoryMiB") {
///         memory = r.i32()?;
///     } else {
///         r.skip()?; // unknown members, and `null`
///     }
/// }
/// r.finish()?;
///
/// assert_eq!(state, "RUNNING");
/// assert_eq!(name, "vm-1");
/// assert_eq!(memory, 512);
/// # Ok::<(), Error>(())
/// ```
///
/// Hostile input is bounded, not recursed into:
///
/// ```
/// use lambda_microvms_codec::json::read::{Error, Reader};
///
/// let deep = [b'['; 10_000];
/// assert_eq!(Reader::new(&deep).skip(), Err(Error::Depth { offset: 32 }));
/// ```
///
/// `Debug` and `defmt` show where the reader is, not the input: a response body may hold
/// credentials or tokens.
#[derive(Clone)]
pub struct Reader<'a> {
    input: &'a [u8],
    pos: usize,
    depth: u8,
    max_depth: u8,
    /// No member/element has been read yet in the innermost open container, so no comma is due.
    first: bool,
    /// Bit `d` is set when the container at depth `d` (0-based) is an object: closes must match
    /// and `next_key` / `next_element` must match the container they are called in. 32-bit
    /// words, because 64-bit shifts link helper routines on 32-bit cores.
    objects: [u32; 8],
    /// The whole input as text, when it is valid UTF-8 (checked once, at word speed): a string
    /// is then sliced out of it with an O(1) boundary check instead of being validated again.
    /// Invalid input leaves it `None`, and each string is validated on its own, so errors keep
    /// their exact offsets.
    text: Option<&'a str>,
}

impl core::fmt::Debug for Reader<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Reader")
            .field("pos", &self.pos)
            .field("len", &self.input.len())
            .field("depth", &self.depth)
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Reader<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Reader {{ pos: {=usize}, len: {=usize}, depth: {=u8} }}",
            self.pos,
            self.input.len(),
            self.depth
        );
    }
}

impl<'a> Reader<'a> {
    /// A reader over `input` with the [default depth limit](DEFAULT_MAX_DEPTH).
    pub fn new(input: &'a [u8]) -> Self {
        Self::with_max_depth(input, DEFAULT_MAX_DEPTH)
    }

    /// A reader allowing at most `max_depth` nested objects/arrays (0 allows scalars only).
    pub fn with_max_depth(input: &'a [u8], max_depth: u8) -> Self {
        Self {
            input,
            text: core::str::from_utf8(input).ok(),
            pos: 0,
            depth: 0,
            max_depth,
            first: false,
            objects: [0; 8],
        }
    }

    /// The current byte offset in the input.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// Number of currently open objects/arrays.
    pub fn depth(&self) -> u8 {
        self.depth
    }

    fn byte(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    fn end_error(&self) -> Error {
        Error::UnexpectedEnd {
            offset: self.input.len(),
        }
    }

    #[inline]
    fn skip_ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.byte() {
            self.pos += 1;
        }
    }

    /// Skips whitespace and returns the next byte, which must exist.
    #[inline]
    fn next_byte(&mut self) -> Result<u8, Error> {
        self.skip_ws();
        self.byte().ok_or_else(|| self.end_error())
    }

    /// The kind of the next value (skipping whitespace before it); consumes nothing else.
    #[inline]
    pub fn peek(&mut self) -> Result<Kind, Error> {
        Ok(match self.next_byte()? {
            b'{' => Kind::Object,
            b'[' => Kind::Array,
            b'"' => Kind::String,
            b'-' | b'0'..=b'9' => Kind::Number,
            b't' | b'f' => Kind::Bool,
            b'n' => Kind::Null,
            _ => return Err(Error::Syntax { offset: self.pos }),
        })
    }

    #[inline]
    fn expect_kind(&mut self, expected: Kind) -> Result<(), Error> {
        let found = self.peek()?;
        if found == expected {
            Ok(())
        } else {
            Err(Error::Type {
                offset: self.pos,
                expected,
                found,
            })
        }
    }

    #[inline]
    fn in_object(&self) -> Option<bool> {
        let d = usize::from(self.depth.checked_sub(1)?);
        let word = self.objects.get(d / 32)?;
        Some(word & (1u32 << (d % 32)) != 0)
    }

    fn open(&mut self, object: bool) -> Result<(), Error> {
        if self.depth >= self.max_depth {
            return Err(Error::Depth { offset: self.pos });
        }
        let d = usize::from(self.depth);
        if let Some(word) = self.objects.get_mut(d / 32) {
            let bit = 1u32 << (d % 32);
            if object {
                *word |= bit;
            } else {
                *word &= !bit;
            }
        }
        self.depth += 1;
        self.pos += 1;
        self.first = true;
        Ok(())
    }

    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.pos += 1;
        // The enclosing container has just had a complete value.
        self.first = false;
    }

    /// Consumes `{`; then call [`next_key`](Self::next_key) until it returns `None`.
    pub fn begin_object(&mut self) -> Result<(), Error> {
        self.expect_kind(Kind::Object)?;
        self.open(true)
    }

    /// Consumes `[`; then call [`next_element`](Self::next_element) until it returns `false`.
    pub fn begin_array(&mut self) -> Result<(), Error> {
        self.expect_kind(Kind::Array)?;
        self.open(false)
    }

    /// Advances to the next member of the current object: consumes the separating `,`, the key
    /// and its `:`, leaving the reader at the member's value, which the caller must then read or
    /// [skip](Self::skip). Consumes the closing `}` and returns `None` at the end of the object.
    pub fn next_key(&mut self) -> Result<Option<Key<'a>>, Error> {
        let b = self.next_byte()?;
        if self.in_object() != Some(true) {
            return Err(Error::Syntax { offset: self.pos });
        }
        if b == b'}' {
            self.close();
            return Ok(None);
        }
        if !self.first {
            if b != b',' {
                return Err(Error::Syntax { offset: self.pos });
            }
            self.pos += 1;
        }
        self.first = false;
        if self.next_byte()? != b'"' {
            return Err(Error::Syntax { offset: self.pos });
        }
        let key = self.raw_string()?;
        if self.next_byte()? != b':' {
            return Err(Error::Syntax { offset: self.pos });
        }
        self.pos += 1;
        Ok(Some(key))
    }

    /// Advances to the next element of the current array (consuming the separating `,`) and
    /// returns `true`, leaving the reader at the element; consumes the closing `]` and returns
    /// `false` at the end of the array.
    pub fn next_element(&mut self) -> Result<bool, Error> {
        let b = self.next_byte()?;
        if self.in_object() != Some(false) {
            return Err(Error::Syntax { offset: self.pos });
        }
        if b == b']' {
            self.close();
            return Ok(false);
        }
        if !self.first {
            if b != b',' {
                return Err(Error::Syntax { offset: self.pos });
            }
            self.pos += 1;
            // `[1,]`: a value must follow the comma.
            if self.next_byte()? == b']' {
                return Err(Error::Syntax { offset: self.pos });
            }
        }
        self.first = false;
        Ok(true)
    }

    fn literal(&mut self, word: &[u8]) -> Result<(), Error> {
        for &w in word {
            match self.byte() {
                None => return Err(self.end_error()),
                Some(b) if b == w => self.pos += 1,
                Some(_) => return Err(Error::Syntax { offset: self.pos }),
            }
        }
        Ok(())
    }

    /// Consumes the literal (`true`, `false` or `null`) starting at the reader, chosen by its
    /// first byte; returns that byte.
    fn any_literal(&mut self) -> Result<u8, Error> {
        let first = self.byte().unwrap_or_default();
        let word: &[u8] = match first {
            b't' => b"true",
            b'f' => b"false",
            _ => b"null",
        };
        self.literal(word)?;
        Ok(first)
    }

    /// Consumes `null` and returns `true` if it is next; otherwise consumes nothing (but
    /// whitespace) and returns `false`. For members where `null` means absent.
    #[cfg_attr(target_pointer_width = "64", inline)]
    pub fn null(&mut self) -> Result<bool, Error> {
        // Asked before almost every member value, which is almost never `null`: one byte
        // decides. A byte that starts no value is left for the read that follows, which
        // reports it at this same offset.
        if self.next_byte()? != b'n' {
            return Ok(false);
        }
        self.any_literal()?;
        Ok(true)
    }

    /// Reads `true` or `false`.
    pub fn bool(&mut self) -> Result<bool, Error> {
        self.expect_kind(Kind::Bool)?;
        Ok(self.any_literal()? == b't')
    }

    /// Reads a string, validated, without unescaping it. The reader must be at the `"`.
    #[inline]
    fn raw_string(&mut self) -> Result<RawStr<'a>, Error> {
        let (start, end, escaped) = self.raw_span()?;
        Ok(RawStr {
            quoted: self.input.get(start..end + 1).unwrap_or_default(),
            escaped,
        })
    }

    /// Scans the string at the reader (at its `"`): where its body starts, the offset of its
    /// closing quote, and whether it holds an escape.
    #[inline]
    fn raw_span(&mut self) -> Result<(usize, usize, bool), Error> {
        let start = self.pos + 1;
        let (end, escaped) = scan_string(self.input, self.text, start)?;
        self.pos = end + 1;
        Ok((start, end, escaped))
    }

    /// Reads a string without unescaping it (already validated); see [`RawStr`].
    pub fn string_raw(&mut self) -> Result<RawStr<'a>, Error> {
        self.expect_kind(Kind::String)?;
        self.raw_string()
    }

    /// Reads a string, unescaping it into `out` (replacing its contents).
    ///
    /// If it does not fit, the whole string is still scanned and validated and the error is
    /// [`Error::TooLong`] with the full unescaped length, so the caller can size a retry; `out`
    /// then holds an unspecified prefix.
    pub fn string_into<const N: usize>(
        &mut self,
        out: &mut heapless::String<N>,
    ) -> Result<(), Error> {
        self.string_into_view(out.as_mut_view())
    }

    /// [`string_into`](Self::string_into) for any capacity: one copy of the code, not one
    /// per `N`.
    ///
    /// Inlined into its callers on 64-bit targets (hosts, gateways: this is the hottest path
    /// of decoding, ~3% of `decode_ok`'s instructions go to the call), left out of line on
    /// smaller ones, where the copies would cost ~450 bytes of flash.
    #[cfg_attr(target_pointer_width = "64", inline)]
    fn string_into_view(&mut self, out: &mut heapless::string::StringView) -> Result<(), Error> {
        self.expect_kind(Kind::String)?;
        out.clear();
        let offset = self.pos;
        // Scanned (and validated) first, as a key is: most strings have no escape, and then
        // the text between the quotes is the value, appended in one piece.
        let (start, end, escaped) = self.raw_span()?;
        let (needed, fits) = if escaped {
            unescape_append(self.input, self.text, start, out)
        } else {
            let run = run_text(self.input, self.text, start, end)?;
            (run.len(), out.push_str(run).is_ok())
        };
        if fits {
            Ok(())
        } else {
            Err(Error::TooLong { offset, needed })
        }
    }

    /// Reads a string, unescaping it into `sink`; returns the unescaped length.
    ///
    /// With a [`Counter`](crate::buf::Counter) this sizes a buffer; with a
    /// [`Writer`](crate::buf::Writer) it fills one.
    pub fn string_to(&mut self, sink: &mut impl Sink) -> Result<usize, Error> {
        self.expect_kind(Kind::String)?;
        let mut len = 0usize;
        let mut chunks = Unescape::new(self.input, self.text, self.pos + 1);
        while let Some(chunk) = chunks.next()? {
            len = len.saturating_add(chunk.len());
            sink.put_str(chunk);
        }
        let end = chunks.i;
        self.pos = end + 1;
        Ok(len)
    }

    fn number(&mut self) -> Result<Number, Error> {
        self.expect_kind(Kind::Number)?;
        let n = scan_number(self.input, self.pos)?;
        self.pos = n.end;
        Ok(n)
    }

    /// Reads a number (grammar checked): the input and where in it the number is.
    pub(crate) fn number_scan(&mut self) -> Result<(&'a [u8], Number), Error> {
        let n = self.number()?;
        Ok((self.input, n))
    }

    /// Reads an integer.
    ///
    /// Only the integer grammar is accepted: a number with a fraction or an exponent (`1.0`,
    /// `1e3`) is [`Error::NumberRange`] even if its value is integral, because the API model
    /// declares these members integers and the service never sends them otherwise. Values outside
    /// `i64` are also [`Error::NumberRange`].
    pub fn i64(&mut self) -> Result<i64, Error> {
        let (neg, digits, range) = self.integer()?;
        // Accumulate negatively so that i64::MIN is representable.
        let mut acc: i64 = 0;
        for &d in digits {
            acc = acc
                .checked_mul(10)
                .and_then(|a| a.checked_sub(i64::from(d.saturating_sub(b'0'))))
                .ok_or(range)?;
        }
        if neg {
            Ok(acc)
        } else {
            acc.checked_neg().ok_or(range)
        }
    }

    /// Reads an integer that must fit `i32`; see [`i64`](Self::i64).
    ///
    /// Accumulated in `i32` itself, not through `i64`: 64-bit checked arithmetic is long on
    /// 32-bit cores. The result and the error (offset of the number) are the same.
    pub fn i32(&mut self) -> Result<i32, Error> {
        let (neg, digits, range) = self.integer()?;
        let mut acc: i32 = 0;
        for &d in digits {
            acc = acc
                .checked_mul(10)
                .and_then(|a| a.checked_sub(i32::from(d.saturating_sub(b'0'))))
                .ok_or(range)?;
        }
        if neg {
            Ok(acc)
        } else {
            acc.checked_neg().ok_or(range)
        }
    }

    /// Reads a number that must have the integer grammar: its sign, its digits and the error
    /// to report when it is out of range.
    fn integer(&mut self) -> Result<(bool, &'a [u8], Error), Error> {
        let n = self.number()?;
        let range = Error::NumberRange { offset: n.start };
        if !n.is_integer() {
            return Err(range);
        }
        Ok((n.neg, n.int(self.input), range))
    }

    /// Reads a timestamp sent as epoch seconds.
    ///
    /// A JSON number in integer, fraction or exponent form is converted exactly (no floats; see
    /// [`Timestamp::parse_epoch`]). A JSON string holding such a number is accepted too, as
    /// botocore does. RFC 3339 date-time strings are *not* accepted (that needs calendar
    /// arithmetic, which lives in `sigv4::time`): they are [`Error::Syntax`] at the string's
    /// first byte that is not part of a number.
    pub fn timestamp(&mut self) -> Result<Timestamp, Error> {
        if self.peek()? == Kind::String {
            let start = self.pos + 1;
            let s = self.string_raw()?;
            return Timestamp::parse_epoch(s.raw()).map_err(|e| e.shifted(start));
        }
        let n = self.number()?;
        Timestamp::from_scanned(self.input, &n).map_err(|e| e.shifted(n.start))
    }

    /// Skips the next value, validating it as strictly as if it had been read.
    ///
    /// Iterative: nesting costs one bit of reader state per level, never stack, and is bounded by
    /// the reader's maximum depth (counting the levels already open).
    pub fn skip(&mut self) -> Result<(), Error> {
        let base = self.depth;
        let mut need_value = true;
        loop {
            if need_value {
                match self.peek()? {
                    Kind::Object => self.open(true)?,
                    Kind::Array => self.open(false)?,
                    Kind::String => {
                        self.raw_string()?;
                    }
                    Kind::Number => {
                        self.pos = scan_number(self.input, self.pos)?.end;
                    }
                    Kind::Bool | Kind::Null => {
                        self.any_literal()?;
                    }
                }
            }
            if self.depth <= base {
                return Ok(());
            }
            need_value = if self.in_object() == Some(true) {
                self.next_key()?.is_some()
            } else {
                self.next_element()?
            };
        }
    }

    /// Ends reading: only whitespace may remain, and every opened container must be closed.
    pub fn finish(mut self) -> Result<(), Error> {
        self.skip_ws();
        if self.pos < self.input.len() {
            return Err(Error::TrailingData { offset: self.pos });
        }
        if self.depth > 0 {
            return Err(self.end_error());
        }
        Ok(())
    }
}

/// Where one number's parts are in the input. Offsets only, seven words: a number is returned
/// by value from every scan.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Number {
    /// The first byte (the sign or the first digit).
    pub(crate) start: usize,
    /// Just after the last byte.
    pub(crate) end: usize,
    pub(crate) neg: bool,
    /// End of the integer digits (which start after the sign).
    int_end: usize,
    /// End of the fraction digits (which start after the `.`); `int_end` when there is none.
    frac_end: usize,
    /// Start of the exponent digits (which end at `end`); `end` when there is none.
    exp_start: usize,
    /// The exponent's sign is `-`.
    pub(crate) exp_neg: bool,
}

impl Number {
    /// The integer digits.
    pub(crate) fn int<'s>(&self, s: &'s [u8]) -> &'s [u8] {
        s.get(self.start + usize::from(self.neg)..self.int_end)
            .unwrap_or_default()
    }

    /// The fraction digits (empty when there is no fraction).
    pub(crate) fn frac<'s>(&self, s: &'s [u8]) -> &'s [u8] {
        s.get(self.int_end + 1..self.frac_end).unwrap_or_default()
    }

    /// The exponent digits (empty when there is no exponent).
    pub(crate) fn exp<'s>(&self, s: &'s [u8]) -> &'s [u8] {
        s.get(self.exp_start..self.end).unwrap_or_default()
    }

    /// Whether the number has a fraction or an exponent (not the integer grammar).
    pub(crate) fn is_integer(&self) -> bool {
        self.frac_end == self.int_end && self.exp_start == self.end
    }
}

/// Scans the RFC 8259 number starting at `s[i]`:
/// `-? (0 | [1-9][0-9]*) (\.[0-9]+)? ([eE][+-]?[0-9]+)?`.
///
/// What follows the number is the caller's business (a `1` after `0` ends the number `0`; the
/// structure then rejects the `1`).
pub(crate) fn scan_number(s: &[u8], mut i: usize) -> Result<Number, Error> {
    let start = i;
    let at = |i: usize| s.get(i).copied();
    let bad = |i: usize| match s.get(i) {
        None => Error::UnexpectedEnd { offset: s.len() },
        Some(_) => Error::Syntax { offset: i },
    };
    let digits = |mut i: usize| {
        while let Some(b'0'..=b'9') = at(i) {
            i += 1;
        }
        i
    };
    let neg = at(i) == Some(b'-');
    if neg {
        i += 1;
    }
    match at(i) {
        Some(b'0') => i += 1,
        Some(b'1'..=b'9') => i = digits(i),
        _ => return Err(bad(i)),
    }
    let int_end = i;
    if at(i) == Some(b'.') {
        i += 1;
        let f = i;
        i = digits(i);
        if i == f {
            return Err(bad(i));
        }
    }
    let frac_end = i;
    let mut exp_neg = false;
    let mut exp_start = i;
    if let Some(b'e' | b'E') = at(i) {
        i += 1;
        if let Some(sign @ (b'+' | b'-')) = at(i) {
            exp_neg = sign == b'-';
            i += 1;
        }
        exp_start = i;
        i = digits(i);
        if i == exp_start {
            return Err(bad(i));
        }
    }
    Ok(Number {
        start,
        end: i,
        neg,
        int_end,
        frac_end,
        exp_start,
        exp_neg,
    })
}

/// From `s[i]`, skips bytes that need no attention inside a string (anything but `"`, `\\`
/// and controls), a word at a time; returns where the run stops (`s.len()` at the end) and
/// whether it held a non-ASCII byte (only then does it need UTF-8 validation).
///
/// 64-bit targets use the writer's 8-byte scan; 32-bit ones the same scan on 4-byte words
/// ([`plain_run_u32`]), since `u64` arithmetic there takes register pairs and twice the code.
#[cfg(target_pointer_width = "64")]
#[inline]
fn plain_run(s: &[u8], i: usize) -> (usize, bool) {
    crate::json::write::next_special(s, i)
}

#[cfg(not(target_pointer_width = "64"))]
#[inline]
fn plain_run(s: &[u8], i: usize) -> (usize, bool) {
    plain_run_u32(s, i)
}

/// [`plain_run`] on 4-byte words: the writer's `special_mask` word trick on `u32` (the
/// lowest flag is exact: a borrow can only set a spurious flag above a true one).
#[cfg_attr(target_pointer_width = "64", allow(dead_code))]
fn plain_run_u32(s: &[u8], from: usize) -> (usize, bool) {
    const ONES: u32 = 0x0101_0101;
    const HIGH: u32 = 0x8080_8080;
    let mut i = from;
    let mut high = 0u32;
    loop {
        let rest = s.get(i..).unwrap_or_default();
        // The tail is padded with `"`, which stops the scan at the end.
        let mut word = [b'"'; 4];
        for (w, &b) in word.iter_mut().zip(rest) {
            *w = b;
        }
        let w = u32::from_le_bytes(word);
        let control = w.wrapping_sub(ONES * 0x20) & !w;
        let q = w ^ (ONES * u32::from(b'"'));
        let quote = q.wrapping_sub(ONES) & !q;
        let b = w ^ (ONES * u32::from(b'\\'));
        let backslash = b.wrapping_sub(ONES) & !b;
        let mask = (control | quote | backslash) & HIGH;
        if mask != 0 {
            let k = mask.trailing_zeros() / 8;
            // Bytes below the first special one; k < 4 here.
            high |= w & ((1u32 << (8 * k)) - 1);
            let at = i.saturating_add(k as usize).min(s.len());
            return (at, high & HIGH != 0);
        }
        high |= w;
        i = i.saturating_add(4);
    }
}

/// `s[run_start..i]` as text; multi-byte sequences never contain `"`, `\\` or controls, so a
/// run never splits a character of valid input.
#[inline]
fn run_text<'s>(
    s: &'s [u8],
    text: Option<&'s str>,
    run_start: usize,
    i: usize,
) -> Result<&'s str, Error> {
    if let Some(run) = text.and_then(|t| t.get(run_start..i)) {
        return Ok(run);
    }
    core::str::from_utf8(s.get(run_start..i).unwrap_or(&[])).map_err(|e| {
        if e.error_len().is_none() && i == s.len() {
            Error::UnexpectedEnd { offset: s.len() }
        } else {
            Error::InvalidUtf8 {
                offset: run_start + e.valid_up_to(),
            }
        }
    })
}

/// Validates and unescapes a string body starting at `s[i]` (just after the opening quote),
/// one chunk of decoded text per [`next`](Self::next) call.
///
/// A pull decoder rather than a function taking a callback: one non-generic copy serves every
/// caller (a generic callback was compiled once per closure, each with its own copy of the run
/// scanner), and there is no indirect call, which would leave the firmware's static stack
/// analysis (`scripts/firmware-stack.py`) without a sound bound.
pub(crate) struct Unescape<'s> {
    s: &'s [u8],
    text: Option<&'s str>,
    /// Where the next chunk starts; the closing quote's offset once `next` returned `None`.
    i: usize,
    /// The UTF-8 encoding of the last escape.
    buf: [u8; 4],
}

impl<'s> Unescape<'s> {
    fn new(s: &'s [u8], text: Option<&'s str>, i: usize) -> Self {
        Self {
            s,
            text,
            i,
            buf: [0; 4],
        }
    }

    /// The next chunk (a run of plain text or one escape), `None` at the closing quote.
    #[inline(never)]
    pub(crate) fn next(&mut self) -> Result<Option<&str>, Error> {
        let (s, i) = (self.s, self.i);
        match s.get(i) {
            None => Err(Error::UnexpectedEnd { offset: s.len() }),
            Some(b'"') => Ok(None),
            Some(b'\\') => {
                let (c, len) = decode_escape(s, i)?;
                self.i = i + len;
                Ok(Some(c.encode_utf8(&mut self.buf)))
            }
            // Raw control characters must be escaped.
            Some(&b) if b < 0x20 => Err(Error::Syntax { offset: i }),
            Some(_) => {
                let end = plain_run(s, i).0;
                if end == i {
                    // Cannot happen (the run stops only at `"`, `\\` or a control), but
                    // progress must not rest on that.
                    return Err(Error::Syntax { offset: i });
                }
                self.i = end;
                run_text(s, self.text, i, end).map(Some)
            }
        }
    }
}

/// Appends the unescaped text of the (validated) string body starting at `s[i]` to `out`;
/// returns its length and whether all of it fit (else `out` holds a prefix).
pub(crate) fn unescape_append(
    s: &[u8],
    text: Option<&str>,
    i: usize,
    out: &mut heapless::string::StringView,
) -> (usize, bool) {
    let mut needed = 0usize;
    let mut fits = true;
    let mut chunks = Unescape::new(s, text, i);
    // Validated when it was scanned: `next` cannot fail.
    while let Ok(Some(chunk)) = chunks.next() {
        needed = needed.saturating_add(chunk.len());
        fits = fits && out.push_str(chunk).is_ok();
    }
    (needed, fits)
}

/// Validates a string body as [`Unescape`] does, without producing text: ASCII runs need
/// no UTF-8 check. Returns the offset of the closing quote and whether an escape occurred.
#[inline]
fn scan_string(s: &[u8], text: Option<&str>, mut i: usize) -> Result<(usize, bool), Error> {
    let mut escaped = false;
    loop {
        let run_start = i;
        let (end, non_ascii) = plain_run(s, i);
        i = end;
        if non_ascii && text.is_none() {
            run_text(s, None, run_start, i)?;
        }
        match s.get(i) {
            None => return Err(Error::UnexpectedEnd { offset: s.len() }),
            Some(b'"') => return Ok((i, escaped)),
            Some(b'\\') => {
                i += decode_escape(s, i)?.1;
                escaped = true;
            }
            Some(_) => return Err(Error::Syntax { offset: i }),
        }
    }
}

/// Decodes the escape whose backslash is at `s[i]`; returns the character and the escape's length.
fn decode_escape(s: &[u8], i: usize) -> Result<(char, usize), Error> {
    let Some(&e) = s.get(i + 1) else {
        return Err(Error::UnexpectedEnd { offset: s.len() });
    };
    if e != b'u' {
        // The single-character escapes, and what each stands for: two small tables and one
        // search rather than a jump table.
        const FROM: &[u8; 8] = b"\"\\/bfnrt";
        const TO: &[u8; 8] = b"\"\\/\x08\x0c\n\r\t";
        return match FROM.iter().position(|&f| f == e).and_then(|k| TO.get(k)) {
            Some(&c) => Ok((char::from(c), 2)),
            None => Err(Error::InvalidEscape { offset: i + 1 }),
        };
    }
    let hi = u32::from(hex4(s, i + 2)?);
    let (cp, len) = if (0xD800..0xDC00).contains(&hi) {
        // A high surrogate must be followed by an escaped low surrogate.
        match (s.get(i + 6), s.get(i + 7)) {
            (Some(b'\\'), Some(b'u')) => {}
            (None, _) | (Some(b'\\'), None) => {
                return Err(Error::UnexpectedEnd { offset: s.len() });
            }
            _ => return Err(Error::LoneSurrogate { offset: i }),
        }
        let lo = u32::from(hex4(s, i + 8)?);
        if !(0xDC00..0xE000).contains(&lo) {
            return Err(Error::LoneSurrogate { offset: i });
        }
        (0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00), 12)
    } else {
        (hi, 6)
    };
    // `None` only for a low surrogate on its own.
    char::from_u32(cp)
        .map(|c| (c, len))
        .ok_or(Error::LoneSurrogate { offset: i })
}

fn hex4(s: &[u8], i: usize) -> Result<u16, Error> {
    let mut v = 0u16;
    for k in i..i + 4 {
        let Some(&b) = s.get(k) else {
            return Err(Error::UnexpectedEnd { offset: s.len() });
        };
        let d = match b {
            b'0'..=b'9' => b - b'0',
            // ASCII letters differ from their lowercase only in bit 5.
            _ => match b | 0x20 {
                l @ b'a'..=b'f' => l - b'a' + 10,
                _ => return Err(Error::InvalidEscape { offset: k }),
            },
        };
        v = (v << 4) | u16::from(d);
    }
    Ok(v)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::buf::{Counter, Writer};

    type S = heapless::String<64>;

    fn string(doc: &[u8]) -> Result<S, Error> {
        let mut r = Reader::new(doc);
        let mut s = S::new();
        r.string_into(&mut s)?;
        r.finish()?;
        Ok(s)
    }

    fn skip_all(doc: &[u8]) -> Result<(), Error> {
        let mut r = Reader::new(doc);
        r.skip()?;
        r.finish()
    }

    fn int(doc: &[u8]) -> Result<i64, Error> {
        let mut r = Reader::new(doc);
        let v = r.i64()?;
        r.finish()?;
        Ok(v)
    }

    #[test]
    fn word_scans_agree() {
        extern crate std;
        // The 4-byte scan (32-bit targets) against the writer's 8-byte one, for every special
        // byte at every offset, after plain ASCII and after non-ASCII bytes.
        let specials = [b'"', b'\\', 0x00, 0x1f, b'\n'];
        let fillers = [b'a', 0x7f, 0x80, 0xff, 0x20, 0x21, b'"' + 1, b'\\' + 1];
        for len in 0..20 {
            for &f in &fillers {
                let mut v = std::vec![f; len];
                assert_eq!(
                    plain_run_u32(&v, 0),
                    crate::json::write::next_special(&v, 0)
                );
                for at in 0..len {
                    for &sp in &specials {
                        let keep = v[at];
                        v[at] = sp;
                        for from in 0..=at {
                            assert_eq!(
                                plain_run_u32(&v, from),
                                crate::json::write::next_special(&v, from),
                                "{v:?} from {from}"
                            );
                        }
                        v[at] = keep;
                    }
                }
            }
        }
    }

    #[test]
    fn decode_loop_with_nested_and_unknown_members() {
        let doc =
            br#" { "a" : [ 1 , -2 , 3 ] , "skip": {"x": [true, false, null, "s", 1.5e-3, {}]},
                        "b" : "hi" , "c" : null , "d": true } "#;
        let mut r = Reader::new(doc);
        r.begin_object().unwrap();
        let mut a = [0i64; 3];
        let mut n = 0;
        let mut b = S::new();
        let mut c_absent = false;
        let mut d = false;
        while let Some(k) = r.next_key().unwrap() {
            if k.eq_str("a") {
                r.begin_array().unwrap();
                while r.next_element().unwrap() {
                    a[n] = r.i64().unwrap();
                    n += 1;
                }
            } else if k.eq_str("b") {
                r.string_into(&mut b).unwrap();
            } else if k.eq_str("c") {
                c_absent = r.null().unwrap();
            } else if k.eq_str("d") {
                assert!(!r.null().unwrap());
                d = r.bool().unwrap();
            } else {
                assert_eq!(k.raw(), b"skip");
                r.skip().unwrap();
            }
        }
        assert_eq!(r.depth(), 0);
        r.finish().unwrap();
        assert_eq!((a, n), ([1, -2, 3], 3));
        assert_eq!(b, "hi");
        assert!(c_absent && d);
    }

    #[test]
    fn empty_containers() {
        let mut r = Reader::new(b"{}");
        r.begin_object().unwrap();
        assert_eq!(r.next_key().unwrap(), None);
        r.finish().unwrap();
        let mut r = Reader::new(b"[ ]");
        r.begin_array().unwrap();
        assert!(!r.next_element().unwrap());
        r.finish().unwrap();
    }

    #[test]
    fn every_simple_escape() {
        assert_eq!(
            string(br#""\"\\\/\b\f\n\r\t""#).unwrap(),
            "\"\\/\u{8}\u{c}\n\r\t"
        );
    }

    #[test]
    fn unicode_escapes_and_surrogate_pairs() {
        assert_eq!(
            string(br#""\u0041\u00e9\u20AC""#).unwrap(),
            "A\u{e9}\u{20ac}"
        );
        assert_eq!(string(br#""\ud83d\ude00""#).unwrap(), "\u{1f600}");
        assert_eq!(string(br#""\uDBFF\uDFFF""#).unwrap(), "\u{10ffff}");
        assert_eq!(string(br#""\u0000""#).unwrap(), "\u{0}");
        // Raw multi-byte UTF-8 passes through.
        assert_eq!(string("\"é€😀\"".as_bytes()).unwrap(), "é€😀");
    }

    #[test]
    fn lone_surrogates_are_rejected() {
        for (doc, offset) in [
            (&br#""\ud800""#[..], 1),
            (br#""ab\udc00""#, 3),
            (br#""\ud800\u0041""#, 1),
            (br#""\ud800x""#, 1),
            (br#""\ud800\n""#, 1),
            (br#""\ud800\ud800""#, 1),
            (br#""\ud800\ue000""#, 1),
        ] {
            assert_eq!(string(doc), Err(Error::LoneSurrogate { offset }), "{doc:?}");
        }
    }

    #[test]
    fn invalid_escapes() {
        assert_eq!(string(br#""\x""#), Err(Error::InvalidEscape { offset: 2 }));
        assert_eq!(
            string(br#""\U0041""#),
            Err(Error::InvalidEscape { offset: 2 })
        );
        assert_eq!(
            string(br#""\u12G4""#),
            Err(Error::InvalidEscape { offset: 5 })
        );
        assert_eq!(
            string(br#""\ud800\uZ000""#),
            Err(Error::InvalidEscape { offset: 9 })
        );
        assert_eq!(
            string(br#""\u12""#),
            Err(Error::InvalidEscape { offset: 5 })
        );
        assert_eq!(string(br#""\u12"#), Err(Error::UnexpectedEnd { offset: 5 }));
        assert_eq!(string(br#""\"#), Err(Error::UnexpectedEnd { offset: 2 }));
        assert_eq!(
            string(br#""\ud800\"#),
            Err(Error::UnexpectedEnd { offset: 8 })
        );
    }

    #[test]
    fn raw_control_characters_are_rejected() {
        assert_eq!(string(b"\"a\nb\""), Err(Error::Syntax { offset: 2 }));
        assert_eq!(string(b"\"\x00\""), Err(Error::Syntax { offset: 1 }));
        assert_eq!(string(b"\"\x1f\""), Err(Error::Syntax { offset: 1 }));
        // DEL is not a control character for JSON.
        assert_eq!(string(b"\"\x7f\"").unwrap(), "\x7f");
    }

    #[test]
    fn invalid_utf8_is_rejected_with_offset() {
        for (doc, offset) in [
            (&b"\"ab\xff\""[..], 3),
            (b"\"\xc0\x80\"", 1),          // overlong NUL
            (b"\"\xed\xa0\x80\"", 1),      // UTF-8-encoded surrogate
            (b"\"x\xf4\x90\x80\x80\"", 2), // above U+10FFFF
            (b"\"\xe2\x82\"", 1),          // truncated by the quote
            (b"\"\x80\"", 1),              // lone continuation byte
        ] {
            assert_eq!(string(doc), Err(Error::InvalidUtf8 { offset }), "{doc:?}");
        }
        assert_eq!(
            string(b"\"\xe2\x82"),
            Err(Error::UnexpectedEnd { offset: 3 })
        );
        // Invalid bytes are rejected when skipped too, and outside strings.
        assert_eq!(
            skip_all(b"[\"\xff\"]"),
            Err(Error::InvalidUtf8 { offset: 2 })
        );
        assert_eq!(skip_all(b"[\xff]"), Err(Error::Syntax { offset: 1 }));
    }

    #[test]
    fn too_long_reports_the_full_unescaped_length_after_validating() {
        let mut r = Reader::new(br#"["a\u00e9bc\n", 1]"#);
        r.begin_array().unwrap();
        assert!(r.next_element().unwrap());
        let mut s: heapless::String<3> = heapless::String::new();
        assert_eq!(
            r.string_into(&mut s),
            Err(Error::TooLong {
                offset: 1,
                needed: 6
            })
        );
        // The reader is past the string and can go on.
        assert!(r.next_element().unwrap());
        assert_eq!(r.i64(), Ok(1));
        // Validation still happens beyond the capacity.
        let mut r = Reader::new(br#""abcdef\q""#);
        assert_eq!(
            r.string_into(&mut s),
            Err(Error::InvalidEscape { offset: 8 })
        );
        // Exactly full fits.
        let mut r = Reader::new(br#""a\u00e9""#);
        r.string_into(&mut s).unwrap();
        assert_eq!(s, "a\u{e9}");
    }

    #[test]
    fn string_into_replaces_previous_contents() {
        let mut s = S::new();
        s.push_str("old").unwrap();
        let mut r = Reader::new(br#""new""#);
        r.string_into(&mut s).unwrap();
        assert_eq!(s, "new");
    }

    #[test]
    fn string_to_counts_and_writes() {
        let doc = br#"["x\u00e9\ud83d\ude00\"", "x\u00e9\ud83d\ude00\""]"#;
        let mut r = Reader::new(doc);
        r.begin_array().unwrap();
        r.next_element().unwrap();
        let mut c = Counter::default();
        assert_eq!(r.string_to(&mut c), Ok(8));
        assert_eq!(c.0, 8);
        r.next_element().unwrap();
        let mut buf = [0u8; 8];
        let mut w = Writer::new(&mut buf);
        assert_eq!(r.string_to(&mut w), Ok(8));
        assert_eq!(w.finish(), Ok(8));
        assert_eq!(&buf, "xé😀\"".as_bytes());
    }

    #[test]
    fn raw_strings_and_keys() {
        let doc = br#"{"a\u0062c": "v\/w", "plain": 1}"#;
        let mut r = Reader::new(doc);
        r.begin_object().unwrap();
        let k = r.next_key().unwrap().unwrap();
        assert_eq!(k.raw(), br"a\u0062c");
        assert!(k.eq_str("abc"));
        assert!(!k.eq_str("ab"));
        assert!(!k.eq_str("abcd"));
        assert!(!k.eq_str("abd"));
        assert!(!k.eq_str(""));
        let v = r.string_raw().unwrap();
        assert_eq!(v.raw(), br"v\/w");
        let mut buf = [0u8; 3];
        let mut w = Writer::new(&mut buf);
        assert_eq!(v.unescape_to(&mut w), 3);
        assert_eq!(&buf, b"v/w");
        let k = r.next_key().unwrap().unwrap();
        assert!(k.eq_str("plain") && !k.eq_str("plai") && !k.eq_str("plains"));
        r.skip().unwrap();
        assert_eq!(r.next_key(), Ok(None));
        r.finish().unwrap();
    }

    #[test]
    fn integers() {
        for (doc, v) in [
            (&b"0"[..], 0),
            (b"-0", 0),
            (b" 42 ", 42),
            (b"-17", -17),
            (b"9223372036854775807", i64::MAX),
            (b"-9223372036854775808", i64::MIN),
        ] {
            assert_eq!(int(doc), Ok(v), "{doc:?}");
        }
        for doc in [
            &b"9223372036854775808"[..],
            b"-9223372036854775809",
            b"100000000000000000000",
            b"1.0",
            b"1e3",
            b"1E0",
            b"-0.0",
        ] {
            assert_eq!(int(doc), Err(Error::NumberRange { offset: 0 }), "{doc:?}");
        }
        let mut r = Reader::new(b"[2147483647, -2147483648, 2147483648, -2147483649]");
        r.begin_array().unwrap();
        r.next_element().unwrap();
        assert_eq!(r.i32(), Ok(i32::MAX));
        r.next_element().unwrap();
        assert_eq!(r.i32(), Ok(i32::MIN));
        r.next_element().unwrap();
        assert_eq!(r.i32(), Err(Error::NumberRange { offset: 26 }));
        for (doc, offset) in [
            (&b"-2147483649"[..], 0),
            (b" 99999999999999999999999", 1),
            (b"1.0", 0),
            (b"1e0", 0),
        ] {
            let want = Err(Error::NumberRange { offset });
            assert_eq!(Reader::new(doc).i32(), want, "{doc:?}");
        }
    }

    #[test]
    fn number_grammar() {
        for doc in [
            &b"0"[..],
            b"-0",
            b"1.5",
            b"-0.0e-0",
            b"1E+2",
            b"1e-2",
            b"123456789012345678901234567890",
            b"1e99999999999999999999",
            b"0.0001",
        ] {
            assert_eq!(skip_all(doc), Ok(()), "{doc:?}");
        }
        for (doc, err) in [
            (&b"01"[..], Error::TrailingData { offset: 1 }),
            (b"-01", Error::TrailingData { offset: 2 }),
            (b"+1", Error::Syntax { offset: 0 }),
            (b".5", Error::Syntax { offset: 0 }),
            (b"1.", Error::UnexpectedEnd { offset: 2 }),
            (b"1.e3", Error::Syntax { offset: 2 }),
            (b"1e", Error::UnexpectedEnd { offset: 2 }),
            (b"1e+", Error::UnexpectedEnd { offset: 3 }),
            (b"1e+x", Error::Syntax { offset: 3 }),
            (b"-", Error::UnexpectedEnd { offset: 1 }),
            (b"--1", Error::Syntax { offset: 1 }),
            (b"-a", Error::Syntax { offset: 1 }),
            (b"0x10", Error::TrailingData { offset: 1 }),
            (b"1 2", Error::TrailingData { offset: 2 }),
            (b"[01]", Error::Syntax { offset: 2 }),
            (b"Infinity", Error::Syntax { offset: 0 }),
            (b"NaN", Error::Syntax { offset: 0 }),
        ] {
            assert_eq!(skip_all(doc), Err(err), "{doc:?}");
        }
    }

    #[test]
    fn literals_are_exact() {
        assert_eq!(skip_all(b"true"), Ok(()));
        assert_eq!(skip_all(b"false"), Ok(()));
        assert_eq!(skip_all(b"null"), Ok(()));
        assert_eq!(skip_all(b"tru"), Err(Error::UnexpectedEnd { offset: 3 }));
        assert_eq!(skip_all(b"trUe"), Err(Error::Syntax { offset: 2 }));
        assert_eq!(skip_all(b"True"), Err(Error::Syntax { offset: 0 }));
        assert_eq!(skip_all(b"nulll"), Err(Error::TrailingData { offset: 4 }));
        assert_eq!(skip_all(b"[nul]"), Err(Error::Syntax { offset: 4 }));
        assert_eq!(skip_all(b"[truefalse]"), Err(Error::Syntax { offset: 5 }));
        let mut r = Reader::new(b"nil");
        assert_eq!(r.null(), Err(Error::Syntax { offset: 1 }));
        let mut r = Reader::new(b" 5");
        assert_eq!(r.null(), Ok(false));
        assert_eq!(r.offset(), 1);
        assert_eq!(r.i64(), Ok(5));
    }

    #[test]
    fn type_errors_carry_both_kinds() {
        let mut r = Reader::new(b"  12");
        let mut s = S::new();
        assert_eq!(
            r.string_into(&mut s),
            Err(Error::Type {
                offset: 2,
                expected: Kind::String,
                found: Kind::Number
            })
        );
        for (doc, found) in [
            (&b"{}"[..], Kind::Object),
            (b"[]", Kind::Array),
            (b"\"\"", Kind::String),
            (b"true", Kind::Bool),
            (b"null", Kind::Null),
        ] {
            assert_eq!(
                Reader::new(doc).i64(),
                Err(Error::Type {
                    offset: 0,
                    expected: Kind::Number,
                    found
                })
            );
            assert_eq!(Reader::new(doc).peek(), Ok(found));
        }
        assert_eq!(
            Reader::new(b"[]").begin_object(),
            Err(Error::Type {
                offset: 0,
                expected: Kind::Object,
                found: Kind::Array
            })
        );
        assert_eq!(
            Reader::new(b"  ").peek(),
            Err(Error::UnexpectedEnd { offset: 2 })
        );
        assert_eq!(Reader::new(b"}").peek(), Err(Error::Syntax { offset: 0 }));
    }

    #[test]
    fn structural_errors() {
        for (doc, err) in [
            (&br#"{"a":1,}"#[..], Error::Syntax { offset: 7 }),
            (br#"[1,]"#, Error::Syntax { offset: 3 }),
            (br#"[,1]"#, Error::Syntax { offset: 1 }),
            (br#"{,"a":1}"#, Error::Syntax { offset: 1 }),
            (br#"{"a" 1}"#, Error::Syntax { offset: 5 }),
            (br#"{"a":1 "b":2}"#, Error::Syntax { offset: 7 }),
            (br#"[1 2]"#, Error::Syntax { offset: 3 }),
            (br#"{a:1}"#, Error::Syntax { offset: 1 }),
            (br#"{1:1}"#, Error::Syntax { offset: 1 }),
            (br#"{"a":}"#, Error::Syntax { offset: 5 }),
            (br#"[}"#, Error::Syntax { offset: 1 }),
            (br#"{]"#, Error::Syntax { offset: 1 }),
            (br#"[[1}]"#, Error::Syntax { offset: 3 }),
            (br#"{"a":[1}}"#, Error::Syntax { offset: 7 }),
            (br#"[1]]"#, Error::TrailingData { offset: 3 }),
            (br#"[1"#, Error::UnexpectedEnd { offset: 2 }),
            (br#"{"a":1"#, Error::UnexpectedEnd { offset: 6 }),
            (br#"{"a"#, Error::UnexpectedEnd { offset: 3 }),
            (b"", Error::UnexpectedEnd { offset: 0 }),
            (b" \t\r\n", Error::UnexpectedEnd { offset: 4 }),
            (b"\x0c1", Error::Syntax { offset: 0 }), // form feed is not JSON whitespace
            (b"[1]\x00", Error::TrailingData { offset: 3 }),
        ] {
            assert_eq!(skip_all(doc), Err(err), "{:?}", core::str::from_utf8(doc));
        }
    }

    #[test]
    fn calls_must_match_the_structure() {
        let mut r = Reader::new(b"[1]");
        r.begin_array().unwrap();
        assert_eq!(r.next_key(), Err(Error::Syntax { offset: 1 }));
        let mut r = Reader::new(br#"{"a":1}"#);
        r.begin_object().unwrap();
        assert_eq!(r.next_element(), Err(Error::Syntax { offset: 1 }));
        // Outside any container.
        assert_eq!(
            Reader::new(b"1").next_key(),
            Err(Error::Syntax { offset: 0 })
        );
        assert_eq!(
            Reader::new(b"1").next_element(),
            Err(Error::Syntax { offset: 0 })
        );
        // Finishing inside a container.
        let mut r = Reader::new(b"[");
        r.begin_array().unwrap();
        assert_eq!(r.finish(), Err(Error::UnexpectedEnd { offset: 1 }));
        let mut r = Reader::new(b"[1]");
        r.begin_array().unwrap();
        assert_eq!(r.finish(), Err(Error::TrailingData { offset: 1 }));
        // A key whose value was not consumed: the next key finds no comma.
        let mut r = Reader::new(br#"{"a":"b":"c"}"#);
        r.begin_object().unwrap();
        r.next_key().unwrap();
        assert_eq!(r.next_key(), Err(Error::Syntax { offset: 5 }));
    }

    #[test]
    fn depth_limit_bounds_the_whole_document() {
        let mut r = Reader::with_max_depth(b"[[1]]", 2);
        r.skip().unwrap();
        r.finish().unwrap();
        assert_eq!(
            Reader::with_max_depth(b"[[[1]]]", 2).skip(),
            Err(Error::Depth { offset: 2 })
        );
        assert_eq!(
            Reader::with_max_depth(br#"{"a":{"b":1}}"#, 1).skip(),
            Err(Error::Depth { offset: 5 })
        );
        // Levels opened by the caller count.
        let mut r = Reader::with_max_depth(br#"{"a":[[1]]}"#, 2);
        r.begin_object().unwrap();
        r.next_key().unwrap();
        assert_eq!(r.skip(), Err(Error::Depth { offset: 6 }));
        // Depth 0 still reads scalars.
        let mut r = Reader::with_max_depth(b"7", 0);
        assert_eq!(r.i64(), Ok(7));
        assert_eq!(
            Reader::with_max_depth(b"[]", 0).skip(),
            Err(Error::Depth { offset: 0 })
        );
    }

    #[test]
    fn default_depth_is_32() {
        let mut ok = [0u8; 64];
        ok[..32].fill(b'[');
        ok[32..].fill(b']');
        assert_eq!(skip_all(&ok), Ok(()));
        let mut deep = [0u8; 66];
        deep[..33].fill(b'[');
        deep[33..].fill(b']');
        assert_eq!(skip_all(&deep), Err(Error::Depth { offset: 32 }));
    }

    #[test]
    fn bracket_matching_across_the_whole_bit_stack() {
        // 255 levels alternating objects and arrays: every word of the bit stack is used.
        let mut doc = [0u8; 255 * 6 + 2];
        let mut len = 0;
        for d in 0..255 {
            let open: &[u8] = if d % 3 == 0 { b"{\"k\":" } else { b"[" };
            doc[len..len + open.len()].copy_from_slice(open);
            len += open.len();
        }
        doc[len] = b'1';
        len += 1;
        let body = len;
        for d in (0..255).rev() {
            doc[len] = if d % 3 == 0 { b'}' } else { b']' };
            len += 1;
        }
        let mut r = Reader::with_max_depth(&doc[..len], 255);
        r.skip().unwrap();
        r.finish().unwrap();
        // Swap one closing bracket deep in the stack (depth index 130, an array: 130 % 3 != 0).
        let at = body + (254 - 130);
        assert_eq!(doc[at], b']');
        doc[at] = b'}';
        assert_eq!(
            Reader::with_max_depth(&doc[..len], 255).skip(),
            Err(Error::Syntax { offset: at })
        );
    }

    #[test]
    fn timestamps_from_numbers_and_strings() {
        let doc = br#"[1764253500, 1.7642535001234E9, "17642535001234e-4", -1.5, "2025-11-27T00:00:00Z", true]"#;
        let mut r = Reader::new(doc);
        r.begin_array().unwrap();
        let mut got = [Timestamp::default(); 4];
        for g in &mut got {
            r.next_element().unwrap();
            *g = r.timestamp().unwrap();
        }
        assert_eq!(
            got[0],
            Timestamp {
                seconds: 1_764_253_500,
                nanos: 0
            }
        );
        assert_eq!(
            got[1],
            Timestamp {
                seconds: 1_764_253_500,
                nanos: 123_400_000
            }
        );
        assert_eq!(got[2], got[1]);
        assert_eq!(
            got[3],
            Timestamp {
                seconds: -2,
                nanos: 500_000_000
            }
        );
        r.next_element().unwrap();
        // RFC 3339 is not supported: rejected where the number grammar stops.
        assert_eq!(r.timestamp(), Err(Error::Syntax { offset: 64 }));
        let mut r = Reader::new(br#"[true, "1\u0030"]"#);
        r.begin_array().unwrap();
        r.next_element().unwrap();
        assert_eq!(
            r.timestamp(),
            Err(Error::Type {
                offset: 1,
                expected: Kind::Number,
                found: Kind::Bool
            })
        );
        // The raw (escaped) text is what is parsed: escapes inside epoch strings are rejected.
        assert_eq!(
            Reader::new(br#""1\u0030""#).timestamp(),
            Err(Error::Syntax { offset: 2 })
        );
    }

    #[test]
    fn long_flat_array() {
        // A long flat array (30 000 elements) in one pass: separators and closing bracket at the
        // end are handled without any per-element state beyond the `first` flag.
        let mut doc = [b' '; 60_000];
        doc[0] = b'[';
        let mut i = 1;
        while i + 2 < doc.len() {
            doc[i] = b'0';
            doc[i + 1] = b',';
            i += 2;
        }
        doc[i - 1] = b']';
        assert_eq!(skip_all(&doc), Ok(()));
    }

    #[test]
    fn error_display_and_offset() {
        extern crate std;
        use std::string::ToString;
        let e = Error::Type {
            offset: 3,
            expected: Kind::String,
            found: Kind::Null,
        };
        assert_eq!(e.offset(), 3);
        assert_eq!(e.to_string(), "expected JSON string, found null at byte 3");
        assert_eq!(
            Error::TooLong {
                offset: 1,
                needed: 9
            }
            .to_string(),
            "JSON string at byte 1 needs 9 bytes, more than its destination holds"
        );
        assert_eq!(
            Error::Depth { offset: 4 }.shifted(10),
            Error::Depth { offset: 14 }
        );
    }
}
