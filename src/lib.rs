//! Allocation-free, `no_std`, sans-IO codec for the AWS Lambda MicroVMs control plane.
//!
//! The crate turns a typed request into the exact bytes to send (rest-json body, HTTP/1.1 framing,
//! SigV4 signature, resolved endpoint) and the bytes that come back into a typed output or a typed
//! service error. Moving bytes over TLS is the caller's job: the crate opens no sockets, reads no
//! clock and draws no randomness, so the same code serves firmware, gateways and fuzzers.
//!
//! # Data path
//!
//! ```text
//! caller input ─► model (typed, borrowed) ─► validate ─► json::write (body into caller buffer)
//!                                                         │
//! endpoint::resolve(region, fips, dualstack, custom) ─► http::request (request line + headers)
//!                                                         │
//!                               sigv4::Signer (cached day key) ─► Authorization
//!                                                         ▼
//!                                          one contiguous &[u8] ─► caller's transport
//! caller's transport ─► &[u8] ─► http::response (status, headers: httparse)
//!                                ├─ 2xx ─► json::read (depth-limited, unescaping) ─► model output (heapless)
//!                                └─ else ─► error type from header/body ─► typed service error
//! ```
//!
//! # Modules
//!
//! | module | concern |
//! | --- | --- |
//! | [`ops`] | the operations (`RunMicrovm`, `GetMicrovm`, `TerminateMicrovm`, `SuspendMicrovm`, `ResumeMicrovm`): `encode` and `decode` entry points, [`ops::Outcome`] |
//! | [`model`] | shapes of the API model: inputs (borrowed), outputs (`heapless`, caller-chosen capacity), validation, modeled errors |
//! | [`endpoint`] | the service's endpoint rule set over the partition table; custom endpoints |
//! | [`sigv4`] | SigV4: canonical request, string to sign, cached signing key, `Authorization` headers, presigned URLs |
//! | [`http`] | [`http::request`]: HTTP/1.1 framing of a signed request; [`http::response`]: status, headers and body framing (chunked included) |
//! | [`json`] | escaping writer, strict depth-limited pull reader, exact epoch-seconds timestamps |
//! | [`decode`] | [`decode::DecodeError`] and the member readers the output decoders share |
//! | [`buf`] | [`buf::Sink`] / [`buf::Writer`]: output into caller buffers; [`BufferTooSmall`] reports the size needed |
//! | [`uri`] | RFC 3986 percent-encoding as SigV4 and request paths need it |
//!
//! Each layer has its own small error enum; [`Error`] wraps them all for `?` in code that drives
//! the whole path and only reports failures.
//!
//! # Cargo features
//!
//! | feature | default | effect |
//! | --- | --- | --- |
//! | `defmt` | off | `defmt::Format` for every public type and error (secrets stay redacted) |
//! | `std` | off | `std::error::Error` for the error types; nothing else changes |
//!
//! # Quick start
//!
//! Resolve, sign and encode a `RunMicrovm` request, then parse and decode the answer:
//!
//! ```
//! use lambda_microvms_codec::endpoint::{Endpoint, Params};
//! use lambda_microvms_codec::http::Response;
//! use lambda_microvms_codec::model::{ClientToken, IdlePolicy, Microvm, RunMicrovm, RunMicrovmError};
//! use lambda_microvms_codec::ops::{Outcome, SIGNING_NAME};
//! use lambda_microvms_codec::sigv4::{Credentials, Signer};
//!
//! fn main() -> Result<(), lambda_microvms_codec::Error> {
//!     // 1. Resolve the endpoint; create a signer (it caches the day's signing key).
//!     let endpoint = Endpoint::resolve(&Params::region("us-east-1"))?;
//!     let credentials =
//!         Credentials::new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", None)?;
//!     let mut signer = Signer::new(credentials, "us-east-1", SIGNING_NAME)?;
//!
//!     // 2. Validate, encode and sign the request into a buffer you own.
//!     let random = [0x5a; 16]; // from your RNG: the launch's idempotency token
//!     let now = 1_795_790_111; // Unix seconds from your clock
//!     let input = RunMicrovm::new("my-image", ClientToken::from_random(random))
//!         .idle_policy(IdlePolicy::new(300, 3600, true));
//!     let mut tx = [0u8; 1024];
//!     let request = input.encode(&endpoint, &mut signer, now, &mut tx)?;
//!     assert!(request.head().starts_with(b"POST /2025-09-09/microvms HTTP/1.1\r\n"));
//!     // Send request.as_bytes() over TLS to endpoint.host(), port endpoint.port().
//!
//!     // 3. Parse the bytes that came back, then decode them into a typed answer.
//!     let rx = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 239\r\n\r\n\
//!         {\"microvmId\":\"mvm-1\",\"state\":\"PENDING\",\
//!         \"endpoint\":\"mvm-1.microvm.lambda.us-east-1.on.aws\",\
//!         \"imageArn\":\"arn:aws:lambda:us-east-1:123456789012:microvm-image:my-image\",\
//!         \"imageVersion\":\"1\",\"maximumDurationInSeconds\":28800,\"startedAt\":1795790111}";
//!     let response = Response::parse(rx)?;
//!     let mut vm: Microvm = Microvm::new(); // ~7.3 KB; firmware: "Capacities and firmware" (crate docs)
//!     let outcome: Outcome<(), RunMicrovmError> = RunMicrovm::decode_into(&response, &mut vm)?;
//!     match outcome {
//!         Outcome::Ok(()) => println!("{} is {} at {}", vm.microvm_id, vm.state, vm.endpoint),
//!         // A typed service error; a retry re-encodes the same input (same clientToken).
//!         Outcome::Err(e) if e.is_retryable() => println!("retry later: {e}"),
//!         Outcome::Err(e) => println!("failed: {e}"),
//!     }
//!     assert_eq!(vm.microvm_id, "mvm-1");
//!     Ok(())
//! }
//! ```
//!
//! The `mvm` example (`cargo run --example mvm -- demo`) does the same with every member set, and
//! its `encode`, `decode` and `sigv4` subcommands expose each step for debugging.
//!
//! # Capacities and firmware
//!
//! - **Requests** are written into one caller buffer. Too small is
//!   [`http::request::Error::BufferTooSmall`] with the exact size of the whole request, so a
//!   caller can size its buffer once. A request is its JSON body (`RunMicrovm::body_len`) plus
//!   a head of about 400 bytes, plus the session token when the credentials carry one.
//! - **Outputs** have capacities in their type: [`model::Microvm<S, N>`](model::Microvm) holds
//!   strings of up to `S` bytes and lists of up to `N` entries (defaults 256 and 10, the
//!   model's maximum number of connectors; about 7.3 KB on 64-bit targets). On firmware pick
//!   smaller ones, e.g. `Microvm<128, 2>` (1752 bytes), and
//!   decode with `decode_into` into a `static` or long-lived value so that the output never
//!   crosses the stack. Error strings have capacity `M` (default 256). A value that does not fit
//!   is a [`decode::DecodeError`] naming the member and the size needed, never a truncation.
//! - **Responses** are parsed in the receive buffer: [`http::Response`] is a few words that
//!   borrow it (header fields are read from the head on demand; parsing takes
//!   [`http::response::MAX_HEADERS`] header slices, 512 bytes of stack on 32-bit targets, only
//!   while it runs) and [`http::Response::parse_in_place`] decodes a chunked body inside the
//!   same buffer.
//! - **Flash**: the encode, sign and decode paths use neither `core::fmt` nor float parsing;
//!   `Display` impls exist for callers who want them and are linked only when used.
//! - **Untrusted input** never panics: malformed or truncated responses are errors, work is
//!   linear in the input length, and JSON nesting is bounded by a depth limit, not by recursion.
//!
#![no_std]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

#[cfg(feature = "std")]
extern crate std;

pub mod buf;
pub mod decode;
pub mod endpoint;
mod error;
pub mod http;
pub mod json;
pub mod model;
pub mod ops;
pub mod sigv4;
pub mod uri;

pub use buf::BufferTooSmall;
pub use error::Error;
