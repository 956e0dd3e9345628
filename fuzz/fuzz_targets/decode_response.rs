//! Arbitrary bytes as a `RunMicrovm` / `GetMicrovm` success body: decoding must never panic, must
//! be monotone in the capacities, must accept only JSON that a reference parser (serde_json, with
//! `arbitrary_precision` so that numbers beyond `f64`'s range are JSON, as RFC 8259 and
//! botocore's `json.loads` have them) accepts and must give back the values it reads; wrapped in
//! an HTTP 200 response, the high-level `ops` decoders must agree with the body decoder.
#![no_main]

use lambda_microvms_codec::decode::DecodeError;
use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::model::{
    GetMicrovm, GetMicrovmError, Microvm, RunMicrovm, RunMicrovmError,
};
use lambda_microvms_codec::ops::Outcome;
use libfuzzer_sys::fuzz_target;
use serde_json::Value;

type Big = Microvm<256, 4>;
type Small = Microvm<8, 1>;

fn capacity_error(e: &DecodeError) -> bool {
    matches!(
        e,
        DecodeError::Capacity { .. } | DecodeError::TooManyItems { .. }
    )
}

/// Compares a decoded output with serde_json's reading of the same body (JSON `null` is absent,
/// as in botocore).
fn compare(vm: &Big, v: &Value) {
    let obj = v
        .as_object()
        .expect("decoded from something that is not an object");
    let get = |k: &str| obj.get(k).filter(|x| !x.is_null());
    let s = |k: &str| get(k).map(|x| x.as_str().unwrap_or_else(|| panic!("{k} not a string")));
    assert_eq!(s("microvmId"), Some(vm.microvm_id.as_str()));
    assert_eq!(s("state"), Some(vm.state.as_str()));
    assert_eq!(s("endpoint"), Some(vm.endpoint.as_str()));
    assert_eq!(s("imageArn"), Some(vm.image_arn.as_str()));
    assert_eq!(s("imageVersion"), Some(vm.image_version.as_str()));
    assert_eq!(s("executionRoleArn"), vm.execution_role_arn.as_deref());
    assert_eq!(s("stateReason"), vm.state_reason.as_deref());
    assert_eq!(s("kmsKeyIdentifier"), vm.kms_key_identifier.as_deref());
    let n = get("maximumDurationInSeconds").expect("maximumDurationInSeconds");
    assert_eq!(
        n.as_f64(),
        Some(f64::from(vm.maximum_duration_in_seconds)),
        "maximumDurationInSeconds"
    );
    for (k, t) in [
        ("startedAt", Some(vm.started_at)),
        ("terminatedAt", vm.terminated_at),
    ] {
        match (get(k), t) {
            (None, None) => {}
            (Some(x), Some(t)) => {
                // Epoch seconds as a number or as a numeric string (botocore's
                // `parse_timestamp` takes both; crash-4f4ee554).
                let f = x
                    .as_f64()
                    .or_else(|| x.as_str().and_then(|s| s.parse().ok()))
                    .unwrap_or_else(|| panic!("{k} not a number: {x:?}"));
                // Within a microsecond of the exact value: f64 itself is no more precise here.
                let ours = t.seconds as f64 + f64::from(t.nanos) / 1e9;
                assert!(
                    (ours - f).abs() <= 1e-6 * f.abs().max(1.0),
                    "{k}: {ours} vs {f}"
                );
                assert!(t.nanos < 1_000_000_000);
            }
            (x, t) => panic!("{k}: serde {x:?}, decoded {t:?}"),
        }
    }
    match (get("idlePolicy"), &vm.idle_policy) {
        (None, None) => {}
        (Some(p), Some(ours)) => {
            let p = p.as_object().expect("idlePolicy object");
            let num = |k: &str| p.get(k).and_then(Value::as_f64);
            assert_eq!(
                num("maxIdleDurationSeconds"),
                Some(f64::from(ours.max_idle_duration_seconds))
            );
            assert_eq!(
                num("suspendedDurationSeconds"),
                Some(f64::from(ours.suspended_duration_seconds))
            );
            assert_eq!(
                p.get("autoResumeEnabled").and_then(Value::as_bool),
                Some(ours.auto_resume_enabled)
            );
        }
        (x, ours) => panic!("idlePolicy: serde {x:?}, decoded {ours:?}"),
    }
    for (k, ours) in [
        ("ingressNetworkConnectors", &vm.ingress_network_connectors),
        ("egressNetworkConnectors", &vm.egress_network_connectors),
    ] {
        let theirs: Option<Vec<&str>> = get(k).map(|l| {
            l.as_array()
                .expect("list")
                .iter()
                .map(|x| x.as_str().expect("string item"))
                .collect()
        });
        let ours: Option<Vec<&str>> = ours
            .as_ref()
            .map(|l| l.iter().map(|s| s.as_str()).collect());
        assert_eq!(theirs, ours, "{k}");
    }
}

fuzz_target!(|data: &[u8]| {
    let big = Big::from_json(data);
    let small = Small::from_json(data);
    if let Err(e) = &big {
        let _ = e.to_string();
    }

    // Capacities only add failures of their own kind: a small output that decodes means a big
    // one decodes to the same values, and a big one's non-capacity failure is the small one's.
    match (&big, &small) {
        (Ok(b), Ok(s)) => {
            assert_eq!(b.microvm_id.as_str(), s.microvm_id.as_str());
            assert_eq!(b.state.as_str(), s.state.as_str());
            assert_eq!(b.started_at, s.started_at);
            assert_eq!(b.maximum_duration_in_seconds, s.maximum_duration_in_seconds);
        }
        (Ok(_), Err(e)) => assert!(capacity_error(e), "big Ok, small {e:?}"),
        (Err(e), Ok(_)) => panic!("small Ok, big {e:?}"),
        (Err(_), Err(_)) => {}
    }

    // Decoding into a value that already holds another output replaces every member.
    let mut reused = Big::from_json(br#"{"microvmId":"old","state":"RUNNING","endpoint":"e","imageArn":"i","imageVersion":"1","maximumDurationInSeconds":60,"startedAt":1,"terminatedAt":2,"stateReason":"r","kmsKeyIdentifier":"k","executionRoleArn":"a","idlePolicy":{"maxIdleDurationSeconds":60,"suspendedDurationSeconds":0,"autoResumeEnabled":true},"ingressNetworkConnectors":["x"],"egressNetworkConnectors":[]}"#)
        .expect("fixture decodes");
    let again = reused.decode_into(data);
    match (&big, again) {
        (Ok(b), Ok(())) => assert_eq!(b, &reused),
        (Err(a), Err(b)) => assert_eq!(*a, b),
        (a, b) => panic!("from_json {a:?}, decode_into {b:?}"),
    }

    if let Ok(vm) = &big {
        // What the decoder accepts is JSON (botocore parses an empty body as `{}`).
        let text: &[u8] = if data.is_empty() { b"{}" } else { data };
        match serde_json::from_slice::<Value>(text) {
            Ok(v) => compare(vm, &v),
            Err(e) => panic!("decoded, but serde_json rejects the body: {e}"),
        }
    }

    // The same body in a 200 response, through the operation decoders.
    let mut raw = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        data.len()
    )
    .into_bytes();
    raw.extend_from_slice(data);
    let response = Response::parse(&raw).expect("framed 200 response parses");
    assert_eq!(response.body(), data);
    let run: Result<Outcome<Big, RunMicrovmError>, DecodeError> = RunMicrovm::decode(&response);
    let get: Result<Outcome<Big, GetMicrovmError>, DecodeError> = GetMicrovm::decode(&response);
    let flatten = |o: Outcome<Big, String>| match o {
        Outcome::Ok(v) => v,
        Outcome::Err(e) => panic!("200 decoded as a service error: {e}"),
    };
    let run = run.map(|o| {
        flatten(match o {
            Outcome::Ok(v) => Outcome::Ok(v),
            Outcome::Err(e) => Outcome::Err(e.to_string()),
        })
    });
    let get = get.map(|o| {
        flatten(match o {
            Outcome::Ok(v) => Outcome::Ok(v),
            Outcome::Err(e) => Outcome::Err(e.to_string()),
        })
    });
    for (name, ops) in [("RunMicrovm", run), ("GetMicrovm", get)] {
        match (&big, ops) {
            (Ok(b), Ok(v)) => assert_eq!(b, &v, "{name}"),
            (Err(a), Err(b)) => assert_eq!(*a, b, "{name}"),
            (a, b) => panic!("{name}: body decoder {a:?}, ops {b:?}"),
        }
    }
});
