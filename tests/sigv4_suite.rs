//! The official AWS SigV4 test suite (tests/data/aws-signing-test-suite, see its LICENSE):
//! for every case, header and query (presigned) variants, our canonical request, string to
//! sign, signature and signed request must equal the suite's files byte for byte.

mod common;

use common::suite::{self, Context, Request};
use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::sigv4::{Credentials, Mode, Payload, SignableRequest, Signer};
use std::path::PathBuf;

/// 2015-08-30T12:36:00Z, the suite's `timestamp` (each context.json's is parsed and checked
/// against it, which also tests the shared time parser).
const SUITE_TIME: i64 = 1_440_938_160;

fn read(dir: &std::path::Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name))
        .unwrap_or_else(|e| panic!("{}: {e}", dir.join(name).display()))
}

fn run(case: &str) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/aws-signing-test-suite/v4")
        .join(case);
    let ctx: serde_json::Value = serde_json::from_str(&read(&dir, "context.json")).unwrap();
    let ctx = Context::parse(&ctx).unwrap();
    assert_eq!(ctx.unix_seconds, SUITE_TIME);
    let req = Request::parse(&read(&dir, "request.txt")).unwrap();
    let credentials = Credentials::new(
        &ctx.access_key_id,
        &ctx.secret_access_key,
        ctx.token.as_deref(),
    )
    .unwrap();
    let (region, service, settings) = (ctx.region.as_str(), ctx.service.as_str(), ctx.settings);
    let expires = ctx.expires_in;

    let (path, query) = req.path_and_query().unwrap();
    let query_refs = suite::refs(&query);
    let header_refs = suite::refs(&req.headers);
    let request = SignableRequest {
        method: &req.method,
        path: &path,
        query: &query_refs,
        headers: &header_refs,
        payload: Payload::Bytes(&req.body),
    };
    let mut signer = Signer::new(credentials, region, service).unwrap();
    let mut buf = vec![0u8; 8192];

    for (prefix, mode) in [
        ("header", Mode::Headers),
        (
            "query",
            Mode::Query {
                expires_in: expires,
            },
        ),
    ] {
        let n = signer
            .canonical_request_into(&request, SUITE_TIME, mode, &settings, &mut buf)
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&buf[..n]),
            read(&dir, &format!("{prefix}-canonical-request.txt")),
            "{case}: {prefix} canonical request"
        );
        let n = signer
            .string_to_sign_into(&request, SUITE_TIME, mode, &settings, &mut buf)
            .unwrap();
        assert_eq!(
            String::from_utf8_lossy(&buf[..n]),
            read(&dir, &format!("{prefix}-string-to-sign.txt")),
            "{case}: {prefix} string to sign"
        );
    }

    // Header variant.
    let sig = signer.sign(&request, SUITE_TIME, &settings).unwrap();
    assert_eq!(
        String::from_utf8_lossy(&sig.hex()),
        read(&dir, "header-signature.txt").trim_end(),
        "{case}: header signature"
    );
    let mut signed = format!("{} {} {}\n", req.method, req.target, req.version);
    for l in &req.head_lines {
        signed.push_str(l);
        signed.push('\n');
    }
    if let Some(t) = sig.session_token() {
        signed.push_str(&format!("X-Amz-Security-Token:{t}\n"));
    }
    signed.push_str(&format!(
        "X-Amz-Date:{}\n",
        String::from_utf8_lossy(sig.amz_date())
    ));
    if let Some(c) = sig.content_sha256() {
        signed.push_str(&format!(
            "x-amz-content-sha256:{}\n",
            String::from_utf8_lossy(c)
        ));
    }
    let mut w = Writer::new(&mut buf);
    sig.write_authorization(&mut w);
    let n = w.finish().unwrap();
    signed.push_str(&format!(
        "Authorization:{}\n\n",
        String::from_utf8_lossy(&buf[..n])
    ));
    signed.push_str(&String::from_utf8_lossy(&req.body));
    assert_eq!(
        signed,
        read(&dir, "header-signed-request.txt"),
        "{case}: header signed request"
    );

    // Query variant.
    let n = signer
        .presign(&request, SUITE_TIME, expires, &settings, &mut buf)
        .unwrap();
    let target = String::from_utf8(buf[..n].to_vec()).unwrap();
    let query_sig = target.rsplit_once("X-Amz-Signature=").unwrap().1;
    assert_eq!(
        query_sig,
        read(&dir, "query-signature.txt").trim_end(),
        "{case}: query signature"
    );
    let mut signed = format!("{} {} {}\n", req.method, target, req.version);
    for l in &req.head_lines {
        signed.push_str(l);
        signed.push('\n');
    }
    signed.push('\n');
    signed.push_str(&String::from_utf8_lossy(&req.body));
    // The suite writes the caller's query exactly as request.txt had it, which for
    // get-vanilla-utf8-query is raw UTF-8 that cannot go on the wire; we send it percent-encoded,
    // so the expected query's non-ASCII bytes are encoded before comparing (nothing else is).
    let expected = read(&dir, "query-signed-request.txt");
    let (line, rest) = expected.split_once('\n').unwrap();
    let (before_query, query_and_version) = line.split_once('?').unwrap();
    let mut wire = String::new();
    for b in query_and_version.bytes() {
        if b >= 0x80 {
            wire.push_str(&format!("%{b:02X}"));
        } else {
            wire.push(char::from(b));
        }
    }
    let expected = format!("{before_query}?{wire}\n{rest}");
    assert_eq!(signed, expected, "{case}: query signed request");
}

macro_rules! cases {
    ($($name:ident => $dir:literal,)*) => {
        $( #[test] fn $name() { run($dir); } )*

        #[test]
        fn every_suite_case_is_listed() {
            let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/aws-signing-test-suite/v4");
            let mut on_disk: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().into_string().unwrap())
                .collect();
            on_disk.sort();
            let mut listed = vec![$($dir.to_string()),*];
            listed.sort();
            assert_eq!(on_disk, listed);
        }
    };
}

cases! {
    get_header_key_duplicate => "get-header-key-duplicate",
    get_header_value_multiline => "get-header-value-multiline",
    get_header_value_order => "get-header-value-order",
    get_header_value_trim => "get-header-value-trim",
    get_relative_normalized => "get-relative-normalized",
    get_relative_relative_normalized => "get-relative-relative-normalized",
    get_relative_relative_unnormalized => "get-relative-relative-unnormalized",
    get_relative_unnormalized => "get-relative-unnormalized",
    get_slash_dot_slash_normalized => "get-slash-dot-slash-normalized",
    get_slash_dot_slash_unnormalized => "get-slash-dot-slash-unnormalized",
    get_slash_normalized => "get-slash-normalized",
    get_slash_pointless_dot_normalized => "get-slash-pointless-dot-normalized",
    get_slash_pointless_dot_unnormalized => "get-slash-pointless-dot-unnormalized",
    get_slash_unnormalized => "get-slash-unnormalized",
    get_slashes_normalized => "get-slashes-normalized",
    get_slashes_unnormalized => "get-slashes-unnormalized",
    get_space_normalized => "get-space-normalized",
    get_space_unnormalized => "get-space-unnormalized",
    get_unreserved => "get-unreserved",
    get_utf8 => "get-utf8",
    get_vanilla => "get-vanilla",
    get_vanilla_empty_query_key => "get-vanilla-empty-query-key",
    get_vanilla_query => "get-vanilla-query",
    get_vanilla_query_order_encoded => "get-vanilla-query-order-encoded",
    get_vanilla_query_order_key_case => "get-vanilla-query-order-key-case",
    get_vanilla_query_unreserved => "get-vanilla-query-unreserved",
    get_vanilla_utf8_query => "get-vanilla-utf8-query",
    get_vanilla_with_session_token => "get-vanilla-with-session-token",
    post_header_key_case => "post-header-key-case",
    post_header_key_sort => "post-header-key-sort",
    post_header_value_case => "post-header-value-case",
    post_sts_header_after => "post-sts-header-after",
    post_sts_header_before => "post-sts-header-before",
    post_vanilla => "post-vanilla",
    post_vanilla_empty_query_value => "post-vanilla-empty-query-value",
    post_vanilla_query => "post-vanilla-query",
    post_x_www_form_urlencoded => "post-x-www-form-urlencoded",
    post_x_www_form_urlencoded_parameters => "post-x-www-form-urlencoded-parameters",
}
