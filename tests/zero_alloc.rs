//! Proves the codec's entry points never touch the heap: a counting global allocator wraps
//! `System`, and each case runs inside [`assert_no_alloc`]. Other layers (encode, decode) add
//! their cases to this file.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::sigv4::{Credentials, Payload, Settings, SignableRequest, Signer};

struct Counting;

/// Every allocation in the process (the brief's counter; also shows the allocator is live).
static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// Allocations by this thread: the harness allocates on other threads meanwhile, and only
    /// the code under test, which runs on the calling thread, must count. A `const`-initialized
    /// `Cell` has no destructor and never allocates, so it is safe to touch from the allocator.
    static THREAD_ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count() {
    ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
    let _ = THREAD_ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
}

// SAFETY (of the delegation): every call is forwarded unchanged to `System`.
#[allow(unsafe_code)]
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count();
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        unsafe { System.realloc(ptr, layout, new_size) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn thread_allocations() -> usize {
    THREAD_ALLOCATIONS.with(Cell::get)
}

/// Runs `f` and fails if it allocated (or reallocated) at all on this thread.
fn assert_no_alloc<R>(what: &str, f: impl FnOnce() -> R) -> R {
    let before = thread_allocations();
    let r = f();
    let after = thread_allocations();
    assert_eq!(
        after - before,
        0,
        "{what}: {} allocation(s)",
        after - before
    );
    r
}

#[test]
fn the_counter_counts() {
    // Guards against an allocator that silently is not installed or a counter that is blind.
    let (before, global_before) = (thread_allocations(), ALLOCATIONS.load(Ordering::Relaxed));
    let v = std::hint::black_box(vec![1u8; 10]);
    drop(v);
    assert_eq!(thread_allocations(), before + 1);
    assert!(ALLOCATIONS.load(Ordering::Relaxed) > global_before);
}

#[test]
fn sigv4_sign_cold_and_cached() {
    let body = br#"{"clientToken":"3f1c6d1e-5a3b-4b7e-9b1a-2f7d9c0e4a11","name":"edge-vm"}"#;
    let headers = [
        ("Content-Type", "application/json"),
        ("Host", "lambda.us-east-1.amazonaws.com"),
        ("My-Header", "  a   b  "),
    ];
    let query = [("b", "2"), ("a", "x y"), ("a", "1")];
    let n = assert_no_alloc("sigv4 sign", || {
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("token"),
        )
        .unwrap();
        let mut signer = Signer::new(creds, "us-east-1", "lambda").unwrap();
        let request = SignableRequest {
            method: "POST",
            path: "/2025-09-09/microvms",
            query: &query,
            headers: &headers,
            payload: Payload::Bytes(body),
        };
        let mut out = [0u8; 1024];
        let mut total = 0;
        for t in [1_440_938_160, 1_440_938_161] {
            // First iteration derives the key, the second hits the cache.
            let sig = signer.sign(&request, t, &Settings::default()).unwrap();
            let mut w = Writer::new(&mut out);
            sig.write_authorization(&mut w);
            sig.write_headers(&mut w);
            total += w.finish().unwrap();
        }
        let mut url = [0u8; 1024];
        total += signer
            .presign(&request, 1_440_938_160, 900, &Settings::default(), &mut url)
            .unwrap();
        total
    });
    assert!(n > 0);
}

/// The whole RunMicrovm path a firmware runs: resolve, validate, encode, sign, then parse and
/// decode both a success and an error response.
#[test]
fn run_microvm_encode_sign_and_decode() {
    use lambda_microvms_codec::endpoint::{Endpoint, Params};
    use lambda_microvms_codec::http::Response;
    use lambda_microvms_codec::model::{
        ClientToken, IdlePolicy, Logging, Microvm, RunMicrovm, RunMicrovmError,
    };
    use lambda_microvms_codec::ops::Outcome;

    // Built outside the measured closure; sent chunked, as a proxy might.
    let body = r#"{"microvmId":"mvm-0123","state":"PENDING","endpoint":"https://m.e","imageArn":"arn:aws:lambda:us-east-1:123456789012:microvm-image:img","imageVersion":"1","maximumDurationInSeconds":3600,"startedAt":1.7642535001234E9,"ingressNetworkConnectors":["c\u00e9"]}"#;
    let (a, b) = body.split_at(40);
    let ok = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{:x}\r\n{a}\r\n{:x};ext=1\r\n{b}\r\n0\r\n\r\n",
        a.len(),
        b.len()
    );
    let ok = ok.as_bytes();
    const THROTTLED: &[u8] = b"HTTP/1.1 429 Too Many Requests\r\nx-amzn-errortype: ThrottlingException:http://internal\r\n\
        Retry-After: 3\r\nContent-Length: 50\r\n\r\n{\"message\":\"Rate exceeded\",\"serviceCode\":\"lambda\"}";

    let ingress = ["arn:aws:lambda:us-east-1:123456789012:network-connector/in"];
    let mut rx = [0u8; 512];
    rx[..ok.len()].copy_from_slice(ok);
    let mut out: Microvm<128, 2> = Microvm::new();

    let len = assert_no_alloc("run_microvm", || {
        let endpoint = Endpoint::resolve(&Params::region("us-east-1")).unwrap();
        let creds = Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            Some("session-token"),
        )
        .unwrap();
        let mut signer = Signer::new(creds, "us-east-1", "lambda").unwrap();
        let input = RunMicrovm::new("my-image", ClientToken::from_random([9; 16]))
            .idle_policy(IdlePolicy::new(300, 600, true))
            .logging(Logging::cloud_watch("/mvm/logs"))
            .run_hook_payload("{\"secret\":\"s3cr3t\"}")
            .ingress_network_connectors(&ingress);
        let mut tx = [0u8; 2048];
        let mut total = 0;
        for t in [1_795_790_111, 1_795_790_112] {
            total += input
                .encode(&endpoint, &mut signer, t, &mut tx)
                .unwrap()
                .len();
        }
        // Too small: the error carries the size, still without allocating.
        let err = input.encode(&endpoint, &mut signer, 1_795_790_113, &mut tx[..64]);
        assert!(err.is_err());

        let response = Response::parse_in_place(&mut rx[..ok.len()]).unwrap();
        let outcome: Outcome<(), RunMicrovmError<128>> =
            RunMicrovm::decode_into(&response, &mut out).unwrap();
        assert_eq!(outcome, Outcome::Ok(()));

        let response = Response::parse(THROTTLED).unwrap();
        let outcome: Outcome<(), RunMicrovmError<128>> =
            RunMicrovm::decode_into(&response, &mut out).unwrap();
        match outcome {
            Outcome::Err(e) => assert!(e.is_throttling()),
            Outcome::Ok(()) => panic!("429 decoded as success"),
        }
        total
    });
    assert!(len > 0);
    assert_eq!(out.microvm_id.as_str(), "mvm-0123");
    assert_eq!(out.started_at.seconds, 1_764_253_500);
    assert_eq!(out.started_at.nanos, 123_400_000);
}
