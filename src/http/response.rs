//! HTTP/1.1 response parsing from untrusted bytes, sans-IO.
//!
//! The status line and header fields are parsed by `httparse`; this module adds what `httparse`
//! leaves to its caller: message-body framing (RFC 9112 §6.3), chunked decoding, skipping `1xx`
//! interim responses, and the few header helpers the AWS protocol layer needs.
//!
//! # Contract
//! - Input is untrusted: every function returns an [`Error`] rather than panicking, does work
//!   linear in the input length, and never recurses.
//! - Nothing is allocated. A head may have at most [`MAX_HEADERS`] header fields; [`Response`]
//!   keeps only the slice of the input that holds them (and reads them again on demand, see
//!   [`Response::headers`]), so it is a few words, not an array of fields. The status line,
//!   header values and body all borrow the input.
//! - A message is only returned when it is complete. While bytes are still missing the result is
//!   [`Error::Incomplete`], so a caller reading from a socket appends what it reads and calls again.
//!
//! # Body framing
//! | response | body |
//! | --- | --- |
//! | `1xx` | skipped; the final response that follows is parsed |
//! | `204`, `304` (and `101`, which ends HTTP on the connection) | empty, whatever the headers say |
//! | `Transfer-Encoding: chunked` | decoded in place by [`Response::parse_in_place`] |
//! | `Content-Length: n` | the next `n` bytes |
//! | neither | everything up to the end of the input (the server closes the connection) |
//!
//! Both `Transfer-Encoding` and `Content-Length`, or several different `Content-Length` values, are
//! rejected with [`Error::ConflictingFraming`]: when two parsers disagree on where a message ends,
//! the rest of the stream can be smuggled in as a forged response (RFC 9112 §6.3). The only
//! transfer coding accepted is a single `chunked`; anything else is
//! [`Error::UnsupportedTransferEncoding`], since its body length could not be determined.
//!
//! This crate sends no `HEAD` requests (the service has no such operation), so every response is
//! framed as the answer to a request whose response may carry a body.
//!
//! # Chunked bodies
//! Decoding chunks removes the size lines between the data, so a decoded body cannot be a
//! sub-slice of the input. Rather than asking for a second buffer, [`Response::parse_in_place`]
//! moves the chunk data down over the size lines inside the caller's own receive buffer: decoded
//! data is never longer than its encoding, so it always fits, and nothing is written until the
//! whole message has been validated (an [`Error::Incomplete`] leaves the buffer untouched, ready
//! for more bytes to be appended). [`Response::parse`] takes a shared slice and so cannot decode:
//! for a complete, valid chunked message it returns [`Error::ChunkedBody`].
//!
//! # Pipelined bytes
//! Bytes after the end of a `Content-Length` or chunked message belong to the next response on a
//! keep-alive connection. They are not part of [`Response::body`]; [`Response::rest`] returns
//! them and [`Response::consumed`] says where they start.

use core::fmt;

/// Header fields a response head may have (interim `1xx` responses count separately).
///
/// AWS responses carry about ten; 32 leaves room for proxies and CDNs. A response with more is
/// rejected with [`Error::TooManyHeaders`] rather than truncated, because a dropped field could be
/// a framing field. Parsing a head takes an array of this many `httparse::Header`s (16 bytes each
/// on 32-bit targets: 512 bytes of stack, 1 KiB on 64-bit) for as long as the parse runs; the
/// returned [`Response`] does not keep it.
pub const MAX_HEADERS: usize = 32;

/// Why a response could not be parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The message is not complete yet: read more bytes, append them and parse again.
    ///
    /// `needed` is how many more bytes are required at least. It is exact for a `Content-Length`
    /// body, a lower bound inside a chunk, and `None` when it cannot be known (inside the head,
    /// a chunk-size line or the trailers).
    Incomplete {
        /// Minimum number of further bytes, when known.
        needed: Option<usize>,
    },
    /// The status line or a header field is not valid HTTP/1.x.
    Malformed {
        /// Offset of the start of the response head that was rejected (non-zero when interim
        /// responses preceded it).
        offset: usize,
    },
    /// The head has more than [`MAX_HEADERS`] header fields.
    TooManyHeaders,
    /// `Content-Length` is not a decimal number that fits in `usize`.
    InvalidContentLength,
    /// Both `Transfer-Encoding` and `Content-Length`, or `Content-Length` values that differ.
    ConflictingFraming,
    /// A `Transfer-Encoding` other than a single `chunked`.
    UnsupportedTransferEncoding,
    /// The chunked body is malformed (bad size line, size overflow, missing CRLF, bad trailer).
    InvalidChunk {
        /// Offset in the input of the offending byte.
        offset: usize,
    },
    /// The message is complete and valid but its body is chunked: [`Response::parse`] cannot
    /// decode a shared slice, use [`Response::parse_in_place`].
    ChunkedBody,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Incomplete { needed: Some(n) } => {
                write!(f, "incomplete response: at least {n} more bytes needed")
            }
            Error::Incomplete { needed: None } => f.write_str("incomplete response"),
            Error::Malformed { offset } => {
                write!(f, "malformed response head at offset {offset}")
            }
            Error::TooManyHeaders => write!(f, "more than {MAX_HEADERS} header fields"),
            Error::InvalidContentLength => f.write_str("invalid Content-Length"),
            Error::ConflictingFraming => f.write_str("conflicting message framing headers"),
            Error::UnsupportedTransferEncoding => f.write_str("unsupported Transfer-Encoding"),
            Error::InvalidChunk { offset } => write!(f, "invalid chunk at offset {offset}"),
            Error::ChunkedBody => f.write_str("chunked body: parse in place to decode it"),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// A parsed HTTP/1.x response that borrows the input it was parsed from.
///
/// ```
/// use lambda_microvms_codec::http::response::{Error, Response};
///
/// let wire = b"HTTP/1.1 429 Too Many Requests\r\n\
///     x-amzn-RequestId: 5b1f0c3e\r\n\
///     x-amzn-ErrorType: TooManyRequestsException:http://internal.amazon.com/\r\n\
///     Retry-After: 3\r\n\
///     Content-Length: 2\r\n\
///     \r\n\
///     {}";
///
/// // A caller reading from a socket learns how much is still missing.
/// assert_eq!(
///     Response::parse(&wire[..wire.len() - 1]).unwrap_err(),
///     Error::Incomplete { needed: Some(1) }
/// );
///
/// let response = Response::parse(wire)?;
/// assert_eq!(response.status(), 429);
/// assert!(!response.is_success());
/// assert_eq!(response.request_id(), Some("5b1f0c3e"));
/// assert_eq!(response.error_type(), Some("TooManyRequestsException"));
/// assert_eq!(response.retry_after_seconds(), Some(3));
/// assert_eq!(response.body(), b"{}");
///
/// // Chunked bodies are decoded inside the receive buffer itself.
/// let mut rx = *b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
///     3\r\n{\"a\r\n4;ext=1\r\n\":1}\r\n0\r\n\r\n";
/// let response = Response::parse_in_place(&mut rx)?;
/// assert_eq!(response.body(), br#"{"a":1}"#);
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Response<'a> {
    status: u16,
    reason: &'a str,
    /// The final head's header lines, from after the status line through the empty line.
    fields: &'a [u8],
    header_count: usize,
    body: &'a [u8],
    consumed: usize,
    rest: &'a [u8],
}

/// How the body of the final response is delimited.
#[derive(Clone, Copy)]
enum Framing {
    Empty,
    Length(usize),
    Chunked,
    Close,
}

/// The final response head: everything but the body.
struct Head<'a> {
    status: u16,
    reason: &'a str,
    fields: &'a [u8],
    header_count: usize,
    /// Offset of the first body byte.
    body_start: usize,
    framing: Framing,
}

impl<'a> Response<'a> {
    /// Parses the first complete response in `bytes`, skipping any `1xx` interim responses.
    ///
    /// Returns [`Error::Incomplete`] while the message is cut short, and [`Error::ChunkedBody`]
    /// for a chunked message (use [`Response::parse_in_place`], which decodes it).
    ///
    /// A response without `Content-Length` or `Transfer-Encoding` ends when the server closes the
    /// connection, so its body is all of `bytes` after the head: parse it only after the read that
    /// returned end-of-stream.
    pub fn parse(bytes: &'a [u8]) -> Result<Self, Error> {
        let head = parse_head(bytes)?;
        let (body_end, consumed) = match head.framing {
            Framing::Empty => (head.body_start, head.body_start),
            Framing::Close => (bytes.len(), bytes.len()),
            Framing::Length(n) => {
                let end = length_end(bytes.len(), head.body_start, n)?;
                (end, end)
            }
            Framing::Chunked => {
                chunked_end(bytes, head.body_start)?;
                return Err(Error::ChunkedBody);
            }
        };
        Ok(Self::assemble(head, bytes, body_end, consumed))
    }

    /// Like [`Response::parse`], but also accepts chunked bodies, which it decodes inside
    /// `bytes`.
    ///
    /// Only a complete, valid chunked message is modified: its chunk data is moved down to start
    /// at the end of the head, and the bytes between the decoded body and [`Response::consumed`]
    /// are left unspecified. The head and [`Response::rest`] are never written. Any error,
    /// including [`Error::Incomplete`], leaves `bytes` untouched. Chunk extensions are ignored and
    /// trailer fields are skipped.
    pub fn parse_in_place(bytes: &'a mut [u8]) -> Result<Self, Error> {
        // The head is parsed twice when chunked: once to find where the body starts, then again
        // after decoding, because the returned headers must borrow `bytes` for 'a and that cannot
        // happen while `bytes` is still to be written.
        let (body_start, framing) = {
            let head = parse_head(bytes)?;
            (head.body_start, head.framing)
        };
        let Framing::Chunked = framing else {
            return Self::parse(bytes);
        };
        let consumed = chunked_end(bytes, body_start)?;
        let decoded = decode_chunks(bytes, body_start, consumed)?;
        let bytes: &'a [u8] = bytes;
        let head = parse_head(bytes)?;
        Ok(Self::assemble(head, bytes, decoded, consumed))
    }

    fn assemble(head: Head<'a>, bytes: &'a [u8], body_end: usize, consumed: usize) -> Self {
        Self {
            status: head.status,
            reason: head.reason,
            fields: head.fields,
            header_count: head.header_count,
            body: bytes.get(head.body_start..body_end).unwrap_or_default(),
            consumed,
            rest: bytes.get(consumed..).unwrap_or_default(),
        }
    }

    /// The status code of the final response (interim `1xx` responses are skipped).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The reason phrase; empty when missing or not UTF-8.
    pub fn reason(&self) -> &'a str {
        self.reason
    }

    /// Whether the status is `2xx`.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The header fields in the order received (trailer fields are not included).
    ///
    /// Read again from the head on each call rather than stored: the head was validated when
    /// it was parsed, so this cannot fail, and it yields exactly the fields `httparse` found. It
    /// keeps a `Response` a few words in size instead of carrying [`MAX_HEADERS`] entries
    /// (512 bytes on a 32-bit target) through every frame that holds one.
    pub fn headers(&self) -> Headers<'a> {
        Headers { lines: self.fields }
    }

    /// How many header fields the head has.
    pub fn header_count(&self) -> usize {
        self.header_count
    }

    /// The value of the first header field called `name`, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&'a [u8]> {
        // Each line is tested where it starts, for `name` followed by the colon, and is
        // otherwise passed over a word at a time: a field that does not match costs one short
        // comparison and a line-feed search, not a byte loop for its colon, one for its end
        // and a trim (an error decode looks up two headers; this was 30% of its work).
        let name = name.as_bytes();
        let mut lines = self.fields;
        // The empty line that ends the head starts with CR or LF; a field line never does.
        while let Some(&first) = lines.first()
            && first != b'\r'
            && first != b'\n'
        {
            if let (Some(start), Some(b':')) = (lines.get(..name.len()), lines.get(name.len()))
                && start.eq_ignore_ascii_case(name)
                // A field's name holds no colon or line end, so a `name` with one never names
                // a field (it would match across a field's colon or into the next line).
                && !name.iter().any(|&b| b == b':' || b == b'\n')
            {
                let value = lines.get(name.len() + 1..).unwrap_or_default();
                let end = find_byte(value, b'\n').unwrap_or(value.len());
                return Some(trim_ascii(value.get(..end).unwrap_or_default()));
            }
            let end = find_byte(lines, b'\n')?;
            lines = lines.get(end + 1..).unwrap_or_default();
        }
        None
    }

    /// [`Response::header`] as a string; `None` if absent or not UTF-8.
    pub fn header_str(&self, name: &str) -> Option<&'a str> {
        self.header(name).and_then(|v| core::str::from_utf8(v).ok())
    }

    /// The message body, with any chunked transfer coding removed.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// Bytes of the input this response used, interim responses included: the next pipelined
    /// response starts here.
    pub fn consumed(&self) -> usize {
        self.consumed
    }

    /// The input after this response: the start of the next response on a keep-alive
    /// connection. Always empty for a response delimited by connection close.
    pub fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// The AWS request id, from `x-amzn-RequestId` or else `x-amz-request-id`.
    pub fn request_id(&self) -> Option<&'a str> {
        self.header_str("x-amzn-requestid")
            .or_else(|| self.header_str("x-amz-request-id"))
    }

    /// The error code from `x-amzn-ErrorType`, cut as the typed error decoders cut it (and as
    /// botocore does): up to the first `:` (`ValidationException:http://...`), then after the
    /// last `#` (`com.amazonaws.lambdamicrovms#ThrottlingException`).
    ///
    /// The typed errors of [`ops`](crate::ops) also look at the body (`code`, `__type`) and
    /// fall back to the status; prefer their `code()`. This is for callers who only need a quick
    /// look at the header.
    ///
    /// A value with non-ASCII bytes gives `None`: the typed decoders read header bytes as
    /// Latin-1, as botocore does, which a borrowed `&str` of the raw bytes cannot express.
    pub fn error_type(&self) -> Option<&'a str> {
        let value = self.header_str("x-amzn-errortype")?;
        if !value.is_ascii() {
            return None;
        }
        let name = value.split(':').next().unwrap_or_default();
        let name = name.rsplit('#').next().unwrap_or_default();
        (!name.is_empty()).then_some(name)
    }

    /// `Retry-After` in its delay-seconds form, read exactly as the typed errors'
    /// `retry_after_seconds` member is (the model's `Integer`, as botocore's `int()` reads it).
    ///
    /// The HTTP-date form returns `None`: converting it needs the current time, which this crate
    /// does not have, and AWS sends seconds.
    pub fn retry_after_seconds(&self) -> Option<i32> {
        self.header("retry-after").and_then(parse_retry_after)
    }
}

/// Python's `int()` on a header value: surrounding whitespace, an optional sign, decimal digits
/// with single `_` between them. `None` where `int()` raises or the value exceeds `i32`.
///
/// One parser for [`Response::retry_after_seconds`] and the error shapes' `retryAfterSeconds`,
/// so the two can never disagree.
pub(crate) fn parse_retry_after(v: &[u8]) -> Option<i32> {
    let v = trim_ascii(v);
    let (neg, digits) = match v {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, v),
    };
    // u32, not i64: 64-bit checked arithmetic is long on 32-bit cores, and anything past
    // 2^31 is rejected anyway (an overflow of `acc * 10` is past it too). Starting as if after
    // an `_` rejects a leading `_` and, checked at the end, a trailing one or no digits at all.
    let mut acc: u32 = 0;
    let mut prev = b'_';
    for &d in digits {
        if d == b'_' {
            if prev == b'_' {
                return None;
            }
        } else {
            let digit = d.wrapping_sub(b'0');
            if digit > 9 {
                return None;
            }
            acc = acc.checked_mul(10)?.checked_add(u32::from(digit))?;
            if acc > i32::MAX.unsigned_abs() + 1 {
                return None;
            }
        }
        prev = d;
    }
    if prev == b'_' {
        return None;
    }
    if neg {
        0i32.checked_sub_unsigned(acc)
    } else {
        i32::try_from(acc).ok()
    }
}

/// The index of the first `needle` in `haystack`: a byte loop where flash is scarce (32-bit
/// targets and below).
#[cfg(not(target_pointer_width = "64"))]
fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    haystack.iter().position(|&b| b == needle)
}

/// The index of the first `needle` in `haystack`, a machine word at a time.
#[cfg(target_pointer_width = "64")]
fn find_byte(haystack: &[u8], needle: u8) -> Option<usize> {
    const W: usize = core::mem::size_of::<usize>();
    const ONES: usize = usize::MAX / 0xff;
    const HIGH: usize = ONES << 7;
    let pattern = ONES * usize::from(needle);
    let mut words = haystack.chunks_exact(W);
    let mut base = 0;
    for word in &mut words {
        let mut bytes = [0u8; W];
        bytes.copy_from_slice(word);
        let x = usize::from_le_bytes(bytes) ^ pattern;
        // High bit of each zero byte of `x`; a borrow can only flag bytes above a true zero,
        // so the lowest flag is exact.
        let zero = x.wrapping_sub(ONES) & !x & HIGH;
        if zero != 0 {
            return Some(base + zero.trailing_zeros() as usize / 8);
        }
        base += W;
    }
    let tail = words.remainder().iter().position(|&b| b == needle)?;
    Some(base + tail)
}

/// `<[u8]>::trim_ascii` in one out-of-line copy (it is inlined into each caller otherwise),
/// shared with the error decoder.
#[inline(never)]
pub(crate) fn trim_ascii(v: &[u8]) -> &[u8] {
    v.trim_ascii()
}

/// Headers and the body are left out: a response body may hold credentials or hook payloads,
/// and header values may hold cookies; the names and sizes are enough to debug framing.
impl fmt::Debug for Response<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Names<'a>(Headers<'a>);
        impl fmt::Debug for Names<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_list()
                    .entries(self.0.clone().map(|h| h.name))
                    .finish()
            }
        }
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("reason", &self.reason)
            .field("header_names", &Names(self.headers()))
            .field("body_len", &self.body.len())
            .field("rest_len", &self.rest.len())
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Response<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Response {{ status: {=u16}, headers: {=usize}, body_len: {=usize}, rest_len: {=usize} }}",
            self.status,
            self.header_count,
            self.body.len(),
            self.rest.len()
        );
    }
}

/// The header fields of a [`Response`], in the order received: see [`Response::headers`].
#[derive(Clone)]
pub struct Headers<'a> {
    /// The rest of the head's header lines (already validated by `httparse`).
    lines: &'a [u8],
}

impl<'a> Headers<'a> {
    /// The next field's name and value as bytes (what `Response::header` needs, without a
    /// UTF-8 check of the name).
    fn next_raw(&mut self) -> Option<(&'a [u8], &'a [u8])> {
        // A validated head with httparse's default (strict) response rules: each field is one
        // line `name:value` ending in CRLF or LF (no obsolete line folding, no space before the
        // colon, no lone CR), and the head ends with an empty line. httparse skips spaces and
        // tabs after the colon and trims trailing whitespace; so does `trim_ascii` here (its
        // other whitespace, form feed, cannot occur in a valid field value; the line's CR is
        // trailing whitespace too).
        let lines = self.lines;
        let end = find_byte(lines, b'\n').unwrap_or(lines.len());
        let line = lines.get(..end).unwrap_or_default();
        self.lines = lines.get(end.saturating_add(1)..).unwrap_or_default();
        let Some(colon) = find_byte(line, b':') else {
            // The empty line: the end of the head.
            self.lines = &[];
            return None;
        };
        let name = line.get(..colon).unwrap_or_default();
        let value = line.get(colon.saturating_add(1)..).unwrap_or_default();
        Some((name, trim_ascii(value)))
    }
}

impl<'a> Iterator for Headers<'a> {
    type Item = httparse::Header<'a>;

    fn next(&mut self) -> Option<httparse::Header<'a>> {
        let (name, value) = self.next_raw()?;
        Some(httparse::Header {
            // Header names are tokens: ASCII.
            name: core::str::from_utf8(name).unwrap_or_default(),
            value,
        })
    }
}

impl fmt::Debug for Headers<'_> {
    /// Names only: values may hold cookies or tokens.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list()
            .entries(self.clone().map(|h| h.name))
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Headers<'_> {
    /// Names only, as for `Debug`.
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "Headers [");
        for h in self.clone() {
            defmt::write!(f, " {=str}", h.name);
        }
        defmt::write!(f, " ]");
    }
}

/// Parses heads until a final (non-`1xx`) one and works out its body framing.
fn parse_head(bytes: &[u8]) -> Result<Head<'_>, Error> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut start = 0;
    loop {
        let input = bytes.get(start..).unwrap_or_default();
        let mut parsed = httparse::Response::new(&mut headers);
        let head_len = match parsed.parse(input) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) => return Err(Error::Incomplete { needed: None }),
            Err(httparse::Error::TooManyHeaders) => return Err(Error::TooManyHeaders),
            Err(_) => return Err(Error::Malformed { offset: start }),
        };
        let status = parsed.code.unwrap_or(0);
        let reason = parsed.reason.unwrap_or_default();
        let header_count = parsed.headers.len();
        let http10 = parsed.version == Some(0);
        // Status codes below 100 are not defined and no parser agrees on their framing.
        if status < 100 {
            return Err(Error::Malformed { offset: start });
        }
        let body_start = start.saturating_add(head_len);
        // An interim response has no body; the final response follows it directly. Each
        // iteration consumes at least one status line, so the loop is bounded by the input.
        if (100..200).contains(&status) && status != 101 {
            start = body_start;
            continue;
        }
        let found = headers.get(..header_count).unwrap_or_default();
        let framing = framing(found, http10)?;
        let framing = if status == 101 || status == 204 || status == 304 {
            Framing::Empty
        } else {
            framing
        };
        // The header lines run from the first field httparse found to the end of the head.
        // Located from that field, not from the input's first line feed: httparse skips empty
        // lines before the status line. A pointer difference within one slice: no unsafe.
        let fields = match found.first() {
            Some(first) => {
                let offset = (first.name.as_ptr() as usize).wrapping_sub(input.as_ptr() as usize);
                input.get(offset..head_len).unwrap_or_default()
            }
            None => &[],
        };
        return Ok(Head {
            status,
            reason,
            fields,
            header_count,
            body_start,
            framing,
        });
    }
}

/// RFC 9112 §6.3 for a response, minus what depends on the status code.
///
/// Optional whitespace (space, tab) around values and list items is removed with
/// [`trim_ascii`], which trims exactly those here: its other whitespace (CR, LF, form feed) is
/// never in a field value httparse accepted.
fn framing(headers: &[httparse::Header<'_>], http10: bool) -> Result<Framing, Error> {
    let mut length: Option<usize> = None;
    let mut chunked = false;
    for h in headers {
        if h.name.eq_ignore_ascii_case("content-length") {
            // A list (`42, 42`) or a repeated field is acceptable only if every value agrees.
            // Items split by hand: `<[u8]>::split` is a generic iterator that costs more
            // flash than this loop.
            let mut rest = h.value;
            loop {
                let end = rest.iter().position(|&b| b == b',').unwrap_or(rest.len());
                let item = rest.get(..end).unwrap_or_default();
                let n = parse_decimal(trim_ascii(item)).ok_or(Error::InvalidContentLength)?;
                if length.is_some_and(|m| m != n) {
                    return Err(Error::ConflictingFraming);
                }
                length = Some(n);
                match rest.get(end.saturating_add(1)..) {
                    Some(tail) => rest = tail,
                    None => break,
                }
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            // A second field would mean `chunked` applied twice or another coding on top; in
            // HTTP/1.0 the field did not exist, so its framing is faulty (RFC 9112 §6.1).
            if chunked || http10 || !trim_ascii(h.value).eq_ignore_ascii_case(b"chunked") {
                return Err(Error::UnsupportedTransferEncoding);
            }
            chunked = true;
        }
    }
    match (chunked, length) {
        (true, Some(_)) => Err(Error::ConflictingFraming),
        (true, None) => Ok(Framing::Chunked),
        (false, Some(n)) => Ok(Framing::Length(n)),
        (false, None) => Ok(Framing::Close),
    }
}

/// End of a `Content-Length` body, or how many bytes are still missing.
fn length_end(available: usize, body_start: usize, length: usize) -> Result<usize, Error> {
    let end = body_start
        .checked_add(length)
        .ok_or(Error::InvalidContentLength)?;
    if end > available {
        return Err(Error::Incomplete {
            needed: Some(end - available),
        });
    }
    Ok(end)
}

/// Decimal digits only (no sign, no whitespace), overflow-checked.
fn parse_decimal(s: &[u8]) -> Option<usize> {
    if s.is_empty() {
        return None;
    }
    s.iter().try_fold(0usize, |n, &b| {
        let d = b.checked_sub(b'0').filter(|d| *d <= 9)?;
        n.checked_mul(10)?.checked_add(usize::from(d))
    })
}

/// Walks a chunked body one step at a time without borrowing it, so the decoder can write into
/// the same buffer between steps.
struct ChunkCursor {
    pos: usize,
}

enum Step {
    /// A chunk's data lies at this range of the input.
    Data(core::ops::Range<usize>),
    /// The last chunk and the trailers are done; the message ends at this offset.
    End(usize),
}

impl ChunkCursor {
    fn next(&mut self, bytes: &[u8]) -> Result<Step, Error> {
        let line_start = self.pos;
        let (size, data_start) = size_line(bytes, line_start)?;
        if size == 0 {
            return skip_trailers(bytes, data_start).map(Step::End);
        }
        let data_end = data_start
            .checked_add(size)
            .ok_or(Error::InvalidChunk { offset: line_start })?;
        let crlf_end = data_end
            .checked_add(2)
            .ok_or(Error::InvalidChunk { offset: line_start })?;
        if crlf_end > bytes.len() {
            // The data, its CRLF and at least a `0\r\n\r\n` last chunk are still to come.
            return Err(Error::Incomplete {
                needed: Some((crlf_end - bytes.len()).saturating_add(5)),
            });
        }
        if bytes.get(data_end..crlf_end) != Some(b"\r\n") {
            return Err(Error::InvalidChunk { offset: data_end });
        }
        self.pos = crlf_end;
        Ok(Step::Data(data_start..data_end))
    }
}

/// Parses `1*HEXDIG [ BWS chunk-ext ] CRLF` at `start`: the chunk size and where its data starts.
fn size_line(bytes: &[u8], start: usize) -> Result<(usize, usize), Error> {
    const MORE: Error = Error::Incomplete { needed: None };
    let mut i = start;
    let mut size: usize = 0;
    while let Some(&b) = bytes.get(i) {
        let digit = match b {
            b'0'..=b'9' => b - b'0',
            b'a'..=b'f' => b - b'a' + 10,
            b'A'..=b'F' => b - b'A' + 10,
            _ => break,
        };
        // The size is attacker-chosen: a wrapped value would frame the rest of the stream.
        size = size
            .checked_mul(16)
            .and_then(|s| s.checked_add(usize::from(digit)))
            .ok_or(Error::InvalidChunk { offset: i })?;
        i += 1;
    }
    if i == start {
        return Err(if i < bytes.len() {
            Error::InvalidChunk { offset: i }
        } else {
            MORE
        });
    }
    // Extensions carry nothing we use; they are skipped but must still be free of control bytes
    // so a bare CR or LF cannot end the line differently for another parser.
    let mut in_extension = false;
    loop {
        let &b = bytes.get(i).ok_or(MORE)?;
        match b {
            b'\r' => break,
            b' ' | b'\t' => {}
            b';' => in_extension = true,
            0x00..=0x1f | 0x7f => return Err(Error::InvalidChunk { offset: i }),
            _ if in_extension => {}
            _ => return Err(Error::InvalidChunk { offset: i }),
        }
        i += 1;
    }
    match bytes.get(i + 1) {
        None => Err(MORE),
        Some(b'\n') => Ok((size, i + 2)),
        Some(_) => Err(Error::InvalidChunk { offset: i + 1 }),
    }
}

/// Skips the trailer section after the last chunk; returns the offset after its final CRLF.
fn skip_trailers(bytes: &[u8], start: usize) -> Result<usize, Error> {
    const MORE: Error = Error::Incomplete { needed: None };
    let mut line_start = start;
    loop {
        let mut i = line_start;
        loop {
            match *bytes.get(i).ok_or(MORE)? {
                b'\r' => break,
                b'\t' => {}
                0x00..=0x1f | 0x7f => return Err(Error::InvalidChunk { offset: i }),
                _ => {}
            }
            i += 1;
        }
        match bytes.get(i + 1) {
            None => return Err(MORE),
            Some(b'\n') => {}
            Some(_) => return Err(Error::InvalidChunk { offset: i + 1 }),
        }
        if i == line_start {
            return Ok(i + 2);
        }
        let line = bytes.get(line_start..i).unwrap_or_default();
        if !is_field_line(line) {
            return Err(Error::InvalidChunk { offset: line_start });
        }
        line_start = i + 2;
    }
}

/// `token ":" value`, the shape of a trailer field; values were already checked for controls.
fn is_field_line(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    let name = line.get(..colon).unwrap_or_default();
    !name.is_empty()
        && name
            .iter()
            // tchar (RFC 9110 §5.6.2): visible ASCII but the delimiters. A `matches!`, not
            // `<[u8]>::contains`, which would link core's memchr for this one use.
            .all(|b| {
                b.is_ascii_graphic()
                    && !matches!(
                        b,
                        b'"' | b'('
                            | b')'
                            | b','
                            | b'/'
                            | b':'
                            | b';'
                            | b'<'
                            | b'='
                            | b'>'
                            | b'?'
                            | b'@'
                            | b'['
                            | b'\\'
                            | b']'
                            | b'{'
                            | b'}'
                    )
            })
}

/// Validates a whole chunked body starting at `body_start`; returns where the message ends.
fn chunked_end(bytes: &[u8], body_start: usize) -> Result<usize, Error> {
    let mut cursor = ChunkCursor { pos: body_start };
    loop {
        // Each data step advances past a size line, at least one byte of data and a CRLF, so
        // the loop ends within the input.
        if let Step::End(end) = cursor.next(bytes)? {
            return Ok(end);
        }
    }
}

/// Moves every chunk's data down to `body_start`; returns the end of the decoded body.
///
/// Must only run after [`chunked_end`] accepted the same bytes, so the buffer is only written
/// once the message is known to be complete and valid.
fn decode_chunks(bytes: &mut [u8], body_start: usize, end: usize) -> Result<usize, Error> {
    let mut cursor = ChunkCursor { pos: body_start };
    let mut dst = body_start;
    loop {
        match cursor.next(bytes.get(..end).unwrap_or_default())? {
            Step::Data(data) => {
                let len = data.len();
                // `dst` never passes a chunk's start: each chunk's size line lies between them.
                let offset = data.start.checked_sub(dst);
                let window = bytes.get_mut(dst..data.end);
                let (Some(offset), Some(window)) = (offset, window) else {
                    return Err(Error::InvalidChunk { offset: data.start });
                };
                window.copy_within(offset.., 0);
                dst += len;
            }
            Step::End(_) => return Ok(dst),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CL: &[u8] =
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
    const CHUNKED: &[u8] = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n\
        4;name=value;other\r\n{\"a\"\r\n\
        3 ; ext\r\n:12\r\n\
        A\r\n3456789012\r\n\
        1\r\n}\r\n\
        0;last=1\r\nx-amz-checksum: abc\r\nOther:\t1\r\n\r\n";
    const CHUNKED_BODY: &[u8] = b"{\"a\":123456789012}";

    fn parse_mut(bytes: &[u8]) -> (Result<usize, Error>, [u8; 512]) {
        let mut buf = [0u8; 512];
        buf[..bytes.len()].copy_from_slice(bytes);
        let r = Response::parse_in_place(&mut buf[..bytes.len()]).map(|r| r.body().len());
        (r, buf)
    }

    fn chunked_in_place(bytes: &[u8], f: impl FnOnce(Result<Response<'_>, Error>)) {
        let mut buf = [0u8; 512];
        buf[..bytes.len()].copy_from_slice(bytes);
        f(Response::parse_in_place(&mut buf[..bytes.len()]));
    }

    fn head(extra: &str) -> heapless::Vec<u8, 512> {
        let mut v = heapless::Vec::new();
        v.extend_from_slice(b"HTTP/1.1 200 OK\r\n").unwrap();
        v.extend_from_slice(extra.as_bytes()).unwrap();
        v.extend_from_slice(b"\r\n\r\n").unwrap();
        v
    }

    #[test]
    fn find_byte_is_the_first_match() {
        let mut hay = [b'a'; 40];
        for len in 0..hay.len() {
            assert_eq!(find_byte(&hay[..len], b'\n'), None);
            for at in 0..len {
                hay[at] = b'\n';
                if at + 3 < len {
                    hay[at + 3] = b'\n';
                }
                // A byte one above the needle sits just below it: no borrow may flag it.
                if at > 0 {
                    hay[at - 1] = b'\n' + 1;
                }
                assert_eq!(find_byte(&hay[..len], b'\n'), Some(at), "len {len} at {at}");
                hay.fill(b'a');
            }
        }
        assert_eq!(find_byte(&[0x80, 0x00, 0xff], 0x00), Some(1));
        assert_eq!(find_byte(&[0xff; 17], 0xff), Some(0));
    }

    /// `Response::header` scans the head its own way; it must agree with a plain search of
    /// `Response::headers` for every name, including near misses.
    #[test]
    fn header_lookup_matches_a_search_of_the_fields() {
        let heads: [&[u8]; 5] = [
            b"HTTP/1.1 200 OK\r\nA: 1\r\nab:2\r\nAB: x:y \r\nabc:\r\nLong-Header-Name-0123456789: v\r\n\r\n{\"a:\":1}",
            b"HTTP/1.1 200 OK\nA:\t1\nab:2\nB: 3\n\nA: body",
            b"\r\nHTTP/1.1 500 Internal: Error\r\nRetry-After: 5\r\n\r\n",
            b"HTTP/1.1 204 No Content\r\n\r\nA: 1",
            b"HTTP/1.1 200 OK\r\nx-amzn-ErrorType: T:u\r\nx-amzn-errortype: second\r\nContent-Length: 0\r\n\r\n",
        ];
        let names = [
            "a",
            "A",
            "ab",
            "AB",
            "abc",
            "abcd",
            "",
            "b",
            "B",
            "1",
            "a:",
            "A: 1",
            "ab:2\r\nAB",
            "\r\n",
            "{\"a",
            "retry-after",
            "Retry-After: 5",
            "HTTP/1.1 500 Internal",
            "x-amzn-errortype",
            "X-AMZN-ERRORTYPE: T",
            "content-length",
            "long-header-name-0123456789",
            "long-header-name-012345678",
            "v",
            "AB: x",
        ];
        for raw in heads {
            let r = Response::parse(raw).expect("valid head");
            for name in names {
                let want = r
                    .headers()
                    .find(|h| h.name.eq_ignore_ascii_case(name))
                    .map(|h| h.value);
                assert_eq!(
                    r.header(name),
                    want,
                    "{name:?} in {:?}",
                    core::str::from_utf8(raw)
                );
            }
        }
    }

    /// `Response::headers` re-reads the head; it must yield exactly what httparse found.
    #[test]
    fn headers_match_httparse() {
        let heads: [&[u8]; 6] = [
            b"HTTP/1.1 200 OK\r\nA: 1\r\nB:2\r\nC: \t x y \t\r\nD:\r\nE:   \r\n\r\n",
            b"HTTP/1.1 200 OK\nA: 1\nB:\t2:3\nx-amzn-RequestId: r\n\n",
            b"HTTP/1.1 200 OK\r\nA: 1\nB: 2\r\n\n",
            b"HTTP/1.1 204 No Content\r\n\r\n",
            b"HTTP/1.1 200 \r\nCaf\xe9: no\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nV: a\x80\xffb\x7f c\r\n\r\n",
        ];
        for head in heads {
            let mut want = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut parsed = httparse::Response::new(&mut want);
            let ok = matches!(parsed.parse(head), Ok(httparse::Status::Complete(_)));
            match Response::parse(head) {
                Ok(r) => {
                    assert!(ok);
                    let got: heapless::Vec<_, MAX_HEADERS> = r.headers().collect();
                    assert_eq!(&got[..], &parsed.headers[..], "{:?}", head);
                    assert_eq!(r.header_count(), parsed.headers.len());
                }
                Err(_) => assert!(!ok, "{:?}", head),
            }
        }
        // Interim responses: only the final head's fields.
        let wire = b"HTTP/1.1 100 Continue\r\nX: interim\r\n\r\nHTTP/1.1 200 OK\r\nY: final\r\nContent-Length: 0\r\n\r\n";
        let r = Response::parse(wire).unwrap();
        let names: heapless::Vec<&str, 4> = r.headers().map(|h| h.name).collect();
        assert_eq!(&names[..], ["Y", "Content-Length"]);
        assert_eq!(r.header("x"), None);
    }

    #[test]
    fn content_length_body_and_headers() {
        let r = Response::parse(CL).unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.reason(), "OK");
        assert!(r.is_success());
        assert_eq!(r.body(), b"{\"a\":1}");
        assert_eq!(r.headers().count(), 2);
        assert_eq!(r.header("content-TYPE"), Some(&b"application/json"[..]));
        assert_eq!(r.header_str("Content-Length"), Some("7"));
        assert_eq!(r.header("missing"), None);
        assert_eq!(r.consumed(), CL.len());
        assert!(r.rest().is_empty());
    }

    #[test]
    fn every_prefix_is_incomplete_with_exact_need() {
        let head_len = CL.len() - 7;
        for n in 0..CL.len() {
            let needed = if n >= head_len {
                Some(CL.len() - n)
            } else {
                None
            };
            assert_eq!(
                Response::parse(&CL[..n]),
                Err(Error::Incomplete { needed }),
                "{n}"
            );
            assert_eq!(
                parse_mut(&CL[..n]).0,
                Err(Error::Incomplete { needed }),
                "{n}"
            );
        }
    }

    #[test]
    fn every_chunked_prefix_is_incomplete_and_untouched() {
        for n in 0..CHUNKED.len() {
            let (r, buf) = parse_mut(&CHUNKED[..n]);
            assert!(matches!(r, Err(Error::Incomplete { .. })), "{n}: {r:?}");
            assert_eq!(
                &buf[..n],
                &CHUNKED[..n],
                "buffer written on a partial message"
            );
            assert!(matches!(
                Response::parse(&CHUNKED[..n]),
                Err(Error::Incomplete { .. })
            ));
        }
    }

    #[test]
    fn chunked_need_is_a_lower_bound_inside_data() {
        // 3 data bytes, the CRLF, then at least `0\r\n\r\n`.
        let wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab";
        assert_eq!(
            Response::parse(wire),
            Err(Error::Incomplete { needed: Some(10) })
        );
        let mut full = heapless::Vec::<u8, 128>::new();
        full.extend_from_slice(wire).unwrap();
        full.extend_from_slice(b"cde\r\n0\r\n\r\n").unwrap();
        assert_eq!(full.len() - wire.len(), 10);
        chunked_in_place(&full, |r| assert_eq!(r.unwrap().body(), b"abcde"));
    }

    #[test]
    fn chunked_with_extensions_and_trailers() {
        chunked_in_place(CHUNKED, |r| {
            let r = r.unwrap();
            assert_eq!(r.body(), CHUNKED_BODY);
            assert_eq!(r.consumed(), CHUNKED.len());
            assert!(r.rest().is_empty());
            assert_eq!(r.header("x-amz-checksum"), None, "trailers are not headers");
            assert_eq!(r.header_str("transfer-encoding"), Some("chunked"));
        });
        assert_eq!(Response::parse(CHUNKED), Err(Error::ChunkedBody));
    }

    #[test]
    fn chunked_empty_body_and_uppercase_hex() {
        let wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked \r\n\r\n0000\r\n\r\n";
        chunked_in_place(wire, |r| assert_eq!(r.unwrap().body(), b""));
        let mut wire = heapless::Vec::<u8, 512>::new();
        wire.extend_from_slice(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1A\r\n")
            .unwrap();
        wire.extend_from_slice(&[b'x'; 26]).unwrap();
        wire.extend_from_slice(b"\r\n0\r\n\r\n").unwrap();
        chunked_in_place(&wire, |r| assert_eq!(r.unwrap().body(), &[b'x'; 26]));
    }

    #[test]
    fn chunked_decoding_matches_the_original_body() {
        // Arbitrary bodies cut into arbitrary chunk sizes must come back unchanged.
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..300 {
            let mut body = [0u8; 200];
            let body_len = (rand() % 200) as usize;
            for b in &mut body[..body_len] {
                *b = rand() as u8;
            }
            let body = &body[..body_len];
            let mut wire = head("Transfer-Encoding: chunked");
            let mut rest = body;
            while !rest.is_empty() {
                let n = 1 + (rand() as usize % rest.len());
                let hex = b"0123456789abcdef";
                if n >= 16 {
                    wire.push(hex[n >> 4]).unwrap();
                }
                wire.push(hex[n & 15]).unwrap();
                wire.extend_from_slice(b"\r\n").unwrap();
                wire.extend_from_slice(&rest[..n]).unwrap();
                wire.extend_from_slice(b"\r\n").unwrap();
                rest = &rest[n..];
            }
            wire.extend_from_slice(b"0\r\n\r\nHTTP/1.1").unwrap();
            chunked_in_place(&wire, |r| {
                let r = r.unwrap();
                assert_eq!(r.body(), body);
                assert_eq!(r.rest(), b"HTTP/1.1");
            });
        }
    }

    #[test]
    fn pipelined_bytes_are_rest_not_body() {
        let mut wire = heapless::Vec::<u8, 512>::new();
        wire.extend_from_slice(CL).unwrap();
        wire.extend_from_slice(CHUNKED).unwrap();
        let first = Response::parse(&wire).unwrap();
        assert_eq!(first.body(), b"{\"a\":1}");
        assert_eq!(first.consumed(), CL.len());
        assert_eq!(first.rest(), CHUNKED);

        let mut buf = [0u8; 512];
        let n = wire.len();
        buf[..n].copy_from_slice(&wire);
        let consumed = Response::parse_in_place(&mut buf[..n]).unwrap().consumed();
        let second = Response::parse_in_place(&mut buf[consumed..n]).unwrap();
        assert_eq!(second.body(), CHUNKED_BODY);
        assert!(second.rest().is_empty());
    }

    #[test]
    fn chunked_rest_is_left_intact() {
        let mut wire = heapless::Vec::<u8, 512>::new();
        wire.extend_from_slice(CHUNKED).unwrap();
        wire.extend_from_slice(CL).unwrap();
        chunked_in_place(&wire, |r| {
            let r = r.unwrap();
            assert_eq!(r.body(), CHUNKED_BODY);
            assert_eq!(r.consumed(), CHUNKED.len());
            assert_eq!(r.rest(), CL);
            assert_eq!(Response::parse(r.rest()).unwrap().body(), b"{\"a\":1}");
        });
    }

    #[test]
    fn invalid_chunks() {
        let cases: &[(&[u8], usize)] = &[
            (b"g\r\n", 0),                        // not hex
            (b"\r\n", 0),                         // no size
            (b" 3\r\nabc\r\n0\r\n\r\n", 0),       // leading space
            (b"3\r\nabcX\r\n0\r\n\r\n", 6),       // data not followed by CRLF
            (b"3\nabc\r\n0\r\n\r\n", 1),          // bare LF ends the size line
            (b"3\rxabc\r\n0\r\n\r\n", 2),         // bare CR
            (b"3 x\r\nabc\r\n0\r\n\r\n", 2),      // junk that is not an extension
            (b"3;a\x00b\r\nabc\r\n0\r\n\r\n", 3), // control byte in an extension
            (b"11111111111111111\r\n", 16),       // 17 hex digits overflow any usize
            (b"0\r\nno colon\r\n\r\n", 3),        // trailer without a name
            (b"0\r\n folded: x\r\n\r\n", 3),      // obs-fold in trailers
            (b"0\r\n: x\r\n\r\n", 3),             // empty trailer name
            (b"0\r\nx: a\x01b\r\n\r\n", 7),       // control byte in a trailer value
            (b"0\r\nx: a\r\r\n", 8),              // bare CR in trailers
        ];
        for &(chunks, at) in cases {
            let mut wire = head("Transfer-Encoding: chunked");
            let body_start = wire.len();
            wire.extend_from_slice(chunks).unwrap();
            let expected = Err(Error::InvalidChunk {
                offset: body_start + at,
            });
            assert_eq!(
                Response::parse(&wire).map(|r| r.status()),
                expected,
                "{chunks:?}"
            );
            let (r, buf) = parse_mut(&wire);
            assert_eq!(r, expected.map(usize::from), "{chunks:?}");
            assert_eq!(
                &buf[..wire.len()],
                &wire[..],
                "buffer written on an invalid message"
            );
        }
    }

    #[test]
    #[cfg(target_pointer_width = "64")]
    fn huge_chunk_size_without_overflow_is_incomplete() {
        // 0xffffffff data bytes with 2 present, then CRLF and the last chunk.
        let wire = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffff\r\nab";
        assert_eq!(
            Response::parse(wire),
            Err(Error::Incomplete {
                needed: Some(0xffff_ffff - 2 + 2 + 5)
            })
        );
    }

    #[test]
    fn content_length_rules() {
        for (field, expected) in [
            ("Content-Length: 3, 3", Ok(3)),
            ("Content-Length: 3\r\nContent-Length: 3", Ok(3)),
            ("Content-Length: 003", Ok(3)),
            (
                "Content-Length: 3\r\nContent-Length: 4",
                Err(Error::ConflictingFraming),
            ),
            ("Content-Length: 3, 4", Err(Error::ConflictingFraming)),
            (
                "Content-Length: 3\r\nTransfer-Encoding: chunked",
                Err(Error::ConflictingFraming),
            ),
            (
                "Transfer-Encoding: chunked\r\nContent-Length: 3",
                Err(Error::ConflictingFraming),
            ),
            ("Content-Length: abc", Err(Error::InvalidContentLength)),
            ("Content-Length: ", Err(Error::InvalidContentLength)),
            ("Content-Length: -1", Err(Error::InvalidContentLength)),
            ("Content-Length: +3", Err(Error::InvalidContentLength)),
            ("Content-Length: 3,", Err(Error::InvalidContentLength)),
            ("Content-Length: 0x3", Err(Error::InvalidContentLength)),
            (
                "Content-Length: 99999999999999999999999999",
                Err(Error::InvalidContentLength),
            ),
        ] {
            let mut wire = head(field);
            wire.extend_from_slice(b"abcdef").unwrap();
            let got = Response::parse(&wire).map(|r| r.body().len());
            assert_eq!(got, expected, "{field}");
        }
    }

    #[test]
    fn content_length_past_usize_is_invalid() {
        let mut field = heapless::String::<64>::new();
        core::fmt::Write::write_fmt(&mut field, format_args!("Content-Length: {}", usize::MAX))
            .unwrap();
        assert_eq!(
            Response::parse(&head(&field)),
            Err(Error::InvalidContentLength)
        );
    }

    #[test]
    fn transfer_encoding_rules() {
        for field in [
            "Transfer-Encoding: gzip",
            "Transfer-Encoding: gzip, chunked",
            "Transfer-Encoding: chunked, chunked",
            "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked",
            "Transfer-Encoding: ",
        ] {
            let mut wire = head(field);
            wire.extend_from_slice(b"0\r\n\r\n").unwrap();
            assert_eq!(
                Response::parse(&wire),
                Err(Error::UnsupportedTransferEncoding),
                "{field}"
            );
        }
        let http10 = b"HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n";
        assert_eq!(
            Response::parse(http10),
            Err(Error::UnsupportedTransferEncoding)
        );
    }

    #[test]
    fn interim_responses_are_skipped() {
        let interim =
            b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n";
        let mut wire = heapless::Vec::<u8, 512>::new();
        wire.extend_from_slice(interim).unwrap();
        wire.extend_from_slice(CL).unwrap();
        let r = Response::parse(&wire).unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.header("link"), None);
        assert_eq!(r.body(), b"{\"a\":1}");
        assert_eq!(r.consumed(), wire.len());
        assert_eq!(
            Response::parse(interim),
            Err(Error::Incomplete { needed: None })
        );

        let mut bad = heapless::Vec::<u8, 512>::new();
        bad.extend_from_slice(interim).unwrap();
        bad.extend_from_slice(b"HTTP/1.1 2x0 OK\r\n\r\n").unwrap();
        assert_eq!(
            Response::parse(&bad),
            Err(Error::Malformed {
                offset: interim.len()
            })
        );
    }

    #[test]
    fn bodiless_statuses() {
        for status in [
            "204 No Content",
            "304 Not Modified",
            "101 Switching Protocols",
        ] {
            let mut wire = heapless::Vec::<u8, 512>::new();
            wire.extend_from_slice(b"HTTP/1.1 ").unwrap();
            wire.extend_from_slice(status.as_bytes()).unwrap();
            wire.extend_from_slice(b"\r\nContent-Length: 5\r\n\r\nnext!")
                .unwrap();
            let r = Response::parse(&wire).unwrap();
            assert_eq!(r.body(), b"", "{status}");
            assert_eq!(r.rest(), b"next!", "{status}");
        }
    }

    #[test]
    fn no_framing_reads_to_close() {
        let wire = b"HTTP/1.1 500 Internal Server Error\r\nServer: x\r\n\r\n{\"message\":\"boom\"}";
        let r = Response::parse(wire).unwrap();
        assert!(!r.is_success());
        assert_eq!(r.body(), b"{\"message\":\"boom\"}");
        assert!(r.rest().is_empty());
        assert_eq!(r.consumed(), wire.len());
    }

    #[test]
    fn header_capacity() {
        let mut wire = heapless::Vec::<u8, 1024>::new();
        wire.extend_from_slice(b"HTTP/1.1 200 OK\r\n").unwrap();
        for _ in 0..MAX_HEADERS - 1 {
            wire.extend_from_slice(b"a: b\r\n").unwrap();
        }
        wire.extend_from_slice(b"Content-Length: 0\r\n").unwrap();
        let mut full = wire.clone();
        full.extend_from_slice(b"\r\n").unwrap();
        assert_eq!(
            Response::parse(&full).unwrap().headers().count(),
            MAX_HEADERS
        );
        wire.extend_from_slice(b"a: b\r\n\r\n").unwrap();
        assert_eq!(Response::parse(&wire), Err(Error::TooManyHeaders));
    }

    #[test]
    fn malformed_heads() {
        for wire in [
            &b"HTTP/1.1 abc OK\r\n\r\n"[..],
            b"garbage\r\n\r\n",
            b"HTTP/2 200 OK\r\n\r\n",
            b"HTTP/1.1 099 Low\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n",
            b"HTTP/1.1 200 OK\r\nx: a\r\n folded\r\n\r\n",
        ] {
            assert_eq!(
                Response::parse(wire),
                Err(Error::Malformed { offset: 0 }),
                "{wire:?}"
            );
        }
    }

    #[test]
    fn aws_helpers() {
        let wire = b"HTTP/1.1 400 Bad Request\r\n\
            x-amz-request-id: second\r\n\
            X-Amzn-RequestId: first\r\n\
            X-Amzn-ErrorType: ValidationException:http://internal.amazon.com/coral/\r\n\
            Retry-After:  120 \r\n\
            Content-Length: 0\r\n\r\n";
        let r = Response::parse(wire).unwrap();
        assert_eq!(r.request_id(), Some("first"));
        assert_eq!(r.error_type(), Some("ValidationException"));
        assert_eq!(r.retry_after_seconds(), Some(120));

        let wire = b"HTTP/1.1 503 Slow Down\r\nx-amz-request-id: only\r\n\
            x-amzn-errortype: ThrottlingException\r\n\
            retry-after: Wed, 21 Oct 2015 07:28:00 GMT\r\n\r\n";
        let r = Response::parse(wire).unwrap();
        assert_eq!(r.request_id(), Some("only"));
        assert_eq!(r.error_type(), Some("ThrottlingException"));
        assert_eq!(r.retry_after_seconds(), None);

        let r = Response::parse(b"HTTP/1.1 200 OK\r\n\r\n").unwrap();
        assert_eq!(
            (r.request_id(), r.error_type(), r.retry_after_seconds()),
            (None, None, None)
        );
    }

    #[test]
    fn retry_after_forms() {
        for (value, expected) in [
            ("0", Some(0)),
            (" 7 ", Some(7)),
            ("+3", Some(3)),
            ("1_0", Some(10)),
            ("-1", Some(-1)),
            ("2147483647", Some(i32::MAX)),
            ("2147483648", None),
            ("-2147483648", Some(i32::MIN)),
            ("-2147483649", None),
            ("-0", Some(0)),
            ("4294967296", None),
            ("42949672960", None),
            ("99999999999999999999", None),
            ("1__0", None),
            ("1.5", None),
            ("", None),
        ] {
            let mut field = heapless::String::<64>::new();
            field.push_str("Retry-After: ").unwrap();
            field.push_str(value).unwrap();
            let wire = head(&field);
            let r = Response::parse(&wire).unwrap();
            assert_eq!(r.retry_after_seconds(), expected, "{value}");
        }
    }

    #[test]
    fn non_utf8_values() {
        let wire = b"HTTP/1.1 400 \xff\r\nx-amzn-errortype: \xffBad\r\nX: :\r\n\r\n";
        let r = Response::parse(wire).unwrap();
        assert_eq!(r.reason(), "");
        assert_eq!(r.header("x-amzn-errortype"), Some(&b"\xffBad"[..]));
        assert_eq!(r.header_str("x-amzn-errortype"), None);
        assert_eq!(r.error_type(), None);
    }

    #[test]
    fn debug_hides_values_and_body() {
        let wire =
            b"HTTP/1.1 200 OK\r\nSet-Cookie: session=s3cr3t\r\nContent-Length: 6\r\n\r\nhunter";
        let r = Response::parse(wire).unwrap();
        let mut out = heapless::String::<256>::new();
        core::fmt::Write::write_fmt(&mut out, format_args!("{r:?}")).unwrap();
        assert!(out.contains("Set-Cookie"), "{out}");
        assert!(!out.contains("s3cr3t") && !out.contains("hunter"), "{out}");
    }

    #[test]
    fn display_reports_the_need() {
        let mut out = heapless::String::<64>::new();
        let e = Error::Incomplete { needed: Some(42) };
        core::fmt::Write::write_fmt(&mut out, format_args!("{e}")).unwrap();
        assert!(out.contains("42"), "{out}");
    }

    #[test]
    fn mutated_input_never_panics() {
        // Deterministic mutations of valid messages; the property is "returns", plus framing
        // invariants that every Ok must satisfy.
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut rand = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let interesting = b"\r\n:;0fF \t,";
        for round in 0..20_000 {
            let base = if round % 2 == 0 { CL } else { CHUNKED };
            let mut buf = [0u8; 512];
            let mut len = base.len();
            buf[..len].copy_from_slice(base);
            for _ in 0..1 + rand() % 4 {
                let at = rand() as usize % len;
                match rand() % 4 {
                    0 => buf[at] = rand() as u8,
                    1 => buf[at] = interesting[rand() as usize % interesting.len()],
                    2 => len = at.max(1),
                    _ => {
                        buf.copy_within(at..len, at + 1);
                        buf[at] = interesting[rand() as usize % interesting.len()];
                        len += 1;
                    }
                }
            }
            let input = &mut buf[..len];
            if let Ok(r) = Response::parse(input) {
                assert!(r.consumed() <= len);
                assert_eq!(r.rest().len(), len - r.consumed());
                assert!(r.body().len() <= r.consumed());
            }
            if let Ok(r) = Response::parse_in_place(input) {
                assert!(r.consumed() <= len);
                assert_eq!(r.rest().len(), len - r.consumed());
                assert!(r.body().len() <= r.consumed());
            }
        }
    }
}
