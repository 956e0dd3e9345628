//! Arbitrary status, `x-amzn-errortype` and `Retry-After` bytes and body → every operation's
//! error decoder. Never panics; always a typed error, except `DecodeError::Capacity` when a
//! string is over the capacity `M`; the same response through `Response::parse` and the `ops`
//! decoders gives the same error.
#![no_main]

use lambda_microvms_codec::decode::DecodeError;
use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::model::{
    GetMicrovm, GetMicrovmError, Microvm, MicrovmActionError, RunMicrovm, RunMicrovmError,
};
use lambda_microvms_codec::ops::Outcome;
use libfuzzer_sys::fuzz_target;

/// The input is framed by hand rather than with `arbitrary`, so that seeds can be written from
/// the reference vectors (`scripts/fuzz-seeds.py`) and the body, the part worth mutating with
/// the JSON dictionary, is plain bytes at the end:
///
/// `status: u16 BE | flags: u8 (bit 0: errortype header, bit 1: Retry-After) | errortype length:
/// u8 | Retry-After length: u8 | errortype bytes | Retry-After bytes | body (the rest)`
///
/// Missing bytes read as zero and lengths are clipped to what is there, so every input is valid.
#[derive(Debug)]
struct Input<'a> {
    status: u16,
    error_type: Option<&'a [u8]>,
    retry_after: Option<&'a [u8]>,
    body: &'a [u8],
}

impl<'a> Input<'a> {
    fn parse(data: &'a [u8]) -> Self {
        let byte = |i: usize| data.get(i).copied().unwrap_or(0);
        let status = u16::from_be_bytes([byte(0), byte(1)]);
        let flags = byte(2);
        let rest = data.get(5..).unwrap_or_default();
        let (et, rest) = rest.split_at(usize::from(byte(3)).min(rest.len()));
        let (ra, body) = rest.split_at(usize::from(byte(4)).min(rest.len()));
        Input {
            status,
            error_type: (flags & 1 != 0).then_some(et),
            retry_after: (flags & 2 != 0).then_some(ra),
            body,
        }
    }
}

/// What every error enum shares, to check them alike.
struct Seen {
    code: String,
    message: Option<String>,
    status: u16,
    throttling: bool,
    retryable: bool,
}

macro_rules! seen {
    ($e:expr) => {{
        let e = $e;
        let _ = e.to_string();
        Seen {
            code: e.code().to_string(),
            message: e.message().map(str::to_string),
            status: e.http_status(),
            throttling: e.is_throttling(),
            retryable: e.is_retryable(),
        }
    }};
}

fn only_capacity<T>(r: Result<T, DecodeError>) -> Option<T> {
    match r {
        Ok(t) => Some(t),
        Err(DecodeError::Capacity { needed, .. }) => {
            assert!(needed > 0);
            None
        }
        Err(e) => panic!("error decoding failed with {e:?}, not a typed error"),
    }
}

/// botocore's generic 5xx test: the body stripped as Python's `bytes.strip()` does (ASCII
/// whitespace and the vertical tab) is empty or starts with `<html>`.
fn generic(i: &Input<'_>) -> bool {
    let space = |b: &u8| b.is_ascii_whitespace() || *b == 0x0b;
    let start = i
        .body
        .iter()
        .position(|b| !space(b))
        .unwrap_or(i.body.len());
    let trimmed = &i.body[start..];
    i.status >= 500 && (trimmed.is_empty() || trimmed.starts_with(b"<html>"))
}

fn check(s: &Seen, i: &Input<'_>) {
    assert_eq!(s.status, i.status);
    // Codes are cut at the first ':' and after the last '#'.
    assert!(
        !s.code.contains(':') && !s.code.contains('#'),
        "code {:?}",
        s.code
    );
    if generic(i) {
        assert_eq!(s.code, i.status.to_string(), "generic 5xx");
    }
    if s.throttling {
        assert!(s.retryable, "throttling but not retryable");
    }
}

/// Header value bytes httparse keeps verbatim: no CR/LF/NUL/DEL/controls other than tab, and no
/// leading/trailing whitespace (which it would trim).
fn header_safe(v: &[u8]) -> bool {
    v.iter().all(|&b| b == b'\t' || (b >= 0x20 && b != 0x7f))
        && !v.first().is_some_and(|b| matches!(b, b' ' | b'\t'))
        && !v.last().is_some_and(|b| matches!(b, b' ' | b'\t'))
}

fuzz_target!(|data: &[u8]| {
    let i = Input::parse(data);
    let run = only_capacity(RunMicrovmError::<256>::decode_error(
        i.status,
        i.error_type,
        i.retry_after,
        i.body,
    ));
    let get = only_capacity(GetMicrovmError::<256>::decode_error(
        i.status,
        i.error_type,
        i.retry_after,
        i.body,
    ));
    let act = only_capacity(MicrovmActionError::<256>::decode_error(
        i.status,
        i.error_type,
        i.retry_after,
        i.body,
    ));
    let tiny = only_capacity(RunMicrovmError::<4>::decode_error(
        i.status,
        i.error_type,
        i.retry_after,
        i.body,
    ));
    let all = [
        run.as_ref().map(|e| seen!(e)),
        get.as_ref().map(|e| seen!(e)),
        act.as_ref().map(|e| seen!(e)),
    ];
    for s in all.iter().flatten() {
        check(s, &i);
    }
    // The three enums read the same code, message and status. Capacity can fail for some and
    // not others: each captures the members its own modeled shapes have (a long `resourceId`
    // fails `ConflictException` in RunMicrovmError but not GetMicrovmError, which does not
    // model that error and keeps only code and message).
    let keys: Vec<_> = all
        .iter()
        .flatten()
        .map(|s| (s.code.clone(), s.message.clone(), s.status))
        .collect();
    assert!(
        keys.windows(2).all(|w| w[0] == w[1]),
        "enums disagree: {keys:?}"
    );
    // A smaller capacity only adds Capacity failures, never different answers.
    if let Some(t) = &tiny {
        let big = run.as_ref().expect("fits in 4 but not in 256");
        assert_eq!(t.code(), big.code());
        assert_eq!(t.message(), big.message());
    }

    // The same response on the wire, through the HTTP parser and the operation decoders.
    if !(200..=999).contains(&i.status)
        || (200..300).contains(&i.status)
        || matches!(i.status, 204 | 304)
    {
        return;
    }
    let mut raw = format!("HTTP/1.1 {} Whatever\r\n", i.status).into_bytes();
    for (name, v) in [
        ("x-amzn-ErrorType", i.error_type),
        ("Retry-After", i.retry_after),
    ] {
        if let Some(v) = v {
            if !header_safe(v) {
                return;
            }
            raw.extend_from_slice(name.as_bytes());
            raw.extend_from_slice(b": ");
            raw.extend_from_slice(v);
            raw.extend_from_slice(b"\r\n");
        }
    }
    raw.extend_from_slice(format!("Content-Length: {}\r\n\r\n", i.body.len()).as_bytes());
    raw.extend_from_slice(i.body);
    let response = match Response::parse(&raw) {
        Ok(r) => r,
        // httparse is stricter than `header_safe` about some bytes; nothing to compare then.
        Err(_) => return,
    };
    assert_eq!(response.body(), i.body);
    assert_eq!(response.header("x-amzn-errortype"), i.error_type);
    assert_eq!(response.header("retry-after"), i.retry_after);
    // The quick look at the header agrees with the typed decoders (except for the generic 5xx
    // responses, whose code is the status whatever the header says).
    let generic = generic(&i);
    // (A non-ASCII header gives no quick answer at all: tests/fuzz_regressions.rs.)
    if let (Some(t), Some(e), false) = (response.error_type(), &run, generic) {
        assert_eq!(
            t,
            e.code(),
            "Response::error_type and RunMicrovmError::code disagree"
        );
    }
    // One Retry-After reading for the modeled member and the response helper.
    if let Some(e) = &run {
        if matches!(e.code(), "InternalServerException" | "ThrottlingException") && !generic {
            assert_eq!(
                e.retry_after_seconds(),
                response.retry_after_seconds(),
                "Retry-After read twice, differently"
            );
        } else {
            assert_eq!(e.retry_after_seconds(), None);
        }
    }
    let ops_run: Result<Outcome<Microvm, RunMicrovmError>, _> = RunMicrovm::decode(&response);
    let ops_get: Result<Outcome<Microvm, GetMicrovmError>, _> = GetMicrovm::decode(&response);
    match (ops_run, run) {
        (Ok(Outcome::Err(a)), Some(b)) => assert_eq!(a, b),
        (Err(DecodeError::Capacity { .. }), None) => {}
        (a, b) => panic!("RunMicrovm::decode {a:?}, decode_error {b:?}"),
    }
    match (ops_get, get) {
        (Ok(Outcome::Err(a)), Some(b)) => assert_eq!(a, b),
        (Err(DecodeError::Capacity { .. }), None) => {}
        (a, b) => panic!("GetMicrovm::decode {a:?}, decode_error {b:?}"),
    }
});
