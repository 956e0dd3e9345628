//! Error variants and the signing-key cache. Expected signatures come from the official
//! SigV4 test suite (`tests/data/aws-signing-test-suite`), not from this code.

use super::*;

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2015-08-30T12:36:00Z.
const SUITE_TIME: i64 = 1_440_938_160;
/// get-vanilla/header-signature.txt
const GET_VANILLA_SIG: &[u8; 64] =
    b"5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
const HOST: &[(&str, &str)] = &[("Host", "example.amazonaws.com")];

fn vanilla() -> SignableRequest<'static> {
    SignableRequest {
        method: "GET",
        path: "/",
        query: &[],
        headers: HOST,
        payload: Payload::Bytes(b""),
    }
}

fn signer() -> Signer<'static> {
    Signer::new(
        Credentials::new(AKID, SECRET, None).unwrap(),
        "us-east-1",
        "service",
    )
    .unwrap()
}

fn sign_err(req: &SignableRequest<'_>) -> Error {
    signer()
        .sign(req, SUITE_TIME, &Settings::default())
        .unwrap_err()
}

#[test]
fn credential_errors() {
    assert_eq!(
        Credentials::new("", SECRET, None).unwrap_err(),
        Error::EmptyAccessKeyId
    );
    for bad in ["AK ID", "AK/ID", "AK,ID", "AK\nID", "AK\0ID"] {
        assert_eq!(
            Credentials::new(bad, SECRET, None).unwrap_err(),
            Error::InvalidAccessKeyId,
            "{bad:?}"
        );
    }
    for bad in ["", "tok\r\nX: y", "tok\0", "tok\n"] {
        assert_eq!(
            Credentials::new(AKID, SECRET, Some(bad)).unwrap_err(),
            Error::InvalidSessionToken,
            "{bad:?}"
        );
    }
}

#[test]
fn region_and_service_errors() {
    let c = Credentials::new(AKID, SECRET, None).unwrap();
    for bad in ["", "US-east-1", "us east", "us_east_1", "us-east-1\n", "ü"] {
        assert_eq!(
            Signer::new(c, bad, "service").unwrap_err(),
            Error::InvalidRegion,
            "{bad:?}"
        );
        assert_eq!(
            Signer::new(c, "us-east-1", bad).unwrap_err(),
            Error::InvalidService,
            "{bad:?}"
        );
    }
}

#[test]
fn method_and_path_errors() {
    for m in ["", "GE T", "GET\r\n", "GET/"] {
        assert_eq!(
            sign_err(&SignableRequest {
                method: m,
                ..vanilla()
            }),
            Error::InvalidMethod,
            "{m:?}"
        );
    }
    for p in ["", "relative", "/a?b", "/a#b", "/a\r\nX: y", "/\0"] {
        assert_eq!(
            sign_err(&SignableRequest {
                path: p,
                ..vanilla()
            }),
            Error::InvalidPath,
            "{p:?}"
        );
    }
    let deep = "/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a";
    assert_eq!(
        sign_err(&SignableRequest {
            path: deep,
            ..vanilla()
        }),
        Error::PathTooDeep
    );
    // Without normalization depth is irrelevant, and `..` bringing it back under the bound is fine.
    let mut s = signer();
    let raw = Settings {
        normalize_path: false,
        ..Settings::default()
    };
    assert!(
        s.sign(
            &SignableRequest {
                path: deep,
                ..vanilla()
            },
            SUITE_TIME,
            &raw
        )
        .is_ok()
    );
    let back = "/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/a/../b";
    assert!(
        s.sign(
            &SignableRequest {
                path: back,
                ..vanilla()
            },
            SUITE_TIME,
            &Settings::default()
        )
        .is_ok()
    );
}

#[test]
fn header_errors() {
    let cases: [(&[(&str, &str)], Error); 10] = [
        (&[("", "v")], Error::InvalidHeaderName),
        (&[("My Header", "v")], Error::InvalidHeaderName),
        (&[("My:Header", "v")], Error::InvalidHeaderName),
        (&[("Héader", "v")], Error::InvalidHeaderName),
        (&[("X", "a\r\nInjected: 1")], Error::InvalidHeaderValue),
        (&[("X", "a\nInjected: 1")], Error::InvalidHeaderValue),
        (&[("X", "a\rb")], Error::InvalidHeaderValue),
        (&[("X", "a\0b")], Error::InvalidHeaderValue),
        (&[("Authorization", "x")], Error::ReservedHeader),
        (&[("X-Amz-Date", "20150830T123600Z")], Error::ReservedHeader),
    ];
    for (headers, want) in cases {
        assert_eq!(
            sign_err(&SignableRequest {
                headers,
                ..vanilla()
            }),
            want,
            "{headers:?}"
        );
    }
    // Obs-fold continuation lines are accepted (suite case get-header-value-multiline).
    let folded: &[(&str, &str)] = &[("Host", "example.amazonaws.com"), ("X", "a\r\n b\n\tc")];
    assert!(
        signer()
            .sign(
                &SignableRequest {
                    headers: folded,
                    ..vanilla()
                },
                SUITE_TIME,
                &Settings::default()
            )
            .is_ok()
    );

    let many = [("X-H", "v"); MAX_HEADERS + 1];
    assert_eq!(
        sign_err(&SignableRequest {
            headers: &many,
            ..vanilla()
        }),
        Error::TooManyHeaders
    );
    assert!(
        signer()
            .sign(
                &SignableRequest {
                    headers: &many[..MAX_HEADERS],
                    ..vanilla()
                },
                SUITE_TIME,
                &Settings::default()
            )
            .is_ok()
    );

    // The token header and the content hash header are reserved only when the signer writes them.
    let tok: &[(&str, &str)] = &[("X-Amz-Security-Token", "t")];
    assert!(
        signer()
            .sign(
                &SignableRequest {
                    headers: tok,
                    ..vanilla()
                },
                SUITE_TIME,
                &Settings::default()
            )
            .is_ok()
    );
    let c = Credentials::new(AKID, SECRET, Some("t")).unwrap();
    let mut s = Signer::new(c, "us-east-1", "service").unwrap();
    let e = s.sign(
        &SignableRequest {
            headers: tok,
            ..vanilla()
        },
        SUITE_TIME,
        &Settings::default(),
    );
    assert_eq!(e.unwrap_err(), Error::ReservedHeader);
    let sha: &[(&str, &str)] = &[("x-amz-content-sha256", "UNSIGNED-PAYLOAD")];
    let with_sha = Settings {
        content_sha256_header: true,
        ..Settings::default()
    };
    let e = signer().sign(
        &SignableRequest {
            headers: sha,
            ..vanilla()
        },
        SUITE_TIME,
        &with_sha,
    );
    assert_eq!(e.unwrap_err(), Error::ReservedHeader);
    assert!(
        signer()
            .sign(
                &SignableRequest {
                    headers: sha,
                    ..vanilla()
                },
                SUITE_TIME,
                &Settings::default()
            )
            .is_ok()
    );
}

#[test]
fn query_payload_time_errors() {
    let many = [("k", "v"); MAX_QUERY + 1];
    assert_eq!(
        sign_err(&SignableRequest {
            query: &many,
            ..vanilla()
        }),
        Error::TooManyQueryParameters
    );
    for h in [
        "",
        "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
        "zz",
        "e3b0",
    ] {
        assert_eq!(
            sign_err(&SignableRequest {
                payload: Payload::Sha256Hex(h),
                ..vanilla()
            }),
            Error::InvalidPayloadHash
        );
    }
    let mut s = signer();
    for t in [-1, i64::MIN, 253_402_300_800, i64::MAX] {
        assert_eq!(
            s.sign(&vanilla(), t, &Settings::default()).unwrap_err(),
            Error::TimeOutOfRange
        );
    }
    let mut out = [0u8; 1024];
    for e in [0, MAX_EXPIRES + 1] {
        let r = s.presign(&vanilla(), SUITE_TIME, e, &Settings::default(), &mut out);
        assert_eq!(r.unwrap_err(), Error::InvalidExpires);
    }
    let q: &[(&str, &str)] = &[("X-Amz-Signature", "x")];
    let r = s.presign(
        &SignableRequest {
            query: q,
            ..vanilla()
        },
        SUITE_TIME,
        60,
        &Settings::default(),
        &mut out,
    );
    assert_eq!(r.unwrap_err(), Error::ReservedQueryParameter);
    // In header mode such a key is just a parameter.
    assert!(
        s.sign(
            &SignableRequest {
                query: q,
                ..vanilla()
            },
            SUITE_TIME,
            &Settings::default()
        )
        .is_ok()
    );
}

#[test]
fn buffer_too_small_reports_required_size() {
    let mut s = signer();
    let mut big = [0u8; 1024];
    let n = s
        .presign(&vanilla(), SUITE_TIME, 3600, &Settings::default(), &mut big)
        .unwrap();
    let mut small = [0u8; 10];
    let r = s.presign(
        &vanilla(),
        SUITE_TIME,
        3600,
        &Settings::default(),
        &mut small,
    );
    assert_eq!(
        r.unwrap_err(),
        Error::BufferTooSmall(BufferTooSmall { required: n })
    );
    let n = s
        .canonical_request_into(
            &vanilla(),
            SUITE_TIME,
            Mode::Headers,
            &Settings::default(),
            &mut big,
        )
        .unwrap();
    let r = s.canonical_request_into(
        &vanilla(),
        SUITE_TIME,
        Mode::Headers,
        &Settings::default(),
        &mut small,
    );
    assert_eq!(
        r.unwrap_err(),
        Error::BufferTooSmall(BufferTooSmall { required: n })
    );
    let n = s
        .string_to_sign_into(
            &vanilla(),
            SUITE_TIME,
            Mode::Headers,
            &Settings::default(),
            &mut big,
        )
        .unwrap();
    let r = s.string_to_sign_into(
        &vanilla(),
        SUITE_TIME,
        Mode::Headers,
        &Settings::default(),
        &mut small,
    );
    assert_eq!(
        r.unwrap_err(),
        Error::BufferTooSmall(BufferTooSmall { required: n })
    );
}

#[test]
fn key_cache_is_per_day() {
    let mut s = signer();
    assert_eq!(s.cached_key_date(), None);
    // A different day first, so the suite's day needs a fresh derivation.
    let other_day = SUITE_TIME - 86_400;
    let first = s
        .sign(&vanilla(), other_day, &Settings::default())
        .unwrap()
        .hex();
    assert_eq!(s.cached_key_date(), Some(*b"20150829"));
    let sig = s
        .sign(&vanilla(), SUITE_TIME, &Settings::default())
        .unwrap();
    assert_eq!(&sig.hex(), GET_VANILLA_SIG);
    assert_eq!(s.cached_key_date(), Some(*b"20150830"));
    // Same day, later second: cache hit (the date stays), still a correct signature for that
    // instant, equal to what a cold signer produces.
    let later = s
        .sign(&vanilla(), SUITE_TIME + 60, &Settings::default())
        .unwrap()
        .hex();
    assert_eq!(s.cached_key_date(), Some(*b"20150830"));
    assert_eq!(
        later,
        signer()
            .sign(&vanilla(), SUITE_TIME + 60, &Settings::default())
            .unwrap()
            .hex()
    );
    assert_ne!(later, *GET_VANILLA_SIG);
    // And back: the old day is re-derived, not served from the stale key.
    let again = s
        .sign(&vanilla(), other_day, &Settings::default())
        .unwrap()
        .hex();
    assert_eq!(again, first);
    assert_eq!(s.cached_key_date(), Some(*b"20150829"));
}

#[test]
fn long_secret_matches_hmac_definition() {
    // A secret longer than an HMAC block takes the hashed-key path; it must agree with an
    // HMAC keyed by the full contiguous "AWS4" + secret.
    let secret = "0123456789012345678901234567890123456789012345678901234567890123456789";
    let mut key = [0u8; 74];
    key[..4].copy_from_slice(b"AWS4");
    key[4..].copy_from_slice(secret.as_bytes());
    let mut m = <Hmac<Sha256> as KeyInit>::new_from_slice(&key).unwrap();
    m.update(b"20150830");
    let k_date: [u8; 32] = m.finalize().into_bytes().into();
    let k = hmac_step(
        &hmac_step(&hmac_step(&k_date, b"us-east-1"), b"service"),
        b"aws4_request",
    );
    let mut expect = hmac_from(&k);
    expect.update(b"x");
    let mut got = derive_key(secret, "us-east-1", "service", b"20150830");
    got.update(b"x");
    assert_eq!(expect.finalize().into_bytes(), got.finalize().into_bytes());
}

#[test]
fn debug_redacts_secrets() {
    extern crate std;
    use std::format;
    let c = Credentials::new(AKID, SECRET, Some("TOKENVALUE")).unwrap();
    let mut s = Signer::new(c, "us-east-1", "service").unwrap();
    let _ = s
        .sign(&vanilla(), SUITE_TIME, &Settings::default())
        .unwrap();
    let body = Payload::Bytes(b"runHookPayload-secret");
    assert_eq!(format!("{body:?}"), "Bytes { len: 21 }");
    for text in [format!("{c:?}"), format!("{s:?}")] {
        assert!(text.contains(AKID));
        assert!(
            !text.contains(SECRET) && !text.contains("TOKENVALUE"),
            "{text}"
        );
    }
}
