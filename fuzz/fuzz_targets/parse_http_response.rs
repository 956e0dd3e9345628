//! Arbitrary bytes as a received HTTP/1.x response: `Response::parse` and `Response::parse_in_place`
//! (on a copy) must never panic, must agree with each other, and whatever they return must point
//! into the input and be consistent with it.
#![no_main]

use core::ops::Range;

use lambda_microvms_codec::http::response::{Error, MAX_HEADERS, Response};
use libfuzzer_sys::fuzz_target;

/// Addresses of the buffer a response was parsed from. Pointer ranges rather than the slice
/// itself because a response from `parse_in_place` holds the buffer's only (mutable) borrow.
#[derive(Clone)]
struct Input(Range<usize>);

impl Input {
    fn of(bytes: &[u8]) -> Self {
        let r = bytes.as_ptr_range();
        Input(r.start as usize..r.end as usize)
    }
    /// Offsets of `inner` in the input; fails the run if it is not inside.
    fn offsets(&self, inner: &[u8], what: &str) -> Range<usize> {
        if inner.is_empty() {
            return 0..0;
        }
        let r = inner.as_ptr_range();
        let (s, e) = (r.start as usize, r.end as usize);
        assert!(
            self.0.start <= s && e <= self.0.end,
            "{what} outside the input"
        );
        s - self.0.start..e - self.0.start
    }
    fn len(&self) -> usize {
        self.0.end - self.0.start
    }
}

fn check(r: &Response<'_>, input: &Input) {
    let status = r.status();
    assert!(
        (100..=999).contains(&status),
        "status {status} outside 100..=999"
    );
    // Interim 1xx responses are skipped; 101 is final (the connection stops speaking HTTP).
    assert!(status >= 200 || status == 101, "interim {status} returned");
    assert_eq!(r.is_success(), (200..300).contains(&status));
    assert!(r.consumed() <= input.len(), "consumed past the end");

    // `rest` is exactly the input after `consumed`.
    assert_eq!(r.rest().len(), input.len() - r.consumed());
    if !r.rest().is_empty() {
        assert_eq!(input.offsets(r.rest(), "rest").start, r.consumed());
    }
    // The body lies before the next response.
    let body = input.offsets(r.body(), "body");
    assert!(body.end <= r.consumed(), "body overlaps rest");
    if matches!(status, 101 | 204 | 304) {
        assert!(r.body().is_empty(), "{status} with a body");
    }
    input.offsets(r.reason().as_bytes(), "reason");

    assert!(r.header_count() <= MAX_HEADERS);
    assert_eq!(r.headers().count(), r.header_count());
    for h in r.headers() {
        input.offsets(h.value, "header value");
        input.offsets(h.name.as_bytes(), "header name");
        assert!(!h.name.is_empty());
        assert!(
            !h.name
                .bytes()
                .any(|b| matches!(b, b'\r' | b'\n' | 0 | b':' | b' ')),
            "bad byte in header name {:?}",
            h.name
        );
        assert!(
            !h.value.iter().any(|&b| matches!(b, b'\r' | b'\n' | 0)),
            "CR/LF/NUL in header value"
        );
        // Every header is retrievable by name, case-insensitively; the first of that name wins.
        let first = r
            .headers()
            .find(|x| x.name.eq_ignore_ascii_case(h.name))
            .map(|x| x.value);
        assert!(first.is_some());
        assert_eq!(r.header(h.name), first);
        assert_eq!(r.header(&h.name.to_ascii_uppercase()), first);
        assert_eq!(r.header(&h.name.to_ascii_lowercase()), first);
        // Near misses agree with the same search: a shorter name, and the name running on into
        // its colon and value (`Response::header` tests line starts, not parsed fields).
        let shorter = h.name.get(..h.name.len().saturating_sub(1)).unwrap_or("");
        let run_on = format!(
            "{}:{}",
            h.name,
            String::from_utf8_lossy(&h.value[..h.value.len().min(2)])
        );
        for probe in [shorter, &run_on] {
            let want = r
                .headers()
                .find(|x| x.name.eq_ignore_ascii_case(probe))
                .map(|x| x.value);
            assert_eq!(r.header(probe), want, "{probe:?}");
        }
    }
    // The accessors that interpret values must not panic and must keep their promises.
    if let Some(id) = r.request_id() {
        input.offsets(id.as_bytes(), "request id");
    }
    if let Some(t) = r.error_type() {
        // Cut at the first ':' and after the last '#'.
        assert!(
            !t.is_empty() && !t.contains(':') && !t.contains('#'),
            "error type {t:?}"
        );
    }
    if let Some(secs) = r.retry_after_seconds() {
        let raw = r.header("retry-after").expect("Retry-After present");
        assert!(raw.iter().any(u8::is_ascii_digit));
        let _ = secs;
    }
    let _ = r.header_str("content-type");
}

fuzz_target!(|data: &[u8]| {
    let shared = Response::parse(data);
    if let Ok(r) = &shared {
        check(r, &Input::of(data));
    }

    let mut copy = data.to_vec();
    let copy_input = Input::of(&copy);
    let in_place = Response::parse_in_place(&mut copy);
    let summary = match (&shared, &in_place) {
        // Not chunked: both see the same message.
        (Ok(a), Ok(b)) => {
            check(b, &copy_input);
            assert_eq!(a.status(), b.status());
            assert_eq!(a.reason(), b.reason());
            assert_eq!(a.body(), b.body());
            assert_eq!(a.consumed(), b.consumed());
            assert!(a.headers().eq(b.headers()));
            Some(b.consumed())
        }
        // `parse` refuses exactly the complete chunked messages that `parse_in_place` decodes.
        (Err(Error::ChunkedBody), Ok(b)) => {
            check(b, &copy_input);
            Some(b.consumed())
        }
        (Err(Error::ChunkedBody), Err(e)) => {
            panic!("parse: complete chunked message, parse_in_place: {e:?}")
        }
        (Ok(_), Err(e)) => panic!("parse Ok, parse_in_place {e:?}"),
        (Err(e), Ok(_)) => panic!("parse {e:?}, parse_in_place Ok"),
        (Err(a), Err(b)) => {
            assert_eq!(a, b);
            None
        }
    };
    let framed = matches!(&in_place, Ok(r) if r.header("content-length").is_some()
        || r.header("transfer-encoding").is_some()
        || matches!(r.status(), 101 | 204 | 304));
    drop(in_place);
    // A message framed by length, chunks or status is not complete before its end: every
    // shorter prefix is `Incomplete`, and a `needed` hint never overshoots the real end.
    if let (Some(end), true) = (summary, framed) {
        let mut cuts: Vec<usize> = (0..8).map(|j| end * j / 8).collect();
        cuts.push(end.saturating_sub(1));
        for k in cuts.into_iter().filter(|&k| k < end) {
            let mut prefix = data[..k].to_vec();
            match Response::parse_in_place(&mut prefix) {
                Err(Error::Incomplete { needed }) => {
                    if let Some(n) = needed {
                        assert!(
                            k + n <= end,
                            "prefix {k}: needs {n} more, message ends at {end}"
                        );
                    }
                }
                other => panic!("prefix of {k} of a {end}-byte message: {other:?}"),
            }
        }
    }
    match summary {
        // Only the body region is rewritten: the bytes from `consumed` on are never touched.
        Some(consumed) => assert_eq!(&copy[consumed..], &data[consumed..]),
        // Any error, `Incomplete` included, leaves the buffer as it was.
        None => assert_eq!(&copy[..], data),
    }
});
