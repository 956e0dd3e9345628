//! Peer comparison for `lambda-microvms-codec`: see README.md.

mod codec;
mod fixture;
mod floor;
mod harness;
mod sdk;
mod serde_rows;
mod sigv4_rows;

use std::time::Duration;

use harness::{CountingAlloc, Group, Plan};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const USAGE: &str = "\
usage: lambda-microvms-codec-peers [--quick] [--show] [--rounds N] [--ms N] [--filter TEXT]
  --quick        3 rounds of 30 ms per row (a smoke run; numbers are noisy)
  --show         print the request the SDK sent (headers, body) and the fixture, then exit
  --rounds N     rounds (default 5)
  --ms N         wall time per row per round in ms (default 300)
  --filter TEXT  only rows whose name contains TEXT (the floor row always runs)";

fn main() {
    let mut plan = Plan {
        rounds: 5,
        per_round: Duration::from_millis(300),
    };
    let mut show = false;
    let mut filter: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--quick" => {
                plan = Plan {
                    rounds: 3,
                    per_round: Duration::from_millis(30),
                }
            }
            "--show" => show = true,
            "--rounds" => plan.rounds = num(args.next()).max(1) as usize,
            "--ms" => plan.per_round = Duration::from_millis(num(args.next()).max(1)),
            "--filter" => filter = args.next(),
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            _ => {
                eprintln!("unknown argument {a}\n{USAGE}");
                std::process::exit(2);
            }
        }
    }

    // Setup and every correctness check, all before any timing.
    let body = serde_rows::encode_body(&fixture::INPUT);
    let captured = sdk::capture_and_check(&fixture::INPUT);
    let fx: &'static fixture::Fixture =
        Box::leak(Box::new(fixture::Fixture::new(body, captured.body.clone())));
    serde_rows::check_decode(fx);
    floor::verify_request(
        &captured.method,
        captured.path(),
        &captured.headers_with_host(),
        &captured.body,
    )
    .unwrap_or_else(|e| panic!("the SDK's request does not carry a valid SigV4 signature: {e}"));
    check_sdk_body(fx);

    if show {
        print_show(fx, &captured);
        return;
    }

    let mut rows = Vec::new();
    rows.extend(sdk::rows(fx));
    rows.extend(sigv4_rows::rows(fx));
    rows.extend(serde_rows::rows(fx));
    rows.extend(floor::rows(fx));
    rows.extend(codec::rows(fx));
    let order = [
        Group::Call,
        Group::Breakdown,
        Group::Sign,
        Group::Encode,
        Group::Decode,
        Group::Floor,
    ];
    rows.sort_by_key(|r| order.iter().position(|g| *g == r.group));
    if let Some(f) = &filter {
        rows.retain(|r| r.group == Group::Floor || r.name.contains(f.as_str()));
    }

    eprintln!(
        "{} rows, {} rounds x {} ms each",
        rows.len(),
        plan.rounds,
        plan.per_round.as_millis()
    );
    harness::run(&mut rows, &plan);

    println!("CPU: {}", cpu_model());
    println!("{}", versions());
    println!(
        "request body {} bytes (SDK body {} bytes: no kmsKeyIdentifier), response body {} bytes; \
         {} rounds x {} ms per row, median of rounds; SDK rows loop inside one block_on on a \
         current-thread tokio runtime\n",
        fx.body.len(),
        fx.sdk_body.len(),
        fx.response_body.len(),
        plan.rounds,
        plan.per_round.as_millis()
    );
    print!("{}", harness::table(&rows));
}

fn num(a: Option<String>) -> u64 {
    a.and_then(|s| s.parse().ok()).unwrap_or_else(|| {
        eprintln!("{USAGE}");
        std::process::exit(2)
    })
}

/// The SDK body must be the shared body minus the one member the SDK does not know (its
/// members come sorted by name, ours in model order: same JSON, different bytes). Then every
/// row encodes, signs or hashes the same request.
fn check_sdk_body(fx: &fixture::Fixture) {
    let mut shared: serde_json::Value =
        serde_json::from_slice(&fx.body).expect("shared body is JSON");
    let kms = shared
        .as_object_mut()
        .expect("object")
        .remove("kmsKeyIdentifier");
    assert_eq!(
        kms.as_ref().and_then(|v| v.as_str()),
        Some(fx.input.kms_key_identifier)
    );
    let sdk: serde_json::Value = serde_json::from_slice(&fx.sdk_body).expect("SDK body is JSON");
    assert_eq!(sdk, shared, "the SDK sent a different request");
}

fn print_show(fx: &fixture::Fixture, c: &sdk::Captured) {
    println!("== request sent by aws-sdk-lambdamicrovms (captured in the canned HTTP client) ==");
    println!("{} {}", c.method, c.uri);
    for (n, v) in &c.headers {
        println!("{n}: {v}");
    }
    println!(
        "(host: {}, written by the HTTP client from the URI)",
        c.authority()
    );
    println!("\n{}\n", String::from_utf8_lossy(&c.body));
    println!(
        "SigV4 signature independently recomputed (sha2 + hmac) from these headers and body: OK"
    );
    println!("canned response parsed, every member asserted: OK\n");
    println!(
        "== shared request body ({} bytes), signed by aws-sigv4 and the floor ==",
        fx.body.len()
    );
    println!("{}\n", String::from_utf8_lossy(&fx.body));
    println!(
        "aws-sigv4 / floor signature: {}",
        floor::reference_signature(fx)
    );
    println!(
        "\n== canned response ({} bytes of HTTP/1.1) ==",
        fx.http_response.len()
    );
    println!("{}", String::from_utf8_lossy(&fx.http_response));
}

/// Model name, family/model, and whether SHA extensions are there: they decide the floor
/// (and every signer's hashing) by a factor of several.
fn cpu_model() -> String {
    let info = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let field = |key: &str| {
        info.lines()
            .find(|l| l.split(':').next().map(str::trim) == Some(key))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_else(|| "?".to_string())
    };
    let flags = field("flags");
    let sha = flags.split(' ').any(|f| f == "sha_ni")
        || field("Features").split(' ').any(|f| f == "sha2");
    format!(
        "{} (family {}, model {}; SHA extensions: {}; {} logical CPUs visible)",
        field("model name"),
        field("cpu family"),
        field("model"),
        if sha { "yes" } else { "no" },
        std::thread::available_parallelism().map_or(0, |n| n.get())
    )
}

/// Peer versions as resolved in this crate's Cargo.lock, so a table states what it measured.
fn versions() -> String {
    let lock = include_str!("../Cargo.lock");
    let wanted = [
        "aws-sdk-lambdamicrovms",
        "aws-smithy-runtime",
        "aws-sigv4",
        "serde_json",
        "sha2",
        "hmac",
        "tokio",
    ];
    let mut out = Vec::new();
    let mut name = "";
    for line in lock.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = n.trim_matches('"');
        } else if let Some(v) = line.strip_prefix("version = ")
            && wanted.contains(&name)
        {
            out.push(format!("{name} {}", v.trim_matches('"')));
        }
    }
    format!("versions: {}", out.join(", "))
}
