//! The one request and the one response every row works on.
//!
//! Every side (SDK, aws-sigv4, serde_json, floor, and our codec) reads its values from
//! here so that a ratio between two rows compares the same work on the same bytes.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
pub const SECRET_ACCESS_KEY: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const REGION: &str = "us-east-1";
/// SigV4 signing name of the service (the SDK's `Config::signing_name()`).
pub const SERVICE: &str = "lambda";
pub const HOST: &str = "lambda.us-east-1.amazonaws.com";
pub const METHOD: &str = "POST";
pub const PATH: &str = "/2025-09-09/microvms";
pub const URL: &str = "https://lambda.us-east-1.amazonaws.com/2025-09-09/microvms";
pub const CONTENT_TYPE: &str = "application/json";

/// 2026-01-01T00:00:00Z: a fixed clock so that every signature is reproducible.
pub const EPOCH_SECS: u64 = 1_767_225_600;
pub const AMZ_DATE: &str = "20260101T000000Z";
pub const DATE: &str = "20260101";

pub fn time() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(EPOCH_SECS)
}

/// The RunMicrovm input, as borrowed values.
#[derive(Debug, Clone, Copy)]
pub struct Input {
    pub image_identifier: &'static str,
    pub image_version: &'static str,
    pub execution_role_arn: &'static str,
    pub max_idle_duration_seconds: i32,
    pub suspended_duration_seconds: i32,
    pub auto_resume_enabled: bool,
    pub log_group: &'static str,
    pub log_stream: &'static str,
    /// Itself JSON, so the encoders must escape its quotes: the realistic case.
    pub run_hook_payload: &'static str,
    pub maximum_duration_in_seconds: i32,
    /// In the service model (service-2.json) but not in aws-sdk-lambdamicrovms 1.18, whose
    /// input has no such member: the SDK body is the only one without it.
    pub kms_key_identifier: &'static str,
    pub ingress_network_connectors: [&'static str; 2],
    pub egress_network_connectors: [&'static str; 2],
    pub client_token: &'static str,
}

pub const INPUT: Input = Input {
    image_identifier: "arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-gw",
    image_version: "42",
    execution_role_arn: "arn:aws:iam::123456789012:role/microvm-exec",
    max_idle_duration_seconds: 900,
    suspended_duration_seconds: 3600,
    auto_resume_enabled: true,
    log_group: "/aws/lambda-microvms/edge-gw",
    log_stream: "gw-0042/primary",
    run_hook_payload: r#"{"site":"plant-7","gatewayId":"gw-0042","firmware":"4.2.1+b1187","features":["modbus","opcua","mqtt"],"bootstrap":"https://cfg.example.com/gw-0042/boot.json","nonce":"5f2c9a7e41b04d3c"}"#,
    maximum_duration_in_seconds: 28800,
    kms_key_identifier: "alias/microvm-edge",
    ingress_network_connectors: ["nc-in-0a1b2c3d", "nc-in-4e5f6a7b"],
    egress_network_connectors: ["nc-out-8c9d0e1f", "nc-out-2a3b4c5d"],
    client_token: "3f5c2a1e-8b7d-4c6e-9f0a-1b2c3d4e5f60",
};

/// A 200 RunMicrovm response body with every member of `RunMicrovmResponse` in
/// service-2.json (timestamps as epoch seconds, with fractions, as restJson1 sends them).
pub const RESPONSE_BODY: &str = concat!(
    r#"{"microvmId":"mvm-0123456789abcdef0","state":"PENDING","#,
    r#""endpoint":"https://mvm-0123456789abcdef0.microvms.lambda.us-east-1.on.aws","#,
    r#""imageArn":"arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-gw","#,
    r#""imageVersion":"42","executionRoleArn":"arn:aws:iam::123456789012:role/microvm-exec","#,
    r#""idlePolicy":{"maxIdleDurationSeconds":900,"suspendedDurationSeconds":3600,"autoResumeEnabled":true},"#,
    r#""maximumDurationInSeconds":28800,"startedAt":1767225600.125,"terminatedAt":1767254400.5,"#,
    r#""stateReason":"Provisioning","kmsKeyIdentifier":"alias/microvm-edge","#,
    r#""ingressNetworkConnectors":["nc-in-0a1b2c3d","nc-in-4e5f6a7b"],"#,
    r#""egressNetworkConnectors":["nc-out-8c9d0e1f","nc-out-2a3b4c5d"]}"#
);

pub const REQUEST_ID: &str = "7c9e1f2a-3b4d-4e5f-8a6b-7c8d9e0f1a2b";

/// Headers of the canned response, as the service sends them (the SDK gets them as a
/// header map; the `http_response` form below carries them on the wire).
pub const RESPONSE_HEADERS: [(&str, &str); 4] = [
    ("date", "Thu, 01 Jan 2026 00:00:00 GMT"),
    ("content-type", "application/json"),
    ("x-amzn-requestid", REQUEST_ID),
    ("connection", "keep-alive"),
];

/// Everything the rows need, built once before any timing.
pub struct Fixture {
    pub input: Input,
    /// The request body with every member, compact, members in service-model order (as
    /// botocore orders them, and as our codec writes them). Made by serde_json at startup.
    /// aws-sigv4, the floor and our codec all sign this exact body.
    pub body: Vec<u8>,
    /// The body the SDK sends (captured from its HTTP client): the same JSON minus
    /// kmsKeyIdentifier, members sorted by name.
    pub sdk_body: Vec<u8>,
    pub response_body: &'static [u8],
    /// The full HTTP/1.1 response (status line, headers, body) for decoders that take
    /// transport bytes, as our codec does.
    pub http_response: Vec<u8>,
}

impl Fixture {
    pub fn new(body: Vec<u8>, sdk_body: Vec<u8>) -> Self {
        let mut http = String::from("HTTP/1.1 200 OK\r\n");
        for (name, value) in RESPONSE_HEADERS {
            http.push_str(name);
            http.push_str(": ");
            http.push_str(value);
            http.push_str("\r\n");
        }
        http.push_str(&format!("content-length: {}\r\n\r\n", RESPONSE_BODY.len()));
        http.push_str(RESPONSE_BODY);
        Self {
            input: INPUT,
            body,
            sdk_body,
            response_body: RESPONSE_BODY.as_bytes(),
            http_response: http.into_bytes(),
        }
    }
}
