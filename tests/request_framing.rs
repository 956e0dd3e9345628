//! The framing's buffer-placement paths: the body is written behind a gap, moved down, moved
//! up when the signer's headers outgrow the gap, or written at the buffer's end when the
//! buffer is tight. Every path must give the same bytes, and every too-small buffer the exact
//! size. The signature is checked against the signer run on the body as plain bytes.

use lambda_microvms_codec::BufferTooSmall;
use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::endpoint::{Endpoint, Params};
use lambda_microvms_codec::http::request;
use lambda_microvms_codec::model::{ClientToken, IdlePolicy, RunMicrovm};
use lambda_microvms_codec::sigv4::{Credentials, Payload, Settings, SignableRequest, Signer};

const T: i64 = 1_767_225_600;

fn check(akid: &str, token: Option<&str>, payload: &str) {
    check_input(akid, token, payload, true);
}

fn check_input(akid: &str, token: Option<&str>, payload: &str, idle: bool) {
    let endpoint = Endpoint::resolve(&Params::region("us-east-1")).unwrap();
    let creds = Credentials::new(akid, "secret", token).unwrap();
    let mut signer = Signer::new(creds, "us-east-1", "lambda").unwrap();
    let mut input = RunMicrovm::new("img", ClientToken::new("tok-1")).run_hook_payload(payload);
    if idle {
        input = input.idle_policy(IdlePolicy::new(300, 600, true));
    }
    let mut big = vec![0u8; 64 * 1024];
    let r = input.encode(&endpoint, &mut signer, T, &mut big).unwrap();
    let (len, head, body) = (r.len(), r.head().to_vec(), r.body().to_vec());

    // The body is the model's, Content-Length is its length, the head ends the headers.
    let mut expect_body = vec![0u8; input.body_len()];
    let mut w = Writer::new(&mut expect_body);
    input.write_body(&mut w);
    w.finish().unwrap();
    assert_eq!(body, expect_body);
    let head_text = std::str::from_utf8(&head).unwrap();
    assert!(head_text.contains(&format!("\r\nContent-Length: {}\r\n", body.len())));
    assert!(head_text.ends_with("\r\n\r\n"));
    if let Some(t) = token {
        assert!(head_text.contains(&format!("\r\nX-Amz-Security-Token: {t}\r\n")));
    }
    let headers = [
        ("Content-Type", "application/json"),
        ("Host", "lambda.us-east-1.amazonaws.com"),
    ];
    let plain = SignableRequest {
        method: "POST",
        path: "/2025-09-09/microvms",
        query: &[],
        headers: &headers,
        payload: Payload::Bytes(&body),
    };
    let sig = signer.sign(&plain, T, &Settings::DEFAULT).unwrap();
    let hex = String::from_utf8(sig.hex().to_vec()).unwrap();
    assert!(head_text.contains(&format!("Signature={hex}\r\n")));

    // Every size from far too small to exact: the exact size of the whole, then the same bytes.
    for size in (0..len).rev().take(700).chain([0, 1, len / 2]) {
        let mut buf = vec![0u8; size];
        assert_eq!(
            input.encode(&endpoint, &mut signer, T, &mut buf),
            Err(request::Error::BufferTooSmall(BufferTooSmall {
                required: len
            })),
            "buffer of {size}"
        );
    }
    for size in len..len + 700 {
        let mut buf = vec![0u8; size];
        let r = input.encode(&endpoint, &mut signer, T, &mut buf).unwrap();
        assert_eq!(r.as_bytes(), &big[..len], "buffer of {size}");
        assert_eq!(r.head().len(), head.len());
    }
}

#[test]
fn usual_credentials() {
    check("AKIDEXAMPLE", None, r#"{"a":"b"}"#);
}

#[test]
fn long_session_token() {
    let token = "IQoJb3JpZ2luX2VjE".repeat(60);
    check("AKIDEXAMPLE", Some(&token), r#"{"a":"b"}"#);
}

#[test]
fn signer_headers_outgrow_the_gap() {
    // An access key id of 300 characters makes the Authorization header longer than the gap.
    let akid = "A".repeat(300);
    check(&akid, None, &"x\"y".repeat(100));
}

#[test]
fn empty_payload() {
    check("AKIDEXAMPLE", None, "");
}

// The body is first placed for a three-digit Content-Length; bodies of other lengths take the
// second placement.
#[test]
fn two_digit_body() {
    check_input("AKIDEXAMPLE", None, "", false);
}

#[test]
fn four_and_five_digit_bodies() {
    check("AKIDEXAMPLE", None, &"p".repeat(2000));
    check("AKIDEXAMPLE", Some("token"), &"q\"".repeat(5000));
}

#[test]
fn bodies_around_the_guessed_digit_count() {
    for n in [0, 1, 2, 3, 4, 5, 6] {
        check_input("AKIDEXAMPLE", None, &"r".repeat(n), false);
    }
    let body_len = |n: usize| {
        let payload = "s".repeat(n);
        RunMicrovm::new("img", ClientToken::new("tok-1"))
            .idle_policy(IdlePolicy::new(300, 600, true))
            .run_hook_payload(&payload)
            .body_len()
    };
    let n999 = (0..1000).find(|&n| body_len(n) == 999).unwrap();
    for n in n999 - 1..n999 + 3 {
        check("AKIDEXAMPLE", None, &"s".repeat(n));
    }
}
