//! Inputs the fuzz targets in `fuzz/` found, each reduced to the property that failed there.
//!
//! A test is added here before its fix. One whose fix belongs to another module is committed
//! `#[ignore]`d with the reason, and un-ignored with the fix.
//!
//! Fixed: `error_type_of_non_ascii_header_matches_typed_code` (`Response::error_type` now
//! declines non-ASCII values instead of reading them as UTF-8);
//! `omitted_session_token_header_is_never_signed` (the signer's plan leaves the header unsigned
//! under `Settings::omit_session_token`).

use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::decode::DecodeError;
use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::model::{Microvm, RunMicrovmError};
use lambda_microvms_codec::sigv4::{
    Credentials, Payload, Settings, SignableRequest, Signature, Signer,
};

/// `decode_error` (crash-341b7ac8c944043c9cd0703becb0475877888350, minimized):
/// [`Response::error_type`] promises to cut the code "as the typed error decoders cut it", but
/// for a non-ASCII `x-amzn-ErrorType` it reads the value as UTF-8 (`"A\u{80}"`) while the
/// decoders read header bytes as Latin-1, as botocore's `http.client` does (`"AÂ\u{80}"`).
#[test]
fn error_type_of_non_ascii_header_matches_typed_code() {
    let raw = b"HTTP/1.1 400 Bad Request\r\n\
        x-amzn-ErrorType: A\xc2\x80\r\n\
        Content-Length: 2\r\n\
        \r\n\
        {}";
    let response = Response::parse(raw).expect("valid response");
    let typed = RunMicrovmError::<64>::decode_error(
        response.status(),
        response.header("x-amzn-errortype"),
        response.header("retry-after"),
        response.body(),
    )
    .expect("a typed error");
    // Either no quick answer, or the same answer as the decoders.
    if let Some(quick) = response.error_type() {
        assert_eq!(quick, typed.code());
    }
}

/// `parse_http_response` (crash-31cd66b7bc43432f58fe183820087703b3d88d0d, reduced): httparse
/// skips empty lines before the status line, but `Response` located the header lines after the
/// input's first line feed. With a leading CRLF, the status line itself (its reason holding a
/// `:`) was then read back as a header field that httparse never reported.
#[test]
fn leading_empty_line_is_not_read_back_as_a_header() {
    let raw = b"\r\nHTTP/1.1 500 Internal: Error\r\nContent-Length: 0\r\n\r\n";
    let response = Response::parse(raw).expect("valid response");
    let names: Vec<&str> = response.headers().map(|h| h.name).collect();
    assert_eq!(names, ["Content-Length"]);
    assert_eq!(response.header_count(), 1);
    assert_eq!(response.header("Content-Length"), Some(&b"0"[..]));

    // No header lines at all.
    let raw = b"\n\r\nHTTP/1.1 500 Internal: Error\r\n\r\n";
    let response = Response::parse(raw).expect("valid response");
    assert_eq!(response.headers().count(), 0);
    assert_eq!(response.header("HTTP/1.1 500 Internal"), None);
}

/// `decode_response` (crash-5e8bb0f4c86e9ba9afd9f0ef4bef1b1d44ac5994, reduced): an unknown member
/// held `12345671e312345678901234567890`, a number whose `f64` value overflows. It is valid JSON
/// (RFC 8259's grammar has no range) and botocore's `json.loads` reads it as `inf`, so the decoder
/// skips it as it skips any unknown member; the fuzz target's oracle, serde_json without
/// `arbitrary_precision`, rejected the body ("number out of range"), so the oracle was wrong. A
/// modeled member with such a number stays a typed `InvalidValue` error.
#[test]
fn unknown_member_with_overflowing_number_is_skipped() {
    const BASE: &str = r#""microvmId":"mvm-1","state":"RUNNING","endpoint":"e","imageArn":"i","imageVersion":"1","startedAt":1"#;
    for huge in [
        "12345671e312345678901234567890",
        "-1e400",
        "1E+999",
        "1e400",
    ] {
        let body = format!(r#"{{{BASE},"maximumDurationInSeconds":60,"futureField":{huge}}}"#);
        let vm =
            Microvm::<64, 1>::from_json(body.as_bytes()).unwrap_or_else(|e| panic!("{huge}: {e}"));
        assert_eq!(vm.maximum_duration_in_seconds, 60);
        assert_eq!(vm.microvm_id.as_str(), "mvm-1");
        assert_eq!(vm.started_at.seconds, 1);

        let body = format!(r#"{{{BASE},"maximumDurationInSeconds":{huge}}}"#);
        match Microvm::<64, 1>::from_json(body.as_bytes()) {
            Err(DecodeError::InvalidValue { member, .. }) => {
                assert_eq!(member, "maximumDurationInSeconds")
            }
            other => panic!("{huge}: {other:?}"),
        }
    }
}

/// `decode_response` (crash-4f4ee554953311a631bb806544b4d171c14a61b6, reduced): a timestamp sent
/// as a JSON string holding epoch seconds (`"terminatedAt":"6"`). The decoder reads it as the
/// number, as botocore's `parse_timestamp("6")` does (1970-01-01T00:00:06Z); the fuzz target's
/// oracle only looked for a JSON number there and panicked, so the oracle was wrong.
#[test]
fn timestamp_as_numeric_string_is_epoch_seconds() {
    const BASE: &str = r#""microvmId":"mvm-1","state":"RUNNING","endpoint":"e","imageArn":"i","imageVersion":"1","maximumDurationInSeconds":60"#;
    let body = format!(r#"{{{BASE},"startedAt":"1767225600.125","terminatedAt":"6"}}"#);
    let vm = Microvm::<64, 1>::from_json(body.as_bytes()).expect("decodes");
    assert_eq!(
        (vm.started_at.seconds, vm.started_at.nanos),
        (1_767_225_600, 125_000_000)
    );
    let t = vm.terminated_at.expect("terminatedAt");
    assert_eq!((t.seconds, t.nanos), (6, 0));

    // A string that is not epoch seconds is the member's invalid value, not bad JSON.
    let body = format!(r#"{{{BASE},"startedAt":"2026-01-01T00:00:00Z"}}"#);
    match Microvm::<64, 1>::from_json(body.as_bytes()) {
        Err(DecodeError::InvalidValue { member, .. }) => assert_eq!(member, "startedAt"),
        other => panic!("{other:?}"),
    }
}

/// Signs `POST /` with body `{}` and `headers` (example credentials without a session token,
/// `us-east-1`/`lambda`, a fixed time) and hands the signature to `inspect`.
fn with_signature<R>(
    headers: &[(&str, &str)],
    settings: &Settings,
    inspect: impl FnOnce(&Signature<'_>) -> R,
) -> R {
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
    .expect("valid credentials");
    let mut signer = Signer::new(credentials, "us-east-1", "lambda").expect("valid scope");
    let request = SignableRequest {
        method: "POST",
        path: "/",
        query: &[],
        headers,
        payload: Payload::Bytes(b"{}"),
    };
    let signature = signer.sign(&request, 946_685_104, settings).expect("signs");
    inspect(&signature)
}

/// `sigv4_differential` (crash-f45ddbf060f4b637783b36c925a7949a23bd1770, reduced): with
/// [`Settings::omit_session_token`] and credentials without a token, a request header named
/// `x-amz-security-token` (the caller's own) was signed like any other. aws-sigv4
/// (`SessionTokenMode::Exclude`) leaves every header of that name out of the signature, which is
/// what the setting means: the token header is added after signing. An unsigned header changes
/// neither the signature nor the signed header list, so the request must sign exactly as the
/// same request without it.
#[test]
fn omitted_session_token_header_is_never_signed() {
    fn sign(headers: &[(&str, &str)], omit_session_token: bool) -> ([u8; 64], String) {
        let settings = Settings {
            omit_session_token,
            ..Settings::DEFAULT
        };
        with_signature(headers, &settings, |signature| {
            let mut names = [0u8; 256];
            let mut w = Writer::new(&mut names);
            signature.write_signed_headers(&mut w);
            let n = w.finish().expect("fits");
            (
                signature.hex(),
                String::from_utf8(names[..n].to_vec()).expect("ASCII"),
            )
        })
    }
    let host = ("host", "lambda.us-east-1.amazonaws.com");
    let without = sign(&[host], true);
    assert_eq!(without.1, "host;x-amz-date");
    for value in ["", "token-added-by-the-caller"] {
        for name in ["x-amz-security-token", "X-Amz-Security-Token"] {
            assert_eq!(
                sign(&[host, (name, value)], true),
                without,
                "{name}: {value:?}"
            );
        }
    }
    // Without the setting, the caller's header is signed like any other.
    let signed = sign(&[host, ("x-amz-security-token", "t")], false);
    assert_eq!(signed.1, "host;x-amz-date;x-amz-security-token");
    assert_ne!(signed.0, without.0);
}

/// `sigv4_differential` (crash-137d0e4970d73094599b5495516c9c7e82d954ff): the harness wrote the
/// `Authorization` header into a fixed 1 KiB buffer, and 31 long header names need more (1043
/// bytes there). The signer was right: the writer reports the size required, and exactly that
/// size is enough; the harness now sizes its buffer from that error.
#[test]
fn authorization_too_long_for_its_buffer_reports_the_size_that_fits() {
    let names: Vec<String> = (0..31)
        .map(|i| format!("x-custom-header-with-a-long-name-{i:02}"))
        .collect();
    let mut headers = vec![("host", "lambda.us-east-1.amazonaws.com")];
    headers.extend(names.iter().map(|n| (n.as_str(), "v")));
    let text = with_signature(&headers, &Settings::DEFAULT, |signature| {
        let write = |buf: &mut [u8]| {
            let mut w = Writer::new(buf);
            signature.write_authorization(&mut w);
            w.finish()
        };
        let required = write(&mut [0u8; 1024]).expect_err("over 1 KiB").required;
        let mut exact = vec![0u8; required];
        assert_eq!(write(&mut exact), Ok(required));
        assert!(write(&mut exact[..required - 1]).is_err());
        String::from_utf8(exact).expect("ASCII")
    });
    assert!(text.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20000101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date;x-custom-header-with-a-long-name-00;"));
    assert!(text.contains("x-custom-header-with-a-long-name-30, Signature="));
}
