//! AWS Signature Version 4, for any service, without allocation.
//!
//! The canonical request is hashed while it is produced (never buffered), sorting happens on a
//! small fixed array of indices, and the derived signing key is cached per day inside a
//! [`Signer`] so that a repeated signature costs one HMAC over the string to sign.
//!
//! ```
//! use lambda_microvms_codec::buf::Writer;
//! use lambda_microvms_codec::sigv4::{Credentials, Payload, Settings, SignableRequest, Signer};
//!
//! let creds = Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)?;
//! let mut signer = Signer::new(creds, "us-east-1", "service")?;
//! let request = SignableRequest {
//!     method: "GET",
//!     path: "/",
//!     query: &[],
//!     headers: &[("Host", "example.amazonaws.com")],
//!     payload: Payload::Bytes(b""),
//! };
//! // 2015-08-30T12:36:00Z, the official test suite's clock.
//! let signature = signer.sign(&request, 1_440_938_160, &Settings::default())?;
//! assert_eq!(signature.amz_date(), b"20150830T123600Z");
//!
//! let mut buf = [0u8; 256];
//! let mut w = Writer::new(&mut buf);
//! signature.write_authorization(&mut w);
//! let n = w.finish()?;
//! assert_eq!(
//!     &buf[..n],
//!     b"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, \
//!       SignedHeaders=host;x-amz-date, \
//!       Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"
//! );
//! # Ok::<(), lambda_microvms_codec::sigv4::Error>(())
//! ```
//!
//! # Where implementations differ, and what this one does
//!
//! SigV4 leaves a few corners to the implementation; these follow botocore, the reference the
//! crate's vectors come from (`tests/data/vectors/sigv4.json`), and the AWS test suite:
//!
//! - **Dot segments.** With [`Settings::normalize_path`], `/a/b/..` becomes `/a` (botocore's
//!   `posixpath.normpath`); RFC 3986 and the `aws-sigv4` crate give `/a/`. The operations'
//!   paths hold a dot segment only when an identifier is `.` or `..` (`.` is unreserved, so
//!   it is not escaped), and then botocore signs the same normalized path.
//! - **Whitespace in header values.** Runs of space, tab and the obs-fold line breaks collapse
//!   to one space. botocore also collapses Unicode whitespace (e.g. U+00A0), `aws-sigv4` only
//!   spaces; the `sigv4_differential` fuzz target documents the inputs where they agree.
//! - **Session tokens** are trimmed like other header values, as botocore does (`aws-sigv4`
//!   does not trim them).

mod canonical;
mod simple;
pub mod time;

pub(crate) use simple::SimpleRequest;

use crate::buf::{BufferTooSmall, Sink, Writer};
use canonical::Plan;
pub(crate) use canonical::hex32;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use zeroize::Zeroize;

/// Most headers a request may carry (more is [`Error::TooManyHeaders`]): sorting works on a
/// fixed index array of this size, so the bound is what keeps signing allocation-free.
pub const MAX_HEADERS: usize = 32;
/// Most query parameters a request may carry (more is [`Error::TooManyQueryParameters`]).
pub const MAX_QUERY: usize = 32;
/// Deepest path [`Settings::normalize_path`] can resolve (more is [`Error::PathTooDeep`]).
pub const MAX_PATH_DEPTH: usize = 32;
/// Longest validity of a presigned URL SigV4 accepts: seven days.
pub const MAX_EXPIRES: u32 = 604_800;
/// The only algorithm this module implements.
pub const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// Payload hash placeholder for bodies that are not signed.
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Headers never signed, as botocore: proxies and clients rewrite them in flight.
pub const UNSIGNED_HEADERS: [&str; 4] = [
    "expect",
    "transfer-encoding",
    "user-agent",
    "x-amzn-trace-id",
];

/// Why a request could not be signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The access key id is empty.
    EmptyAccessKeyId,
    /// The access key id holds a control character, space, `/` or `,` (it is written verbatim
    /// into the `Authorization` header's credential scope).
    InvalidAccessKeyId,
    /// The session token is empty or holds CR, LF, NUL or another control character.
    InvalidSessionToken,
    /// The region is not a plain label (`a-z`, `0-9`, `-`, non-empty).
    InvalidRegion,
    /// The service name is not a plain label (`a-z`, `0-9`, `-`, non-empty).
    InvalidService,
    /// The method is not an RFC 7230 token.
    InvalidMethod,
    /// The path does not start with `/`, or holds `?`, `#` or a control character.
    InvalidPath,
    /// A path has more than [`MAX_PATH_DEPTH`] segments left after normalization.
    PathTooDeep,
    /// A header name is empty or not an RFC 7230 token.
    InvalidHeaderName,
    /// A header value holds CR, LF (other than an obs-fold line continuation), NUL or another
    /// control character.
    InvalidHeaderValue,
    /// The caller supplied a header the signer writes itself (`Authorization`, `X-Amz-Date`,
    /// `X-Amz-Security-Token` with a session token, `X-Amz-Content-Sha256` when asked to add it).
    ReservedHeader,
    /// A presigned request's query already holds an `X-Amz-*` parameter the signer adds.
    ReservedQueryParameter,
    /// More than [`MAX_HEADERS`] headers.
    TooManyHeaders,
    /// More than [`MAX_QUERY`] query parameters.
    TooManyQueryParameters,
    /// [`Payload::Sha256Hex`] is not 64 lowercase hexadecimal digits.
    InvalidPayloadHash,
    /// Presign expiry outside `1..=`[`MAX_EXPIRES`] seconds.
    InvalidExpires,
    /// The time is before 1970 or after 9999.
    TimeOutOfRange,
    /// A caller buffer was too small.
    BufferTooSmall(BufferTooSmall),
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let s = match self {
            Self::EmptyAccessKeyId => "empty access key id",
            Self::InvalidAccessKeyId => "access key id holds a forbidden character",
            Self::InvalidSessionToken => "session token is empty or holds a control character",
            Self::InvalidRegion => "region is not a lowercase label",
            Self::InvalidService => "service is not a lowercase label",
            Self::InvalidMethod => "method is not a token",
            Self::InvalidPath => {
                "path must start with '/' and hold no '?', '#' or control character"
            }
            Self::PathTooDeep => "path too deep to normalize",
            Self::InvalidHeaderName => "header name is not a token",
            Self::InvalidHeaderValue => "header value holds a control character",
            Self::ReservedHeader => "header is written by the signer",
            Self::ReservedQueryParameter => "query parameter is written by the signer",
            Self::TooManyHeaders => "too many headers",
            Self::TooManyQueryParameters => "too many query parameters",
            Self::InvalidPayloadHash => "payload hash is not 64 lowercase hex digits",
            Self::InvalidExpires => "expiry outside 1..=604800 seconds",
            Self::TimeOutOfRange => "time outside years 1970..=9999",
            Self::BufferTooSmall(e) => return core::fmt::Display::fmt(e, f),
        };
        f.write_str(s)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

impl From<BufferTooSmall> for Error {
    fn from(e: BufferTooSmall) -> Self {
        Self::BufferTooSmall(e)
    }
}

impl From<time::OutOfRange> for Error {
    fn from(_: time::OutOfRange) -> Self {
        Self::TimeOutOfRange
    }
}

/// AWS credentials, borrowed. `Debug` and `defmt` show the access key id only.
#[derive(Clone, Copy)]
pub struct Credentials<'a> {
    access_key_id: &'a str,
    secret_access_key: &'a str,
    session_token: Option<&'a str>,
}

impl<'a> Credentials<'a> {
    /// Checks and wraps credentials.
    ///
    /// # Errors
    /// [`Error::EmptyAccessKeyId`], [`Error::InvalidAccessKeyId`], [`Error::InvalidSessionToken`].
    pub fn new(
        access_key_id: &'a str,
        secret_access_key: &'a str,
        session_token: Option<&'a str>,
    ) -> Result<Self, Error> {
        if access_key_id.is_empty() {
            return Err(Error::EmptyAccessKeyId);
        }
        if access_key_id
            .bytes()
            .any(|b| b <= b' ' || b == 0x7f || b == b'/' || b == b',')
        {
            return Err(Error::InvalidAccessKeyId);
        }
        if let Some(t) = session_token
            && (t.is_empty() || t.bytes().any(|b| b < b' ' || b == 0x7f))
        {
            return Err(Error::InvalidSessionToken);
        }
        Ok(Self {
            access_key_id,
            secret_access_key,
            session_token,
        })
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &'a str {
        self.access_key_id
    }

    /// The session token, if any.
    pub fn session_token(&self) -> Option<&'a str> {
        self.session_token
    }
}

impl core::fmt::Debug for Credentials<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .field("session_token", &self.session_token.map(|_| "<redacted>"))
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Credentials<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Credentials {{ access_key_id: {=str}, secret_access_key: <redacted>, session_token: {=bool} }}",
            self.access_key_id,
            self.session_token.is_some()
        );
    }
}

/// The request body, or what stands for it in the canonical request.
///
/// `Debug`/`defmt` show only the body's length: bodies can carry secrets (`runHookPayload`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Payload<'a> {
    /// The body; it is hashed.
    Bytes(&'a [u8]),
    /// The body's SHA-256, as 64 lowercase hex digits (for bodies hashed as they were streamed).
    Sha256Hex(&'a str),
    /// `UNSIGNED-PAYLOAD`.
    Unsigned,
}

impl core::fmt::Debug for Payload<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::Bytes(b) => f.debug_struct("Bytes").field("len", &b.len()).finish(),
            Self::Sha256Hex(h) => f.debug_tuple("Sha256Hex").field(h).finish(),
            Self::Unsigned => f.write_str("Unsigned"),
        }
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Payload<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        match self {
            Self::Bytes(b) => defmt::write!(f, "Bytes {{ len: {=usize} }}", b.len()),
            Self::Sha256Hex(h) => defmt::write!(f, "Sha256Hex({=str})", h),
            Self::Unsigned => defmt::write!(f, "Unsigned"),
        }
    }
}

/// A request to sign. `path` is the path as it goes on the wire (already percent-encoded by
/// the caller where needed); `query` holds raw, unencoded pairs; `headers` include `Host`.
///
/// `Debug` and `defmt` show the names of the query parameters and headers, not their values,
/// which may carry a session token (`X-Amz-Security-Token`) or other credentials.
#[derive(Clone, Copy)]
pub struct SignableRequest<'a> {
    /// HTTP method, e.g. `POST`.
    pub method: &'a str,
    /// Wire path, starting with `/`.
    pub path: &'a str,
    /// Raw query pairs, in wire order (the signer sorts for the canonical form).
    pub query: &'a [(&'a str, &'a str)],
    /// Headers in wire order; repeated names are signed as one comma-joined value, in order.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body.
    pub payload: Payload<'a>,
}

/// The names of name-value pairs, for `Debug` without the values.
struct PairNames<'a>(&'a [(&'a str, &'a str)]);

impl core::fmt::Debug for PairNames<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_list()
            .entries(self.0.iter().map(|(name, _)| name))
            .finish()
    }
}

impl core::fmt::Debug for SignableRequest<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SignableRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query_names", &PairNames(self.query))
            .field("header_names", &PairNames(self.headers))
            .field("payload", &self.payload)
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for SignableRequest<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "SignableRequest {{ method: {=str}, path: {=str}, query_names: [",
            self.method,
            self.path
        );
        for (name, _) in self.query {
            defmt::write!(f, " {=str}", name);
        }
        defmt::write!(f, " ], header_names: [");
        for (name, _) in self.headers {
            defmt::write!(f, " {=str}", name);
        }
        defmt::write!(f, " ], payload: {} }}", self.payload);
    }
}

/// Signing variants. [`Settings::default`] suits every AWS service except S3.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Settings {
    /// Remove `.`/`..` segments and repeated slashes from the canonical path (not S3).
    pub normalize_path: bool,
    /// Percent-encode the (already encoded) wire path once more, as every service but S3 expects.
    pub double_encode_path: bool,
    /// Add and sign `x-amz-content-sha256` carrying the payload hash (S3 and a few others).
    pub content_sha256_header: bool,
    /// Send the session token but leave it out of the signature (services that want the token
    /// added after signing, the suite's `post-sts-header-after`). A request header named
    /// `x-amz-security-token` is then left unsigned too, as aws-sigv4 does.
    pub omit_session_token: bool,
}

impl Settings {
    /// The defaults: normalize, double-encode, no content header, session token signed.
    pub const DEFAULT: Self = Self {
        normalize_path: true,
        double_encode_path: true,
        content_sha256_header: false,
        omit_session_token: false,
    };
}

impl Default for Settings {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Where the signature goes; selects which canonical request the debugging outputs show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Mode {
    /// `Authorization` and `X-Amz-Date` headers ([`Signer::sign`]).
    Headers,
    /// Presigned URL query parameters ([`Signer::presign`]).
    Query {
        /// `X-Amz-Expires`, in seconds.
        expires_in: u32,
    },
}

/// The day's signing key, as a keyed HMAC whose inner and outer pad blocks are already
/// compressed: cloning it and hashing the string to sign is the whole per-request key cost.
/// `Hmac<Sha256>` zeroizes its state on drop (the `zeroize` features of `hmac` and `sha2`).
#[derive(Clone)]
struct CachedKey {
    date: [u8; 8],
    mac: Hmac<Sha256>,
}

/// Signs requests for one set of credentials, region and service; caches the day's key.
///
/// `Debug` and `defmt` never show secrets or key material.
#[derive(Clone)]
pub struct Signer<'a> {
    credentials: Credentials<'a>,
    region: &'a str,
    service: &'a str,
    key: Option<CachedKey>,
}

fn is_label(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// A 64-byte zero-padded HMAC key: HMAC pads short keys with zeros itself, so this is the
/// same key, and `KeyInit::new` on a full block cannot fail.
fn hmac_from(key: &[u8; 32]) -> Hmac<Sha256> {
    let mut block = [0u8; 64];
    block[..32].copy_from_slice(key);
    let mac = <Hmac<Sha256> as KeyInit>::new((&block).into());
    block.zeroize();
    mac
}

fn hmac_step(key: &[u8; 32], data: &[u8]) -> [u8; 32] {
    let mut mac = hmac_from(key);
    mac.update(data);
    mac.finalize().into_bytes().into()
}

impl Sink for Hmac<Sha256> {
    fn put(&mut self, bytes: &[u8]) {
        self.update(bytes);
    }
}

/// Gathers the many small pieces of a canonical request (`\n`, `=`, short names) into chunks
/// before they reach the hash: each `update` call of a block-buffered hash has a fixed cost
/// that, paid per piece, was a third of a cached-key signature. This is a bounded staging area,
/// not a copy of the request.
struct Staged<'s, S: Sink> {
    inner: &'s mut S,
    buf: [u8; 256],
    len: usize,
}

impl<'s, S: Sink> Staged<'s, S> {
    fn new(inner: &'s mut S) -> Self {
        Self {
            inner,
            buf: [0; 256],
            len: 0,
        }
    }

    fn flush(&mut self) {
        if let Some(pending) = self.buf.get(..self.len) {
            self.inner.put(pending);
        }
        self.len = 0;
    }
}

impl<S: Sink> Sink for Staged<'_, S> {
    #[inline]
    fn put_byte(&mut self, byte: u8) {
        if self.len >= self.buf.len() {
            self.flush();
        }
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        if bytes.len() > self.buf.len() - self.len {
            self.flush();
        }
        match self.buf.get_mut(self.len..self.len + bytes.len()) {
            Some(space) => {
                space.copy_from_slice(bytes);
                self.len += bytes.len();
            }
            None => self.inner.put(bytes),
        }
    }
}

/// SHA-256 of the canonical request, hashed as it is produced.
fn canonical_hash(plan: &Plan<'_>) -> Result<[u8; 32], Error> {
    let mut h = Sha256::new();
    let mut staged = Staged::new(&mut h);
    plan.write_canonical_request(&mut staged)?;
    staged.flush();
    Ok(h.finalize().into())
}

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"),
/// returned as a keyed MAC ready to sign strings.
fn derive_key(secret: &str, region: &str, service: &str, date: &[u8; 8]) -> Hmac<Sha256> {
    let secret = secret.as_bytes();
    let mut k_date = if secret.len() <= 60 {
        let mut k_secret = [0u8; 64];
        k_secret[..4].copy_from_slice(b"AWS4");
        k_secret[4..4 + secret.len()].copy_from_slice(secret);
        let mut mac = <Hmac<Sha256> as KeyInit>::new((&k_secret).into());
        k_secret.zeroize();
        mac.update(date);
        mac.finalize().into_bytes().into()
    } else {
        // Keys longer than a block are hashed by HMAC itself, so hashing "AWS4" + secret here
        // gives the same MAC without a contiguous copy of unbounded length.
        let mut h = Sha256::new();
        h.update(b"AWS4");
        h.update(secret);
        let mut hashed: [u8; 32] = h.finalize().into();
        let out = hmac_step(&hashed, date);
        hashed.zeroize();
        out
    };
    let mut k_region = hmac_step(&k_date, region.as_bytes());
    let mut k_service = hmac_step(&k_region, service.as_bytes());
    let mut k_signing = hmac_step(&k_service, b"aws4_request");
    let mac = hmac_from(&k_signing);
    k_date.zeroize();
    k_region.zeroize();
    k_service.zeroize();
    k_signing.zeroize();
    mac
}

impl<'a> Signer<'a> {
    /// A signer for `region` and `service` (both lowercase labels, e.g. `us-east-1`, `lambda`).
    ///
    /// # Errors
    /// [`Error::InvalidRegion`], [`Error::InvalidService`].
    pub fn new(
        credentials: Credentials<'a>,
        region: &'a str,
        service: &'a str,
    ) -> Result<Self, Error> {
        if !is_label(region) {
            return Err(Error::InvalidRegion);
        }
        if !is_label(service) {
            return Err(Error::InvalidService);
        }
        Ok(Self {
            credentials,
            region,
            service,
            key: None,
        })
    }

    /// The region signed for.
    pub fn region(&self) -> &'a str {
        self.region
    }

    /// The service signed for.
    pub fn service(&self) -> &'a str {
        self.service
    }

    /// The date (`YYYYMMDD`) of the cached signing key, if one has been derived.
    pub fn cached_key_date(&self) -> Option<[u8; 8]> {
        self.key.as_ref().map(|k| k.date)
    }

    /// The keyed HMAC of `date`'s signing key, derived (four HMACs) only when the day changed.
    fn signing_mac(&mut self, date: &[u8; 8]) -> &Hmac<Sha256> {
        if matches!(&self.key, Some(k) if k.date != *date) {
            // Dropping the stale key zeroizes it.
            self.key = None;
        }
        let (secret, region, service) = (
            self.credentials.secret_access_key,
            self.region,
            self.service,
        );
        &self
            .key
            .get_or_insert_with(|| CachedKey {
                date: *date,
                mac: derive_key(secret, region, service, date),
            })
            .mac
    }

    fn plan<'r>(
        &self,
        request: &SignableRequest<'r>,
        unix_seconds: i64,
        mode: Mode,
        settings: &Settings,
    ) -> Result<Plan<'r>, Error>
    where
        'a: 'r,
    {
        let t = time::DateTime::from_unix_seconds(unix_seconds)?;
        Plan::new(
            request,
            t.amz_date(),
            mode,
            settings,
            self.credentials,
            self.region,
            self.service,
        )
    }

    fn sign_plan(&mut self, plan: &Plan<'_>) -> Result<[u8; 32], Error> {
        let hash = canonical_hash(plan)?;
        let mut mac = self.signing_mac(&plan.date_stamp()).clone();
        let mut staged = Staged::new(&mut mac);
        plan.write_string_to_sign(&mut staged, &hash);
        staged.flush();
        Ok(mac.finalize().into_bytes().into())
    }

    /// Signs `request` for the `Authorization` header at `unix_seconds` (UTC).
    ///
    /// # Errors
    /// Any validation error of [`Error`] except the buffer and expiry ones.
    pub fn sign<'r>(
        &mut self,
        request: &SignableRequest<'r>,
        unix_seconds: i64,
        settings: &Settings,
    ) -> Result<Signature<'r>, Error>
    where
        'a: 'r,
    {
        let plan = self.plan(request, unix_seconds, Mode::Headers, settings)?;
        let signature = self.sign_plan(&plan)?;
        Ok(Signature { signature, plan })
    }

    /// Presigns `request`: writes `path?query` with the `X-Amz-*` parameters (the signature
    /// last) into `out` and returns its length. Headers listed in `request` are signed and must
    /// be sent unchanged.
    ///
    /// # Errors
    /// Validation errors, [`Error::InvalidExpires`], or [`Error::BufferTooSmall`] with the size
    /// required.
    pub fn presign(
        &mut self,
        request: &SignableRequest<'_>,
        unix_seconds: i64,
        expires_in: u32,
        settings: &Settings,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let plan = self.plan(request, unix_seconds, Mode::Query { expires_in }, settings)?;
        let signature = self.sign_plan(&plan)?;
        let mut w = Writer::new(out);
        plan.write_presigned_target(&mut w, &signature);
        Ok(w.finish()?)
    }

    /// Writes the canonical request that [`sign`](Self::sign) (`Mode::Headers`) or
    /// [`presign`](Self::presign) (`Mode::Query`) hashes, for debugging signature mismatches.
    ///
    /// # Errors
    /// As [`sign`](Self::sign), plus [`Error::BufferTooSmall`].
    pub fn canonical_request_into(
        &self,
        request: &SignableRequest<'_>,
        unix_seconds: i64,
        mode: Mode,
        settings: &Settings,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let plan = self.plan(request, unix_seconds, mode, settings)?;
        let mut w = Writer::new(out);
        plan.write_canonical_request(&mut w)?;
        Ok(w.finish()?)
    }

    /// Writes the string to sign, for debugging signature mismatches.
    ///
    /// # Errors
    /// As [`canonical_request_into`](Self::canonical_request_into).
    pub fn string_to_sign_into(
        &self,
        request: &SignableRequest<'_>,
        unix_seconds: i64,
        mode: Mode,
        settings: &Settings,
        out: &mut [u8],
    ) -> Result<usize, Error> {
        let plan = self.plan(request, unix_seconds, mode, settings)?;
        let hash = canonical_hash(&plan)?;
        let mut w = Writer::new(out);
        plan.write_string_to_sign(&mut w, &hash);
        Ok(w.finish()?)
    }
}

impl core::fmt::Debug for Signer<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Signer")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("service", &self.service)
            .field("signing_key", &self.key.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Signer<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Signer {{ credentials: {}, region: {=str}, service: {=str}, signing_key: <redacted> }}",
            self.credentials,
            self.region,
            self.service
        );
    }
}

/// A header-mode signature and what is needed to write the headers that carry it.
///
/// `Debug` and `defmt` show the date and the signature (both sent in clear), not the request
/// it was computed over, whose header values may carry credentials.
#[derive(Clone, Copy)]
pub struct Signature<'r> {
    signature: [u8; 32],
    plan: Plan<'r>,
}

impl core::fmt::Debug for Signature<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // Both are ASCII digits and letters, written by this crate.
        let hex = self.hex();
        f.debug_struct("Signature")
            .field(
                "amz_date",
                &core::str::from_utf8(self.amz_date()).unwrap_or_default(),
            )
            .field("signature", &core::str::from_utf8(&hex).unwrap_or_default())
            .finish_non_exhaustive()
    }
}

#[cfg(feature = "defmt")]
impl defmt::Format for Signature<'_> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(
            f,
            "Signature {{ amz_date: {=[u8]:a}, signature: {=[u8]:a} }}",
            self.amz_date()[..],
            self.hex()[..]
        );
    }
}

impl Signature<'_> {
    /// The raw 32-byte signature.
    pub fn bytes(&self) -> &[u8; 32] {
        &self.signature
    }

    /// The signature as 64 lowercase hex digits.
    pub fn hex(&self) -> [u8; 64] {
        hex32(&self.signature)
    }

    /// The `X-Amz-Date` header value, `YYYYMMDD'T'HHMMSS'Z'`.
    pub fn amz_date(&self) -> &[u8; 16] {
        self.plan.amz_date()
    }

    /// The `X-Amz-Security-Token` header value to send, if the credentials carry one (also
    /// when [`Settings::omit_session_token`] kept it out of the signature).
    pub fn session_token(&self) -> Option<&str> {
        self.plan.session_token()
    }

    /// The `x-amz-content-sha256` header value to send, if [`Settings::content_sha256_header`].
    pub fn content_sha256(&self) -> Option<&[u8]> {
        self.plan.content_sha256()
    }

    /// Writes the signed header names, `;`-separated (e.g. `host;x-amz-date`).
    pub fn write_signed_headers<S: Sink + ?Sized>(&self, sink: &mut S) {
        self.plan.write_signed_headers(sink, b";", false);
    }

    /// Writes the `Authorization` header value.
    pub fn write_authorization<S: Sink + ?Sized>(&self, sink: &mut S) {
        sink.put_str(ALGORITHM);
        sink.put(b" Credential=");
        self.plan.write_credential(sink, false);
        sink.put(b", SignedHeaders=");
        self.write_signed_headers(sink);
        sink.put(b", Signature=");
        sink.put(&self.hex());
    }

    /// Writes every header the signer adds, as `Name: value\r\n` lines: `X-Amz-Date`,
    /// `X-Amz-Security-Token` (with a session token), `x-amz-content-sha256` (when asked) and
    /// `Authorization`.
    pub fn write_headers<S: Sink + ?Sized>(&self, sink: &mut S) {
        sink.put(b"X-Amz-Date: ");
        sink.put(self.amz_date());
        sink.put(b"\r\n");
        if let Some(t) = self.session_token() {
            sink.put(b"X-Amz-Security-Token: ");
            sink.put_str(t);
            sink.put(b"\r\n");
        }
        if let Some(c) = self.content_sha256() {
            sink.put(b"x-amz-content-sha256: ");
            sink.put(c);
            sink.put(b"\r\n");
        }
        sink.put(b"Authorization: ");
        self.write_authorization(sink);
        sink.put(b"\r\n");
    }
}

#[cfg(test)]
mod tests;
