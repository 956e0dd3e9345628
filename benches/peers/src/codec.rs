//! Our rows: `lambda-microvms-codec` doing the same work as the peers.
//!
//! ADD THE CODEC ROWS HERE. This is the only place to edit: `main` runs whatever this
//! returns, interleaved with the peer rows, and once any `Side::Ours` row exists the table
//! grows a `peer / ours` column that divides each peer row by the `Side::Ours` row of the
//! same `Group`. One row per group:
//!
//! | group          | our row does                                              | compared with |
//! | ---            | ---                                                       | ---           |
//! | `Group::Call`  | encode + sign the request into a buffer, then decode the  | the SDK's `run_microvm().send()` |
//! |                | full HTTP response `fx.http_response` into typed output   |               |
//! | `Group::Sign`  | sign `fx.body` (POST `fixture::PATH`, host `fixture::HOST`, content-type, content-length), fixed time `fixture::time()`, cached signing key | aws-sigv4 `sign` |
//! | `Group::Encode`| write the body of `fx.input` into a caller buffer         | serde_json `to_writer` |
//! | `Group::Decode`| decode `fx.response_body` (or the body part of `fx.http_response`) | serde_json `from_slice` |
//!
//! Template (all setup, buffers and correctness asserts go before the closure, never
//! inside it; the closure runs the op `n` times):
//!
//! ```ignore
//! let mut buf = [0u8; 2048];
//! let body = &fx.body;
//! // e.g. assert that our encoder writes exactly `fx.body` here, outside the timing.
//! rows.push(Row::new("lambda-microvms-codec: encode", Group::Encode, Side::Ours, move |n| {
//!     for _ in 0..n {
//!         let len = lambda_microvms_codec::ops::run_microvm::encode(black_box(&input), &mut buf).unwrap();
//!         black_box(&buf[..len]);
//!     }
//! }));
//! ```
//!
//! The allocation columns come for free: a codec row should show 0 / 0.

use std::hint::black_box;

use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::endpoint::{Endpoint, Params};
use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::model::{
    ClientToken, IdlePolicy, Logging, Microvm, MicrovmState, RunMicrovm, RunMicrovmError,
};
use lambda_microvms_codec::ops::Outcome;
use lambda_microvms_codec::sigv4::{Credentials, Payload, Settings, SignableRequest, Signer};

use crate::fixture::{self, Fixture};
use crate::floor;
use crate::harness::{Group, Row, Side};

/// Capacities of the decoded output: every string of the fixture response fits.
type Vm = Microvm<128, 4>;
type Err = RunMicrovmError<256>;

fn time() -> i64 {
    fixture::EPOCH_SECS as i64
}

fn signer() -> Signer<'static> {
    let creds = Credentials::new(fixture::ACCESS_KEY_ID, fixture::SECRET_ACCESS_KEY, None)
        .expect("valid credentials");
    Signer::new(creds, fixture::REGION, fixture::SERVICE).expect("valid scope")
}

/// `fx.input` as our model's borrowed input (every member, model order).
fn input(fx: &'static Fixture) -> RunMicrovm<'static> {
    let i = &fx.input;
    RunMicrovm::new(i.image_identifier, ClientToken::new(i.client_token))
        .image_version(i.image_version)
        .execution_role_arn(i.execution_role_arn)
        .idle_policy(IdlePolicy::new(
            i.max_idle_duration_seconds,
            i.suspended_duration_seconds,
            i.auto_resume_enabled,
        ))
        .logging(Logging::cloud_watch_stream(i.log_group, i.log_stream))
        .run_hook_payload(i.run_hook_payload)
        .maximum_duration_in_seconds(i.maximum_duration_in_seconds)
        .kms_key_identifier(i.kms_key_identifier)
        .ingress_network_connectors(&i.ingress_network_connectors)
        .egress_network_connectors(&i.egress_network_connectors)
}

/// Every member of the fixture response, as our decoder returns it.
fn check_output(vm: &Vm) {
    assert_eq!(vm.microvm_id.as_str(), "mvm-0123456789abcdef0");
    assert_eq!(vm.state, MicrovmState::Pending);
    assert_eq!(
        vm.endpoint.as_str(),
        "https://mvm-0123456789abcdef0.microvms.lambda.us-east-1.on.aws"
    );
    assert_eq!(vm.image_arn.as_str(), fixture::INPUT.image_identifier);
    assert_eq!(vm.image_version.as_str(), "42");
    assert_eq!(
        vm.execution_role_arn.as_deref(),
        Some(fixture::INPUT.execution_role_arn)
    );
    assert_eq!(vm.idle_policy, Some(IdlePolicy::new(900, 3600, true)));
    assert_eq!(vm.maximum_duration_in_seconds, 28800);
    assert_eq!(
        (vm.started_at.seconds, vm.started_at.nanos),
        (1_767_225_600, 125_000_000)
    );
    let t = vm.terminated_at.expect("terminatedAt");
    assert_eq!((t.seconds, t.nanos), (1_767_254_400, 500_000_000));
    assert_eq!(vm.state_reason.as_deref(), Some("Provisioning"));
    assert_eq!(vm.kms_key_identifier.as_deref(), Some("alias/microvm-edge"));
    let ingress: Option<Vec<String>> = vm
        .ingress_network_connectors
        .as_deref()
        .map(|v| v.iter().map(|s| s.to_string()).collect());
    let egress: Option<Vec<String>> = vm
        .egress_network_connectors
        .as_deref()
        .map(|v| v.iter().map(|s| s.to_string()).collect());
    let want = |l: [&str; 2]| Some(l.map(String::from).to_vec());
    assert_eq!(ingress, want(fixture::INPUT.ingress_network_connectors));
    assert_eq!(egress, want(fixture::INPUT.egress_network_connectors));
}

pub fn rows(fx: &'static Fixture) -> Vec<Row> {
    let mut rows = Vec::new();
    let endpoint: Endpoint<'static> =
        Endpoint::resolve(&Params::region(fixture::REGION)).expect("us-east-1 resolves");
    let input = input(fx);

    // Call: validate + body + framing + SigV4 into a buffer, then parse the full HTTP
    // response and decode it into typed output, with a long-lived signer (key cached), as a
    // client holding one signer does; the SDK rows keep their identity/signing state too.
    {
        let mut s = signer();
        let mut tx = vec![0u8; 4096];
        let r = input
            .encode(&endpoint, &mut s, time(), &mut tx)
            .expect("encodes");
        assert_eq!(
            r.body(),
            &fx.body[..],
            "our body differs from the shared body"
        );
        floor::verify_request("POST", fixture::PATH, &parse_headers(r.head()), r.body())
            .unwrap_or_else(|e| panic!("our request does not carry a valid SigV4 signature: {e}"));
        let mut out: Vm = Microvm::new();
        let resp = Response::parse(&fx.http_response).expect("response parses");
        let o: Outcome<(), Err> = RunMicrovm::decode_into(&resp, &mut out).expect("decodes");
        assert!(o.is_ok());
        check_output(&out);
        assert_eq!(resp.request_id(), Some(fixture::REQUEST_ID));
        let raw = &fx.http_response;
        rows.push(Row::new(
            "lambda-microvms-codec: encode+sign, parse+decode",
            Group::Call,
            Side::Ours,
            move |n| {
                for _ in 0..n {
                    let r = black_box(&input)
                        .encode(&endpoint, &mut s, time(), &mut tx)
                        .unwrap();
                    black_box(r.as_bytes());
                    let resp = Response::parse(black_box(raw)).unwrap();
                    let o: Outcome<(), Err> = RunMicrovm::decode_into(&resp, &mut out).unwrap();
                    black_box((&o, &out));
                }
            },
        ));
    }

    // Sign: the same request aws-sigv4 signs (content-length, content-type, host).
    {
        let mut s = signer();
        let len = fx.body.len().to_string();
        let headers: &'static [(&'static str, &'static str)] = Box::leak(Box::new([
            ("Content-Length", &*Box::leak(len.into_boxed_str())),
            ("Content-Type", fixture::CONTENT_TYPE),
            ("Host", fixture::HOST),
        ]));
        let request = SignableRequest {
            method: fixture::METHOD,
            path: fixture::PATH,
            query: &[],
            headers,
            payload: Payload::Bytes(&fx.body),
        };
        let sig = s.sign(&request, time(), &Settings::DEFAULT).expect("signs");
        assert_eq!(
            String::from_utf8(sig.hex().to_vec()).unwrap(),
            floor::reference_signature(fx),
            "our signature differs from the floor's"
        );
        rows.push(Row::new(
            "lambda-microvms-codec: Signer::sign (cached key)",
            Group::Sign,
            Side::Ours,
            move |n| {
                for _ in 0..n {
                    let sig = s
                        .sign(black_box(&request), time(), &Settings::DEFAULT)
                        .unwrap();
                    black_box(sig.bytes());
                }
            },
        ));
    }

    // Encode: the body alone.
    {
        let mut buf = vec![0u8; 4096];
        let mut w = Writer::new(&mut buf);
        input.write_body(&mut w);
        let len = w.finish().expect("fits");
        assert_eq!(
            &buf[..len],
            &fx.body[..],
            "our body differs from the shared body"
        );
        rows.push(Row::new(
            "lambda-microvms-codec: write_body",
            Group::Encode,
            Side::Ours,
            move |n| {
                for _ in 0..n {
                    let mut w = Writer::new(&mut buf);
                    black_box(&input).write_body(&mut w);
                    black_box(w.finish().unwrap());
                }
            },
        ));
    }

    // Decode: the body alone (as serde_json gets it), into a long-lived output.
    {
        let mut out: Vm = Microvm::new();
        out.decode_into(fx.response_body).expect("decodes");
        check_output(&out);
        let body = fx.response_body;
        rows.push(Row::new(
            "lambda-microvms-codec: Microvm::decode_into (body)",
            Group::Decode,
            Side::Ours,
            move |n| {
                for _ in 0..n {
                    out.decode_into(black_box(body)).unwrap();
                    black_box(&out);
                }
            },
        ));
    }
    rows
}

/// The head's header lines as (lowercase name, value) pairs, for the independent check.
fn parse_headers(head: &[u8]) -> Vec<(String, String)> {
    let text = std::str::from_utf8(head).expect("ASCII head");
    text.split("\r\n")
        .skip(1)
        .filter_map(|line| line.split_once(": "))
        .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
        .collect()
}
