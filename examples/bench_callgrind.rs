//! Driver for `scripts/callgrind.sh`: runs one operation `N` times, selected by argv.
//!
//! ```text
//! cargo run --release --example bench_callgrind -- <op> <N>
//! ```
//!
//! Setup (fixtures, a warm-up call, the floor's inputs) runs the same way for every `N`, so
//! the difference of two runs with different `N` is the cost of the op alone. Ops:
//! `encode_sign_cached`, `encode_sign_cold`, `sign_cached`, `floor`, `encode_body`,
//! `decode_ok` (HTTP parse + decode), `decode_body` (the body alone, as serde_json gets it),
//! `decode_error`, `serde_decode`.

use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::model::{Microvm, RunMicrovm, RunMicrovmError};
use lambda_microvms_codec::ops::Outcome;
use lambda_microvms_codec::sigv4::Settings;
use std::hint::black_box;

#[path = "../benches/common/fixture.rs"]
mod fixture;
#[path = "../benches/common/serde_shapes.rs"]
mod serde_shapes;

use fixture::T;

type Vm = Microvm<128, 4>;
type Err = RunMicrovmError<256>;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (op, n) = match &args[..] {
        [_, op, n] => (op.as_str(), n.parse::<u32>().expect("N is a number")),
        _ => {
            eprintln!("usage: bench_callgrind <op> <N>");
            std::process::exit(2);
        }
    };
    let input = fixture::input();
    let endpoint = fixture::endpoint();
    let floor = fixture::FloorInputs::new();
    let ok = fixture::ok_response();
    let error = fixture::error_response();
    let mut signer = fixture::signer();
    let mut tx = vec![0u8; 4096];
    let mut out: Vm = Microvm::new();

    // One untimed call of each kind warms the signer's key cache (same for every N).
    input.encode(&endpoint, &mut signer, T, &mut tx).unwrap();

    match op {
        "encode_sign_cached" => {
            for _ in 0..n {
                let r = black_box(&input)
                    .encode(&endpoint, &mut signer, T, &mut tx)
                    .unwrap();
                black_box(r.len());
            }
        }
        "encode_sign_cold" => {
            for _ in 0..n {
                let mut s = fixture::signer();
                let r = black_box(&input)
                    .encode(&endpoint, &mut s, T, &mut tx)
                    .unwrap();
                black_box(r.len());
            }
        }
        "sign_cached" => {
            let request = fixture::signable(&floor.body);
            for _ in 0..n {
                let s = signer
                    .sign(black_box(&request), T, &Settings::DEFAULT)
                    .unwrap();
                black_box(s.bytes());
            }
        }
        "floor" => {
            for _ in 0..n {
                black_box(floor.run());
            }
        }
        "encode_body" => {
            for _ in 0..n {
                let mut w = Writer::new(&mut tx);
                black_box(&input).write_body(&mut w);
                black_box(w.finish().unwrap());
            }
        }
        "decode_ok" => {
            for _ in 0..n {
                let resp = Response::parse(black_box(&ok)).unwrap();
                let o: Outcome<(), Err> = RunMicrovm::decode_into(&resp, &mut out).unwrap();
                black_box(o);
            }
            assert_eq!(out.microvm_id.as_str(), "mvm-0123456789abcdef0");
        }
        "decode_body" => {
            let at = ok.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
            let body = &ok[at..];
            for _ in 0..n {
                out.decode_into(black_box(body)).unwrap();
                black_box(&out);
            }
        }
        "decode_error" => {
            for _ in 0..n {
                let resp = Response::parse(black_box(&error)).unwrap();
                let o: Outcome<(), Err> = RunMicrovm::decode_into(&resp, &mut out).unwrap();
                black_box(o);
            }
        }
        "serde_decode" => {
            let at = ok.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
            let body = &ok[at..];
            for _ in 0..n {
                black_box(serde_shapes::decode(black_box(body)));
            }
        }
        other => {
            eprintln!("unknown op {other}");
            std::process::exit(2);
        }
    }
}
