//! The whole RunMicrovm request (validate, body, HTTP/1.1 framing, SigV4, endpoint) against the
//! requests a real botocore 1.44.8 client produced for the same parameters
//! (tests/data/vectors/run_microvm_requests.json, made by scripts/gen_vectors.py).
//!
//! botocore's body is `json.dumps` output (spaces, `\uXXXX` escapes) while ours is compact
//! UTF-8, so bodies are compared by meaning, and the signature is verified over *our* body bytes:
//! botocore's canonical request with its payload-hash line replaced by the SHA-256 of our body,
//! hashed into botocore's string-to-sign layout and signed with the signing key botocore derived.
//! Any difference in method, path, query, signed headers or their values changes that signature.

mod common;

use common::params::{RunMicrovmParams, random_bytes};
use hmac::{Hmac, KeyInit, Mac};
use lambda_microvms_codec::endpoint::{self, Endpoint, Params};
use lambda_microvms_codec::http::request;
use lambda_microvms_codec::sigv4::{Credentials, Signer};
use serde_json::Value;
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

fn vectors() -> Vec<Value> {
    let text = include_str!("data/vectors/run_microvm_requests.json");
    serde_json::from_str(text).unwrap()
}

fn endpoint_params(case: &Value) -> Params<'_> {
    Params {
        region: case["region"].as_str(),
        use_fips: case["useFips"].as_bool().unwrap(),
        use_dual_stack: case["useDualStack"].as_bool().unwrap(),
        endpoint: case["endpoint"].as_str(),
    }
}

struct Parsed {
    method: String,
    path: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Parsed {
    fn header(&self, name: &str) -> Option<&str> {
        let mut it = self
            .headers
            .iter()
            .filter(|(k, _)| k.eq_ignore_ascii_case(name));
        let first = it.next().map(|(_, v)| v.as_str());
        assert!(it.next().is_none(), "header {name} sent twice");
        first
    }
}

/// Parses our request back with httparse, independently of the crate's own framing code.
fn parse(bytes: &[u8]) -> Parsed {
    let mut headers = [httparse::EMPTY_HEADER; 16];
    let mut req = httparse::Request::new(&mut headers);
    let head_len = match req.parse(bytes).expect("request head parses") {
        httparse::Status::Complete(n) => n,
        httparse::Status::Partial => panic!("incomplete head"),
    };
    assert_eq!(req.version, Some(1), "HTTP/1.1");
    Parsed {
        method: req.method.unwrap().to_owned(),
        path: req.path.unwrap().to_owned(),
        headers: req
            .headers
            .iter()
            .map(|h| {
                (
                    h.name.to_owned(),
                    String::from_utf8(h.value.to_vec()).unwrap(),
                )
            })
            .collect(),
        body: bytes[head_len..].to_vec(),
    }
}

fn expected_header<'e>(expected: &'e Value, name: &str) -> Option<&'e str> {
    expected["headers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .map(|h| h[1].as_str().unwrap())
}

/// The signature botocore would have produced over `body`.
fn reference_signature(expected: &Value, body: &[u8]) -> String {
    let creq = expected["canonicalRequest"].as_str().unwrap();
    let (without_hash, _) = creq.rsplit_once('\n').unwrap();
    let creq = format!("{without_hash}\n{}", hex(&Sha256::digest(body)));
    let sts = expected["stringToSign"].as_str().unwrap();
    let (sts_head, _) = sts.rsplit_once('\n').unwrap();
    let sts = format!("{sts_head}\n{}", hex(&Sha256::digest(creq.as_bytes())));
    let key = unhex(expected["signingKeyHex"].as_str().unwrap());
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(sts.as_bytes());
    hex(&mac.finalize().into_bytes())
}

fn authorization_part<'a>(authorization: &'a str, name: &str) -> &'a str {
    authorization
        .split([' ', ','])
        .find_map(|p| p.strip_prefix(name).and_then(|p| p.strip_prefix('=')))
        .unwrap_or_else(|| panic!("{name} missing in {authorization}"))
}

fn encode(case: &Value, buf: &mut [u8]) -> Result<usize, request::Error> {
    let params = RunMicrovmParams::parse(&case["params"]).unwrap();
    let input = params.request(random_bytes(case["randomBytes"].as_str().unwrap()).unwrap());
    let endpoint = Endpoint::resolve(&endpoint_params(case)).unwrap();
    let c = &case["credentials"];
    let creds = Credentials::new(
        c["accessKeyId"].as_str().unwrap(),
        c["secretAccessKey"].as_str().unwrap(),
        c["sessionToken"].as_str(),
    )
    .unwrap();
    let region = case["expected"]["signingRegion"].as_str().unwrap();
    let mut signer = Signer::new(creds, region, "lambda").unwrap();
    input
        .encode(
            &endpoint,
            &mut signer,
            common::suite::unix_seconds(case["time"].as_str().unwrap()).unwrap(),
            buf,
        )
        .map(|r| r.len())
}

const FIPS_DUALSTACK_QUIRK: &str = "quirk-endpoint-drops-fips-dualstack";

#[test]
fn every_request_matches_botocore() {
    let cases = vectors();
    assert!(cases.len() >= 150, "{} vectors", cases.len());
    let mut checked = 0;
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        if name.contains(FIPS_DUALSTACK_QUIRK) {
            continue; // see rule_set_errors_where_botocore_ignores_flags
        }
        let expected = &case["expected"];
        let mut buf = vec![0u8; 16 * 1024];
        let len = encode(case, &mut buf).unwrap_or_else(|e| panic!("{name}: {e}"));
        let ours = parse(&buf[..len]);

        assert_eq!(
            ours.method,
            expected["method"].as_str().unwrap(),
            "{name}: method"
        );
        let want_path = expected["path"].as_str().unwrap();
        assert_eq!(ours.path, want_path, "{name}: path");
        assert_eq!(
            ours.header("Host"),
            Some(expected["host"].as_str().unwrap()),
            "{name}: host"
        );
        for h in ["Content-Type", "X-Amz-Date", "X-Amz-Security-Token"] {
            assert_eq!(ours.header(h), expected_header(expected, h), "{name}: {h}");
        }
        assert_eq!(
            ours.header("Content-Length")
                .map(|v| v.parse::<usize>().unwrap()),
            Some(ours.body.len()),
            "{name}: Content-Length"
        );

        let our_body: Value = serde_json::from_slice(&ours.body).unwrap();
        let their_body: Value = serde_json::from_str(expected["body"].as_str().unwrap()).unwrap();
        assert_eq!(our_body, their_body, "{name}: body meaning");
        assert_eq!(
            our_body["clientToken"].as_str(),
            expected["clientToken"].as_str(),
            "{name}: clientToken"
        );

        let auth = ours.header("Authorization").unwrap();
        let theirs = expected_header(expected, "Authorization").unwrap();
        assert_eq!(
            authorization_part(auth, "Credential"),
            authorization_part(theirs, "Credential"),
            "{name}: credential scope"
        );
        assert_eq!(
            authorization_part(auth, "SignedHeaders"),
            expected["signedHeaders"].as_str().unwrap(),
            "{name}: signed headers"
        );
        assert_eq!(
            authorization_part(auth, "Signature"),
            reference_signature(expected, &ours.body),
            "{name}: signature over our body"
        );
        checked += 1;
    }
    assert!(checked >= 150, "only {checked} vectors checked");
}

/// botocore drops FIPS and dual-stack silently when given a custom endpoint; the endpoint rule
/// set, which we follow, makes that an error. The vectors record botocore's request; we check
/// that we refuse the configuration with the rule set's own error.
#[test]
fn rule_set_errors_where_botocore_ignores_flags() {
    let mut seen = 0;
    for case in vectors() {
        if !case["name"]
            .as_str()
            .unwrap()
            .contains(FIPS_DUALSTACK_QUIRK)
        {
            continue;
        }
        let params = endpoint_params(&case);
        let err = Endpoint::resolve(&params).unwrap_err();
        let want = if params.use_fips {
            endpoint::Error::FipsWithCustomEndpoint
        } else {
            endpoint::Error::DualStackWithCustomEndpoint
        };
        assert_eq!(err, want);
        seen += 1;
    }
    assert!(seen > 0);
}

#[test]
fn buffer_too_small_reports_the_exact_size() {
    let cases = vectors();
    for case in cases.iter().step_by(7) {
        if case["name"]
            .as_str()
            .unwrap()
            .contains(FIPS_DUALSTACK_QUIRK)
        {
            continue;
        }
        let mut big = vec![0u8; 16 * 1024];
        let len = encode(case, &mut big).unwrap();
        for short in [0, 1, len / 3, len / 2, len - 1] {
            let mut buf = vec![0u8; short];
            assert_eq!(
                encode(case, &mut buf),
                Err(request::Error::BufferTooSmall(
                    lambda_microvms_codec::BufferTooSmall { required: len }
                )),
                "{}: buffer of {short}",
                case["name"]
            );
        }
        let mut exact = vec![0u8; len];
        assert_eq!(encode(case, &mut exact), Ok(len));
        assert_eq!(exact, big[..len]);
    }
}
