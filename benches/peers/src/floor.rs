//! Peer 4, the hashing floor, and an independent SigV4 check built from the same parts.
//!
//! The floor is the work no SigV4 client can skip for one request: SHA-256 of the body,
//! SHA-256 of the canonical request (which embeds the body hash), and one HMAC-SHA256 of
//! the string to sign (which embeds the canonical-request hash) under a signing key that a
//! client derives once a day. Building the canonical request is deliberately not part of
//! it: it is laid out once here, and each op only splices the two fresh hex digests in.

use std::hint::black_box;

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

use crate::fixture::{self, Fixture};
use crate::harness::{Group, Row, Side};

type HmacSha256 = Hmac<Sha256>;

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

pub fn hex(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push_str(&format!("{b:02x}"));
    }
    s
}

fn hex_into(bytes: &[u8], out: &mut [u8]) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    for (b, o) in bytes.iter().zip(out.chunks_exact_mut(2)) {
        o[0] = HEX[usize::from(b >> 4)];
        o[1] = HEX[usize::from(b & 15)];
    }
}

/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
pub fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let k = hmac(format!("AWS4{secret}").as_bytes(), date.as_bytes());
    let k = hmac(&k, region.as_bytes());
    let k = hmac(&k, service.as_bytes());
    hmac(&k, b"aws4_request")
}

/// A SigV4 canonical request for a request with no query string. `headers` are
/// (lower-case name, value) pairs; only those named in `signed` (sorted, `;`-joined) are
/// used. Values are trimmed; none in this benchmark has inner runs of spaces.
pub fn canonical_request(
    method: &str,
    path: &str,
    headers: &[(String, String)],
    signed: &str,
    payload_hash: &str,
) -> String {
    let mut s = format!("{method}\n{path}\n\n");
    for name in signed.split(';') {
        let values: Vec<&str> = headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.trim())
            .collect();
        assert!(!values.is_empty(), "signed header {name} missing");
        s.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    s.push_str(&format!("\n{signed}\n{payload_hash}"));
    s
}

pub fn string_to_sign(amz_date: &str, scope: &str, canonical: &str) -> String {
    let h = Sha256::digest(canonical.as_bytes());
    format!("AWS4-HMAC-SHA256\n{amz_date}\n{scope}\n{}", hex(&h))
}

pub fn scope() -> String {
    format!(
        "{}/{}/{}/aws4_request",
        fixture::DATE,
        fixture::REGION,
        fixture::SERVICE
    )
}

/// The headers the aws-sigv4 row hands to the signer, and that the floor's canonical
/// request therefore contains (the signer adds x-amz-date itself).
pub fn request_headers(body_len: usize) -> Vec<(String, String)> {
    vec![
        ("content-length".to_string(), body_len.to_string()),
        (
            "content-type".to_string(),
            fixture::CONTENT_TYPE.to_string(),
        ),
        ("host".to_string(), fixture::HOST.to_string()),
    ]
}

pub const SIGNED_HEADERS: &str = "content-length;content-type;host;x-amz-date";

/// Signature (hex) the floor computes for the fixture body; the aws-sigv4 row must produce
/// the same, which is what shows the floor hashes the exact bytes aws-sigv4 hashes.
pub fn reference_signature(fx: &Fixture) -> String {
    let mut headers = request_headers(fx.body.len());
    headers.push(("x-amz-date".to_string(), fixture::AMZ_DATE.to_string()));
    let creq = canonical_request(
        fixture::METHOD,
        fixture::PATH,
        &headers,
        SIGNED_HEADERS,
        &hex(&Sha256::digest(&fx.body)),
    );
    let sts = string_to_sign(fixture::AMZ_DATE, &scope(), &creq);
    let key = signing_key(
        fixture::SECRET_ACCESS_KEY,
        fixture::DATE,
        fixture::REGION,
        fixture::SERVICE,
    );
    hex(&hmac(&key, sts.as_bytes()))
}

/// Checks the SigV4 signature of a request someone else built, from its method, path,
/// headers and body alone. Used on the request the SDK hands its HTTP client.
pub fn verify_request(
    method: &str,
    path: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<(), String> {
    let auth = headers
        .iter()
        .find(|(n, _)| n == "authorization")
        .map(|(_, v)| v.as_str())
        .ok_or("no authorization header")?;
    let rest = auth.strip_prefix("AWS4-HMAC-SHA256 ").ok_or("not SigV4")?;
    let mut credential = None;
    let mut signed = None;
    let mut signature = None;
    for part in rest.split(", ") {
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if let Some(v) = part.strip_prefix("SignedHeaders=") {
            signed = Some(v);
        } else if let Some(v) = part.strip_prefix("Signature=") {
            signature = Some(v);
        }
    }
    let (credential, signed, signature) = match (credential, signed, signature) {
        (Some(c), Some(s), Some(g)) => (c, s, g),
        _ => return Err(format!("malformed authorization: {auth}")),
    };
    let expected_credential = format!("{}/{}", fixture::ACCESS_KEY_ID, scope());
    if credential != expected_credential {
        return Err(format!(
            "credential {credential}, expected {expected_credential}"
        ));
    }
    let amz_date = headers
        .iter()
        .find(|(n, _)| n == "x-amz-date")
        .map(|(_, v)| v.as_str())
        .ok_or("no x-amz-date")?;
    if amz_date != fixture::AMZ_DATE {
        return Err(format!(
            "x-amz-date {amz_date}: the fixed time source was not used"
        ));
    }
    let creq = canonical_request(method, path, headers, signed, &hex(&Sha256::digest(body)));
    let sts = string_to_sign(amz_date, &scope(), &creq);
    let key = signing_key(
        fixture::SECRET_ACCESS_KEY,
        fixture::DATE,
        fixture::REGION,
        fixture::SERVICE,
    );
    let ours = hex(&hmac(&key, sts.as_bytes()));
    if ours == signature {
        Ok(())
    } else {
        Err(format!("signature {signature}, recomputed {ours}\n{creq}"))
    }
}

pub fn rows(fx: &'static Fixture) -> Vec<Row> {
    let mut headers = request_headers(fx.body.len());
    headers.push(("x-amz-date".to_string(), fixture::AMZ_DATE.to_string()));
    // Laid out once with a placeholder digest; each op writes the real digests in place.
    let mut creq = canonical_request(
        fixture::METHOD,
        fixture::PATH,
        &headers,
        SIGNED_HEADERS,
        &"0".repeat(64),
    )
    .into_bytes();
    let body_hash_at = creq.len() - 64;
    let mut sts = format!(
        "AWS4-HMAC-SHA256\n{}\n{}\n{}",
        fixture::AMZ_DATE,
        scope(),
        "0".repeat(64)
    )
    .into_bytes();
    let creq_hash_at = sts.len() - 64;
    let key = signing_key(
        fixture::SECRET_ACCESS_KEY,
        fixture::DATE,
        fixture::REGION,
        fixture::SERVICE,
    );
    let body: &[u8] = &fx.body;

    let mut op = move || -> [u8; 32] {
        hex_into(&Sha256::digest(black_box(body)), &mut creq[body_hash_at..]);
        hex_into(&Sha256::digest(&creq), &mut sts[creq_hash_at..]);
        hmac(black_box(&key), &sts)
    };
    assert_eq!(
        hex(&op()),
        reference_signature(fx),
        "in-place digests reproduce the reference signature"
    );
    vec![Row::new(
        "floor: SHA-256 body + SHA-256 canonical request + HMAC string-to-sign",
        Group::Floor,
        Side::Floor,
        move |n| {
            for _ in 0..n {
                black_box(op());
            }
        },
    )]
}
