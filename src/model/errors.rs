//! Modeled service errors and the per-operation error enums.
//!
//! # How an error response is decoded (botocore 1.44.8's rest-json rules)
//!
//! - **Generic responses**: status ≥ 500 with an empty body or one starting with `<html>`
//!   (after trimming whitespace as Python's `bytes.strip()` does, vertical tab included) get
//!   the status as the code (`"503"`) and the HTTP reason phrase as the message; any
//!   `x-amzn-errortype` header is then ignored.
//! - **Code**: the `x-amzn-errortype` header, else the body's `code` (or, if absent, `Code`)
//!   when it is a string, else the body's `__type`, else the status as a decimal string. Every
//!   code is cut at the first `:` and then after the last `#`
//!   (`aws.api#ThrottlingException:http://...` → `ThrottlingException`).
//! - **Message**: the body's `message`, else `Message`.
//! - **Modeled members** (`resourceId`, `quotaCode`, ...) come from the body; `retryAfterSeconds`
//!   from the `Retry-After` header parsed as an integer (as Python's `int()`).
//!
//! A body that is not JSON still yields a typed error, never a [`DecodeError`]. Differences from
//! botocore, all where botocore keeps unbounded data or raises:
//!
//! - a non-JSON body: botocore uses the whole text as the message; here the message is `None`
//!   (an HTML error page has no place in a fixed-capacity string);
//! - a JSON document that is not an object, or non-string `code`/`__type`/members: botocore
//!   raises or keeps the raw value; here they count as absent;
//! - a `Retry-After` that `int()` rejects (botocore raises) or outside `i32` is `None`;
//! - JSON nested deeper than [`DEFAULT_MAX_DEPTH`](crate::json::read::DEFAULT_MAX_DEPTH) counts
//!   as non-JSON (Python's limit is ~1000).
//!
//! The only failure is [`DecodeError::Capacity`]: the code, the message or a modeled member is
//! longer than `M`. Truncating an identifier would silently hand the caller a wrong value, so
//! the decode fails naming the member and the length needed, and the caller can retry with a
//! larger `M` (the HTTP status is still known to it).
//!
//! # Messages are optional
//!
//! The model marks `message` required on some shapes, but load balancers, proxies and throttling
//! layers answer with empty or foreign bodies, so every `message` is an `Option`.
//!
//! # Retry classification
//!
//! [`is_throttling`](RunMicrovmError::is_throttling): a `ThrottlingException` (model trait
//! `retryable: {throttling: true}`), or an unmodeled error whose code is one of botocore's
//! standard throttling codes (`Throttling`, `ThrottlingException`, `TooManyRequestsException`,
//! `SlowDown`, ...) or whose status is 429. As in botocore's `ThrottlingStatusCodeChecker`, a
//! 429 does not make a *modeled* non-throttling error throttling: the model decides.
//!
//! [`is_retryable`](RunMicrovmError::is_retryable): throttling, or a shape the model marks
//! `retryable` (`InternalServerException`, `ThrottlingException`, `ConflictException`), or status
//! 500/502/503/504, or a transient code (`RequestTimeout`, `RequestTimeoutException`,
//! `PriorRequestNotComplete`), the union of botocore's standard-mode checkers.

use core::fmt;

use crate::decode::{self, DecodeError};
use crate::json::read::{Kind, RawStr, Reader};

/// Default capacity of error strings (code, message, identifiers).
pub const ERROR_STRING_CAPACITY: usize = 256;

/// A body member captured during the single pass over an error body.
#[derive(Clone, Copy, Default)]
enum Field<'a> {
    #[default]
    Absent,
    Null,
    Str(RawStr<'a>),
    /// Present with a non-string value.
    Other,
}

impl<'a> Field<'a> {
    fn str(&self) -> Option<&RawStr<'a>> {
        match self {
            Field::Str(s) => Some(s),
            _ => None,
        }
    }
}

/// What one pass over an error response yields; members are borrowed, not yet copied.
pub(crate) struct Parts<'a, const M: usize> {
    status: u16,
    code: heapless::String<M>,
    /// Reason phrase of a generic 5xx response, used as the message.
    generic_message: Option<&'static str>,
    /// The body's members, by their index in [`BODY_MEMBERS`] (the modeled ones last, in
    /// [`MODELED`] order). Kept here rather than copied out member by member.
    fields: [Field<'a>; BODY_MEMBERS.len()],
    retry_after: Option<i32>,
}

impl<'a, const M: usize> Parts<'a, M> {
    /// The parts of a response with this status, nothing read yet.
    pub(crate) fn new(status: u16) -> Self {
        Parts {
            status,
            code: heapless::String::new(),
            generic_message: None,
            fields: [Field::Absent; BODY_MEMBERS.len()],
            retry_after: None,
        }
    }

    /// Reads the headers and the body into `self` (in place: the parts hold a code of up to
    /// `M` bytes, which a returned value would copy).
    pub(crate) fn parse(
        &mut self,
        error_type: Option<&[u8]>,
        retry_after: Option<&[u8]>,
        body: &'a [u8],
    ) -> Result<(), DecodeError> {
        let p = self;
        let status = p.status;
        p.retry_after = retry_after.and_then(crate::http::response::parse_retry_after);
        // botocore strips the body with Python's `bytes.strip()`, whose whitespace includes the
        // vertical tab (0x0b) that `u8::is_ascii_whitespace` leaves out. Only the leading
        // strip matters: an all-whitespace body is empty either way.
        let start = body
            .iter()
            .position(|&b| !(b.is_ascii_whitespace() || b == 0x0b));
        let trimmed = start.and_then(|i| body.get(i..)).unwrap_or_default();
        if status >= 500 && (trimmed.is_empty() || trimmed.starts_with(b"<html>")) {
            let mut cut = CodeSink::new(&mut p.code);
            cut.put_status(status);
            cut.finish()?;
            p.generic_message = reason_phrase(status);
            p.retry_after = None;
            return Ok(());
        }

        // Body members by their index in BODY_MEMBERS. A body that is not one complete JSON
        // object counts as having none: what was captured before the reader found out is
        // dropped, so one pass both validates and captures.
        if read_fields(body, &mut p.fields).is_err() {
            p.fields = [Field::Absent; BODY_MEMBERS.len()];
        }
        let [type_, code, code_upper, ..] = &p.fields;

        // Header, then body `code`/`Code`, then `__type`, then the status.
        let body_code = match code {
            Field::Absent => code_upper,
            present => present,
        };
        let mut sink = CodeSink::new(&mut p.code);
        match (error_type, body_code, type_) {
            // HTTP header bytes are Latin-1 to Python's http.client.
            (Some(h), _, _) => sink.push_latin1(h),
            (None, Field::Str(s), _) | (None, _, Field::Str(s)) => sink.push_raw(s),
            // botocore: `body.get('__type', status)` gives None, leaving the code empty.
            (None, _, Field::Null) => {}
            (None, _, Field::Absent | Field::Other) => sink.put_status(status),
        }
        sink.finish()
    }

    /// Decodes the message into `out` (`None` stays when there is none). Output parameters
    /// rather than return values throughout: each error shape is then built in place instead of
    /// from a chain of `Option<String<M>>` temporaries, which on firmware cost stack per copy.
    fn message_into(&self, out: &mut Option<heapless::String<M>>) -> Result<(), DecodeError> {
        if let Some(g) = self.generic_message {
            return out
                .insert(heapless::String::new())
                .push_str(g)
                .map_err(|_| DecodeError::Capacity {
                    member: "message",
                    needed: g.len(),
                });
        }
        // `message`, else `Message`.
        let message = match &self.fields[3] {
            Field::Absent => &self.fields[4],
            present => present,
        };
        opt_into(message.str(), "message", out)
    }

    /// Decodes the message and the listed modeled members (index in [`MODELED`], destination)
    /// in place.
    ///
    /// One shared loop for every error shape: the shapes only list their members, so each
    /// does not carry its own copy of the decode-and-propagate code.
    fn fill(
        &self,
        message: &mut Option<heapless::String<M>>,
        members: &mut [(usize, &mut Option<heapless::String<M>>)],
    ) -> Result<(), DecodeError> {
        self.message_into(message)?;
        for (i, slot) in members.iter_mut() {
            let wire = MODELED.get(*i).copied().unwrap_or_default();
            let field = self.fields.get(i.saturating_add(5)).and_then(Field::str);
            opt_into(field, wire, slot)?;
        }
        Ok(())
    }

    pub(crate) fn code(&self) -> &str {
        &self.code
    }

    pub(crate) fn into_unknown(self) -> Result<UnknownError<M>, DecodeError> {
        let mut e = UnknownError {
            code: heapless::String::new(),
            message: None,
            status: self.status,
        };
        self.message_into(&mut e.message)?;
        e.code = self.code;
        Ok(e)
    }
}

fn opt_into<const M: usize>(
    s: Option<&RawStr<'_>>,
    member: &'static str,
    out: &mut Option<heapless::String<M>>,
) -> Result<(), DecodeError> {
    if let Some(raw) = s {
        decode::unescape_into(raw, member, out.insert(heapless::String::new()))?;
    }
    Ok(())
}

/// The error body members read, in the order `Parts::parse` destructures them: the modeled
/// string members ([`MODELED`]) last.
const BODY_MEMBERS: [&str; 9] = [
    "__type",
    "code",
    "Code",
    "message",
    "Message",
    "resourceId",
    "resourceType",
    "serviceCode",
    "quotaCode",
];

/// The modeled string members of the error shapes, by wire name; their index is what the
/// shapes list.
const MODELED: [&str; 4] = ["resourceId", "resourceType", "serviceCode", "quotaCode"];
const _: () = assert!(BODY_MEMBERS.len() == 5 + MODELED.len());

/// Index of `wire` in [`MODELED`], evaluated at compile time by the shape macro (an unknown
/// name fails the build).
const fn modeled(wire: &str) -> usize {
    let mut i = 0;
    while i < MODELED.len() {
        if same(MODELED[i], wire) {
            return i;
        }
        i += 1;
    }
    panic!("not a modeled error member")
}

/// Captures the [`BODY_MEMBERS`] of `body` if it is one complete, valid JSON document whose
/// value is an object; any error means it is not (the caller then drops what was captured).
fn read_fields<'a>(
    body: &'a [u8],
    fields: &mut [Field<'a>; BODY_MEMBERS.len()],
) -> Result<(), crate::json::read::Error> {
    let mut r = Reader::new(body);
    r.begin_object()?;
    while let Some(key) = r.next_key()? {
        let slot = key.find_in(&BODY_MEMBERS).and_then(|i| fields.get_mut(i));
        let kind = r.peek()?;
        match (slot, kind) {
            (Some(slot), Kind::String) => *slot = Field::Str(r.string_raw()?),
            (slot, _) => {
                r.skip()?;
                if let Some(slot) = slot {
                    *slot = if kind == Kind::Null {
                        Field::Null
                    } else {
                        Field::Other
                    };
                }
            }
        }
    }
    r.finish()
}

/// Python's `http.client.responses` for the statuses a generic error response can have (≥ 500).
fn reason_phrase(status: u16) -> Option<&'static str> {
    Some(match status {
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "HTTP Version Not Supported",
        506 => "Variant Also Negotiates",
        507 => "Insufficient Storage",
        508 => "Loop Detected",
        510 => "Not Extended",
        511 => "Network Authentication Required",
        _ => return None,
    })
}

/// Receives a code as it is unescaped and applies botocore's cut on the fly
/// (`code.split(':', 1)[0].rsplit('#', 1)[-1]`), so a long namespace prefix needs no capacity.
struct CodeSink<'s, const M: usize> {
    out: &'s mut heapless::String<M>,
    /// Length of the segment after the last `#` so far (counted past the capacity).
    len: usize,
    stopped: bool,
}

impl<'s, const M: usize> CodeSink<'s, M> {
    fn new(out: &'s mut heapless::String<M>) -> Self {
        out.clear();
        Self {
            out,
            len: 0,
            stopped: false,
        }
    }

    /// Appends text, cutting at `:` and `#`. Both are ASCII, so the pieces between them are
    /// whole characters: no decoding into `char`s, no UTF-8 check.
    fn push_str(&mut self, mut s: &str) {
        while !self.stopped {
            let cut = s.bytes().position(|b| b == b':' || b == b'#');
            let head = cut.and_then(|i| s.get(..i)).unwrap_or(s);
            self.len = self.len.saturating_add(head.len());
            // A piece that does not fit leaves `out` shorter than `len`: `finish` reports it.
            let _ = self.out.push_str(head);
            let Some(i) = cut else { return };
            if s.as_bytes().get(i) == Some(&b':') {
                self.stopped = true;
            } else {
                self.out.clear();
                self.len = 0;
            }
            s = s.get(i + 1..).unwrap_or_default();
        }
    }

    /// Appends Latin-1 bytes (each one character): runs of ASCII as they are, the other
    /// bytes one by one as their two-byte UTF-8 forms.
    fn push_latin1(&mut self, mut bytes: &[u8]) {
        loop {
            let ascii = bytes.iter().position(|b| !b.is_ascii());
            let (run, rest) = bytes
                .split_at_checked(ascii.unwrap_or(bytes.len()))
                .unwrap_or_default();
            if let Ok(run) = core::str::from_utf8(run) {
                self.push_str(run);
            }
            let Some((&b, rest)) = rest.split_first() else {
                return;
            };
            self.push_str(char::from(b).encode_utf8(&mut [0; 4]));
            bytes = rest;
        }
    }

    /// Appends an escaped JSON string, unescaped.
    fn push_raw(&mut self, raw: &RawStr<'_>) {
        let mut chunks = raw.chunks();
        while let Ok(Some(chunk)) = chunks.next() {
            self.push_str(chunk);
        }
    }

    fn put_status(&mut self, status: u16) {
        let mut digits = [0u8; 20];
        let start = crate::buf::decimal(u64::from(status), &mut digits);
        self.push_latin1(digits.get(start..).unwrap_or(&[]));
    }

    fn finish(self) -> Result<(), DecodeError> {
        if self.len > self.out.len() {
            Err(DecodeError::Capacity {
                member: "code",
                needed: self.len,
            })
        } else {
            Ok(())
        }
    }
}

/// Decodes `Parts` into a modeled shape; the fields each shape has are listed once here.
macro_rules! error_shape {
    (
        $(#[$doc:meta])*
        $name:ident { $($(#[$fdoc:meta])* $field:ident : $wire:literal),* $(,)? }
        $(retry_after $retry:ident)?
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub struct $name<const M: usize = ERROR_STRING_CAPACITY> {
            /// The response's HTTP status.
            pub status: u16,
            /// `message` (or `Message`); `None` when absent or the body is not JSON.
            pub message: Option<heapless::String<M>>,
            $(
                $(#[$fdoc])*
                pub $field: Option<heapless::String<M>>,
            )*
            $(
                /// `retryAfterSeconds`, from the `Retry-After` header (whole seconds).
                pub $retry: Option<i32>,
            )?
        }

        impl<const M: usize> $name<M> {
            /// The wire error code.
            pub const CODE: &'static str = stringify!($name);

            /// The shape with the status (and `Retry-After`) of `p` and nothing else yet.
            fn empty(p: &Parts<'_, M>) -> Self {
                Self {
                    status: p.status,
                    message: None,
                    $( $field: None, )*
                    $( $retry: p.retry_after, )?
                }
            }

            /// Decodes the message and the members into `self`, in place.
            fn fill_from(&mut self, p: &Parts<'_, M>) -> Result<(), DecodeError> {
                p.fill(&mut self.message, &mut [$( ({ const I: usize = modeled($wire); I }, &mut self.$field) ),*])
            }

            /// A modeled string member by its wire name, for the enums' generic accessors.
            fn member(&self, wire: &str) -> Option<&str> {
                $( if wire == $wire { return self.$field.as_deref(); } )*
                let _ = wire;
                None
            }

            fn retry_after(&self) -> Option<i32> {
                let r: Option<i32> = None;
                $( let r = r.or(self.$retry); )?
                r
            }
        }
    };
}

error_shape! {
    /// `InternalServerException` (model status 500, retryable).
    InternalServerException {}
    retry_after retry_after_seconds
}
error_shape! {
    /// `AccessDeniedException` (model status 403).
    AccessDeniedException {}
}
error_shape! {
    /// `InsufficientCapacityException` (model status 500); retryable by status only.
    InsufficientCapacityException {}
}
error_shape! {
    /// `ResourceNotFoundException` (model status 404).
    ResourceNotFoundException {
        /// `resourceType`: the type of the resource that was not found.
        resource_type: "resourceType",
        /// `resourceId`: the identifier of the resource that was not found.
        resource_id: "resourceId",
    }
}
error_shape! {
    /// `ThrottlingException` (model status 429, retryable, throttling).
    ThrottlingException {
        /// `serviceCode` of the throttled quota.
        service_code: "serviceCode",
        /// `quotaCode` of the throttled quota.
        quota_code: "quotaCode",
    }
    retry_after retry_after_seconds
}
error_shape! {
    /// `ConflictException` (model status 409, retryable).
    ConflictException {
        /// `resourceId` of the resource in conflict.
        resource_id: "resourceId",
        /// `resourceType` of the resource in conflict.
        resource_type: "resourceType",
    }
}
error_shape! {
    /// `ValidationException` (model status 400).
    ValidationException {}
}
error_shape! {
    /// `ServiceQuotaExceededException` (model status 402).
    ServiceQuotaExceededException {
        /// `resourceId` of the resource that exceeded the quota.
        resource_id: "resourceId",
        /// `resourceType` of the resource that exceeded the quota.
        resource_type: "resourceType",
        /// `serviceCode` of the exceeded quota.
        service_code: "serviceCode",
        /// `quotaCode` of the exceeded quota.
        quota_code: "quotaCode",
    }
}

/// An error whose code is not one of the operation's modeled errors (including generic 5xx
/// responses, whose code is the status, e.g. `"503"`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct UnknownError<const M: usize = ERROR_STRING_CAPACITY> {
    /// The error code after botocore's cut (may be empty).
    pub code: heapless::String<M>,
    /// The message, or the reason phrase of a generic 5xx response.
    pub message: Option<heapless::String<M>>,
    /// The response's HTTP status.
    pub status: u16,
}

/// botocore standard retry mode's code lists, one string with `|` between the codes (a table
/// of `&str` would add 8 bytes of pointer and length per code to flash, and
/// `<[&str]>::contains` its own loop). The code both lists have, `PriorRequestNotComplete`,
/// sits between them and is stored once: [`THROTTLING_CODES`] ends with it, [`TRANSIENT_CODES`]
/// starts with it.
const RETRY_CODES: &str = "Throttling|ThrottlingException|ThrottledException|\
    RequestThrottledException|TooManyRequestsException|ProvisionedThroughputExceededException|\
    TransactionInProgressException|RequestLimitExceeded|BandwidthLimitExceeded|\
    LimitExceededException|RequestThrottled|SlowDown|EC2ThrottledException|\
    PriorRequestNotComplete|RequestTimeout|RequestTimeoutException";
const SHARED_CODE: &str = "PriorRequestNotComplete";
const SHARED_AT: usize = position(RETRY_CODES, SHARED_CODE);

/// `ThrottledRetryableChecker._THROTTLED_ERROR_CODES`.
const THROTTLING_CODES: &str = RETRY_CODES.split_at(SHARED_AT + SHARED_CODE.len()).0;

/// `TransientRetryableChecker._TRANSIENT_ERROR_CODES`.
const TRANSIENT_CODES: &str = RETRY_CODES.split_at(SHARED_AT).1;

/// Where `needle` starts in `hay`, evaluated at compile time (absent fails the build).
const fn position(hay: &str, needle: &str) -> usize {
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let (_, rest) = hay.split_at(i);
        if same(rest.split_at(needle.len()).0, needle) {
            return i;
        }
        i += 1;
    }
    panic!("not in the list")
}

/// Whether `code` is one of the `|`-separated codes in `list`.
fn listed(list: &str, code: &str) -> bool {
    let mut rest = list.as_bytes();
    loop {
        let end = rest.iter().position(|&b| b == b'|').unwrap_or(rest.len());
        if rest.get(..end) == Some(code.as_bytes()) {
            return true;
        }
        match rest.get(end.saturating_add(1)..) {
            Some(tail) => rest = tail,
            None => return false,
        }
    }
}

/// `a == b` where it can be evaluated while compiling.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut k = 0;
    while k < a.len() {
        if a[k] != b[k] {
            return false;
        }
        k += 1;
    }
    true
}

/// The shapes the model marks `retryable`.
const fn retryable_shape(code: &str) -> bool {
    same(code, "InternalServerException")
        || same(code, "ThrottlingException")
        || same(code, "ConflictException")
}

fn unknown_is_throttling(code: &str, status: u16) -> bool {
    status == 429 || listed(THROTTLING_CODES, code)
}

fn transient(code: &str, status: u16) -> bool {
    matches!(status, 500 | 502 | 503 | 504) || listed(TRANSIENT_CODES, code)
}

macro_rules! error_enum {
    (
        $(#[$doc:meta])*
        $name:ident { $($variant:ident),* $(,)? }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        #[non_exhaustive]
        pub enum $name<const M: usize = ERROR_STRING_CAPACITY> {
            $(
                #[doc = concat!("`", stringify!($variant), "`.")]
                $variant($variant<M>),
            )*
            /// Any other code (not modeled for this operation, or a generic 5xx response).
            Unknown(UnknownError<M>),
        }

        impl<const M: usize> $name<M> {
            /// Decodes an error response from its status, `x-amzn-errortype` and `Retry-After`
            /// header values, and body; see the [module documentation](self) for the rules.
            pub fn decode_error(
                status: u16,
                error_type_header: Option<&[u8]>,
                retry_after: Option<&[u8]>,
                body: &[u8],
            ) -> Result<Self, DecodeError> {
                let mut p = Parts::<M>::new(status);
                p.parse(error_type_header, retry_after, body)?;
                // One search of a table of names, then integer compares: not a string
                // comparison per variant in code.
                #[allow(clippy::enum_variant_names)]
                enum Variant { $($variant),* }
                let found = [$(stringify!($variant)),*].iter().position(|c| *c == p.code());
                let Some(found) = found else {
                    return Ok(Self::Unknown(p.into_unknown()?));
                };
                // Built inside the enum and filled there: no shape-sized temporary moved into
                // it afterwards, and one move of the result for all shapes.
                let mut out = $(
                    if found == Variant::$variant as usize {
                        Self::$variant($variant::empty(&p))
                    } else
                )* {
                    // Not reached: `found` indexes the variant names.
                    return Ok(Self::Unknown(p.into_unknown()?));
                };
                match &mut out {
                    $( Self::$variant(e) => e.fill_from(&p)?, )*
                    Self::Unknown(_) => {}
                }
                Ok(out)
            }

            /// The wire error code (e.g. `ThrottlingException`).
            pub fn code(&self) -> &str {
                match self {
                    $( Self::$variant(_) => stringify!($variant), )*
                    Self::Unknown(e) => &e.code,
                }
            }

            /// The error message, if the response carried one.
            pub fn message(&self) -> Option<&str> {
                match self {
                    $( Self::$variant(e) => e.message.as_deref(), )*
                    Self::Unknown(e) => e.message.as_deref(),
                }
            }

            /// The response's HTTP status.
            pub fn http_status(&self) -> u16 {
                match self {
                    $( Self::$variant(e) => e.status, )*
                    Self::Unknown(e) => e.status,
                }
            }

            fn member(&self, wire: &str) -> Option<&str> {
                match self {
                    $( Self::$variant(e) => e.member(wire), )*
                    Self::Unknown(_) => None,
                }
            }

            /// `resourceId`, for the errors that model it.
            pub fn resource_id(&self) -> Option<&str> {
                self.member("resourceId")
            }

            /// `resourceType`, for the errors that model it.
            pub fn resource_type(&self) -> Option<&str> {
                self.member("resourceType")
            }

            /// `serviceCode`, for the errors that model it.
            pub fn service_code(&self) -> Option<&str> {
                self.member("serviceCode")
            }

            /// `quotaCode`, for the errors that model it.
            pub fn quota_code(&self) -> Option<&str> {
                self.member("quotaCode")
            }

            /// `retryAfterSeconds` (the `Retry-After` header), for the errors that model it
            /// (`InternalServerException`, `ThrottlingException`). For any other status, such
            /// as a proxy's 503, [`Response::retry_after_seconds`](crate::http::Response::retry_after_seconds)
            /// reads the same header the same way.
            pub fn retry_after_seconds(&self) -> Option<i32> {
                match self {
                    $( Self::$variant(e) => e.retry_after(), )*
                    Self::Unknown(_) => None,
                }
            }

            /// Whether the request was throttled (see the [module documentation](self)).
            pub fn is_throttling(&self) -> bool {
                match self {
                    // Decided per variant when compiling: a lookup by discriminant, not a
                    // string comparison of the code at run time.
                    $( Self::$variant(_) => const { same(stringify!($variant), "ThrottlingException") }, )*
                    Self::Unknown(e) => unknown_is_throttling(&e.code, e.status),
                }
            }

            /// Whether retrying the same request may succeed (see the
            /// [module documentation](self)).
            pub fn is_retryable(&self) -> bool {
                let modeled = match self {
                    $( Self::$variant(_) => const { retryable_shape(stringify!($variant)) }, )*
                    Self::Unknown(_) => false,
                };
                modeled
                    || self.is_throttling()
                    || transient(self.code(), self.http_status())
            }
        }

        impl<const M: usize> fmt::Display for $name<M> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{} (HTTP {})", self.code(), self.http_status())?;
                if let Some(m) = self.message() {
                    write!(f, ": {m}")?;
                }
                Ok(())
            }
        }

        #[cfg(feature = "std")]
        impl<const M: usize> std::error::Error for $name<M> {}
    };
}

error_enum! {
    /// The errors `RunMicrovm` can return.
    ///
    /// ```
    /// use lambda_microvms_codec::model::RunMicrovmError;
    ///
    /// let e = RunMicrovmError::<128>::decode_error(
    ///     429,
    ///     Some(b"ThrottlingException:http://internal.amazon.com/coral/"),
    ///     Some(b"3"),
    ///     br#"{"message":"Rate exceeded","quotaCode":"L-1234"}"#,
    /// )?;
    /// assert_eq!(e.code(), "ThrottlingException");
    /// assert_eq!(e.message(), Some("Rate exceeded"));
    /// assert!(e.is_throttling() && e.is_retryable());
    /// assert_eq!((e.quota_code(), e.retry_after_seconds()), (Some("L-1234"), Some(3)));
    /// assert_eq!(e.resource_id(), None);
    /// match e {
    ///     RunMicrovmError::ThrottlingException(t) => {
    ///         assert_eq!(t.retry_after_seconds, Some(3));
    ///         assert_eq!(t.quota_code.as_deref(), Some("L-1234"));
    ///     }
    ///     _ => unreachable!(),
    /// }
    ///
    /// // A proxy's HTML page: a typed error all the same.
    /// let e = RunMicrovmError::<128>::decode_error(502, None, None, b"<html>Bad</html>")?;
    /// assert_eq!((e.code(), e.message()), ("502", Some("Bad Gateway")));
    /// assert!(e.is_retryable());
    /// # Ok::<(), lambda_microvms_codec::decode::DecodeError>(())
    /// ```
    RunMicrovmError {
        InternalServerException,
        AccessDeniedException,
        InsufficientCapacityException,
        ResourceNotFoundException,
        ThrottlingException,
        ConflictException,
        ValidationException,
        ServiceQuotaExceededException,
    }
}

error_enum! {
    /// The errors `GetMicrovm` can return.
    GetMicrovmError {
        InternalServerException,
        AccessDeniedException,
        ResourceNotFoundException,
        ThrottlingException,
        ValidationException,
    }
}

error_enum! {
    /// The errors `TerminateMicrovm`, `SuspendMicrovm` and `ResumeMicrovm` can return.
    ///
    /// One type for the three because the model gives them the same six errors: one decoder
    /// instance in flash instead of three identical ones, and callers handle them alike.
    MicrovmActionError {
        InternalServerException,
        AccessDeniedException,
        ResourceNotFoundException,
        ThrottlingException,
        ConflictException,
        ValidationException,
    }
}

/// Errors of `TerminateMicrovm` (same set as [`MicrovmActionError`]).
pub type TerminateMicrovmError<const M: usize = ERROR_STRING_CAPACITY> = MicrovmActionError<M>;
/// Errors of `SuspendMicrovm` (same set as [`MicrovmActionError`]).
pub type SuspendMicrovmError<const M: usize = ERROR_STRING_CAPACITY> = MicrovmActionError<M>;
/// Errors of `ResumeMicrovm` (same set as [`MicrovmActionError`]).
pub type ResumeMicrovmError<const M: usize = ERROR_STRING_CAPACITY> = MicrovmActionError<M>;

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;

    #[test]
    fn retry_code_lists_are_botocores() {
        // The two lists share their storage; each must still be exactly botocore's set.
        let set = |list: &'static str| {
            let mut codes: std::vec::Vec<&str> = list.split('|').collect();
            codes.sort_unstable();
            codes
        };
        assert_eq!(
            set(THROTTLING_CODES),
            set(
                "Throttling|ThrottlingException|ThrottledException|RequestThrottledException|\
                 TooManyRequestsException|ProvisionedThroughputExceededException|\
                 TransactionInProgressException|RequestLimitExceeded|BandwidthLimitExceeded|\
                 LimitExceededException|RequestThrottled|SlowDown|PriorRequestNotComplete|\
                 EC2ThrottledException"
            )
        );
        assert_eq!(
            set(TRANSIENT_CODES),
            set("RequestTimeout|RequestTimeoutException|PriorRequestNotComplete")
        );
    }

    type E = RunMicrovmError<64>;

    fn dec(status: u16, header: Option<&str>, body: &str) -> E {
        E::decode_error(status, header.map(str::as_bytes), None, body.as_bytes()).unwrap()
    }

    #[test]
    fn code_from_header_with_suffix_wins_over_body() {
        let e = dec(
            409,
            Some("ConflictException:http://internal.amazon.com/coral/x/"),
            r#"{"__type":"ValidationException","code":"AccessDeniedException","message":"m"}"#,
        );
        assert!(matches!(e, E::ConflictException(_)));
        assert_eq!(e.message(), Some("m"));
    }

    #[test]
    fn code_from_body_code_then_upper_code() {
        let e = dec(
            404,
            None,
            r#"{"__type":"X","code":"ResourceNotFoundException"}"#,
        );
        assert_eq!(e.code(), "ResourceNotFoundException");
        let e = dec(
            404,
            None,
            r#"{"__type":"X","Code":"a.b#ValidationException:z"}"#,
        );
        assert_eq!(e.code(), "ValidationException");
        // `code` present (even null) shadows `Code`; null keeps the `__type` code.
        let e = dec(
            400,
            None,
            r#"{"__type":"X","code":null,"Code":"ValidationException"}"#,
        );
        assert_eq!(e.code(), "X");
        // A non-string `code` is ignored.
        let e = dec(400, None, r#"{"__type":"X","code":5}"#);
        assert_eq!(e.code(), "X");
    }

    #[test]
    fn code_from_type_with_namespace_and_suffix() {
        let e = dec(
            429,
            None,
            r#"{"__type":"com.amazonaws.lambdamicrovms#ThrottlingException:http://x#y","message":"slow"}"#,
        );
        assert_eq!(e.code(), "ThrottlingException");
        assert!(e.is_throttling() && e.is_retryable());
        // Escaped `#` and `:` are cut like literal ones (botocore cuts the decoded string).
        let e = dec(
            400,
            None,
            r#"{"__type":"ns\u0023ValidationException\u003ax"}"#,
        );
        assert_eq!(e.code(), "ValidationException");
    }

    #[test]
    fn code_falls_back_to_status() {
        let e = dec(418, None, r#"{"message":"teapot"}"#);
        assert!(matches!(&e, E::Unknown(u) if u.code == "418" && u.status == 418));
        assert_eq!(e.message(), Some("teapot"));
        // `__type: null`: botocore leaves the code empty.
        let e = dec(400, None, r#"{"__type":null}"#);
        assert_eq!(e.code(), "");
    }

    #[test]
    fn namespace_longer_than_capacity_is_fine_once_cut() {
        let long = std::format!(r#"{{"__type":"{}#ValidationException"}}"#, "n".repeat(500));
        let e = E::decode_error(400, None, None, long.as_bytes()).unwrap();
        assert_eq!(e.code(), "ValidationException");
    }

    #[test]
    fn generic_responses_use_status_and_reason() {
        for (status, body, phrase) in [
            (502, "<html><body>x</body></html>", Some("Bad Gateway")),
            (503, " \r\n", Some("Service Unavailable")),
            (599, "", None),
        ] {
            let e = E::decode_error(
                status,
                Some(b"InternalServerException"),
                None,
                body.as_bytes(),
            )
            .unwrap();
            assert!(matches!(e, E::Unknown(_)), "{status}");
            assert_eq!(e.code(), std::format!("{status}"));
            assert_eq!(e.message(), phrase);
        }
    }

    #[test]
    fn non_json_bodies_give_typed_errors_without_message() {
        for body in [
            "Bad Request",
            "<!DOCTYPE html>",
            "{\"message\":\"cut",
            "[1]",
            "\"s\"",
            "{} x",
        ] {
            let e = dec(400, None, body);
            assert!(matches!(&e, E::Unknown(u) if u.code == "400"), "{body}");
            assert_eq!(e.message(), None, "{body}");
        }
        let e = dec(
            500,
            Some("InsufficientCapacityException"),
            "capacity exhausted",
        );
        assert!(matches!(e, E::InsufficientCapacityException(ref x) if x.message.is_none()));
        // Deeper than the reader's limit: treated as non-JSON, not an error.
        let deep = std::format!("{{\"a\":{}{}}}", "[".repeat(100), "]".repeat(100));
        assert_eq!(dec(400, Some("ValidationException"), &deep).message(), None);
    }

    #[test]
    fn null_and_unknown_members() {
        let e = dec(
            404,
            Some("ResourceNotFoundException"),
            r#"{"message":null,"Message":"upper","resourceId":null,"resourceType":7,
               "extra":{"deep":[[[{"x":null}]]]},"resourceId":"r-1"}"#,
        );
        let E::ResourceNotFoundException(x) = e else {
            panic!()
        };
        // `message: null` shadows `Message` (botocore's `body.get('message', ...)`).
        assert_eq!(x.message, None);
        // Duplicate keys: the last wins.
        assert_eq!(x.resource_id.as_deref(), Some("r-1"));
        assert_eq!(x.resource_type, None);
        assert_eq!(x.status, 404);
    }

    #[test]
    fn message_from_upper_message() {
        assert_eq!(dec(400, None, r#"{"Message":"M"}"#).message(), Some("M"));
        assert_eq!(
            dec(400, None, r#"{"Message":"M","message":"m"}"#).message(),
            Some("m")
        );
    }

    #[test]
    fn retry_after_is_parsed_like_python_int() {
        let t = |v: &str| match E::decode_error(
            500,
            Some(b"InternalServerException"),
            Some(v.as_bytes()),
            b"{}",
        )
        .unwrap()
        {
            E::InternalServerException(x) => x.retry_after_seconds,
            _ => panic!(),
        };
        assert_eq!(t("120"), Some(120));
        assert_eq!(t(" +7 "), Some(7));
        assert_eq!(t("-1"), Some(-1));
        assert_eq!(t("1_0"), Some(10));
        assert_eq!(t("1__0"), None);
        assert_eq!(t("_1"), None);
        assert_eq!(t("1.5"), None);
        assert_eq!(t("Wed, 21 Oct 2026 07:28:00 GMT"), None);
        assert_eq!(t("2147483648"), None);
        assert_eq!(t("-2147483648"), Some(i32::MIN));
        assert_eq!(t(""), None);
    }

    #[test]
    fn capacity_errors_name_member_and_length() {
        let long = "x".repeat(70);
        let body = std::format!(r#"{{"message":"{long}"}}"#);
        assert_eq!(
            E::decode_error(400, None, None, body.as_bytes()),
            Err(DecodeError::Capacity {
                member: "message",
                needed: 70
            })
        );
        let body = std::format!(r#"{{"resourceId":"{long}"}}"#);
        assert_eq!(
            E::decode_error(409, Some(b"ConflictException"), None, body.as_bytes()),
            Err(DecodeError::Capacity {
                member: "resourceId",
                needed: 70
            })
        );
        // Not modeled for this code: not decoded, so not an error.
        assert!(E::decode_error(400, Some(b"ValidationException"), None, body.as_bytes()).is_ok());
        assert_eq!(
            E::decode_error(400, Some(long.as_bytes()), None, b"{}"),
            Err(DecodeError::Capacity {
                member: "code",
                needed: 70
            })
        );
        assert_eq!(
            RunMicrovmError::<8>::decode_error(503, None, None, b""),
            Err(DecodeError::Capacity {
                member: "message",
                needed: 19
            })
        );
    }

    #[test]
    fn header_bytes_are_latin1() {
        let e = E::decode_error(400, Some(b"Caf\xe9"), None, b"{}").unwrap();
        assert_eq!(e.code(), "Caf\u{e9}");
        let e = E::decode_error(400, Some(b"\xe9\xffab\x80c:d"), None, b"{}").unwrap();
        assert_eq!(e.code(), "\u{e9}\u{ff}ab\u{80}c");
    }

    #[test]
    fn cut_applies_to_unescaped_and_non_ascii_codes() {
        // Expected values from botocore 1.44.8's rest-json parser (`Error.Code`) for the same
        // responses: escaped `:` and `#` cut like literal ones, multi-byte text around them.
        for (body, code) in [
            (r#"{"code":"a#b\u003ac","message":"x"}"#, "b"),
            (r#"{"__type":"ns#Thr\u00e9\u0023T:zz"}"#, "T"),
            (r#"{"code":"\u00e9#\u00fcber:x"}"#, "\u{fc}ber"),
        ] {
            assert_eq!(dec(400, None, body).code(), code, "{body}");
        }
        let e = E::decode_error(400, Some(b"Caf\xe9#Ab\xfc:x"), None, b"{}").unwrap();
        assert_eq!(e.code(), "Ab\u{fc}");
    }

    #[test]
    fn classification() {
        let c = |status, code: &str| {
            let e = dec(status, Some(code), "{}");
            (e.is_retryable(), e.is_throttling())
        };
        assert_eq!(c(500, "InternalServerException"), (true, false));
        assert_eq!(c(429, "ThrottlingException"), (true, true));
        assert_eq!(c(400, "ThrottlingException"), (true, true));
        assert_eq!(c(409, "ConflictException"), (true, false));
        assert_eq!(c(500, "InsufficientCapacityException"), (true, false));
        assert_eq!(c(503, "InsufficientCapacityException"), (true, false));
        assert_eq!(c(403, "AccessDeniedException"), (false, false));
        assert_eq!(c(400, "ValidationException"), (false, false));
        // A modeled error keeps the model's say even with a 429.
        assert_eq!(c(429, "ValidationException"), (false, false));
        assert_eq!(c(402, "ServiceQuotaExceededException"), (false, false));
        // Unmodeled: status 429 and botocore's throttling / transient codes.
        assert_eq!(c(429, "Whatever"), (true, true));
        assert_eq!(c(400, "TooManyRequestsException"), (true, true));
        assert_eq!(c(400, "SlowDown"), (true, true));
        assert_eq!(c(400, "RequestTimeout"), (true, false));
        assert_eq!(c(502, "Whatever"), (true, false));
        assert_eq!(c(501, "Whatever"), (false, false));
        assert_eq!(c(400, "Whatever"), (false, false));
    }

    #[test]
    fn per_operation_sets() {
        // ConflictException is not one of GetMicrovm's errors.
        let g = GetMicrovmError::<64>::decode_error(409, Some(b"ConflictException"), None, b"{}")
            .unwrap();
        assert!(matches!(g, GetMicrovmError::Unknown(_)));
        assert!(!g.is_retryable());
        let a = TerminateMicrovmError::<64>::decode_error(
            409,
            Some(b"ConflictException"),
            None,
            br#"{"resourceId":"mvm-1"}"#,
        )
        .unwrap();
        assert!(
            matches!(a, MicrovmActionError::ConflictException(ref c) if c.resource_id.as_deref() == Some("mvm-1"))
        );
        let a = SuspendMicrovmError::<64>::decode_error(
            500,
            Some(b"InsufficientCapacityException"),
            None,
            b"{}",
        )
        .unwrap();
        assert!(matches!(a, MicrovmActionError::Unknown(_)));
    }

    #[test]
    fn display() {
        let e = dec(
            404,
            Some("ResourceNotFoundException"),
            r#"{"message":"gone"}"#,
        );
        assert_eq!(
            std::format!("{e}"),
            "ResourceNotFoundException (HTTP 404): gone"
        );
    }
}
