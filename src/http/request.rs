//! HTTP/1.1 request framing: one contiguous request in a caller buffer, signed with SigV4.
//!
//! # Contract
//! Every operation's `encode` (see [`ops`](crate::ops)) either writes the whole request (head
//! and body) and returns it, or returns [`BufferTooSmall`] with the exact size that would have
//! succeeded. Header values come only from
//! checked sources (the resolved endpoint, percent-encoded path parts, the signer's own output,
//! whose credentials were checked for CR, LF and NUL), so no header can be split.
//!
//! # Layout
//! ```text
//! POST /2025-09-09/microvms HTTP/1.1\r\n
//! Host: lambda.us-east-1.amazonaws.com\r\n
//! Content-Type: application/json\r\n
//! Content-Length: 512\r\n
//! X-Amz-Date: 20261127T143511Z\r\n
//! X-Amz-Security-Token: …\r\n            (with temporary credentials)
//! Authorization: AWS4-HMAC-SHA256 …\r\n
//! \r\n
//! {"imageIdentifier":…}
//! ```
//! The body is written once, at its final place: the signer's headers have a length known
//! before signing ([`Signer`]'s credentials, scope and the signed header names), so only the
//! digit count of `Content-Length` is unknown until the body is written. The first placement
//! assumes three digits; a body of another length is written a second time at its true place.
//! Nothing is ever moved, so no `memmove` is linked (about 1.5 KB of flash on Cortex-M).

use core::fmt;

use sha2::{Digest, Sha256};

use crate::buf::{BufferTooSmall, Sink, Writer};
use crate::endpoint::Endpoint;
use crate::sigv4::{self, Signer, SimpleRequest};
use crate::uri;

/// Media type of every rest-json request body.
pub const CONTENT_TYPE_JSON: &str = "application/json";

/// A finished request in the caller's buffer: hand [`as_bytes`](Self::as_bytes) to the
/// transport, or [`head`](Self::head) and [`body`](Self::body) to a scatter write.
///
/// `Debug` and `defmt` show the sizes only: the head carries the session token and the body
/// may carry a run-hook payload.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct EncodedRequest<'b> {
    bytes: &'b [u8],
    head_len: usize,
}

impl<'b> EncodedRequest<'b> {
    /// The whole request: head and body.
    pub fn as_bytes(&self) -> &'b [u8] {
        self.bytes
    }

    /// Request line and headers, up to and including the blank line.
    pub fn head(&self) -> &'b [u8] {
        self.bytes.get(..self.head_len).unwrap_or_default()
    }

    /// The body (empty for operations without one).
    pub fn body(&self) -> &'b [u8] {
        self.bytes.get(self.head_len..).unwrap_or_default()
    }

    /// Total length in bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the request is empty (never, for a request this crate produced).
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for EncodedRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodedRequest")
            .field("head_len", &self.head_len)
            .field("body_len", &self.body().len())
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for EncodedRequest<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "EncodedRequest {{ head: {=usize} bytes, body: {=usize} bytes }}",
            self.head_len,
            self.bytes.len() - self.head_len
        );
    }
}

/// Why a request could not be encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The input broke a rule of the API model; nothing was written.
    Validation(crate::model::ValidationError),
    /// The signer refused the request (see [`sigv4::Error`]).
    Signing(sigv4::Error),
    /// The caller's buffer is too small; `required` is the size of the whole request.
    BufferTooSmall(BufferTooSmall),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Validation(e) => write!(f, "invalid input: {e}"),
            Error::Signing(e) => write!(f, "signing failed: {e}"),
            Error::BufferTooSmall(e) => e.fmt(f),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

impl From<crate::model::ValidationError> for Error {
    fn from(e: crate::model::ValidationError) -> Self {
        Error::Validation(e)
    }
}

impl From<sigv4::Error> for Error {
    fn from(e: sigv4::Error) -> Self {
        Error::Signing(e)
    }
}

impl From<BufferTooSmall> for Error {
    fn from(e: BufferTooSmall) -> Self {
        Error::BufferTooSmall(e)
    }
}

/// One piece of an operation's path.
#[derive(Debug, Clone, Copy)]
pub(crate) enum PathPart<'a> {
    /// Written as is (the model's literal path text).
    Literal(&'static str),
    /// A `{label}` member: percent-encoded, `/` included, as rest-json requires.
    Label(&'a str),
}

/// What an operation contributes to its request.
pub(crate) struct Call<'a, 'p> {
    pub(crate) method: &'static str,
    pub(crate) path: &'p [PathPart<'a>],
}

/// A JSON body writer; `None` for operations without a body.
pub(crate) trait Body {
    fn write<S: Sink + ?Sized>(&self, sink: &mut S);
}

/// Digits of `Content-Length` the body's first placement assumes: RunMicrovm bodies (the only
/// operation with one) are mostly 100 to 999 bytes. A wrong guess costs a second serialization
/// of the body at its true place, which is cheap for the short bodies below 100 bytes.
const GUESSED_LENGTH_DIGITS: usize = 3;

fn digits(n: usize) -> usize {
    let mut d = [0u8; 20];
    d.len() - crate::buf::decimal(n as u64, &mut d)
}

/// `Content-Length: ` + digits + CRLF.
const fn length_line_len(digits: usize) -> usize {
    "Content-Length: \r\n".len() + digits
}

/// Frames and signs `call` into `buf`. The input has been validated by the caller.
pub(crate) fn encode<'b, B: Body>(
    call: &Call<'_, '_>,
    body: Option<&B>,
    endpoint: &Endpoint<'_>,
    signer: &mut Signer<'_>,
    unix_seconds: i64,
    buf: &'b mut [u8],
) -> Result<EncodedRequest<'b>, Error> {
    // Request line, Host and Content-Type first: the signer reads the path and host back from
    // the buffer, so neither is ever materialized twice.
    let mut w = Writer::new(buf);
    w.put_str(call.method);
    w.put_byte(b' ');
    let path_start = w.len();
    write_path(&mut w, endpoint, call.path);
    let path_end = w.len();
    w.put(b" HTTP/1.1\r\nHost: ");
    let host_start = w.len();
    endpoint.write_authority(&mut w);
    let host_end = w.len();
    w.put(b"\r\n");
    if body.is_some() {
        w.put(b"Content-Type: ");
        w.put_str(CONTENT_TYPE_JSON);
        w.put(b"\r\n");
    }
    let fixed_len = w.len();
    let fixed_fits = w.fits();
    // A GET has no content, so no length; other methods always state one (RFC 9110 §8.6), as
    // some proxies refuse a bodiless POST or DELETE without it.
    let with_length = body.is_some() || call.method != "GET";
    // The signer's headers have a length known before signing (credentials, scope and signed
    // header names only), so the body's final place depends on its length's digit count alone.
    let signer_len = signer.simple_headers_len(body.is_some()).saturating_add(2);
    let body_start = |body_len: usize| {
        let line = if with_length {
            length_line_len(digits(body_len))
        } else {
            0
        };
        fixed_len.saturating_add(line).saturating_add(signer_len)
    };

    let (start, body_len) = match body {
        None => (body_start(0), 0),
        Some(b) if !fixed_fits => {
            // A writer over no memory only counts. Not `Counter`: with `Writer` the only sink
            // the body is ever written to, one copy of the body writer is linked.
            let mut c = Writer::new(&mut []);
            b.write(&mut c);
            (body_start(c.len()), c.len())
        }
        Some(b) => {
            let guess = fixed_len
                .saturating_add(length_line_len(GUESSED_LENGTH_DIGITS))
                .saturating_add(signer_len);
            // Past the end, the writer only counts: the length is learned either way.
            let mut bw = Writer::new(buf.get_mut(guess..).unwrap_or_default());
            b.write(&mut bw);
            let len = bw.len();
            let start = body_start(len);
            if start != guess && start.saturating_add(len) <= buf.len() {
                b.write(&mut Writer::new(buf.get_mut(start..).unwrap_or_default()));
            }
            (start, len)
        }
    };
    // Saturating: a Writer's count saturates too, and an overflow must read as "too small".
    let total = start.saturating_add(body_len);
    if total > buf.len() {
        return Err(too_small(call, body.is_some(), signer, unix_seconds, total));
    }

    let (head, rest) = buf.split_at_mut(start);
    let hash_hex = sigv4::hex32(&Sha256::digest(rest.get(..body_len).unwrap_or_default()).into());

    // Everything between the slice bounds was written from `&str`s and ASCII escapes.
    let path = match (endpoint.base_path(), call.path) {
        // The usual case, a literal path (RunMicrovm's): no need to read it back and check it.
        ("", [PathPart::Literal(p)]) => p,
        _ => core::str::from_utf8(&head[path_start..path_end]).unwrap_or_default(),
    };
    let host = core::str::from_utf8(&head[host_start..host_end]).unwrap_or_default();
    let request = SimpleRequest {
        method: call.method,
        path,
        host,
        json: body.is_some(),
        payload_sha256_hex: &hash_hex,
    };
    let signature = signer.sign_simple(&request, unix_seconds)?;

    let mut w = Writer::new(head.get_mut(fixed_len..).unwrap_or_default());
    if with_length {
        put_content_length(&mut w, body_len);
    }
    signature.write_headers(&mut w);
    w.put(b"\r\n");
    debug_assert_eq!(fixed_len + w.len(), start, "signer_len is exact");

    Ok(EncodedRequest {
        bytes: &buf[..total],
        head_len: start,
    })
}

fn put_content_length<S: Sink + ?Sized>(sink: &mut S, body_len: usize) {
    sink.put(b"Content-Length: ");
    sink.put_u64(body_len as u64);
    sink.put(b"\r\n");
}

fn write_path<S: Sink + ?Sized>(sink: &mut S, endpoint: &Endpoint<'_>, parts: &[PathPart<'_>]) {
    sink.put_str(endpoint.base_path());
    for part in parts {
        match part {
            PathPart::Literal(s) => sink.put_str(s),
            PathPart::Label(s) => uri::write_encoded(sink, s.as_bytes()),
        }
    }
}

/// The error for a request of `required` bytes that did not fit: the signer still validates
/// the method and the time first, so the error does not depend on the buffer's size.
fn too_small(
    call: &Call<'_, '_>,
    with_body: bool,
    signer: &mut Signer<'_>,
    unix_seconds: i64,
    required: usize,
) -> Error {
    // A promoted constant in flash: a local array would be filled at run time, and this was
    // the firmware's only use of `__aeabi_memset4` (184 bytes).
    const HASH: &[u8; 64] = &[b'0'; 64];
    let request = SimpleRequest {
        method: call.method,
        path: "/",
        host: "h",
        json: with_body,
        payload_sha256_hex: HASH,
    };
    match signer.sign_simple(&request, unix_seconds) {
        Ok(_) => Error::BufferTooSmall(BufferTooSmall { required }),
        Err(e) => Error::Signing(e),
    }
}
