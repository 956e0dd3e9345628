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
//! The body is written once, straight into the tail of the caller's buffer, hashed there, and
//! moved down behind the head once the signature (whose length is known only then) is written:
//! no second buffer, no second serialization.

use core::fmt;

use sha2::{Digest, Sha256};

use crate::buf::{BufferTooSmall, Counter, Sink, Writer};
use crate::endpoint::Endpoint;
use crate::sigv4::{self, Payload, Settings, SignableRequest, Signer};
use crate::uri;

/// Media type of every rest-json request body.
pub const CONTENT_TYPE_JSON: &str = "application/json";

/// A finished request in the caller's buffer: hand [`as_bytes`](Self::as_bytes) to the
/// transport, or [`head`](Self::head) and [`body`](Self::body) to a scatter write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

#[cfg(feature = "defmt")]
impl defmt::Format for EncodedRequest<'_> {
    // The head carries the session token and the body may carry a run-hook payload: show sizes only.
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

/// Frames and signs `call` into `buf`. The input has been validated by the caller.
pub(crate) fn encode<'b, B: Body>(
    call: &Call<'_, '_>,
    body: Option<&B>,
    endpoint: &Endpoint<'_>,
    signer: &mut Signer<'_>,
    unix_seconds: i64,
    buf: &'b mut [u8],
) -> Result<EncodedRequest<'b>, Error> {
    let body_len = body.map_or(0, |b| {
        let mut c = Counter::default();
        b.write(&mut c);
        c.0
    });

    // Request line, Host and framing headers first: the signer reads the path and host back
    // from the buffer, so neither is ever materialized twice.
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
    // A GET has no content, so no length; other methods always state one (RFC 9110 §8.6), as
    // some proxies refuse a bodiless POST or DELETE without it.
    if body.is_some() || call.method != "GET" {
        w.put(b"Content-Length: ");
        w.put_u64(body_len as u64);
        w.put(b"\r\n");
    }
    let fixed_len = w.len();
    let fits = w.fits();

    if !fits || fixed_len.saturating_add(body_len) > buf.len() {
        return Err(too_small(
            call,
            body.is_some(),
            signer,
            unix_seconds,
            fixed_len,
            body_len,
        ));
    }

    let (head, rest) = buf.split_at_mut(fixed_len);
    let body_start = rest.len() - body_len;
    if let Some(b) = body {
        b.write(&mut Writer::new(&mut rest[body_start..]));
    }
    let mut hash_hex = [0u8; 64];
    {
        let mut hex = Writer::new(&mut hash_hex);
        hex.put_hex(&Sha256::digest(&rest[body_start..]));
    }

    // Everything between the slice bounds was written from `&str`s and ASCII escapes.
    let path = core::str::from_utf8(&head[path_start..path_end]).unwrap_or_default();
    let host = core::str::from_utf8(&head[host_start..host_end]).unwrap_or_default();
    let hash = core::str::from_utf8(&hash_hex).unwrap_or_default();
    let with_body = [("Content-Type", CONTENT_TYPE_JSON), ("Host", host)];
    let request = SignableRequest {
        method: call.method,
        path,
        query: &[],
        headers: if body.is_some() {
            &with_body
        } else {
            &with_body[1..]
        },
        payload: Payload::Sha256Hex(hash),
    };
    let signature = signer.sign(&request, unix_seconds, &Settings::DEFAULT)?;

    let mut c = Counter::default();
    signature.write_headers(&mut c);
    let signed_len = c.0 + 2;
    if signed_len > body_start {
        return Err(BufferTooSmall {
            required: fixed_len + signed_len + body_len,
        }
        .into());
    }
    let mut w = Writer::new(&mut rest[..signed_len]);
    signature.write_headers(&mut w);
    w.put(b"\r\n");
    rest.copy_within(body_start.., signed_len);

    let total = fixed_len + signed_len + body_len;
    Ok(EncodedRequest {
        bytes: &buf[..total],
        head_len: fixed_len + signed_len,
    })
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

/// The exact size of the request that did not fit. The signature headers' length depends on the
/// credentials, scope, date and the *names* of the signed headers, never on the path, host or
/// body, so a stand-in request with the same header names measures it.
fn too_small(
    call: &Call<'_, '_>,
    with_body: bool,
    signer: &mut Signer<'_>,
    unix_seconds: i64,
    fixed_len: usize,
    body_len: usize,
) -> Error {
    let headers = [("Content-Type", CONTENT_TYPE_JSON), ("Host", "h")];
    let request = SignableRequest {
        method: call.method,
        path: "/",
        query: &[],
        headers: if with_body { &headers } else { &headers[1..] },
        payload: Payload::Unsigned,
    };
    match signer.sign(&request, unix_seconds, &Settings::DEFAULT) {
        Ok(signature) => {
            let mut c = Counter::default();
            signature.write_headers(&mut c);
            Error::BufferTooSmall(BufferTooSmall {
                required: fixed_len + c.0 + 2 + body_len,
            })
        }
        Err(e) => Error::Signing(e),
    }
}
