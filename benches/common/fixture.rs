//! The one RunMicrovm request and responses the codec bench and the callgrind driver share
//! (the same values as `benches/peers/src/fixture.rs`, so numbers line up across the three).
//! Included with `#[path]`; not every includer uses every item.
#![allow(dead_code)]

use hmac::{Hmac, KeyInit, Mac};
use lambda_microvms_codec::endpoint::{Endpoint, Params};
use lambda_microvms_codec::model::{ClientToken, IdlePolicy, Logging, RunMicrovm};
use lambda_microvms_codec::sigv4::{Credentials, Mode, Payload, Settings, SignableRequest, Signer};
use sha2::{Digest, Sha256};

pub const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
pub const REGION: &str = "us-east-1";
pub const SERVICE: &str = "lambda";
pub const HOST: &str = "lambda.us-east-1.amazonaws.com";
pub const PATH: &str = "/2025-09-09/microvms";
/// 2026-01-01T00:00:00Z.
pub const T: i64 = 1_767_225_600;

pub const INGRESS: [&str; 2] = ["nc-in-0a1b2c3d", "nc-in-4e5f6a7b"];
pub const EGRESS: [&str; 2] = ["nc-out-8c9d0e1f", "nc-out-2a3b4c5d"];
pub const RUN_HOOK_PAYLOAD: &str = r#"{"site":"plant-7","gatewayId":"gw-0042","firmware":"4.2.1+b1187","features":["modbus","opcua","mqtt"],"bootstrap":"https://cfg.example.com/gw-0042/boot.json","nonce":"5f2c9a7e41b04d3c"}"#;

/// Every member set, as in the peer comparison (852-byte body, quotes to escape).
pub fn input() -> RunMicrovm<'static> {
    RunMicrovm::new(
        "arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-gw",
        ClientToken::new("3f5c2a1e-8b7d-4c6e-9f0a-1b2c3d4e5f60"),
    )
    .image_version("42")
    .execution_role_arn("arn:aws:iam::123456789012:role/microvm-exec")
    .idle_policy(IdlePolicy::new(900, 3600, true))
    .logging(Logging::cloud_watch_stream(
        "/aws/lambda-microvms/edge-gw",
        "gw-0042/primary",
    ))
    .run_hook_payload(RUN_HOOK_PAYLOAD)
    .maximum_duration_in_seconds(28800)
    .kms_key_identifier("alias/microvm-edge")
    .ingress_network_connectors(&INGRESS)
    .egress_network_connectors(&EGRESS)
}

pub fn endpoint() -> Endpoint<'static> {
    Endpoint::resolve(&Params::region(REGION)).expect("us-east-1 resolves")
}

pub fn credentials() -> Credentials<'static> {
    Credentials::new(ACCESS_KEY_ID, SECRET, None).expect("valid credentials")
}

pub fn signer() -> Signer<'static> {
    Signer::new(credentials(), REGION, SERVICE).expect("valid scope")
}

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

/// The 200 response, as the service frames it.
pub fn ok_response() -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\ncontent-type: application/json\r\n\
         x-amzn-requestid: 7c9e1f2a-3b4d-4e5f-8a6b-7c8d9e0f1a2b\r\nconnection: keep-alive\r\n\
         content-length: {}\r\n\r\n{RESPONSE_BODY}",
        RESPONSE_BODY.len()
    )
    .into_bytes()
}

/// A modeled error (ServiceQuotaExceededException, 402) with its header and body.
pub fn error_response() -> Vec<u8> {
    let body = r#"{"message":"You have exceeded the maximum number of running MicroVMs for this account.","quotaCode":"L-7A1B2C3D","serviceCode":"lambda"}"#;
    format!(
        "HTTP/1.1 402 Payment Required\r\ndate: Thu, 01 Jan 2026 00:00:00 GMT\r\ncontent-type: application/json\r\n\
         x-amzn-requestid: 7c9e1f2a-3b4d-4e5f-8a6b-7c8d9e0f1a2b\r\n\
         x-amzn-errortype: ServiceQuotaExceededException:http://internal.amazon.com/coral/com.amazonaws.lambda/\r\n\
         content-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

/// What the floor hashes, taken from a real encode: the body our encoder wrote, the
/// canonical request and string to sign the signer built for it.
pub struct FloorInputs {
    pub body: Vec<u8>,
    pub canonical: Vec<u8>,
    pub string_to_sign: Vec<u8>,
    /// A keyed HMAC standing in for the day's signing key (the floor never derives it).
    pub keyed: Hmac<Sha256>,
}

/// The request `RunMicrovm::encode` signs: method, path, `Content-Type` and `Host`, body.
pub fn signable(body: &[u8]) -> SignableRequest<'_> {
    const HEADERS: [(&str, &str); 2] = [("Content-Type", "application/json"), ("Host", HOST)];
    SignableRequest {
        method: "POST",
        path: PATH,
        query: &[],
        headers: &HEADERS,
        payload: Payload::Bytes(body),
    }
}

impl FloorInputs {
    pub fn new() -> Self {
        let mut tx = vec![0u8; 4096];
        let mut s = signer();
        let req = input()
            .encode(&endpoint(), &mut s, T, &mut tx)
            .expect("encodes");
        let body = req.body().to_vec();
        let head = req.head().to_vec();
        let request = signable(&body);
        let mut canonical = vec![0u8; 4096];
        let n = s
            .canonical_request_into(
                &request,
                T,
                Mode::Headers,
                &Settings::DEFAULT,
                &mut canonical,
            )
            .expect("canonical request");
        canonical.truncate(n);
        let mut sts = vec![0u8; 512];
        let n = s
            .string_to_sign_into(&request, T, Mode::Headers, &Settings::DEFAULT, &mut sts)
            .expect("string to sign");
        sts.truncate(n);
        // The reconstruction must be what encode signed: same signature in its head.
        let sig = s.sign(&request, T, &Settings::DEFAULT).expect("signs");
        let hex = sig.hex();
        assert!(
            head.windows(hex.len()).any(|w| w == hex),
            "encode signed a different canonical request"
        );
        Self {
            body,
            canonical,
            string_to_sign: sts,
            keyed: <Hmac<Sha256> as KeyInit>::new_from_slice(&[7u8; 32]).expect("any key"),
        }
    }

    /// SHA-256 of the body, SHA-256 of the canonical request, one HMAC of the string to sign.
    #[inline(never)]
    pub fn run(&self) -> [u8; 32] {
        let body_hash = Sha256::digest(std::hint::black_box(&self.body[..]));
        let canonical_hash = Sha256::digest(std::hint::black_box(&self.canonical[..]));
        std::hint::black_box((body_hash, canonical_hash));
        let mut m = self.keyed.clone();
        m.update(std::hint::black_box(&self.string_to_sign[..]));
        m.finalize().into_bytes().into()
    }
}
