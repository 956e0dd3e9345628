//! RunMicrovm codec cost next to the hashing floor on the same bytes.
//!
//! - `encode_sign/cold`: `RunMicrovm::encode` (validate, JSON body, HTTP/1.1 framing, SigV4)
//!   with a fresh `Signer`, so the day's key is derived (4 extra HMACs).
//! - `encode_sign/cached`: the same with a long-lived `Signer` (key cached), the steady state.
//! - `floor`: SHA-256 of the body the encoder wrote + SHA-256 of the canonical request the
//!   signer built for it + one HMAC-SHA256 of the string to sign with an already keyed HMAC:
//!   the work no SigV4 client can skip. The inputs come from a real encode, and setup checks
//!   they reproduce the signature in the encoded head.
//! - `decode/ok`: `http::Response::parse` + `RunMicrovm::decode_into` of a 200 response with
//!   every output member (674-byte body); `decode/ok_value`: the same through `decode`.
//! - `decode/body_only`: `Microvm::decode_into` of the same body alone, as serde_json gets it.
//! - `decode/error`: parse + decode of a 402 `ServiceQuotaExceededException`.
//! - `decode/serde_json_borrowed`: `serde_json::from_slice` of the 200 body into borrowed
//!   structs (`Cow<str>`, `f64` timestamps), the goal's reference.
//!
//! Prints the ratios at the end from interleaved plain loops (best round of each), like
//! `benches/sign.rs`; for exactly repeatable numbers use `scripts/callgrind.sh`.

use criterion::Criterion;
use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::model::{Microvm, RunMicrovm, RunMicrovmError};
use lambda_microvms_codec::ops::Outcome;
use lambda_microvms_codec::sigv4::Settings;
use std::hint::black_box;
use std::time::Instant;

#[path = "common/fixture.rs"]
mod fixture;
#[path = "common/serde_shapes.rs"]
mod serde_shapes;

use fixture::{FloorInputs, T};

type Vm = Microvm<128, 4>;
type Err = RunMicrovmError<256>;

fn main() {
    let input = fixture::input();
    let endpoint = fixture::endpoint();
    let floor = FloorInputs::new();
    let ok = fixture::ok_response();
    let error = fixture::error_response();
    let mut warm = fixture::signer();
    let mut tx = vec![0u8; 4096];
    let mut out: Vm = Microvm::new();

    // Correctness outside timing.
    {
        let r = input.encode(&endpoint, &mut warm, T, &mut tx).unwrap();
        assert_eq!(r.body(), &floor.body[..]);
        let resp = Response::parse(&ok).unwrap();
        let o: Outcome<(), Err> = RunMicrovm::decode_into(&resp, &mut out).unwrap();
        assert!(o.is_ok());
        assert_eq!(out.microvm_id.as_str(), "mvm-0123456789abcdef0");
        assert_eq!(out.terminated_at.map(|t| t.nanos), Some(500_000_000));
        let resp = Response::parse(&error).unwrap();
        let o: Outcome<(), Err> = RunMicrovm::decode_into(&resp, &mut out).unwrap();
        match o {
            Outcome::Err(e) => assert_eq!(e.code(), "ServiceQuotaExceededException"),
            Outcome::Ok(()) => panic!("402 decoded as success"),
        }
        serde_shapes::check(ok_body(&ok));
    }

    let cold = |tx: &mut [u8]| {
        let mut s = fixture::signer();
        black_box(&input)
            .encode(&endpoint, &mut s, T, tx)
            .unwrap()
            .len()
    };
    let mut cached = |tx: &mut [u8]| {
        black_box(&input)
            .encode(&endpoint, &mut warm, T, tx)
            .unwrap()
            .len()
    };
    let decode_ok = |raw: &[u8], out: &mut Vm| {
        let resp = Response::parse(raw).unwrap();
        let o: Outcome<(), Err> = RunMicrovm::decode_into(&resp, out).unwrap();
        o.is_ok()
    };
    let decode_value = |raw: &[u8]| {
        let resp = Response::parse(raw).unwrap();
        let o: Outcome<Vm, Err> = RunMicrovm::decode(&resp).unwrap();
        o
    };
    let decode_err = |raw: &[u8]| {
        let resp = Response::parse(raw).unwrap();
        let o: Outcome<Vm, Err> = RunMicrovm::decode(&resp).unwrap();
        o
    };
    let body = ok_body(&ok).to_vec();
    // The parts of encode+sign, for locating its cost: the body alone, and the signer alone
    // on the same bytes (it hashes the body itself).
    let mut body_buf = vec![0u8; 4096];
    let encode_body = |buf: &mut [u8]| {
        let mut w = Writer::new(buf);
        black_box(&input).write_body(&mut w);
        w.finish().unwrap()
    };
    let signable = fixture::signable(&floor.body);
    let mut sign_only = fixture::signer();
    let mut sign = || {
        *sign_only
            .sign(black_box(&signable), T, &Settings::DEFAULT)
            .unwrap()
            .bytes()
    };

    let mut c = Criterion::default().configure_from_args();
    c.bench_function("encode_sign/cold", |b| b.iter(|| black_box(cold(&mut tx))));
    c.bench_function("encode_sign/cached", |b| {
        b.iter(|| black_box(cached(&mut tx)))
    });
    c.bench_function("floor", |b| b.iter(|| black_box(floor.run())));
    c.bench_function("encode_body", |b| {
        b.iter(|| black_box(encode_body(&mut body_buf)))
    });
    c.bench_function("sign_cached", |b| b.iter(|| black_box(sign())));
    c.bench_function("decode/ok", |b| {
        b.iter(|| black_box(decode_ok(black_box(&ok), &mut out)))
    });
    c.bench_function("decode/ok_value", |b| {
        b.iter(|| black_box(decode_value(black_box(&ok))))
    });
    c.bench_function("decode/body_only", |b| {
        b.iter(|| {
            out.decode_into(black_box(&body)).unwrap();
            black_box(&out);
        })
    });
    c.bench_function("decode/error", |b| {
        b.iter(|| black_box(decode_err(black_box(&error))))
    });
    c.bench_function("decode/serde_json_borrowed", |b| {
        b.iter(|| black_box(serde_shapes::decode(black_box(&body))))
    });
    c.final_summary();

    // Ratios from interleaved plain loops, best round of each (see benches/sign.rs).
    const N: u32 = 1_000;
    let round = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..N {
            f();
        }
        start.elapsed().as_nanos() as f64 / f64::from(N)
    };
    let mut best = [f64::INFINITY; 9];
    for _ in 0..40 {
        let t = [
            round(&mut || {
                black_box(cold(&mut tx));
            }),
            round(&mut || {
                black_box(cached(&mut tx));
            }),
            round(&mut || {
                black_box(floor.run());
            }),
            round(&mut || {
                black_box(decode_ok(black_box(&ok), &mut out));
            }),
            round(&mut || {
                black_box(decode_err(black_box(&error)));
            }),
            round(&mut || {
                black_box(serde_shapes::decode(black_box(&body)));
            }),
            round(&mut || {
                black_box(encode_body(&mut body_buf));
            }),
            round(&mut || {
                black_box(sign());
            }),
            round(&mut || {
                out.decode_into(black_box(&body)).unwrap();
                black_box(&out);
            }),
        ];
        for (b, t) in best.iter_mut().zip(t) {
            *b = b.min(t);
        }
    }
    let [
        t_cold,
        t_cached,
        t_floor,
        t_ok,
        t_err,
        t_serde,
        t_body,
        t_sign,
        t_dbody,
    ] = best;
    println!(
        "encode+sign: cold {t_cold:.0} ns, cached {t_cached:.0} ns, floor {t_floor:.0} ns; \
         cached/floor = {:.3} (goal <= 1.3), cold/floor = {:.3}; body {} B, canonical request {} B",
        t_cached / t_floor,
        t_cold / t_floor,
        floor.body.len(),
        floor.canonical.len()
    );
    println!(
        "parts: encode_body {t_body:.0} ns, sign_cached (same body) {t_sign:.0} ns; \
         sign_cached/floor = {:.3}",
        t_sign / t_floor
    );
    println!(
        "decode: ok (parse + decode_into) {t_ok:.0} ns, body alone {t_dbody:.0} ns, \
         error {t_err:.0} ns, serde_json borrowed (body) {t_serde:.0} ns; \
         ok/serde = {:.3}, body/serde = {:.3} (goal < 1)",
        t_ok / t_serde,
        t_dbody / t_serde
    );
}

fn ok_body(raw: &[u8]) -> &[u8] {
    let at = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    &raw[at + 4..]
}
