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

#[allow(unused_imports)]
use std::hint::black_box;

use crate::fixture::Fixture;
#[allow(unused_imports)]
use crate::harness::{Group, Row, Side};

// Keeps the path dependency on the main crate linked (and thus built, so an API change
// there shows up here) while there are no rows yet that call it.
use lambda_microvms_codec as _;

#[allow(unused_variables, unused_mut)]
pub fn rows(fx: &'static Fixture) -> Vec<Row> {
    let mut rows = Vec::new();
    // (rows.push(...) lines go here)
    rows
}
