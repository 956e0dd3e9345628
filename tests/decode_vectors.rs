//! Response and error decoding compared with botocore 1.44.8's parse of the same HTTP responses
//! (tests/data/vectors/run_microvm_responses.json and errors.json; see the README there).

use lambda_microvms_codec::decode::DecodeError;
use lambda_microvms_codec::json::timestamp::Timestamp;
use lambda_microvms_codec::model::{Microvm, RunMicrovmError};
use serde_json::Value;

fn load(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/data/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match serde_json::from_str(&text).expect("vector file is JSON") {
        Value::Array(v) => v,
        _ => panic!("{path}: not an array"),
    }
}

/// The value of header `name`, looked up case-insensitively as botocore does.
fn header<'a>(v: &'a Value, name: &str) -> Option<&'a [u8]> {
    v["http"]["headers"]
        .as_array()?
        .iter()
        .rev()
        .find(|h| h[0].as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))
        .and_then(|h| h[1].as_str())
        .map(str::as_bytes)
}

fn body(v: &Value) -> &[u8] {
    v["http"]["body"].as_str().expect("body").as_bytes()
}

/// RFC 3339 in the vectors' form: fraction only when non-zero, trailing zeros trimmed.
fn rfc3339(t: Timestamp) -> String {
    let mut out = [0u8; 40];
    let mut w = lambda_microvms_codec::buf::Writer::new(&mut out);
    t.write_rfc3339(&mut w)
        .expect("vector timestamps are within 1970..=9999");
    let n = w.finish().unwrap();
    String::from_utf8(out[..n].to_vec()).unwrap()
}

fn opt_str(s: Option<&str>) -> Value {
    s.map_or(Value::Null, |s| Value::String(s.to_owned()))
}

/// Our decoded value in botocore's output form (absent members omitted).
fn to_botocore<const S: usize, const N: usize>(vm: &Microvm<S, N>) -> Value {
    let mut o = serde_json::Map::new();
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            o.insert(k.to_owned(), v);
        }
    };
    put("microvmId", opt_str(Some(&vm.microvm_id)));
    put("state", opt_str(Some(vm.state.as_str())));
    put("endpoint", opt_str(Some(&vm.endpoint)));
    put("imageArn", opt_str(Some(&vm.image_arn)));
    put("imageVersion", opt_str(Some(&vm.image_version)));
    put(
        "executionRoleArn",
        opt_str(vm.execution_role_arn.as_deref()),
    );
    if let Some(p) = vm.idle_policy {
        put(
            "idlePolicy",
            serde_json::json!({
                "maxIdleDurationSeconds": p.max_idle_duration_seconds,
                "suspendedDurationSeconds": p.suspended_duration_seconds,
                "autoResumeEnabled": p.auto_resume_enabled,
            }),
        );
    }
    put(
        "maximumDurationInSeconds",
        Value::from(vm.maximum_duration_in_seconds),
    );
    put("startedAt", Value::String(rfc3339(vm.started_at)));
    put(
        "terminatedAt",
        vm.terminated_at
            .map_or(Value::Null, |t| Value::String(rfc3339(t))),
    );
    put("stateReason", opt_str(vm.state_reason.as_deref()));
    put(
        "kmsKeyIdentifier",
        opt_str(vm.kms_key_identifier.as_deref()),
    );
    let list = |l: &Option<heapless::Vec<heapless::String<S>, N>>| {
        l.as_ref().map_or(Value::Null, |l| {
            Value::Array(l.iter().map(|s| Value::String(s.to_string())).collect())
        })
    };
    put(
        "ingressNetworkConnectors",
        list(&vm.ingress_network_connectors),
    );
    put(
        "egressNetworkConnectors",
        list(&vm.egress_network_connectors),
    );
    Value::Object(o)
}

#[test]
fn responses_match_botocore() {
    let vectors = load("run_microvm_responses.json");
    assert!(vectors.len() >= 100, "{} vectors", vectors.len());
    // Model maxima (2048-byte strings, 10-entry lists), decoded in place into one heap value.
    let mut big: Box<Microvm<2048, 10>> = Box::default();
    let (mut fit_default, mut over_default) = (0, 0);
    for v in &vectors {
        let name = v["name"].as_str().unwrap_or("?");
        assert_eq!(v["http"]["status"], 200, "{name}");
        let expected = &v["expected"]["output"];
        big.decode_into(body(v))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours = to_botocore(&*big);
        let (ours, exp) = (ours.as_object().unwrap(), expected.as_object().unwrap());
        for (k, want) in exp {
            assert_eq!(ours.get(k), Some(want), "{name}: member {k}");
        }
        for k in ours.keys() {
            assert!(exp.contains_key(k), "{name}: extra member {k}");
        }

        // Default capacities: the same result, or an error naming a member that really is too
        // long (with its true length) or a list that really is too long.
        match <Microvm>::from_json(body(v)) {
            Ok(small) => {
                fit_default += 1;
                assert_eq!(to_botocore(&small), to_botocore(&*big), "{name}");
            }
            Err(DecodeError::Capacity { member, needed }) => {
                over_default += 1;
                assert!(needed > 256, "{name}: {member} {needed}");
                let lens: Vec<usize> = match &expected[member] {
                    Value::String(s) => vec![s.len()],
                    Value::Array(a) => a.iter().filter_map(|s| s.as_str()).map(str::len).collect(),
                    other => panic!("{name}: {member} is {other}"),
                };
                assert!(
                    lens.contains(&needed),
                    "{name}: {member} needs {needed}, has {lens:?}"
                );
            }
            Err(DecodeError::TooManyItems {
                member,
                capacity,
                needed,
            }) => {
                over_default += 1;
                assert_eq!(capacity, 4, "{name}");
                assert_eq!(
                    expected[member].as_array().map(Vec::len),
                    Some(needed),
                    "{name}"
                );
            }
            Err(e) => panic!("{name}: {e}"),
        }
    }
    assert!(
        fit_default > 0 && over_default > 0,
        "{fit_default} {over_default}"
    );
}

/// botocore's `modeled` dictionary from our typed error (only members our shapes have).
fn modeled_members(e: &RunMicrovmError<2048>) -> Vec<(&'static str, Value)> {
    let s = |v: &Option<heapless::String<2048>>| opt_str(v.as_deref());
    let retry = |r: Option<i32>| r.map_or(Value::Null, Value::from);
    match e {
        RunMicrovmError::InternalServerException(x) => {
            vec![("retryAfterSeconds", retry(x.retry_after_seconds))]
        }
        RunMicrovmError::ResourceNotFoundException(x) => vec![
            ("resourceType", s(&x.resource_type)),
            ("resourceId", s(&x.resource_id)),
        ],
        RunMicrovmError::ThrottlingException(x) => vec![
            ("serviceCode", s(&x.service_code)),
            ("quotaCode", s(&x.quota_code)),
            ("retryAfterSeconds", retry(x.retry_after_seconds)),
        ],
        RunMicrovmError::ConflictException(x) => vec![
            ("resourceId", s(&x.resource_id)),
            ("resourceType", s(&x.resource_type)),
        ],
        RunMicrovmError::ServiceQuotaExceededException(x) => vec![
            ("resourceId", s(&x.resource_id)),
            ("resourceType", s(&x.resource_type)),
            ("serviceCode", s(&x.service_code)),
            ("quotaCode", s(&x.quota_code)),
        ],
        _ => vec![],
    }
}

const MODELED: [&str; 8] = [
    "InternalServerException",
    "AccessDeniedException",
    "InsufficientCapacityException",
    "ResourceNotFoundException",
    "ThrottlingException",
    "ConflictException",
    "ValidationException",
    "ServiceQuotaExceededException",
];

#[test]
fn errors_match_botocore() {
    let vectors = load("errors.json");
    assert!(vectors.len() >= 50, "{} vectors", vectors.len());
    let mut non_json = 0;
    for v in &vectors {
        let name = v["name"].as_str().unwrap_or("?");
        assert_eq!(v["operation"], "RunMicrovm", "{name}");
        let status = v["http"]["status"].as_u64().unwrap() as u16;
        let exp = &v["expected"];
        let e = RunMicrovmError::<2048>::decode_error(
            status,
            header(v, "x-amzn-errortype"),
            header(v, "retry-after"),
            body(v),
        )
        .unwrap_or_else(|err| panic!("{name}: {err}"));

        assert_eq!(e.code(), exp["code"].as_str().unwrap(), "{name}");
        assert_eq!(u64::from(e.http_status()), exp["httpStatus"], "{name}");
        assert_eq!(
            MODELED.contains(&e.code()),
            !matches!(e, RunMicrovmError::Unknown(_)),
            "{name}"
        );

        // As botocore's `bytes.strip()`: ASCII whitespace *and* vertical tab.
        let py_space = |b: &u8| b.is_ascii_whitespace() || *b == 0x0b;
        let b = body(v);
        let start = b.iter().position(|c| !py_space(c)).unwrap_or(b.len());
        let end = b
            .iter()
            .rposition(|c| !py_space(c))
            .map_or(start, |i| i + 1);
        let trimmed = &b[start..end];
        let generic = status >= 500 && (trimmed.is_empty() || trimmed.starts_with(b"<html>"));
        let is_json = serde_json::from_slice::<Value>(body(v)).is_ok();
        if !is_json && !generic && !trimmed.is_empty() {
            // botocore keeps the whole body text as the message; we deliberately do not.
            non_json += 1;
            assert_eq!(e.message(), None, "{name}");
        } else {
            // botocore's "" for an absent message is our None.
            assert_eq!(
                e.message().unwrap_or(""),
                exp["message"].as_str().unwrap_or(""),
                "{name}"
            );
            let none_expected = exp["message"].is_null()
                || !generic && {
                    // Absent message: botocore says "", we say None.
                    let b: Value = serde_json::from_slice(body(v)).unwrap_or(Value::Null);
                    b.get("message").is_none() && b.get("Message").is_none()
                };
            assert_eq!(e.message().is_none(), none_expected, "{name}");
        }

        match &exp["modeled"] {
            Value::Null => assert!(matches!(e, RunMicrovmError::Unknown(_)), "{name}"),
            // botocore looks codes up service-wide (e.g. `TooManyRequestsException`), we among
            // the operation's errors: such codes are `Unknown` here (checked above).
            Value::Object(_) if !MODELED.contains(&e.code()) => {}
            Value::Object(m) => {
                for (k, ours) in modeled_members(&e) {
                    assert_eq!(&ours, m.get(k).unwrap_or(&Value::Null), "{name}: {k}");
                }
            }
            other => panic!("{name}: modeled {other}"),
        }
    }
    assert!(non_json > 0);
}

/// Prefixes and a family of byte-flipped variants of every vector body: decoding returns
/// (Ok or Err) and never panics, whatever the damage.
#[test]
fn damaged_bodies_never_panic() {
    let mut seed: u32 = 0x9e37_79b9;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let mut vm: Box<Microvm<64, 2>> = Box::default();
    for file in ["run_microvm_responses.json", "errors.json"] {
        for v in load(file) {
            let b = body(&v);
            // About 100 prefixes per body keeps this quadratic loop fast in debug builds.
            for end in (0..=b.len()).step_by(b.len() / 100 + 1) {
                let _ = vm.decode_into(&b[..end]);
                let _ = RunMicrovmError::<16>::decode_error(500, None, Some(&b[..end]), &b[..end]);
            }
            for _ in 0..20 {
                let mut m = b.to_vec();
                if m.is_empty() {
                    break;
                }
                for _ in 0..3 {
                    let i = next() as usize % m.len();
                    m[i] = b"{}[]\",:\\u0n1-.eE \x00\xff"[next() as usize % 19];
                }
                let _ = vm.decode_into(&m);
                let _ = RunMicrovmError::<16>::decode_error(400, Some(&m), None, &m);
            }
        }
    }
}
