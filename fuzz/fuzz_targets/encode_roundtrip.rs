//! Arbitrary `RunMicrovm` inputs: validation must report exactly the model rules the input
//! breaks (checked against an independent re-statement of the rules below), and a valid input's
//! body must be JSON that gives back every member exactly, with `body_len` equal to its length.
//! The high-level `RunMicrovm::encode` must refuse an invalid input without writing, and frame a
//! valid one as an HTTP/1.1 request whose head `httparse` accepts, whose `Content-Length` is the
//! body's length and whose body is exactly `write_body`'s output.
#![no_main]

use arbitrary::Arbitrary;
use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::endpoint::{Endpoint, Params};
use lambda_microvms_codec::http::request;
use lambda_microvms_codec::model::{
    ClientToken, IdlePolicy, Logging, Rule, RunMicrovm, ValidationError,
};
use lambda_microvms_codec::sigv4::{Credentials, Signer};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Arbitrary)]
enum LoggingIn {
    Disabled,
    CloudWatch {
        log_group: Option<String>,
        log_stream: Option<String>,
    },
}

#[derive(Debug, Arbitrary)]
enum TokenIn {
    Given(String),
    Random([u8; 16]),
}

#[derive(Debug, Arbitrary)]
struct Input {
    ingress_network_connectors: Option<Vec<String>>,
    egress_network_connectors: Option<Vec<String>>,
    image_identifier: String,
    image_version: Option<String>,
    execution_role_arn: Option<String>,
    /// max idle, suspended, auto resume.
    idle_policy: Option<(i32, i32, bool)>,
    logging: Option<LoggingIn>,
    kms_key_identifier: Option<String>,
    run_hook_payload: Option<String>,
    maximum_duration_in_seconds: Option<i32>,
    client_token: TokenIn,
}

/// The wire body's shape. `deny_unknown_fields` plus serde's duplicate-field check catch an
/// extra or repeated member, which a `Value` map would silently merge.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)]
struct Wire {
    ingress_network_connectors: Option<Vec<String>>,
    egress_network_connectors: Option<Vec<String>>,
    image_identifier: String,
    image_version: Option<String>,
    execution_role_arn: Option<String>,
    idle_policy: Option<WireIdle>,
    logging: Option<WireLogging>,
    kms_key_identifier: Option<String>,
    run_hook_payload: Option<String>,
    maximum_duration_in_seconds: Option<i32>,
    client_token: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)]
struct WireIdle {
    max_idle_duration_seconds: i32,
    suspended_duration_seconds: i32,
    auto_resume_enabled: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)]
struct WireLogging {
    disabled: Option<WireEmpty>,
    cloud_watch: Option<WireCloudWatch>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireEmpty {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
#[allow(dead_code)]
struct WireCloudWatch {
    log_group: Option<String>,
    log_stream: Option<String>,
}

/// The model's constraints (service-2.json), restated independently of `src/model/validate.rs`,
/// in model member order: every violation of the input.
fn expected_violations(i: &Input) -> Vec<ValidationError> {
    let mut v = Vec::new();
    let min_len = |v: &mut Vec<ValidationError>, member, index, s: &str, min: u32| {
        // The model counts characters (Unicode scalar values), not bytes.
        if (s.chars().count() as u64) < u64::from(min) {
            v.push(ValidationError {
                member,
                index,
                rule: Rule::MinLength(min),
            });
        }
    };
    let range =
        |v: &mut Vec<ValidationError>, member, x: i32, min: Option<i64>, max: Option<i64>| {
            let x = i64::from(x);
            if let Some(m) = min.filter(|m| x < *m) {
                v.push(ValidationError {
                    member,
                    index: None,
                    rule: Rule::MinValue(m),
                });
            } else if let Some(m) = max.filter(|m| x > *m) {
                v.push(ValidationError {
                    member,
                    index: None,
                    rule: Rule::MaxValue(m),
                });
            }
        };
    for (member, list) in [
        ("ingressNetworkConnectors", &i.ingress_network_connectors),
        ("egressNetworkConnectors", &i.egress_network_connectors),
    ] {
        if let Some(list) = list {
            if list.len() > 10 {
                v.push(ValidationError {
                    member,
                    index: None,
                    rule: Rule::MaxItems(10),
                });
            }
            for (n, item) in list.iter().enumerate().take(256) {
                min_len(&mut v, member, Some(n as u8), item, 1);
            }
        }
    }
    min_len(&mut v, "imageIdentifier", None, &i.image_identifier, 1);
    if let Some(s) = &i.image_version {
        min_len(&mut v, "imageVersion", None, s, 1);
    }
    if let Some(s) = &i.execution_role_arn {
        min_len(&mut v, "executionRoleArn", None, s, 20);
    }
    if let Some((idle, suspended, _)) = i.idle_policy {
        range(
            &mut v,
            "idlePolicy.maxIdleDurationSeconds",
            idle,
            Some(60),
            None,
        );
        range(
            &mut v,
            "idlePolicy.suspendedDurationSeconds",
            suspended,
            Some(0),
            None,
        );
    }
    if let Some(LoggingIn::CloudWatch {
        log_group,
        log_stream,
    }) = &i.logging
    {
        if let Some(s) = log_group {
            min_len(&mut v, "logging.cloudWatch.logGroup", None, s, 1);
        }
        if let Some(s) = log_stream {
            min_len(&mut v, "logging.cloudWatch.logStream", None, s, 1);
        }
    }
    if let Some(s) = &i.kms_key_identifier {
        min_len(&mut v, "kmsKeyIdentifier", None, s, 1);
    }
    // runHookPayload: model minimum 0.
    if let Some(d) = i.maximum_duration_in_seconds {
        range(&mut v, "maximumDurationInSeconds", d, Some(1), Some(28800));
    }
    if let TokenIn::Given(s) = &i.client_token {
        min_len(&mut v, "clientToken", None, s, 1);
    }
    v
}

/// Python's `str(uuid.UUID(bytes=b, version=4))`, restated: what botocore sends for these bytes.
fn uuid4(b: [u8; 16]) -> String {
    let mut b = b;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn check_string(obj: &serde_json::Map<String, Value>, key: &str, want: Option<&str>) {
    match want {
        None => assert!(!obj.contains_key(key), "{key} sent although unset"),
        Some(s) => assert_eq!(obj.get(key).and_then(Value::as_str), Some(s), "{key}"),
    }
}

fn check_list(obj: &serde_json::Map<String, Value>, key: &str, want: Option<&[String]>) {
    match want {
        None => assert!(!obj.contains_key(key), "{key} sent although unset"),
        Some(items) => {
            let got = obj.get(key).and_then(Value::as_array).expect(key);
            let got: Vec<&str> = got
                .iter()
                .map(|x| x.as_str().expect("string item"))
                .collect();
            assert_eq!(got, items, "{key}");
        }
    }
}

fuzz_target!(|i: Input| {
    let ingress: Option<Vec<&str>> = i
        .ingress_network_connectors
        .as_ref()
        .map(|l| l.iter().map(String::as_str).collect());
    let egress: Option<Vec<&str>> = i
        .egress_network_connectors
        .as_ref()
        .map(|l| l.iter().map(String::as_str).collect());
    let token = match &i.client_token {
        TokenIn::Given(s) => ClientToken::new(s),
        TokenIn::Random(b) => ClientToken::from_random(*b),
    };
    let mut req = RunMicrovm::new(&i.image_identifier, token);
    if let Some(s) = &i.image_version {
        req = req.image_version(s);
    }
    if let Some(s) = &i.execution_role_arn {
        req = req.execution_role_arn(s);
    }
    if let Some((idle, suspended, resume)) = i.idle_policy {
        req = req.idle_policy(IdlePolicy::new(idle, suspended, resume));
    }
    match &i.logging {
        None => {}
        Some(LoggingIn::Disabled) => req = req.logging(Logging::Disabled),
        Some(LoggingIn::CloudWatch {
            log_group,
            log_stream,
        }) => {
            req = req.logging(Logging::CloudWatch {
                log_group: log_group.as_deref(),
                log_stream: log_stream.as_deref(),
            })
        }
    }
    if let Some(s) = &i.kms_key_identifier {
        req = req.kms_key_identifier(s);
    }
    if let Some(s) = &i.run_hook_payload {
        req = req.run_hook_payload(s);
    }
    if let Some(d) = i.maximum_duration_in_seconds {
        req = req.maximum_duration_in_seconds(d);
    }
    if let Some(l) = &ingress {
        req = req.ingress_network_connectors(l);
    }
    if let Some(l) = &egress {
        req = req.egress_network_connectors(l);
    }

    let expected = expected_violations(&i);
    let mut reported = Vec::new();
    req.validate_each(|e| reported.push(e));
    // Sound (every report names a rule the input breaks) and complete (nothing is missed), in
    // model member order; `validate` returns the first.
    assert_eq!(reported, expected, "validate_each");
    assert_eq!(req.validate(), expected.first().map_or(Ok(()), |e| Err(*e)));
    for e in &reported {
        let _ = e.to_string();
    }

    let endpoint = Endpoint::resolve(&Params::region("us-east-1")).expect("endpoint");
    let creds = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        Some("token"),
    )
    .expect("credentials");
    let mut signer = Signer::new(creds, "us-east-1", "lambda").expect("signer");
    // The head of this request is under 1 KiB.
    let tx_len = if expected.is_empty() {
        req.body_len() + 1024
    } else {
        256
    };
    let mut tx = vec![0xAAu8; tx_len];
    let encoded = req.encode(&endpoint, &mut signer, 1_795_790_111, &mut tx);
    if let Some(first) = expected.first() {
        assert_eq!(encoded, Err(request::Error::Validation(*first)));
        assert!(
            tx.iter().all(|&b| b == 0xAA),
            "invalid input, yet bytes were written"
        );
        return;
    }
    let encoded = match encoded {
        Ok(e) => e,
        Err(e) => panic!("valid input, encode failed: {e:?}"),
    };
    let mut parsed_headers = [httparse::EMPTY_HEADER; 16];
    let mut parsed = httparse::Request::new(&mut parsed_headers);
    let head_len = match parsed.parse(encoded.as_bytes()) {
        Ok(httparse::Status::Complete(n)) => n,
        other => panic!("request head does not parse: {other:?}"),
    };
    assert_eq!(head_len, encoded.head().len());
    assert_eq!(parsed.method, Some("POST"));
    assert_eq!(parsed.path, Some("/2025-09-09/microvms"));
    let header = |name: &str| {
        let mut found = parsed
            .headers
            .iter()
            .filter(|h| h.name.eq_ignore_ascii_case(name));
        let first = found.next().map(|h| h.value);
        assert!(found.next().is_none(), "{name} repeated");
        first
    };
    let content_length: usize =
        std::str::from_utf8(header("content-length").expect("Content-Length"))
            .expect("ASCII")
            .parse()
            .expect("decimal Content-Length");
    assert_eq!(content_length, encoded.body().len());
    assert_eq!(header("content-type"), Some(&b"application/json"[..]));
    assert_eq!(header("host"), Some(&b"lambda.us-east-1.amazonaws.com"[..]));
    assert!(
        header("authorization")
            .is_some_and(|v| v.starts_with(b"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"))
    );
    assert_eq!(header("x-amz-security-token"), Some(&b"token"[..]));
    let encoded_body = encoded.body().to_vec();
    let encoded_len = encoded.len();

    let len = req.body_len();
    let mut body = vec![0u8; len];
    let mut w = Writer::new(&mut body);
    req.write_body(&mut w);
    assert_eq!(w.finish(), Ok(len), "body_len disagrees with write_body");
    // One byte short: reported, with the exact size required.
    if len > 0 {
        let mut short = vec![0u8; len - 1];
        let mut w = Writer::new(&mut short);
        req.write_body(&mut w);
        assert_eq!(w.finish().map_err(|e| e.required), Err(len));
    }

    assert_eq!(encoded_body, body, "encode's body is not write_body's");
    // And `encode` needs exactly the size it used.
    let mut exact = vec![0u8; encoded_len];
    assert!(
        req.encode(&endpoint, &mut signer, 1_795_790_111, &mut exact)
            .is_ok()
    );
    let mut short = vec![0u8; encoded_len - 1];
    match req.encode(&endpoint, &mut signer, 1_795_790_111, &mut short) {
        Err(request::Error::BufferTooSmall(e)) => assert_eq!(e.required, encoded_len),
        other => panic!("one byte short: {other:?}"),
    }

    let text = std::str::from_utf8(&body).expect("body is UTF-8");
    if let Err(e) = serde_json::from_str::<Wire>(text) {
        panic!("body is not the RunMicrovmRequest shape: {e}: {text}");
    }
    let v: Value = serde_json::from_str(text).expect("body is JSON");
    let obj = v.as_object().expect("body is an object");

    check_list(
        obj,
        "ingressNetworkConnectors",
        i.ingress_network_connectors.as_deref(),
    );
    check_list(
        obj,
        "egressNetworkConnectors",
        i.egress_network_connectors.as_deref(),
    );
    check_string(obj, "imageIdentifier", Some(&i.image_identifier));
    check_string(obj, "imageVersion", i.image_version.as_deref());
    check_string(obj, "executionRoleArn", i.execution_role_arn.as_deref());
    match i.idle_policy {
        None => assert!(!obj.contains_key("idlePolicy")),
        Some((idle, suspended, resume)) => {
            let p = obj["idlePolicy"].as_object().expect("idlePolicy object");
            assert_eq!(p.len(), 3);
            assert_eq!(p["maxIdleDurationSeconds"].as_i64(), Some(i64::from(idle)));
            assert_eq!(
                p["suspendedDurationSeconds"].as_i64(),
                Some(i64::from(suspended))
            );
            assert_eq!(p["autoResumeEnabled"].as_bool(), Some(resume));
        }
    }
    match &i.logging {
        None => assert!(!obj.contains_key("logging")),
        // A union: exactly one member.
        Some(LoggingIn::Disabled) => {
            let l = obj["logging"].as_object().expect("logging object");
            assert_eq!(l.len(), 1);
            assert_eq!(l["disabled"].as_object().map(|o| o.len()), Some(0));
        }
        Some(LoggingIn::CloudWatch {
            log_group,
            log_stream,
        }) => {
            let l = obj["logging"].as_object().expect("logging object");
            assert_eq!(l.len(), 1);
            let cw = l["cloudWatch"].as_object().expect("cloudWatch object");
            assert_eq!(
                cw.len(),
                usize::from(log_group.is_some()) + usize::from(log_stream.is_some())
            );
            check_string(cw, "logGroup", log_group.as_deref());
            check_string(cw, "logStream", log_stream.as_deref());
        }
    }
    check_string(obj, "kmsKeyIdentifier", i.kms_key_identifier.as_deref());
    check_string(obj, "runHookPayload", i.run_hook_payload.as_deref());
    match i.maximum_duration_in_seconds {
        None => assert!(!obj.contains_key("maximumDurationInSeconds")),
        Some(d) => assert_eq!(obj["maximumDurationInSeconds"].as_i64(), Some(i64::from(d))),
    }
    let token = match &i.client_token {
        TokenIn::Given(s) => s.clone(),
        TokenIn::Random(b) => uuid4(*b),
    };
    check_string(obj, "clientToken", Some(&token));
});
