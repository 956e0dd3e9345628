//! Differential test of `sigv4::Signer` against the AWS SDK for Rust's signer (`aws-sigv4`):
//! the same request, credentials, time and settings must give the same signature and the same
//! `Authorization` header.
//!
//! The generated requests stay where both implementations are specified to agree. Each
//! restriction below says why it exists; none hides a disagreement with the SigV4 specification
//! on a request this crate sends (see "Known differences" for the ones that are
//! specification gaps rather than bugs):
//!
//! - R1 Header values contain no TAB. The SigV4 "Trimall" step collapses *sequential spaces*;
//!   aws-sigv4 trims and collapses only ' ', while botocore (`' '.join(value.split())`) and this
//!   crate treat TAB as whitespace as well. This crate follows botocore, which the reference
//!   vectors come from.
//! - R2 No header named `authorization`, `x-amz-date`, `x-amz-security-token` (with a session
//!   token) or `x-amz-content-sha256` (when that header is requested): this crate refuses them
//!   (`Error::ReservedHeader`), aws-sigv4 silently drops or overwrites them.
//! - R3 `Host` is given exactly once, with the URI's host: aws-sigv4 takes the first `Host`
//!   header or derives one from the URI; this crate signs the headers it is given.
//! - R4 Unsigned headers: aws-sigv4 is configured with this crate's list (botocore's:
//!   `expect`, `transfer-encoding`, `user-agent`, `x-amzn-trace-id`, plus `authorization`
//!   which R2 keeps out); its default list lacks `expect`.
//! - R5 The session token is base64-like (`[A-Za-z0-9+/=]`), as real tokens are: aws-sigv4 signs
//!   the token untrimmed, botocore and this crate trim it like every header value.
//! - R6 With path normalization on, the path's last segment is not `.` or `..`: for `/a/b/..`
//!   RFC 3986 and aws-sigv4 give `/a/`, botocore and this crate `/a` (botocore keeps a trailing
//!   slash only when the path literally ends in `/`). The operations of this crate never send
//!   dot segments.
//! - R7 Counts stay within this crate's fixed capacities (`MAX_HEADERS`, `MAX_QUERY`,
//!   `MAX_PATH_DEPTH`); beyond them it returns an error instead of a signature, by design.
//! - R8 The query is given to aws-sigv4 inside the URI, percent-encoded from the raw pairs
//!   (every byte but RFC 3986 unreserved ones), which its `form_urlencoded` parsing decodes back
//!   exactly; this crate takes the raw pairs.
#![no_main]

use std::time::{Duration, UNIX_EPOCH};

use arbitrary::Arbitrary;
use aws_sigv4::http_request::{
    PayloadChecksumKind, PercentEncodingMode, SessionTokenMode, SignableBody,
    SignableRequest as AwsRequest, SigningSettings, UriPathNormalizationMode, sign,
};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;
use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::sigv4::{
    Credentials, MAX_HEADERS, MAX_PATH_DEPTH, MAX_QUERY, Payload, Settings, SignableRequest,
    Signer, UNSIGNED_HEADERS,
};
use libfuzzer_sys::fuzz_target;

const METHODS: [&str; 6] = ["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"];
const REGIONS: [&str; 6] = [
    "us-east-1",
    "eu-west-1",
    "cn-north-1",
    "us-gov-west-1",
    "ap-southeast-2",
    "us-isof-south-1",
];
const SERVICES: [&str; 5] = ["lambda", "execute-api", "service", "sts", "dynamodb"];
const HOSTS: [&str; 3] = [
    "lambda.us-east-1.amazonaws.com",
    "example.amazonaws.com",
    "localhost:4566",
];
const NAMES: [&str; 12] = [
    "content-type",
    "Content-Type",
    "X-Amz-Target",
    "x-amz-meta-a",
    "user-agent",
    "Expect",
    "transfer-encoding",
    "X-Amzn-Trace-Id",
    "content-length",
    "my-header",
    "x-amz-content-sha256",
    "accept",
];
/// Characters RFC 3986 allows unencoded in a path segment besides unreserved ones.
const SUB_DELIMS: &[u8] = b"!$&'()*+,;=:@";

#[derive(Debug, Arbitrary)]
enum Segment {
    Dot,
    DotDot,
    Empty,
    /// Raw text, encoded for the wire below; `raw_sub_delims` leaves pchar sub-delims as they are.
    Text {
        text: String,
        raw_sub_delims: bool,
        lower_hex: bool,
    },
}

#[derive(Debug, Arbitrary)]
enum Name {
    Known(u8),
    /// Filtered to RFC 7230 token characters.
    Custom(String),
}

#[derive(Debug, Arbitrary)]
enum Body {
    Bytes(Vec<u8>),
    Unsigned,
    Precomputed([u8; 32]),
}

#[derive(Debug, Arbitrary)]
struct Input {
    method: u8,
    host: u8,
    segments: Vec<Segment>,
    trailing_slash: bool,
    query: Vec<(String, String)>,
    headers: Vec<(Name, String)>,
    body: Body,
    secret: String,
    session_token: Option<Vec<u8>>,
    /// Seconds after 2000-01-01, up to about 2100.
    time: u32,
    region: u8,
    service: u8,
    normalize_path: bool,
    double_encode_path: bool,
    content_sha256_header: bool,
    omit_session_token: bool,
}

fn pick<T: Copy>(list: &[T], i: u8) -> T {
    list[usize::from(i) % list.len()]
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
}

fn percent(out: &mut String, b: u8, lower: bool) {
    if lower {
        out.push_str(&format!("%{b:02x}"));
    } else {
        out.push_str(&format!("%{b:02X}"));
    }
}

fn encode_component(s: &str) -> String {
    let mut out = String::new();
    for &b in s.as_bytes() {
        if is_unreserved(b) {
            out.push(char::from(b));
        } else {
            percent(&mut out, b, false);
        }
    }
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fuzz_target!(|input: Input| {
    let method = pick(&METHODS, input.method);
    let host = pick(&HOSTS, input.host);
    let region = pick(&REGIONS, input.region);
    let service = pick(&SERVICES, input.service);

    // Wire path.
    let segments: Vec<&Segment> = input.segments.iter().take(MAX_PATH_DEPTH).collect();
    let mut path = String::new();
    for seg in &segments {
        path.push('/');
        match seg {
            Segment::Dot => path.push('.'),
            Segment::DotDot => path.push_str(".."),
            Segment::Empty => {}
            Segment::Text {
                text,
                raw_sub_delims,
                lower_hex,
            } => {
                for &b in text.as_bytes() {
                    if is_unreserved(b) || (*raw_sub_delims && SUB_DELIMS.contains(&b)) {
                        path.push(char::from(b));
                    } else {
                        percent(&mut path, b, *lower_hex);
                    }
                }
            }
        }
    }
    if path.is_empty() || input.trailing_slash {
        path.push('/');
    }
    // R6.
    if input.normalize_path && (path.ends_with("/.") || path.ends_with("/..")) {
        return;
    }

    // R7, R8.
    let query: Vec<(&str, &str)> = input
        .query
        .iter()
        .take(MAX_QUERY)
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let wire_query: Vec<String> = query
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();

    // R5.
    let token: Option<String> = input.session_token.as_ref().map(|t| {
        const B64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";
        let mut s: String = t
            .iter()
            .map(|&b| char::from(B64[usize::from(b) % B64.len()]))
            .collect();
        if s.is_empty() {
            s.push('A');
        }
        s
    });

    // Headers: R1-R4, R7.
    let mut headers: Vec<(String, String)> = vec![("Host".to_string(), host.to_string())];
    for (name, value) in input.headers.iter().take(MAX_HEADERS - 1) {
        let name = match name {
            Name::Known(i) => pick(&NAMES, *i).to_string(),
            Name::Custom(s) => s.bytes().filter(|&b| is_tchar(b)).map(char::from).collect(),
        };
        let lower = name.to_ascii_lowercase();
        if name.is_empty()
            || lower == "host"
            || lower == "authorization"
            || lower == "x-amz-date"
            || (lower == "x-amz-security-token" && token.is_some())
            || (lower == "x-amz-content-sha256" && input.content_sha256_header)
        {
            continue;
        }
        let value: String = value
            .chars()
            .filter(|&c| c >= ' ' && c != '\u{7f}')
            .collect();
        headers.push((name, value));
    }

    let body_hex;
    let (ours_payload, aws_body) = match &input.body {
        Body::Bytes(b) => (Payload::Bytes(b), SignableBody::Bytes(b)),
        Body::Unsigned => (Payload::Unsigned, SignableBody::UnsignedPayload),
        Body::Precomputed(h) => {
            body_hex = hex(h);
            (
                Payload::Sha256Hex(&body_hex),
                SignableBody::Precomputed(body_hex.clone()),
            )
        }
    };
    let unix = 946_684_800 + i64::from(input.time % 3_155_760_000);
    let access_key = "AKIDEXAMPLE";

    // Ours.
    let creds = Credentials::new(access_key, &input.secret, token.as_deref()).expect("credentials");
    let mut signer = Signer::new(creds, region, service).expect("signer");
    let header_refs: Vec<(&str, &str)> = headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let request = SignableRequest {
        method,
        path: &path,
        query: &query,
        headers: &header_refs,
        payload: ours_payload,
    };
    let settings = Settings {
        normalize_path: input.normalize_path,
        double_encode_path: input.double_encode_path,
        content_sha256_header: input.content_sha256_header,
        omit_session_token: input.omit_session_token,
    };
    let ours = match signer.sign(&request, unix, &settings) {
        Ok(s) => s,
        Err(e) => {
            panic!("our signer refused a request inside the restrictions: {e:?}\n{request:?}")
        }
    };
    // Sized from the writer's own report (crash-137d0e49: 31 long header names outgrow 1 KiB),
    // which must then be exactly enough.
    let write = |buf: &mut [u8]| {
        let mut w = Writer::new(buf);
        ours.write_authorization(&mut w);
        w.finish()
    };
    let mut auth = vec![0u8; 512];
    let n = match write(&mut auth) {
        Ok(n) => n,
        Err(e) => {
            auth = vec![0u8; e.required];
            let n = write(&mut auth).expect("the reported size fits");
            assert_eq!(n, e.required, "the reported size is exact");
            n
        }
    };
    let ours_auth = std::str::from_utf8(&auth[..n]).expect("ASCII").to_string();
    let ours_sig = String::from_utf8(ours.hex().to_vec()).expect("hex");

    // aws-sigv4.
    let identity: Identity = aws_credential_types::Credentials::new(
        access_key,
        input.secret.clone(),
        token.clone(),
        None,
        "fuzz",
    )
    .into();
    let mut aws_settings = SigningSettings::default();
    aws_settings.percent_encoding_mode = if input.double_encode_path {
        PercentEncodingMode::Double
    } else {
        PercentEncodingMode::Single
    };
    aws_settings.uri_path_normalization_mode = if input.normalize_path {
        UriPathNormalizationMode::Enabled
    } else {
        UriPathNormalizationMode::Disabled
    };
    aws_settings.payload_checksum_kind = if input.content_sha256_header {
        PayloadChecksumKind::XAmzSha256
    } else {
        PayloadChecksumKind::NoHeader
    };
    aws_settings.session_token_mode = if input.omit_session_token {
        SessionTokenMode::Exclude
    } else {
        SessionTokenMode::Include
    };
    // R4.
    aws_settings.excluded_headers = Some(
        std::iter::once("authorization")
            .chain(UNSIGNED_HEADERS)
            .map(std::borrow::Cow::Borrowed)
            .collect(),
    );
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(service)
        .time(UNIX_EPOCH + Duration::from_secs(unix as u64))
        .settings(aws_settings)
        .build()
        .expect("aws params")
        .into();
    let mut uri = format!("https://{host}{path}");
    if !wire_query.is_empty() {
        uri.push('?');
        uri.push_str(&wire_query.join("&"));
    }
    let aws_request = AwsRequest::new(method, uri.clone(), header_refs.iter().copied(), aws_body)
        .unwrap_or_else(|e| panic!("aws-sigv4 refused {uri:?}: {e}"));
    let (instructions, aws_sig) = match sign(aws_request, &params) {
        Ok(out) => out.into_parts(),
        Err(e) => panic!("aws-sigv4 refused to sign: {e}"),
    };
    let aws_auth = instructions
        .headers()
        .find(|(n, _)| n.eq_ignore_ascii_case("authorization"))
        .map(|(_, v)| v.to_string())
        .expect("aws-sigv4 Authorization");

    if ours_sig != aws_sig {
        let mut creq = vec![0u8; 1 << 16];
        let n = signer
            .canonical_request_into(
                &request,
                unix,
                lambda_microvms_codec::sigv4::Mode::Headers,
                &settings,
                &mut creq,
            )
            .expect("canonical request");
        panic!(
            "signatures differ\n ours: {ours_sig}\n  aws: {aws_sig}\nour canonical request:\n{}\nuri: {uri}",
            String::from_utf8_lossy(&creq[..n])
        );
    }
    assert_eq!(ours_auth, aws_auth, "Authorization headers differ");
});
