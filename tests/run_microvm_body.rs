//! The RunMicrovm request body: parsed back with serde_json and compared by meaning with values
//! built here by hand, and with the bodies botocore produced for the same parameters
//! (tests/data/vectors/run_microvm_requests.json).

mod common;

use common::params::{RunMicrovmParams, random_bytes};
use lambda_microvms_codec::buf::{BufferTooSmall, Writer};
use lambda_microvms_codec::model::{ClientToken, IdlePolicy, Logging, RunMicrovm};
use serde_json::{Value, json};

/// Our body, checked to be exactly `body_len()` bytes of UTF-8, as text.
fn body_text(req: &RunMicrovm<'_>) -> String {
    let len = req.body_len();
    let mut buf = vec![0u8; len];
    let mut w = Writer::new(&mut buf);
    req.write_body(&mut w);
    assert_eq!(w.finish(), Ok(len));
    String::from_utf8(buf).expect("body is UTF-8")
}

fn body(req: &RunMicrovm<'_>) -> Value {
    let text = body_text(req);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("invalid JSON {e}: {text}"))
}

const TOKEN: &str = "3f1c2b9e-0000-4000-8000-000000000001";

#[test]
fn minimal_has_image_and_token_only() {
    let req = RunMicrovm::new("img-1", ClientToken::new(TOKEN));
    assert_eq!(
        body(&req),
        json!({"imageIdentifier": "img-1", "clientToken": TOKEN})
    );
}

#[test]
fn compact_and_in_model_member_order() {
    let ingress = ["i"];
    let egress = ["e1", "e2"];
    let req = RunMicrovm::new("img", ClientToken::new("t"))
        .client_token(ClientToken::new("t"))
        .maximum_duration_in_seconds(5)
        .run_hook_payload("p")
        .kms_key_identifier("k")
        .logging(Logging::Disabled)
        .idle_policy(IdlePolicy::new(60, 0, false))
        .execution_role_arn("r")
        .image_version("v")
        .egress_network_connectors(&egress)
        .ingress_network_connectors(&ingress);
    assert_eq!(
        body_text(&req),
        concat!(
            r#"{"ingressNetworkConnectors":["i"],"egressNetworkConnectors":["e1","e2"],"#,
            r#""imageIdentifier":"img","imageVersion":"v","executionRoleArn":"r","#,
            r#""idlePolicy":{"maxIdleDurationSeconds":60,"suspendedDurationSeconds":0,"autoResumeEnabled":false},"#,
            r#""logging":{"disabled":{}},"kmsKeyIdentifier":"k","runHookPayload":"p","#,
            r#""maximumDurationInSeconds":5,"clientToken":"t"}"#
        )
    );
}

#[test]
fn every_member_set() {
    let ingress = [
        "nc-1",
        "arn:aws:lambda:us-east-1:123456789012:network-connector:nc-2",
    ];
    let egress = ["nc-3"];
    let req = RunMicrovm::new(
        "arn:aws:lambda:us-east-1:123456789012:microvm-image/img",
        ClientToken::new(TOKEN),
    )
    .image_version("7")
    .execution_role_arn("arn:aws:iam::123456789012:role/service-role/mvm")
    .idle_policy(IdlePolicy::new(900, 86400, true))
    .logging(Logging::cloud_watch_stream(
        "/aws/lambda-microvms/img",
        "run-1",
    ))
    .kms_key_identifier("alias/mvm")
    .run_hook_payload(r#"{"tenant":"t-1","secretRef":"arn:aws:secretsmanager:x"}"#)
    .maximum_duration_in_seconds(28800)
    .ingress_network_connectors(&ingress)
    .egress_network_connectors(&egress);
    assert_eq!(
        body(&req),
        json!({
            "ingressNetworkConnectors": ingress,
            "egressNetworkConnectors": egress,
            "imageIdentifier": "arn:aws:lambda:us-east-1:123456789012:microvm-image/img",
            "imageVersion": "7",
            "executionRoleArn": "arn:aws:iam::123456789012:role/service-role/mvm",
            "idlePolicy": {"maxIdleDurationSeconds": 900, "suspendedDurationSeconds": 86400, "autoResumeEnabled": true},
            "logging": {"cloudWatch": {"logGroup": "/aws/lambda-microvms/img", "logStream": "run-1"}},
            "kmsKeyIdentifier": "alias/mvm",
            "runHookPayload": r#"{"tenant":"t-1","secretRef":"arn:aws:secretsmanager:x"}"#,
            "maximumDurationInSeconds": 28800,
            "clientToken": TOKEN
        })
    );
}

#[test]
fn logging_union_forms() {
    let base = RunMicrovm::new("i", ClientToken::new("t"));
    let cases = [
        (Logging::Disabled, json!({"disabled": {}})),
        (
            Logging::cloud_watch("g"),
            json!({"cloudWatch": {"logGroup": "g"}}),
        ),
        (
            Logging::cloud_watch_stream("g", "s"),
            json!({"cloudWatch": {"logGroup": "g", "logStream": "s"}}),
        ),
        (
            Logging::CloudWatch {
                log_group: None,
                log_stream: Some("s"),
            },
            json!({"cloudWatch": {"logStream": "s"}}),
        ),
        (
            Logging::CloudWatch {
                log_group: None,
                log_stream: None,
            },
            json!({"cloudWatch": {}}),
        ),
    ];
    for (logging, expected) in cases {
        let got = body(&base.logging(logging));
        assert_eq!(got["logging"], expected, "{logging:?}");
    }
}

#[test]
fn empty_connector_lists_are_sent_as_empty_arrays() {
    let req = RunMicrovm::new("i", ClientToken::new("t"))
        .ingress_network_connectors(&[])
        .egress_network_connectors(&[]);
    assert_eq!(
        body(&req),
        json!({"ingressNetworkConnectors": [], "egressNetworkConnectors": [], "imageIdentifier": "i", "clientToken": "t"})
    );
}

#[test]
fn integers_are_written_exactly_even_when_invalid() {
    for (a, b, d) in [
        (i32::MIN, i32::MAX, 0),
        (-1, 0, -28800),
        (i32::MAX, i32::MIN, i32::MIN),
    ] {
        let req = RunMicrovm::new("i", ClientToken::new("t"))
            .idle_policy(IdlePolicy::new(a, b, true))
            .maximum_duration_in_seconds(d);
        let v = body(&req);
        assert_eq!(
            v["idlePolicy"],
            json!({"maxIdleDurationSeconds": a, "suspendedDurationSeconds": b, "autoResumeEnabled": true})
        );
        assert_eq!(v["maximumDurationInSeconds"], json!(d));
    }
}

#[test]
fn nasty_strings_survive_in_every_string_member() {
    let all_controls: String = (0u8..0x20).map(char::from).collect();
    let nasty = [
        all_controls.as_str(),
        "\"",
        "\\",
        "\\\"\\\\\"",
        "\\u0000",
        "</script>",
        "\u{7f}\u{80}\u{ff}",
        "\u{2028}\u{2029}",
        "\u{feff}BOM",
        "😀𝄞\u{10ffff}",
        "日本語",
        "a\u{0}b",
        "{\"json\": [1, 2]}",
        "",
    ];
    for s in nasty {
        let list = [s, s];
        let req = RunMicrovm::new(s, ClientToken::new(s))
            .image_version(s)
            .execution_role_arn(s)
            .logging(Logging::cloud_watch_stream(s, s))
            .kms_key_identifier(s)
            .run_hook_payload(s)
            .ingress_network_connectors(&list)
            .egress_network_connectors(&list);
        let expected = json!({
            "ingressNetworkConnectors": [s, s],
            "egressNetworkConnectors": [s, s],
            "imageIdentifier": s,
            "imageVersion": s,
            "executionRoleArn": s,
            "logging": {"cloudWatch": {"logGroup": s, "logStream": s}},
            "kmsKeyIdentifier": s,
            "runHookPayload": s,
            "clientToken": s
        });
        assert_eq!(body(&req), expected, "{s:?}");
    }
}

#[test]
fn generated_client_token_is_sent() {
    let token = ClientToken::from_random([0xa5; 16]);
    let req = RunMicrovm::new("i", token);
    // Python: str(uuid.UUID(bytes=b"\xa5" * 16, version=4))
    assert_eq!(
        body(&req)["clientToken"],
        json!("a5a5a5a5-a5a5-45a5-a5a5-a5a5a5a5a5a5")
    );
}

#[test]
fn buffer_too_small_reports_the_exact_size_and_keeps_a_prefix() {
    let req = RunMicrovm::new("img", ClientToken::new("tok")).run_hook_payload("\n\u{1}");
    let full = body_text(&req);
    for cap in [0, 1, 10, full.len() - 1] {
        let mut buf = vec![0u8; cap];
        let mut w = Writer::new(&mut buf);
        req.write_body(&mut w);
        assert_eq!(w.written(), &full.as_bytes()[..cap]);
        assert_eq!(
            w.finish(),
            Err(BufferTooSmall {
                required: full.len()
            })
        );
    }
}

#[test]
fn bodies_match_botocore() {
    let vectors: Vec<Value> =
        serde_json::from_str(include_str!("data/vectors/run_microvm_requests.json")).unwrap();
    assert!(vectors.len() >= 100, "expected the full vector set");
    let (mut given, mut generated) = (0, 0);
    for case in &vectors {
        let name = case["name"].as_str().unwrap();
        assert_eq!(case["operation"], "RunMicrovm", "{name}");
        let params = RunMicrovmParams::parse(&case["params"])
            .unwrap_or_else(|e| panic!("{name}: params rejected: {e:?}"));
        let req = params.request(random_bytes(case["randomBytes"].as_str().unwrap()).unwrap());
        // botocore accepted these; so must we (its checks are a subset of ours, and the
        // generator stays within the maxima we also enforce).
        if let Err(e) = req.validate() {
            panic!("{name}: rejected: {e}");
        }
        if req.client_token.is_generated() {
            generated += 1;
        } else {
            given += 1;
        }
        let expected: Value =
            serde_json::from_str(case["expected"]["body"].as_str().unwrap()).unwrap();
        assert_eq!(body(&req), expected, "{name}");
        assert_eq!(
            req.client_token.as_str(),
            case["expected"]["clientToken"].as_str().unwrap(),
            "{name}"
        );
    }
    // Both token paths are exercised.
    assert!(
        given > 10 && generated > 10,
        "given {given}, generated {generated}"
    );
}
