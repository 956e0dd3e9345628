//! Peer 1: the full `aws-sdk-lambdamicrovms` call, `client.run_microvm()...send().await`,
//! against an in-process HTTP client that answers every request with the canned response.
//! Everything the SDK does per call runs: input building and validation, the orchestrator
//! and its interceptors, endpoint resolution, identity resolution, SigV4 signing,
//! serialization, user-agent and invocation-id headers, response deserialization.
//! Only the network is missing.

use std::hint::black_box;
use std::sync::{Arc, Mutex};

use aws_sdk_lambdamicrovms::config::retry::RetryConfig;
use aws_sdk_lambdamicrovms::config::{
    BehaviorVersion, Credentials, IdentityCache, Region, StalledStreamProtectionConfig,
};
use aws_sdk_lambdamicrovms::operation::run_microvm::{RunMicrovmInput, RunMicrovmOutput};
use aws_sdk_lambdamicrovms::types::{CloudWatchLogging, IdlePolicy, Logging, MicrovmState};
use aws_sdk_lambdamicrovms::{Client, Config};
use aws_smithy_async::time::StaticTimeSource;
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpClient,
    SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use crate::fixture::{self, Fixture, Input};
use crate::harness::{Group, Row, Side};

/// What the SDK handed its HTTP client.
#[derive(Debug, Clone, Default)]
pub struct Captured {
    pub method: String,
    pub uri: String,
    /// Lower-case names, in the order the SDK set them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Captured {
    pub fn path(&self) -> &str {
        let after_scheme = self
            .uri
            .split_once("://")
            .map_or(self.uri.as_str(), |(_, r)| r);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }

    pub fn authority(&self) -> &str {
        let after_scheme = self
            .uri
            .split_once("://")
            .map_or(self.uri.as_str(), |(_, r)| r);
        after_scheme.split('/').next().unwrap_or("")
    }

    /// Headers plus `host`, which the HTTP client (not the SDK) writes from the URI but
    /// which SigV4 signs.
    pub fn headers_with_host(&self) -> Vec<(String, String)> {
        let mut h = self.headers.clone();
        if !h.iter().any(|(n, _)| n == "host") {
            h.push(("host".to_string(), self.authority().to_string()));
        }
        h
    }
}

/// Answers every request with the canned 200 response; no I/O, no task spawn.
#[derive(Debug, Clone)]
struct CannedConnector {
    /// Set only on the client used for `--show` and setup checks, so the timed client
    /// does not pay for copying the request.
    capture: Option<Arc<Mutex<Option<Captured>>>>,
}

impl HttpConnector for CannedConnector {
    fn call(&self, request: HttpRequest) -> HttpConnectorFuture {
        if let Some(slot) = &self.capture {
            let captured = Captured {
                method: request.method().to_string(),
                uri: request.uri().to_string(),
                headers: request
                    .headers()
                    .iter()
                    .map(|(n, v)| (n.to_ascii_lowercase(), v.to_string()))
                    .collect(),
                body: request.body().bytes().expect("in-memory body").to_vec(),
            };
            *slot.lock().expect("not poisoned") = Some(captured);
        }
        // Built per call, as a real client builds one per response; `from_static` keeps the
        // body itself from being copied, which a real client would have to do.
        let mut response = HttpResponse::new(
            StatusCode::try_from(200).expect("valid status"),
            SdkBody::from(bytes::Bytes::from_static(fixture::RESPONSE_BODY.as_bytes())),
        );
        for (name, value) in fixture::RESPONSE_HEADERS {
            response.headers_mut().insert(name, value);
        }
        response
            .headers_mut()
            .insert("content-length", fixture::RESPONSE_BODY.len().to_string());
        HttpConnectorFuture::ready(Ok(response))
    }
}

#[derive(Debug)]
struct CannedClient(SharedHttpConnector);

impl HttpClient for CannedClient {
    fn http_connector(
        &self,
        _: &HttpConnectorSettings,
        _: &RuntimeComponents,
    ) -> SharedHttpConnector {
        self.0.clone()
    }
}

fn client(capture: Option<Arc<Mutex<Option<Captured>>>>, identity_cache: bool) -> Client {
    let http = SharedHttpClient::new(CannedClient(SharedHttpConnector::new(CannedConnector {
        capture,
    })));
    let mut config = Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::from_static(fixture::REGION))
        .credentials_provider(Credentials::new(
            fixture::ACCESS_KEY_ID,
            fixture::SECRET_ACCESS_KEY,
            None,
            None,
            "static",
        ))
        .time_source(StaticTimeSource::new(fixture::time()))
        .retry_config(RetryConfig::disabled())
        .stalled_stream_protection(StalledStreamProtectionConfig::disabled())
        .http_client(http);
    if !identity_cache {
        config = config.identity_cache(IdentityCache::no_cache());
    }
    Client::from_conf(config.build())
}

/// The call exactly as an application writes it: owned input built from the caller's
/// values every time (the SDK's input takes `String`s, so this is part of its cost).
async fn call(client: &Client, i: &Input) -> RunMicrovmOutput {
    client
        .run_microvm()
        .image_identifier(i.image_identifier)
        .image_version(i.image_version)
        .execution_role_arn(i.execution_role_arn)
        .idle_policy(
            IdlePolicy::builder()
                .max_idle_duration_seconds(i.max_idle_duration_seconds)
                .suspended_duration_seconds(i.suspended_duration_seconds)
                .auto_resume_enabled(i.auto_resume_enabled)
                .build()
                .expect("required members set"),
        )
        .logging(Logging::CloudWatch(
            CloudWatchLogging::builder()
                .log_group(i.log_group)
                .log_stream(i.log_stream)
                .build(),
        ))
        .run_hook_payload(i.run_hook_payload)
        .maximum_duration_in_seconds(i.maximum_duration_in_seconds)
        // No kmsKeyIdentifier: aws-sdk-lambdamicrovms 1.18's input has no such member.
        .ingress_network_connectors(i.ingress_network_connectors[0])
        .ingress_network_connectors(i.ingress_network_connectors[1])
        .egress_network_connectors(i.egress_network_connectors[0])
        .egress_network_connectors(i.egress_network_connectors[1])
        .client_token(i.client_token)
        .send()
        .await
        .expect("canned 200 parses")
}

fn build_input(i: &Input) -> RunMicrovmInput {
    RunMicrovmInput::builder()
        .image_identifier(i.image_identifier)
        .image_version(i.image_version)
        .execution_role_arn(i.execution_role_arn)
        .idle_policy(
            IdlePolicy::builder()
                .max_idle_duration_seconds(i.max_idle_duration_seconds)
                .suspended_duration_seconds(i.suspended_duration_seconds)
                .auto_resume_enabled(i.auto_resume_enabled)
                .build()
                .expect("required members set"),
        )
        .logging(Logging::CloudWatch(
            CloudWatchLogging::builder()
                .log_group(i.log_group)
                .log_stream(i.log_stream)
                .build(),
        ))
        .run_hook_payload(i.run_hook_payload)
        .maximum_duration_in_seconds(i.maximum_duration_in_seconds)
        .ingress_network_connectors(i.ingress_network_connectors[0])
        .ingress_network_connectors(i.ingress_network_connectors[1])
        .egress_network_connectors(i.egress_network_connectors[0])
        .egress_network_connectors(i.egress_network_connectors[1])
        .client_token(i.client_token)
        .build()
        .expect("valid input")
}

fn runtime() -> tokio::runtime::Runtime {
    // Current-thread: the call never yields (the connector's future is ready at once), so
    // this measures the SDK, not a scheduler. Time is enabled because the SDK's default
    // sleep implementation is tokio's and the runtime must be able to serve it.
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("runtime")
}

/// Makes one call through a capturing client; checks, outside any timing, that the
/// output is fully parsed. Returns the request the SDK sent.
pub fn capture_and_check(input: &Input) -> Captured {
    let slot = Arc::new(Mutex::new(None));
    let client = client(Some(slot.clone()), false);
    let out = runtime().block_on(call(&client, input));
    check_output(&out);
    slot.lock()
        .expect("not poisoned")
        .take()
        .expect("the SDK called the HTTP client")
}

fn check_output(out: &RunMicrovmOutput) {
    assert_eq!(out.microvm_id(), "mvm-0123456789abcdef0");
    assert_eq!(out.state(), &MicrovmState::Pending);
    assert_eq!(
        out.endpoint(),
        "https://mvm-0123456789abcdef0.microvms.lambda.us-east-1.on.aws"
    );
    assert_eq!(
        out.image_arn(),
        "arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-gw"
    );
    assert_eq!(out.image_version(), "42");
    assert_eq!(
        out.execution_role_arn(),
        Some("arn:aws:iam::123456789012:role/microvm-exec")
    );
    let idle = out.idle_policy().expect("idle policy");
    assert_eq!(
        (
            idle.max_idle_duration_seconds(),
            idle.suspended_duration_seconds(),
            idle.auto_resume_enabled()
        ),
        (900, 3600, true)
    );
    assert_eq!(out.maximum_duration_in_seconds(), 28800);
    assert_eq!(
        (out.started_at().secs(), out.started_at().subsec_nanos()),
        (1_767_225_600, 125_000_000)
    );
    let t = out.terminated_at().expect("terminatedAt");
    assert_eq!((t.secs(), t.subsec_nanos()), (1_767_254_400, 500_000_000));
    assert_eq!(out.state_reason(), Some("Provisioning"));
    assert_eq!(
        out.ingress_network_connectors(),
        ["nc-in-0a1b2c3d", "nc-in-4e5f6a7b"]
    );
    assert_eq!(
        out.egress_network_connectors(),
        ["nc-out-8c9d0e1f", "nc-out-2a3b4c5d"]
    );
    assert_eq!(
        aws_sdk_lambdamicrovms::operation::RequestId::request_id(out),
        Some(fixture::REQUEST_ID)
    );
}

pub fn rows(fx: &'static Fixture) -> Vec<Row> {
    let input = fx.input;
    let mut rows = Vec::new();
    for (cache, name) in [
        (
            false,
            "aws-sdk-lambdamicrovms 1.18: run_microvm().send() (identity cache off)",
        ),
        (
            true,
            "aws-sdk-lambdamicrovms 1.18: run_microvm().send() (default identity cache)",
        ),
    ] {
        let rt = runtime();
        let client = client(None, cache);
        check_output(&rt.block_on(call(&client, &input)));
        rows.push(Row::new(name, Group::Call, Side::Peer, move |n| {
            // One block_on around the n calls: the per-op figure is the call itself, not
            // entering the runtime (which would add one block_on per op).
            rt.block_on(async {
                for _ in 0..n {
                    black_box(call(&client, black_box(&input)).await);
                }
            })
        }));
    }
    let connector = CannedConnector { capture: None };
    let request = || {
        let mut r = HttpRequest::new(SdkBody::from(bytes::Bytes::from_static(b"{}")));
        r.set_uri(fixture::URL).expect("valid URI");
        r
    };
    rows.push(Row::new(
        "breakdown: canned HTTP client, incl. a dummy request (upper bound of its share of the SDK rows)",
        Group::Breakdown,
        Side::Peer,
        move |n| {
            for _ in 0..n {
                black_box(connector.call(black_box(request())));
            }
        },
    ));
    rows.push(Row::new(
        "breakdown: SDK RunMicrovmInput::builder()..build() alone (included in the SDK call rows)",
        Group::Breakdown,
        Side::Peer,
        move |n| {
            for _ in 0..n {
                black_box(build_input(black_box(&input)));
            }
        },
    ));
    rows
}
