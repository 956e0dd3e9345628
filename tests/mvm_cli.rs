//! The `mvm` tool (examples/mvm.rs), run as a process, against reference data: botocore's
//! request, response and error vectors (tests/data/vectors, see the README there) and the
//! official SigV4 test suite.
//!
//! Plain `cargo test` builds every example before it runs any test, so the binary is next to
//! this test's own directory (`target/<profile>/examples/mvm`). A run limited to this file
//! (`cargo test --test mvm_cli`) does not build examples: build it first with
//! `cargo build --example mvm`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::{Value, json};

fn mvm_path() -> PathBuf {
    // target/<profile>/deps/mvm_cli-<hash> -> target/<profile>/examples/mvm
    let exe = std::env::current_exe().expect("test executable path");
    let dir = exe
        .parent()
        .and_then(Path::parent)
        .expect("target directory");
    let bin = dir
        .join("examples")
        .join(format!("mvm{}", std::env::consts::EXE_SUFFIX));
    let built = std::fs::metadata(&bin)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e}: run plain `cargo test` (which builds examples) or \
                 `cargo build --example mvm` first",
                bin.display()
            )
        });
    // `cargo test --test mvm_cli` does not rebuild examples: refuse to test a stale binary.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources = vec![
        root.join("examples/mvm.rs"),
        root.join("tests/common/params.rs"),
        root.join("tests/common/suite.rs"),
    ];
    let mut dirs = vec![root.join("src")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("read src") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                dirs.push(path);
            } else {
                sources.push(path);
            }
        }
    }
    for source in sources {
        let changed = std::fs::metadata(&source).and_then(|m| m.modified());
        assert!(
            changed.is_ok_and(|t| t <= built),
            "{} is older than {}: run `cargo build --example mvm` (plain `cargo test` does)",
            bin.display(),
            source.display()
        );
    }
    bin
}

fn mvm(args: &[&str]) -> Output {
    static BIN: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    Command::new(BIN.get_or_init(mvm_path))
        .args(args)
        .output()
        .expect("mvm runs")
}

/// A file in the temporary directory, unique to this process and call, removed on drop.
struct TempFile(PathBuf);

impl TempFile {
    fn new(contents: &[u8]) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("mvm-cli-{}-{n}.tmp", std::process::id()));
        std::fs::write(&path, contents).expect("write temp file");
        TempFile(path)
    }

    fn arg(&self) -> &str {
        self.0.to_str().expect("UTF-8 temp path")
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn load(name: &str) -> Vec<Value> {
    let path = format!("{}/tests/data/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    match serde_json::from_str(&text).expect("vector file is JSON") {
        Value::Array(v) => v,
        _ => panic!("{path}: not an array"),
    }
}

fn stderr_lines(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .map(str::to_owned)
        .collect()
}

/// A failure as the tool promises it: the exit status, nothing on stdout, and only
/// `error: ...` lines on stderr.
fn assert_failure(out: &Output, status: i32, what: &str) {
    assert_eq!(out.status.code(), Some(status), "{what}: {out:?}");
    assert!(out.stdout.is_empty(), "{what}: stdout {:?}", out.stdout);
    let lines = stderr_lines(out);
    assert!(!lines.is_empty(), "{what}: no error message");
    for line in &lines {
        assert!(line.starts_with("error: "), "{what}: {line:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// encode

/// The value of header `name` in botocore's captured request.
fn expected_header<'a>(expected: &'a Value, name: &str) -> Option<&'a str> {
    expected["headers"]
        .as_array()?
        .iter()
        .find(|h| h[0].as_str().is_some_and(|k| k.eq_ignore_ascii_case(name)))
        .and_then(|h| h[1].as_str())
}

#[test]
fn encode_matches_botocore_requests() {
    let vectors = load("run_microvm_requests.json");
    let mut checked = 0;
    for case in &vectors {
        let name = case["name"].as_str().unwrap();
        if name.contains("quirk-endpoint-drops-fips-dualstack") {
            continue; // botocore ignores the rule set here; see the next test.
        }
        let file = TempFile::new(case.to_string().as_bytes());
        let out = mvm(&["encode", file.arg()]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty(), "{name}");

        let raw = &out.stdout;
        let mut headers = [httparse::EMPTY_HEADER; 16];
        let mut req = httparse::Request::new(&mut headers);
        let head_len = match req.parse(raw) {
            Ok(httparse::Status::Complete(n)) => n,
            other => panic!("{name}: not one HTTP request: {other:?}"),
        };
        let header = |n: &str| {
            req.headers
                .iter()
                .find(|h| h.name.eq_ignore_ascii_case(n))
                .map(|h| std::str::from_utf8(h.value).unwrap())
        };
        let exp = &case["expected"];
        assert_eq!(req.version, Some(1), "{name}");
        assert_eq!(req.method, exp["method"].as_str(), "{name}");
        assert_eq!(req.path, exp["path"].as_str(), "{name}");
        assert_eq!(header("host"), exp["host"].as_str(), "{name}");
        assert_eq!(
            header("x-amz-date"),
            expected_header(exp, "x-amz-date"),
            "{name}"
        );
        assert_eq!(
            header("x-amz-security-token"),
            expected_header(exp, "x-amz-security-token"),
            "{name}"
        );
        assert_eq!(
            header("content-type"),
            expected_header(exp, "content-type"),
            "{name}"
        );

        // Exactly one request: the body is everything after the head, as Content-Length says.
        let body = &raw[head_len..];
        assert_eq!(
            header("content-length"),
            Some(body.len().to_string().as_str()),
            "{name}"
        );
        let ours: Value = serde_json::from_slice(body).expect("body is JSON");
        let theirs: Value = serde_json::from_str(exp["body"].as_str().unwrap()).unwrap();
        assert_eq!(ours, theirs, "{name}: body");
        assert_eq!(ours["clientToken"], exp["clientToken"], "{name}");

        let auth = header("authorization").expect("Authorization");
        let signed = auth
            .split(", ")
            .find_map(|p| p.strip_prefix("SignedHeaders="))
            .expect("SignedHeaders");
        assert_eq!(signed, exp["signedHeaders"].as_str().unwrap(), "{name}");
        let credential = format!(
            "Credential={}/{}/{}/{}/aws4_request,",
            case["credentials"]["accessKeyId"].as_str().unwrap(),
            &expected_header(exp, "x-amz-date").unwrap()[..8],
            exp["signingRegion"].as_str().unwrap(),
            exp["signingName"].as_str().unwrap(),
        );
        assert!(auth.contains(&credential), "{name}: {auth} vs {credential}");
        checked += 1;
    }
    assert!(checked >= 150, "only {checked} request vectors");
}

/// Where botocore drops FIPS/dual-stack for a custom endpoint, the tool follows the endpoint
/// rule set, whose error message is quoted here from endpoint-rule-set-1.json.
#[test]
fn encode_reports_endpoint_rule_set_errors() {
    let vectors = load("run_microvm_requests.json");
    let quirks: Vec<&Value> = vectors
        .iter()
        .filter(|c| {
            c["name"]
                .as_str()
                .unwrap()
                .contains("quirk-endpoint-drops-fips-dualstack")
        })
        .collect();
    assert!(!quirks.is_empty());
    for case in quirks {
        let file = TempFile::new(case.to_string().as_bytes());
        let out = mvm(&["encode", file.arg()]);
        assert_failure(&out, 2, case["name"].as_str().unwrap());
        assert!(
            String::from_utf8_lossy(&out.stderr)
                .contains("Invalid Configuration: FIPS and custom endpoint are not supported"),
            "{out:?}"
        );
    }
}

/// A CASE for `params` with every other field valid.
fn case_with(operation: &str, params: Value) -> Value {
    json!({
        "operation": operation,
        "params": params,
        "region": "us-east-1",
        "endpoint": null,
        "useFips": false,
        "useDualStack": false,
        "credentials": {
            "accessKeyId": "AKIDEXAMPLE",
            "secretAccessKey": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "sessionToken": null
        },
        "time": "2026-11-27T14:35:11Z",
        "randomBytes": "000102030405060708090a0b0c0d0e0f"
    })
}

#[test]
fn encode_rejects_invalid_params_like_botocore() {
    let vectors = load("run_microvm_invalid.json");
    let mut checked = 0;
    for case in vectors.iter().filter(|c| c["kind"] == "params") {
        let name = case["name"].as_str().unwrap();
        let Some(botocore) = case["botocoreError"].as_str() else {
            continue; // botocore accepted it (its checks are minima only).
        };
        let file = TempFile::new(
            case_with("RunMicrovm", case["params"].clone())
                .to_string()
                .as_bytes(),
        );
        let out = mvm(&["encode", file.arg()]);
        assert_failure(&out, 2, name);
        let lines = stderr_lines(&out);
        // One line per problem botocore listed (its first line is a header).
        assert_eq!(
            lines.len(),
            botocore.lines().count() - 1,
            "{name}: {lines:?}"
        );
        for line in &lines {
            // `error: <member path>: <rule>`; the path's last member is named by botocore too.
            let rest = line.strip_prefix("error: ").unwrap();
            let (path, rule) = rest.split_once(": ").expect("path: rule");
            assert!(!rule.is_empty(), "{name}: {line}");
            let member = path.rsplit('.').next().unwrap();
            let member = member.split('[').next().unwrap();
            assert!(
                botocore.contains(member),
                "{name}: {member} not in {botocore}"
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} cases");
}

#[test]
fn encode_lifecycle_operations() {
    for (op, method, suffix) in [
        ("GetMicrovm", "GET", ""),
        ("TerminateMicrovm", "DELETE", ""),
        ("SuspendMicrovm", "POST", "/suspend"),
        ("ResumeMicrovm", "POST", "/resume"),
    ] {
        let file = TempFile::new(
            case_with(op, json!({"microvmIdentifier": "mvm/1 a"}))
                .to_string()
                .as_bytes(),
        );
        let out = mvm(&["encode", file.arg()]);
        assert_eq!(out.status.code(), Some(0), "{op}: {out:?}");
        // The path label is percent-encoded as rest-json requires (`/` and space included).
        let line = format!("{method} /2025-09-09/microvms/mvm%2F1%20a{suffix} HTTP/1.1\r\n");
        assert!(out.stdout.starts_with(line.as_bytes()), "{op}: {out:?}");

        let file = TempFile::new(
            case_with(op, json!({"microvmIdentifier": ""}))
                .to_string()
                .as_bytes(),
        );
        let out = mvm(&["encode", file.arg()]);
        assert_failure(&out, 2, op);
        assert_eq!(
            stderr_lines(&out),
            ["error: microvmIdentifier: must be at least 1 character long"]
        );
        let file = TempFile::new(case_with(op, json!({"id": 5})).to_string().as_bytes());
        let out = mvm(&["encode", file.arg()]);
        assert_failure(&out, 2, op);
        assert_eq!(
            stderr_lines(&out),
            [
                "error: id: unknown member",
                "error: microvmIdentifier: is required"
            ]
        );
    }
}

#[test]
fn encode_other_failures_exit_2() {
    let ok = || case_with("GetMicrovm", json!({"microvmIdentifier": "m"}));
    let mut cases = Vec::new();
    let mut c = ok();
    c["credentials"]["accessKeyId"] = json!("");
    cases.push(("empty access key", c));
    let mut c = ok();
    c["credentials"] = json!({"accessKeyId": "AKIDEXAMPLE"});
    cases.push(("no secret key", c));
    let mut c = ok();
    c["credentials"]["sessionToken"] = json!("bad\r\ntoken");
    cases.push(("CRLF in session token", c));
    let mut c = ok();
    c["region"] = json!("us-east-1.evil.com");
    cases.push(("region that is no host label", c));
    let mut c = ok();
    c["time"] = json!("2026-02-30T00:00:00Z");
    cases.push(("impossible date", c));
    let mut c = ok();
    c["operation"] = json!("ListMicrovms");
    cases.push(("unknown operation", c));
    let mut c = case_with("RunMicrovm", json!({"imageIdentifier": "i"}));
    c["randomBytes"] = json!("xyz");
    cases.push(("bad randomBytes", c));
    for (what, case) in cases {
        let file = TempFile::new(case.to_string().as_bytes());
        assert_failure(&mvm(&["encode", file.arg()]), 2, what);
    }
    let file = TempFile::new(b"{not json");
    assert_failure(&mvm(&["encode", file.arg()]), 2, "not JSON");
    assert_failure(
        &mvm(&["encode", "/nonexistent/case.json"]),
        2,
        "missing file",
    );
}

// ---------------------------------------------------------------------------------------------
// decode

/// The vector's response as raw HTTP/1.1 bytes; with `chunked`, the body is re-framed as two
/// chunks (and any Content-Length dropped) to exercise in-place chunked decoding.
fn raw_response(v: &Value, chunked: bool) -> Vec<u8> {
    let http = &v["http"];
    let mut out = format!("HTTP/1.1 {} Reason\r\n", http["status"]);
    for h in http["headers"].as_array().unwrap() {
        let (k, val) = (h[0].as_str().unwrap(), h[1].as_str().unwrap());
        if chunked && k.eq_ignore_ascii_case("content-length") {
            continue;
        }
        out.push_str(&format!("{k}: {val}\r\n"));
    }
    let body = http["body"].as_str().unwrap();
    if chunked {
        let cut = (0..=body.len() / 2)
            .rev()
            .find(|&i| body.is_char_boundary(i))
            .unwrap();
        let (a, b) = body.split_at(cut);
        out.push_str("Transfer-Encoding: chunked\r\n\r\n");
        for part in [a, b] {
            if !part.is_empty() {
                out.push_str(&format!("{:x}\r\n{part}\r\n", part.len()));
            }
        }
        out.push_str("0\r\n\r\n");
    } else {
        out.push_str("\r\n");
        out.push_str(body);
    }
    out.into_bytes()
}

fn decode(op: &str, raw: &[u8]) -> Output {
    let file = TempFile::new(raw);
    mvm(&["decode", op, file.arg()])
}

fn decoded_json(out: &Output, name: &str) -> Value {
    assert_eq!(out.status.code(), Some(0), "{name}: {out:?}");
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8 output");
    assert_eq!(text.lines().count(), 1, "{name}: one line");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}: {text}"))
}

#[test]
fn decode_matches_botocore_outputs() {
    let vectors = load("run_microvm_responses.json");
    for (i, v) in vectors.iter().enumerate() {
        let name = v["name"].as_str().unwrap();
        let op = v["operation"].as_str().unwrap();
        let out = decode(op, &raw_response(v, i % 3 == 0));
        let ours = decoded_json(&out, name);
        assert_eq!(ours, json!({"output": v["expected"]["output"]}), "{name}");
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
fn decode_matches_botocore_errors() {
    let vectors = load("errors.json");
    for (i, v) in vectors.iter().enumerate() {
        let name = v["name"].as_str().unwrap();
        let exp = &v["expected"];
        let out = decode(
            v["operation"].as_str().unwrap(),
            &raw_response(v, i % 4 == 0),
        );
        let ours = decoded_json(&out, name);
        let e = ours["error"]
            .as_object()
            .unwrap_or_else(|| panic!("{name}: {ours}"));

        assert_eq!(e["type"], exp["code"], "{name}");
        assert_eq!(e["httpStatus"], exp["httpStatus"], "{name}");
        assert!(
            e["retryable"].is_boolean() && e["throttling"].is_boolean(),
            "{name}"
        );
        // Documented differences: an absent message is omitted (botocore: ""), and a body that
        // is not JSON is never the message (botocore keeps the whole text).
        let body = v["http"]["body"].as_str().unwrap();
        match e.get("message") {
            Some(m) => assert_eq!(m, &exp["message"], "{name}"),
            None => assert!(
                exp["message"].is_null()
                    || exp["message"] == ""
                    || serde_json::from_str::<Value>(body).is_err(),
                "{name}: message {} missing",
                exp["message"]
            ),
        }

        // Modeled members, for codes that are errors of this operation (botocore looks codes
        // up service-wide, e.g. `TooManyRequestsException`).
        let code = exp["code"].as_str().unwrap();
        let common = ["type", "message", "httpStatus", "retryable", "throttling"];
        if MODELED.contains(&code) {
            let modeled = exp["modeled"].as_object().expect("modeled members");
            for (k, want) in modeled.iter().filter(|(k, _)| *k != "message") {
                assert_eq!(e.get(k).unwrap_or(&Value::Null), want, "{name}: {k}");
            }
            for k in e.keys().filter(|k| !common.contains(&k.as_str())) {
                assert!(modeled.contains_key(k), "{name}: extra member {k}");
            }
        } else {
            let extra: Vec<_> = e.keys().filter(|k| !common.contains(&k.as_str())).collect();
            assert!(extra.is_empty(), "{name}: {extra:?}");
        }
    }
}

#[test]
fn decode_lifecycle_answers() {
    for op in ["TerminateMicrovm", "SuspendMicrovm", "ResumeMicrovm"] {
        let out = decode(op, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        assert_eq!(decoded_json(&out, op), json!({"output": {}}));
        let out = decode(
            op,
            b"HTTP/1.1 409 Conflict\r\nx-amzn-ErrorType: ConflictException\r\n\
              Content-Length: 39\r\n\r\n{\"message\":\"busy\",\"resourceId\":\"mvm-1\"}",
        );
        let e = &decoded_json(&out, op)["error"];
        assert_eq!(e["type"], "ConflictException", "{op}");
        assert_eq!(e["resourceId"], "mvm-1", "{op}");
        assert_eq!(e["httpStatus"], 409, "{op}");
    }
}

#[test]
fn undecodable_responses_exit_3() {
    let cases: [(&str, &[u8]); 5] = [
        (
            "garbage 200 body",
            b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{oops",
        ),
        (
            "missing required members",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}",
        ),
        ("not HTTP", b"SSH-2.0-OpenSSH_9.6\r\n\r\n"),
        (
            "truncated body",
            b"HTTP/1.1 200 OK\r\nContent-Length: 50\r\n\r\n{}",
        ),
        (
            "conflicting framing",
            b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
        ),
    ];
    for (what, raw) in cases {
        assert_failure(&decode("RunMicrovm", raw), 3, what);
    }
    assert_failure(&decode("GetMicrovm", cases[0].1), 3, "GetMicrovm garbage");
    assert_failure(&decode("ListMicrovms", cases[0].1), 2, "unknown operation");
}

// ---------------------------------------------------------------------------------------------
// sigv4

fn suite_file(case: &str, name: &str) -> String {
    let path = format!(
        "{}/tests/data/aws-signing-test-suite/v4/{case}/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn sigv4_matches_the_official_suite() {
    for case in [
        "get-vanilla",
        "get-vanilla-with-session-token",
        "get-header-value-multiline",
        "get-space-normalized",
        "post-x-www-form-urlencoded-parameters",
    ] {
        let dir = format!(
            "{}/tests/data/aws-signing-test-suite/v4/{case}",
            env!("CARGO_MANIFEST_DIR")
        );
        let (ctx, req) = (format!("{dir}/context.json"), format!("{dir}/request.txt"));
        for (prefix, extra) in [("header", None), ("query", Some("--query"))] {
            let mut args = vec!["sigv4", ctx.as_str(), req.as_str()];
            args.extend(extra);
            let out = mvm(&args);
            let ours = decoded_json(&out, case);
            let file = |n: &str| suite_file(case, &format!("{prefix}-{n}"));
            assert_eq!(
                ours["canonicalRequest"],
                file("canonical-request.txt"),
                "{case} {prefix}"
            );
            assert_eq!(
                ours["stringToSign"],
                file("string-to-sign.txt"),
                "{case} {prefix}"
            );
            assert_eq!(
                ours["signature"],
                file("signature.txt").trim_end(),
                "{case} {prefix}"
            );
            let signed = file("signed-request.txt");
            if prefix == "header" {
                let auth = signed
                    .lines()
                    .find_map(|l| l.strip_prefix("Authorization:"))
                    .expect("Authorization line");
                assert_eq!(ours["authorization"], auth, "{case}");
                assert!(ours.get("signedUrl").is_none());
            } else {
                // The request line's target, between the method and the version.
                let line = signed.lines().next().unwrap();
                let target = &line[line.find(' ').unwrap() + 1..line.rfind(' ').unwrap()];
                assert_eq!(ours["signedUrl"], target, "{case}");
                assert!(ours.get("authorization").is_none());
            }
        }
    }
}

#[test]
fn sigv4_bad_input_exits_2() {
    let ctx = TempFile::new(b"{\"credentials\":{}}");
    let req = TempFile::new(b"GET / HTTP/1.1\nHost:example.amazonaws.com\n\n");
    assert_failure(&mvm(&["sigv4", ctx.arg(), req.arg()]), 2, "bad context");
}

// ---------------------------------------------------------------------------------------------
// demo and usage

#[test]
fn demo_runs() {
    let out = mvm(&["demo"]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    assert!(out.stderr.is_empty());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("POST /2025-09-09/microvms HTTP/1.1\r\n"),
        "{text}"
    );
    assert!(
        text.contains("Host: lambda.us-east-1.amazonaws.com\r\n"),
        "{text}"
    );
    assert!(text.contains("{\"output\":{\"microvmId\":"), "{text}");
    assert!(
        text.contains("{\"error\":{\"type\":\"ThrottlingException\""),
        "{text}"
    );
}

#[test]
fn usage_exits_2() {
    for args in [&[][..], &["--help"], &["frobnicate"], &["encode"]] {
        let out = mvm(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("usage:"),
            "{args:?}"
        );
    }
}
