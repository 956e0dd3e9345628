//! `mvm`: the crate's debugging and differential-testing tool.
//!
//! ```text
//! cargo run --example mvm -- demo
//! cargo run --example mvm -- encode CASE.json            > request.http
//! cargo run --example mvm -- decode RunMicrovm RESPONSE.http
//! cargo run --example mvm -- sigv4 context.json request.txt [--query]
//! ```
//!
//! Every subcommand drives the library exactly as an application would (no shortcuts into
//! private code), so its output can be compared byte for byte or value for value with another
//! implementation: `tests/mvm_cli.rs` compares it with botocore and the official SigV4 suite.
//!
//! Exit status: 0 success (also when `decode` decoded a *service error*: that is a valid
//! answer), 2 bad usage or input (invalid parameters, endpoint, credentials, unreadable file),
//! 3 a response that cannot be decoded. Failures print `error: ...` lines on stderr and nothing
//! on stdout.
//!
//! `decode` prints one JSON line, `{"output": {...}}` or `{"error": {...}}`. Members use the
//! model's camelCase names in model order; absent members are omitted, including an absent
//! error `message` (botocore says `""`, or keeps a non-JSON body as the message; the library
//! has `None` for both). Timestamps are RFC 3339 UTC with their exact fraction (up to 9 digits,
//! trailing zeros trimmed, none when zero); outside the years 1970 to 9999 they are printed as
//! epoch seconds instead (e.g. `"-1.500000000"`). Unknown `state` values are printed raw.
//! Error `type` is the wire code after botocore's cut; for a code that is not one of the
//! operation's modeled errors (botocore looks codes up service-wide) only the common members
//! are printed.

// Shared with the integration tests, which use other parts of these files.
#[allow(dead_code)]
#[path = "../tests/common/params.rs"]
mod params;
#[allow(dead_code)]
#[path = "../tests/common/suite.rs"]
mod suite;

use std::fmt::Display;
use std::io::Write;
use std::process::ExitCode;

use lambda_microvms_codec::buf::Sink;
use lambda_microvms_codec::decode::DecodeError;
use lambda_microvms_codec::endpoint::{self, Endpoint};
use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::http::request;
use lambda_microvms_codec::json::timestamp::Timestamp;
use lambda_microvms_codec::model::{
    ClientToken, GetMicrovm, IdlePolicy, Logging, Microvm, MicrovmActionError, ResumeMicrovm,
    RunMicrovm, SuspendMicrovm, TerminateMicrovm,
};
use lambda_microvms_codec::ops::{Outcome, SIGNING_NAME};
use lambda_microvms_codec::sigv4::{self, Credentials, Mode, Payload, SignableRequest, Signer};
use serde_json::Value;

const USAGE: &str = "\
mvm: debugging and differential-testing tool for lambda-microvms-codec

usage:
  mvm demo                              encode, sign and decode a sample RunMicrovm exchange
  mvm encode CASE.json                  print the signed HTTP/1.1 request (raw bytes)
  mvm decode OPERATION RESPONSE.http    decode a raw HTTP/1.1 response, print one JSON line
  mvm sigv4 CONTEXT.json REQUEST.txt [--query]
                                        sign a request in the SigV4 test suite's format

OPERATION: RunMicrovm, GetMicrovm, TerminateMicrovm, SuspendMicrovm, ResumeMicrovm
CASE.json: {\"operation\", \"params\", \"region\", \"endpoint\", \"useFips\", \"useDualStack\",
            \"credentials\": {\"accessKeyId\", \"secretAccessKey\", \"sessionToken\"},
            \"time\": \"YYYY-MM-DDTHH:MM:SSZ\", \"randomBytes\": 32 hex digits}
exit status: 0 ok, 2 bad usage or input, 3 undecodable response
";

/// Capacities for decoding: the model's maxima (2048-character strings, 10-element lists) with
/// room for multi-byte characters. A debugging tool favours fitting everything over RAM.
const S: usize = 8192;
const N: usize = 10;
const M: usize = 8192;

/// A failed run: the exit status and the `error:` lines to print.
struct Fail {
    status: u8,
    lines: Vec<String>,
}

impl Fail {
    /// Bad usage or input: exit status 2.
    fn input(msg: impl Display) -> Self {
        Fail {
            status: 2,
            lines: vec![msg.to_string()],
        }
    }

    /// An undecodable response: exit status 3.
    fn decode(msg: impl Display) -> Self {
        Fail {
            status: 3,
            lines: vec![msg.to_string()],
        }
    }
}

/// `map_err` helper: a bad-input failure with `what` as context.
fn bad<E: Display>(what: &str) -> impl FnOnce(E) -> Fail + '_ {
    move |e| Fail::input(format!("{what}: {e}"))
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(fail) => {
            let mut err = std::io::stderr().lock();
            for line in &fail.lines {
                let _ = writeln!(err, "error: {line}");
            }
            ExitCode::from(fail.status)
        }
    }
}

fn run(args: &[String]) -> Result<(), Fail> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["demo"] => demo(),
        ["encode", case] => encode(case),
        ["decode", op, file] => decode(Op::parse(op)?, file),
        ["sigv4", ctx, req] => sigv4(ctx, req, false),
        ["sigv4", ctx, req, "--query"] => sigv4(ctx, req, true),
        _ => {
            eprint!("{USAGE}");
            Err(Fail {
                status: 2,
                lines: Vec::new(),
            })
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Op {
    Run,
    Get,
    Terminate,
    Suspend,
    Resume,
}

impl Op {
    fn parse(name: &str) -> Result<Op, Fail> {
        Ok(match name {
            "RunMicrovm" => Op::Run,
            "GetMicrovm" => Op::Get,
            "TerminateMicrovm" => Op::Terminate,
            "SuspendMicrovm" => Op::Suspend,
            "ResumeMicrovm" => Op::Resume,
            other => return Err(Fail::input(format!("unknown operation {other:?}"))),
        })
    }
}

fn read_file(path: &str) -> Result<Vec<u8>, Fail> {
    std::fs::read(path).map_err(bad(path))
}

fn read_json(path: &str) -> Result<Value, Fail> {
    serde_json::from_slice(&read_file(path)?).map_err(bad(path))
}

fn write_stdout(bytes: &[u8]) -> Result<(), Fail> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(bad("stdout"))
}

// ---------------------------------------------------------------------------------------------
// encode

/// Encodes into a buffer sized by the library: one small first try, then exactly the size the
/// `BufferTooSmall` error reported (which must then fit: the tool checks that promise).
fn encode_sized(
    mut encode: impl FnMut(&mut [u8]) -> Result<usize, request::Error>,
) -> Result<Vec<u8>, Fail> {
    let mut buf = vec![0u8; 1024];
    let n = match encode(&mut buf) {
        Ok(n) => n,
        Err(request::Error::BufferTooSmall(t)) => {
            buf = vec![0u8; t.required];
            encode(&mut buf).map_err(|e| {
                Fail::input(format!(
                    "library bug: {e} after reporting {} bytes",
                    t.required
                ))
            })?
        }
        Err(e) => return Err(Fail::input(e)),
    };
    buf.truncate(n);
    Ok(buf)
}

fn str_member<'v>(case: &'v Value, name: &str) -> Result<Option<&'v str>, Fail> {
    match case.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(Fail::input(format!("{name}: must be a string or null"))),
    }
}

fn bool_member(case: &Value, name: &str) -> Result<bool, Fail> {
    match case.get(name) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(Fail::input(format!("{name}: must be a boolean"))),
    }
}

fn encode(path: &str) -> Result<(), Fail> {
    let case = read_json(path)?;
    let op = Op::parse(
        str_member(&case, "operation")?.ok_or_else(|| Fail::input("operation: is required"))?,
    )?;
    let params = case.get("params").unwrap_or(&Value::Null);

    // Parameters first, all problems at once: the mapper's (types, unknown and required
    // members) and then the model's rules on what could be mapped.
    let mut problems: Vec<String> = Vec::new();
    let run_params;
    let mut run_input = None;
    let mut target_id = "";
    if op == Op::Run {
        let (p, errors) = params::RunMicrovmParams::parse_lenient(params);
        problems.extend(errors.iter().map(ToString::to_string));
        run_params = p;
        let random = match (run_params.client_token, str_member(&case, "randomBytes")?) {
            (Some(_), _) => [0; 16],
            (None, Some(hex)) => params::random_bytes(hex).map_err(Fail::input)?,
            (None, None) => {
                return Err(Fail::input(
                    "randomBytes: required when params has no clientToken",
                ));
            }
        };
        let input = run_params.request(random);
        input.validate_each(|e| problems.push(e.to_string()));
        run_input = Some(input);
    } else {
        let (id, errors) = params::microvm_identifier(params);
        problems.extend(errors.iter().map(ToString::to_string));
        GetMicrovm::new(id).validate_each(|e| problems.push(e.to_string()));
        target_id = id;
    }
    if !problems.is_empty() {
        return Err(Fail {
            status: 2,
            lines: problems,
        });
    }

    let region = str_member(&case, "region")?;
    let endpoint_params = endpoint::Params {
        region,
        use_fips: bool_member(&case, "useFips")?,
        use_dual_stack: bool_member(&case, "useDualStack")?,
        endpoint: str_member(&case, "endpoint")?,
    };
    let endpoint = Endpoint::resolve(&endpoint_params).map_err(bad("endpoint"))?;
    let creds = case.get("credentials").unwrap_or(&Value::Null);
    let required = |name: &str| {
        str_member(creds, name)?
            .ok_or_else(|| Fail::input(format!("credentials.{name}: is required")))
    };
    let credentials = Credentials::new(
        required("accessKeyId")?,
        required("secretAccessKey")?,
        str_member(creds, "sessionToken")?,
    )
    .map_err(bad("credentials"))?;
    // A custom endpoint resolves without a region, but the signature's scope still needs one.
    let region = region.ok_or_else(|| Fail::input("region: is required to sign"))?;
    let mut signer = Signer::new(credentials, region, SIGNING_NAME).map_err(bad("signer"))?;
    let time = str_member(&case, "time")?.ok_or_else(|| Fail::input("time: is required"))?;
    let t = suite::unix_seconds(time).map_err(Fail::input)?;

    let s = &mut signer;
    let e = &endpoint;
    let bytes = match (op, run_input) {
        (Op::Run, Some(input)) => encode_sized(|b| input.encode(e, s, t, b).map(|r| r.len()))?,
        (Op::Get, _) => {
            let input = GetMicrovm::new(target_id);
            encode_sized(|b| input.encode(e, s, t, b).map(|r| r.len()))?
        }
        (Op::Terminate, _) => {
            let input = TerminateMicrovm::new(target_id);
            encode_sized(|b| input.encode(e, s, t, b).map(|r| r.len()))?
        }
        (Op::Suspend, _) => {
            let input = SuspendMicrovm::new(target_id);
            encode_sized(|b| input.encode(e, s, t, b).map(|r| r.len()))?
        }
        (Op::Resume, _) => {
            let input = ResumeMicrovm::new(target_id);
            encode_sized(|b| input.encode(e, s, t, b).map(|r| r.len()))?
        }
        (Op::Run, None) => unreachable!("RunMicrovm input is built above"),
    };
    write_stdout(&bytes)
}

// ---------------------------------------------------------------------------------------------
// decode

/// A JSON object whose members keep the order they are put in (model order), unlike
/// `serde_json::Map` without its `preserve_order` feature.
#[derive(Default)]
struct Obj(Vec<(&'static str, String)>);

impl Obj {
    fn put(&mut self, key: &'static str, value: impl Into<Value>) -> &mut Self {
        self.0.push((key, value.into().to_string()));
        self
    }

    fn put_opt(&mut self, key: &'static str, value: Option<impl Into<Value>>) -> &mut Self {
        if let Some(v) = value {
            self.put(key, v);
        }
        self
    }

    fn put_obj(&mut self, key: &'static str, value: Obj) -> &mut Self {
        self.0.push((key, value.text()));
        self
    }

    fn text(&self) -> String {
        let members: Vec<String> = self
            .0
            .iter()
            .map(|(k, v)| format!("{}:{v}", Value::from(*k)))
            .collect();
        format!("{{{}}}", members.join(","))
    }
}

/// RFC 3339 UTC with the exact fraction (trailing zeros trimmed, none when zero).
fn rfc3339(t: Timestamp) -> String {
    let mut out = VecSink::default();
    match t.write_rfc3339(&mut out) {
        Ok(()) => String::from_utf8(out.0).expect("RFC 3339 is ASCII"),
        // Outside 1970..=9999: the exact epoch seconds rather than a made-up calendar date.
        Err(_) => t.to_string(),
    }
}

fn microvm_json(vm: &Microvm<S, N>) -> Obj {
    let list = |l: &Option<heapless::Vec<heapless::String<S>, N>>| {
        l.as_ref().map(|l| {
            l.iter()
                .map(|s| Value::from(s.as_str()))
                .collect::<Vec<_>>()
        })
    };
    let mut o = Obj::default();
    o.put("microvmId", vm.microvm_id.as_str())
        .put("state", vm.state.as_str())
        .put("endpoint", vm.endpoint.as_str())
        .put("imageArn", vm.image_arn.as_str())
        .put("imageVersion", vm.image_version.as_str())
        .put_opt("executionRoleArn", vm.execution_role_arn.as_deref());
    if let Some(p) = vm.idle_policy {
        let mut policy = Obj::default();
        policy
            .put("maxIdleDurationSeconds", p.max_idle_duration_seconds)
            .put("suspendedDurationSeconds", p.suspended_duration_seconds)
            .put("autoResumeEnabled", p.auto_resume_enabled);
        o.put_obj("idlePolicy", policy);
    }
    o.put("maximumDurationInSeconds", vm.maximum_duration_in_seconds)
        .put("startedAt", rfc3339(vm.started_at))
        .put_opt("terminatedAt", vm.terminated_at.map(rfc3339))
        .put_opt("stateReason", vm.state_reason.as_deref())
        .put_opt("kmsKeyIdentifier", vm.kms_key_identifier.as_deref())
        .put_opt(
            "ingressNetworkConnectors",
            list(&vm.ingress_network_connectors),
        )
        .put_opt(
            "egressNetworkConnectors",
            list(&vm.egress_network_connectors),
        );
    o
}

/// `{"type", "message", "httpStatus", "retryable", "throttling", ...modeled members}`: the same
/// for every operation's error enum, through their shared accessors (absent members omitted).
macro_rules! error_json {
    ($e:expr) => {{
        let e = $e;
        let mut o = Obj::default();
        o.put("type", e.code())
            .put_opt("message", e.message())
            .put("httpStatus", e.http_status())
            .put("retryable", e.is_retryable())
            .put("throttling", e.is_throttling())
            .put_opt("resourceId", e.resource_id())
            .put_opt("resourceType", e.resource_type())
            .put_opt("serviceCode", e.service_code())
            .put_opt("quotaCode", e.quota_code())
            .put_opt("retryAfterSeconds", e.retry_after_seconds());
        o
    }};
}

fn decode_failure(e: DecodeError) -> Fail {
    Fail::decode(e)
}

/// Decodes `response` as the answer to `op`: `{"output": ...}` or `{"error": ...}`.
fn decode_response(op: Op, response: &Response<'_>) -> Result<String, Fail> {
    let wrap = |key: &'static str, o: Obj| {
        let mut top = Obj::default();
        top.put_obj(key, o);
        top.text()
    };
    let action = |outcome: Outcome<(), MicrovmActionError<M>>| match outcome {
        Outcome::Ok(()) => wrap("output", Obj::default()),
        Outcome::Err(e) => wrap("error", error_json!(&e)),
    };
    Ok(match op {
        Op::Run | Op::Get => {
            // In place and on the heap: the value is ~100 KB at these capacities.
            let mut vm: Box<Microvm<S, N>> = Box::default();
            if op == Op::Run {
                match RunMicrovm::decode_into::<S, N, M>(response, &mut vm)
                    .map_err(decode_failure)?
                {
                    Outcome::Ok(()) => wrap("output", microvm_json(&vm)),
                    Outcome::Err(e) => wrap("error", error_json!(&e)),
                }
            } else {
                match GetMicrovm::decode_into::<S, N, M>(response, &mut vm)
                    .map_err(decode_failure)?
                {
                    Outcome::Ok(()) => wrap("output", microvm_json(&vm)),
                    Outcome::Err(e) => wrap("error", error_json!(&e)),
                }
            }
        }
        Op::Terminate => action(TerminateMicrovm::decode::<M>(response).map_err(decode_failure)?),
        Op::Suspend => action(SuspendMicrovm::decode::<M>(response).map_err(decode_failure)?),
        Op::Resume => action(ResumeMicrovm::decode::<M>(response).map_err(decode_failure)?),
    })
}

fn decode(op: Op, path: &str) -> Result<(), Fail> {
    let mut bytes = read_file(path)?;
    // In place so that chunked bodies are decoded inside the buffer they arrived in.
    let response = Response::parse_in_place(&mut bytes).map_err(Fail::decode)?;
    let line = decode_response(op, &response)?;
    write_stdout(format!("{line}\n").as_bytes())
}

// ---------------------------------------------------------------------------------------------
// sigv4

/// Collects a `Sink`'s output (the library writes only through `Sink`s).
#[derive(Default)]
struct VecSink(Vec<u8>);

impl Sink for VecSink {
    fn put(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
}

/// Runs a `*_into` debugging output, retrying once with the size the signer asked for.
fn into_string(
    mut f: impl FnMut(&mut [u8]) -> Result<usize, sigv4::Error>,
) -> Result<String, Fail> {
    let mut buf = vec![0u8; 4096];
    let n = match f(&mut buf) {
        Err(sigv4::Error::BufferTooSmall(t)) => {
            buf = vec![0u8; t.required];
            f(&mut buf)
        }
        other => other,
    }
    .map_err(bad("signing"))?;
    buf.truncate(n);
    String::from_utf8(buf).map_err(bad("signing output"))
}

fn sigv4(ctx_path: &str, req_path: &str, query_mode: bool) -> Result<(), Fail> {
    let ctx = suite::Context::parse(&read_json(ctx_path)?).map_err(Fail::input)?;
    let text = String::from_utf8(read_file(req_path)?).map_err(bad(req_path))?;
    let req = suite::Request::parse(&text).map_err(Fail::input)?;
    let (path, query) = req.path_and_query().map_err(Fail::input)?;
    let query = suite::refs(&query);
    let headers = suite::refs(&req.headers);
    let request = SignableRequest {
        method: &req.method,
        path: &path,
        query: &query,
        headers: &headers,
        payload: Payload::Bytes(&req.body),
    };
    let credentials = Credentials::new(
        &ctx.access_key_id,
        &ctx.secret_access_key,
        ctx.token.as_deref(),
    )
    .map_err(bad("credentials"))?;
    let mut signer = Signer::new(credentials, &ctx.region, &ctx.service).map_err(bad("signer"))?;
    let (t, settings) = (ctx.unix_seconds, ctx.settings);
    let mode = if query_mode {
        Mode::Query {
            expires_in: ctx.expires_in,
        }
    } else {
        Mode::Headers
    };
    let canonical =
        into_string(|b| signer.canonical_request_into(&request, t, mode, &settings, b))?;
    let string_to_sign =
        into_string(|b| signer.string_to_sign_into(&request, t, mode, &settings, b))?;

    let mut o = Obj::default();
    o.put("canonicalRequest", canonical)
        .put("stringToSign", string_to_sign);
    if query_mode {
        let url = into_string(|b| signer.presign(&request, t, ctx.expires_in, &settings, b))?;
        let signature = url
            .rsplit_once("X-Amz-Signature=")
            .map(|(_, s)| s.to_owned())
            .unwrap_or_default();
        o.put("signature", signature).put("signedUrl", url);
    } else {
        let sig = signer
            .sign(&request, t, &settings)
            .map_err(bad("signing"))?;
        let mut auth = VecSink::default();
        sig.write_authorization(&mut auth);
        o.put(
            "signature",
            String::from_utf8_lossy(&sig.hex()).into_owned(),
        )
        .put(
            "authorization",
            String::from_utf8_lossy(&auth.0).into_owned(),
        );
    }
    write_stdout(format!("{}\n", o.text()).as_bytes())
}

// ---------------------------------------------------------------------------------------------
// demo

/// Stands in for 16 bytes from the device's RNG, so the demo's output is reproducible.
const DEMO_RANDOM: [u8; 16] = [
    0x3f, 0x1c, 0x6d, 0x1e, 0x5a, 0x3b, 0x4b, 0x7e, 0x9b, 0x1a, 0x2f, 0x7d, 0x9c, 0x0e, 0x4a, 0x11,
];
const DEMO_TIME: &str = "2026-11-27T14:35:11Z";

const DEMO_BODY: &str = concat!(
    r#"{"microvmId":"mvm-0f3c9a7d5e2b4c61","state":"PENDING","#,
    r#""endpoint":"mvm-0f3c9a7d5e2b4c61.microvm.lambda.us-east-1.on.aws","#,
    r#""imageArn":"arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-agent","#,
    r#""imageVersion":"7","executionRoleArn":"arn:aws:iam::123456789012:role/edge-agent","#,
    r#""idlePolicy":{"maxIdleDurationSeconds":300,"suspendedDurationSeconds":3600,"autoResumeEnabled":true},"#,
    r#""maximumDurationInSeconds":7200,"startedAt":1795790111.482,"#,
    r#""ingressNetworkConnectors":["arn:aws:lambda:us-east-1:123456789012:network-connector/nc-ingress"],"#,
    r#""egressNetworkConnectors":["arn:aws:lambda:us-east-1:123456789012:network-connector/nc-egress"]}"#
);

const DEMO_THROTTLED_BODY: &str =
    r#"{"message":"Rate exceeded","serviceCode":"lambda","quotaCode":"L-9A7B3C21"}"#;

fn heading(text: &str) {
    println!("\n== {text} ==");
}

fn demo() -> Result<(), Fail> {
    let t = suite::unix_seconds(DEMO_TIME).map_err(Fail::input)?;
    let endpoint =
        Endpoint::resolve(&endpoint::Params::region("us-east-1")).map_err(bad("endpoint"))?;
    // The AWS documentation's example keys: the signature is real, the credentials are not.
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
    .map_err(bad("credentials"))?;
    let mut signer = Signer::new(credentials, "us-east-1", SIGNING_NAME).map_err(bad("signer"))?;

    let ingress = ["arn:aws:lambda:us-east-1:123456789012:network-connector/nc-ingress"];
    let egress = ["arn:aws:lambda:us-east-1:123456789012:network-connector/nc-egress"];
    let input = RunMicrovm::new(
        "arn:aws:lambda:us-east-1:123456789012:microvm-image:edge-agent",
        ClientToken::from_random(DEMO_RANDOM),
    )
    .image_version("7")
    .execution_role_arn("arn:aws:iam::123456789012:role/edge-agent")
    .idle_policy(IdlePolicy::new(300, 3600, true))
    .logging(Logging::cloud_watch("/microvms/edge-agent"))
    .run_hook_payload(r#"{"tenant":"acme","configRef":"ssm:/edge/acme/config"}"#)
    .maximum_duration_in_seconds(7200)
    .ingress_network_connectors(&ingress)
    .egress_network_connectors(&egress);

    let mut url = VecSink::default();
    endpoint.write_url(&mut url);
    let mut tx = [0u8; 2048];
    let request = input
        .encode(&endpoint, &mut signer, t, &mut tx)
        .map_err(bad("encode"))?;
    heading(&format!(
        "RunMicrovm request: {} bytes for {} port {}, signed at {DEMO_TIME}",
        request.len(),
        String::from_utf8_lossy(&url.0),
        endpoint.port()
    ));
    println!("{}", String::from_utf8_lossy(request.as_bytes()));

    // The service's answer, as a transport would hand it over: here chunked, in two pieces.
    let (first, second) = DEMO_BODY.split_at(DEMO_BODY.len() / 2);
    let mut rx = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\
         x-amzn-RequestId: 4f0d3a2b-7c1e-4e8a-b5d6-9f0a1b2c3d4e\r\n\
         Transfer-Encoding: chunked\r\n\r\n{:x}\r\n{first}\r\n{:x}\r\n{second}\r\n0\r\n\r\n",
        first.len(),
        second.len()
    )
    .into_bytes();
    let response = Response::parse_in_place(&mut rx).map_err(Fail::decode)?;
    heading(&format!(
        "200 response ({} body bytes, chunked) decoded",
        response.body().len()
    ));
    println!("{}", decode_response(Op::Run, &response)?);

    let throttled = format!(
        "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n\
         x-amzn-RequestId: 8d2c7f4e-1b6a-4c3d-9e5f-0a1b2c3d4e5f\r\n\
         x-amzn-ErrorType: ThrottlingException:http://internal.amazon.com/coral/com.amazonaws.lambda/\r\n\
         Retry-After: 2\r\nContent-Length: {}\r\n\r\n{DEMO_THROTTLED_BODY}",
        DEMO_THROTTLED_BODY.len()
    );
    let response = Response::parse(throttled.as_bytes()).map_err(Fail::decode)?;
    heading("429 response decoded");
    println!("{}", decode_response(Op::Run, &response)?);
    if let Outcome::Err(e) = RunMicrovm::decode::<256, 4, 256>(&response).map_err(decode_failure)? {
        println!("as text: {e}");
    }
    Ok(())
}
