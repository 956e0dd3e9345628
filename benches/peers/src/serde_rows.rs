//! Peer 3: serde_json over hand-written borrowed shapes: the best a std program gets from
//! generic serde without an SDK.

use std::borrow::Cow;
use std::hint::black_box;

use serde::{Deserialize, Serialize};

use crate::fixture::{Fixture, Input};
use crate::harness::{Group, Row, Side};

/// Members in the order of `RunMicrovmRequest` in service-2.json, the order botocore and
/// our codec write them (the SDK writes them sorted by name; JSON does not care, but the
/// signed bytes do, and the shared body must be byte-identical to our codec's).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RunMicrovmRequest<'a> {
    pub ingress_network_connectors: &'a [&'a str],
    pub egress_network_connectors: &'a [&'a str],
    pub image_identifier: &'a str,
    pub image_version: &'a str,
    pub execution_role_arn: &'a str,
    pub idle_policy: IdlePolicy,
    pub logging: Logging<'a>,
    pub kms_key_identifier: &'a str,
    pub run_hook_payload: &'a str,
    pub maximum_duration_in_seconds: i32,
    pub client_token: &'a str,
}

#[derive(Serialize, Deserialize, Debug, PartialEq)]
#[serde(rename_all = "camelCase")]
pub struct IdlePolicy {
    pub max_idle_duration_seconds: i32,
    pub suspended_duration_seconds: i32,
    pub auto_resume_enabled: bool,
}

/// The `Logging` union with its `cloudWatch` member set.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Logging<'a> {
    pub cloud_watch: CloudWatchLogging<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CloudWatchLogging<'a> {
    pub log_group: &'a str,
    pub log_stream: &'a str,
}

impl<'a> RunMicrovmRequest<'a> {
    pub fn new(input: &'a Input) -> Self {
        Self {
            ingress_network_connectors: &input.ingress_network_connectors,
            egress_network_connectors: &input.egress_network_connectors,
            image_identifier: input.image_identifier,
            image_version: input.image_version,
            execution_role_arn: input.execution_role_arn,
            idle_policy: IdlePolicy {
                max_idle_duration_seconds: input.max_idle_duration_seconds,
                suspended_duration_seconds: input.suspended_duration_seconds,
                auto_resume_enabled: input.auto_resume_enabled,
            },
            logging: Logging {
                cloud_watch: CloudWatchLogging {
                    log_group: input.log_group,
                    log_stream: input.log_stream,
                },
            },
            kms_key_identifier: input.kms_key_identifier,
            run_hook_payload: input.run_hook_payload,
            maximum_duration_in_seconds: input.maximum_duration_in_seconds,
            client_token: input.client_token,
        }
    }
}

/// A string that borrows from the input unless it holds an escape, in which case it is
/// unescaped into an owned copy. A plain `&'a str` would be faster but rejects any escaped
/// string, which the service is free to send, so it would not be a correct peer. The
/// newtype is needed because serde only borrows a `Cow` that is a field's direct type:
/// inside `Option` or `Vec` a bare `Cow<str>` is always deserialized owned.
#[derive(Deserialize, Debug)]
#[serde(transparent)]
pub struct Str<'a>(#[serde(borrow)] pub Cow<'a, str>);

/// Timestamps as `f64` epoch seconds, as the SDK reads them.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct RunMicrovmResponse<'a> {
    #[serde(borrow)]
    pub microvm_id: Str<'a>,
    #[serde(borrow)]
    pub state: Str<'a>,
    #[serde(borrow)]
    pub endpoint: Str<'a>,
    #[serde(borrow)]
    pub image_arn: Str<'a>,
    #[serde(borrow)]
    pub image_version: Str<'a>,
    #[serde(borrow)]
    pub execution_role_arn: Option<Str<'a>>,
    pub idle_policy: Option<IdlePolicy>,
    pub maximum_duration_in_seconds: i32,
    pub started_at: f64,
    pub terminated_at: Option<f64>,
    #[serde(borrow)]
    pub state_reason: Option<Str<'a>>,
    #[serde(borrow)]
    pub kms_key_identifier: Option<Str<'a>>,
    #[serde(borrow)]
    pub ingress_network_connectors: Option<Vec<Str<'a>>>,
    #[serde(borrow)]
    pub egress_network_connectors: Option<Vec<Str<'a>>>,
}

pub fn encode_body(input: &Input) -> Vec<u8> {
    serde_json::to_vec(&RunMicrovmRequest::new(input)).expect("serializable")
}

/// Setup-time check, outside timing: the decode is complete and really borrows.
pub fn check_decode(fx: &Fixture) {
    let r: RunMicrovmResponse<'_> = serde_json::from_slice(fx.response_body).expect("decodes");
    assert_eq!(r.microvm_id.0, "mvm-0123456789abcdef0");
    assert!(matches!(r.microvm_id.0, Cow::Borrowed(_)), "serde borrowed");
    assert_eq!(r.state.0, "PENDING");
    assert_eq!(
        r.endpoint.0,
        "https://mvm-0123456789abcdef0.microvms.lambda.us-east-1.on.aws"
    );
    assert_eq!(
        r.image_arn.0,
        "arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-gw"
    );
    assert_eq!(r.image_version.0, "42");
    assert_eq!(
        r.execution_role_arn.expect("role").0,
        "arn:aws:iam::123456789012:role/microvm-exec"
    );
    assert_eq!(r.state_reason.expect("reason").0, "Provisioning");
    assert_eq!(r.ingress_network_connectors.expect("ingress").len(), 2);
    assert_eq!(r.maximum_duration_in_seconds, 28800);
    assert_eq!(r.started_at, 1_767_225_600.125);
    assert_eq!(r.terminated_at, Some(1_767_254_400.5));
    assert_eq!(
        r.idle_policy,
        Some(IdlePolicy {
            max_idle_duration_seconds: 900,
            suspended_duration_seconds: 3600,
            auto_resume_enabled: true
        })
    );
    let eg = r.egress_network_connectors.expect("egress");
    assert_eq!(eg.len(), 2);
    assert!(matches!(eg[1].0, Cow::Borrowed("nc-out-2a3b4c5d")));
    assert_eq!(r.kms_key_identifier.expect("kms").0, "alias/microvm-edge");
}

pub fn rows(fx: &'static Fixture) -> Vec<Row> {
    let request = RunMicrovmRequest::new(&fx.input);
    let mut out = Vec::with_capacity(1024);
    // The first call sizes the Vec; the timed calls then write into reused capacity, the
    // way a caller with a buffer would use it.
    serde_json::to_writer(&mut out, &request).expect("serializable");
    assert_eq!(out, fx.body);
    let body = fx.response_body;
    vec![
        Row::new(
            "serde_json: encode input (to_writer, reused Vec)",
            Group::Encode,
            Side::Peer,
            move |n| {
                for _ in 0..n {
                    out.clear();
                    serde_json::to_writer(&mut out, black_box(&request)).expect("serializable");
                    black_box(&out);
                }
            },
        ),
        Row::new(
            "serde_json: decode body (borrowed Cow, f64 times)",
            Group::Decode,
            Side::Peer,
            move |n| {
                for _ in 0..n {
                    let r: RunMicrovmResponse<'_> =
                        serde_json::from_slice(black_box(body)).expect("decodes");
                    black_box(&r);
                }
            },
        ),
    ]
}
