//! SigV4 signing cost: cold key, cached key, and the floor every signer must pay (SHA-256 of
//! the body, SHA-256 of the canonical request, one HMAC over the string to sign with an
//! already keyed HMAC), on the same bytes: a RunMicrovm-sized POST (~600-byte JSON body,
//! signed headers content-type, host, x-amz-date). Prints the cached/floor ratio at the end.

use criterion::Criterion;
use hmac::{Hmac, KeyInit, Mac};
use lambda_microvms_codec::buf::{Sink, Writer};
use lambda_microvms_codec::sigv4::{Credentials, Mode, Payload, Settings, SignableRequest, Signer};
use sha2::{Digest, Sha256};
use std::hint::black_box;
use std::time::Instant;

const T: i64 = 1_767_225_600; // 2026-01-01T00:00:00Z
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

fn body() -> Vec<u8> {
    let mut b = br#"{"clientToken":"3f1c6d1e-5a3b-4b7e-9b1a-2f7d9c0e4a11","name":"edge-gateway-worker","imageUri":"123456789012.dkr.ecr.us-east-1.amazonaws.com/edge/worker:2025.11.27","executionRoleArn":"arn:aws:iam::123456789012:role/edge-microvm-execution","memorySizeMiB":2048,"vcpuCount":2,"environment":{"variables":{"STAGE":"prod","REGION":"us-east-1","LOG_LEVEL":"info"}},"networkConfig":{"subnetIds":["subnet-0a1b2c3d4e5f67890","subnet-0f9e8d7c6b5a43210"],"securityGroupIds":["sg-0123456789abcdef0"]},"tags":{"team":"edge","cost-center":"4711"},"runHookPayload":"eyJhY3Rpb24iOiJib290IiwidmVyc2lvbiI6M30="}"#.to_vec();
    while b.len() < 600 {
        b.insert(b.len() - 1, b' ');
    }
    b
}

fn main() {
    let body = body();
    let headers = [
        ("Content-Type", "application/json"),
        ("Host", "lambda.us-east-1.amazonaws.com"),
    ];
    let request = SignableRequest {
        method: "POST",
        path: "/2025-09-09/microvms",
        query: &[],
        headers: &headers,
        payload: Payload::Bytes(&body),
    };
    let settings = Settings::default();
    let creds = Credentials::new("AKIDEXAMPLE", SECRET, None).unwrap();
    let mut warm = Signer::new(creds, "us-east-1", "lambda").unwrap();

    // The floor's pre-built inputs.
    let mut canonical = vec![0u8; 4096];
    let n = warm
        .canonical_request_into(&request, T, Mode::Headers, &settings, &mut canonical)
        .unwrap();
    canonical.truncate(n);
    let mut sts = vec![0u8; 512];
    let n = warm
        .string_to_sign_into(&request, T, Mode::Headers, &settings, &mut sts)
        .unwrap();
    sts.truncate(n);
    let keyed = <Hmac<Sha256> as KeyInit>::new_from_slice(&[7u8; 32]).unwrap();

    let cold = |b: &[u8]| {
        let mut s = Signer::new(creds, "us-east-1", "lambda").unwrap();
        let r = SignableRequest {
            payload: Payload::Bytes(b),
            ..request
        };
        *s.sign(&r, T, &settings).unwrap().bytes()
    };
    let mut cached = |b: &[u8]| {
        let r = SignableRequest {
            payload: Payload::Bytes(b),
            ..request
        };
        *warm.sign(&r, T, &settings).unwrap().bytes()
    };
    let floor = |b: &[u8], c: &[u8], s: &[u8]| {
        let body_hash = Sha256::digest(b);
        let canonical_hash = Sha256::digest(c);
        let mut m = keyed.clone();
        m.update(s);
        black_box((body_hash, canonical_hash));
        let out: [u8; 32] = m.finalize().into_bytes().into();
        out
    };

    let mut c = Criterion::default().configure_from_args();
    c.bench_function("sigv4/cold_key", |bch| bch.iter(|| cold(black_box(&body))));
    c.bench_function("sigv4/cached_key", |bch| {
        bch.iter(|| cached(black_box(&body)))
    });
    c.bench_function("sigv4/floor", |bch| {
        bch.iter(|| floor(black_box(&body), black_box(&canonical), black_box(&sts)))
    });
    // Authorization rendering, for completeness (not part of the ratio).
    let mut other = Signer::new(creds, "us-east-1", "lambda").unwrap();
    let sig = other.sign(&request, T, &settings).unwrap();
    c.bench_function("sigv4/write_authorization", |bch| {
        bch.iter(|| {
            let mut out = [0u8; 256];
            let mut w = Writer::new(&mut out);
            black_box(&sig).write_authorization(&mut w);
            w.put(b"");
            black_box(w.finish().unwrap())
        })
    });
    c.final_summary();

    // Ratio from a plain loop: the three are interleaved in short rounds and each keeps its
    // best round, so load from other processes on a shared machine hits all of them alike and
    // inflates none.
    const N: u32 = 2_000;
    let round = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..N {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(N)
    };
    let (mut t_cold, mut t_cached, mut t_floor) = (f64::INFINITY, f64::INFINITY, f64::INFINITY);
    for _ in 0..60 {
        t_cold = t_cold.min(round(&mut || {
            black_box(cold(black_box(&body)));
        }));
        t_cached = t_cached.min(round(&mut || {
            black_box(cached(black_box(&body)));
        }));
        t_floor = t_floor.min(round(&mut || {
            black_box(floor(
                black_box(&body),
                black_box(&canonical),
                black_box(&sts),
            ));
        }));
    }
    println!(
        "sigv4 per signature: cold {t_cold:.0} ns, cached {t_cached:.0} ns, floor {t_floor:.0} ns; \
         cached/floor = {:.3} (goal <= 1.3); canonical request {} B, body {} B",
        t_cached / t_floor,
        canonical.len(),
        body.len()
    );
}
