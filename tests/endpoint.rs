//! Endpoint resolution against botocore 1.44.8's own rule-set engine.
//!
//! `tests/data/vectors/endpoints.json` is produced by `scripts/gen_endpoint_vectors.py`, which runs
//! botocore's `EndpointProvider` over the service's endpoint-rule-set-1.json and partitions.json.
//! Every vector must agree with botocore, except the inputs listed in `REJECTED_REGIONS` and
//! `REJECTED_ENDPOINTS`, where botocore builds a URL and we return a typed error on purpose.

use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::endpoint::{Endpoint, Error, Params, Partition, Scheme, UrlError};
use serde::Deserialize;
use std::collections::BTreeSet;

#[derive(Deserialize)]
struct File {
    botocore: String,
    vectors: Vec<Vector>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct VParams {
    region: Option<String>,
    use_fips: bool,
    use_dual_stack: bool,
    endpoint: Option<String>,
}

#[derive(Deserialize)]
struct Parts {
    scheme: String,
    host: String,
    port: Option<u32>,
    path: String,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Expected {
    Url { url: String, parts: Option<Parts> },
    Error { error: String },
}

#[derive(Deserialize)]
struct Vector {
    params: VParams,
    expected: Expected,
}

/// Regions botocore interpolates into a host although they are not one RFC 1123 label.
fn rejected_regions() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        "-us-east-1",
        "us-east-1-",
        "us_east_1",
        "il-x_y-1",
        "us-east-1.evil.com",
        "us east 1",
        "us-east-1\n",
        "us-east-1\r\nX: y",
        "\u{fc}-east-1",
        "us-\u{661}-1",
        "us-east-1/x",
        "us-east-1:443",
        "us-east-1@evil",
        "us-east-1\0",
    ]
    .map(String::from)
    .to_vec();
    v.push("a".repeat(64));
    v
}

/// Custom endpoints botocore passes through verbatim, with the reason we give instead.
fn rejected_endpoints() -> Vec<(String, UrlError)> {
    use UrlError::*;
    let mut v: Vec<(String, UrlError)> = [
        ("", Scheme),
        ("ftp://example.com", Scheme),
        ("https://", Host),
        ("example.com", Scheme),
        ("https://user@example.com", Userinfo),
        ("https://u:p@h/", Userinfo),
        ("https://h:0", Port),
        ("https://h:65536", Port),
        ("https://h:abc", Port),
        ("https://h:", Port),
        ("https://h:-1", Port),
        ("https://h/p?q=1", QueryOrFragment),
        ("https://h?q", QueryOrFragment),
        ("https://h/p#f", QueryOrFragment),
        ("https://h#f", QueryOrFragment),
        ("https://h /", Host),
        ("https://h\r\n", Host),
        ("https://h\0", Host),
        ("https://[::1", Host),
        ("https://[zz::1]", Host),
        ("https://[1:2:3:4:5:6:7:8:9]", Host),
        ("https://[::1]x", Host),
        ("https://[1::2::3]", Host),
        ("https://h..com", Host),
        ("https://-h.com", Host),
        ("https://h-.com", Host),
        ("https://999.1.1.1", Host),
        ("https://1.2.3", Host),
        ("https://h/a b", Path),
        ("https://h/\u{fc}", Path),
        ("https:/h", Scheme),
        ("https:h", Scheme),
        ("https://h\\p", Host),
        ("https://h.com:443:443", Port),
        ("https://[fe80::1%25eth0]", Host),
        ("https://\u{fc}.com", Host),
        ("http://.", Host),
        ("https://h.com.", Host),
    ]
    .map(|(s, e)| (String::from(s), e))
    .to_vec();
    v.push((format!("https://{}.com", "a".repeat(64)), Host));
    v
}

fn load() -> File {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/vectors/endpoints.json"
    ))
    .expect("vectors");
    serde_json::from_str(&text).expect("vector JSON")
}

fn url_of(ep: &Endpoint<'_>) -> String {
    let mut buf = [0u8; 256];
    let mut w = Writer::new(&mut buf);
    ep.write_url(&mut w);
    let n = w.finish().expect("256 bytes is enough");
    String::from_utf8(buf[..n].to_vec()).expect("UTF-8")
}

#[test]
fn botocore_vectors() {
    let file = load();
    assert_eq!(file.botocore, "1.44.8");
    let bad_regions = rejected_regions();
    let bad_endpoints = rejected_endpoints();
    let mut seen_regions = BTreeSet::new();
    let mut seen_endpoints = BTreeSet::new();
    let (mut urls, mut errors, mut deliberate) = (0, 0, 0);

    for v in &file.vectors {
        let p = &v.params;
        let params = Params {
            region: p.region.as_deref(),
            use_fips: p.use_fips,
            use_dual_stack: p.use_dual_stack,
            endpoint: p.endpoint.as_deref(),
        };
        let ours = Endpoint::resolve(&params);
        let ctx = format!(
            "region={:?} fips={} ds={} endpoint={:?}",
            p.region, p.use_fips, p.use_dual_stack, p.endpoint
        );

        // Deliberate differences: botocore builds a URL, we refuse.
        if let Some(ep) = &p.endpoint
            && !p.use_fips
            && !p.use_dual_stack
            && let Some((_, why)) = bad_endpoints.iter().find(|(s, _)| s == ep)
        {
            assert!(matches!(v.expected, Expected::Url { .. }), "{ctx}");
            assert_eq!(ours, Err(Error::InvalidEndpointUrl(*why)), "{ctx}");
            seen_endpoints.insert(ep.clone());
            deliberate += 1;
            continue;
        }
        if p.endpoint.is_none()
            && let Some(r) = &p.region
            && bad_regions.contains(r)
        {
            assert!(matches!(v.expected, Expected::Url { .. }), "{ctx}");
            assert_eq!(ours, Err(Error::InvalidRegion), "{ctx}");
            seen_regions.insert(r.clone());
            deliberate += 1;
            continue;
        }

        match &v.expected {
            Expected::Error { error } => {
                let e = ours.expect_err(&ctx);
                assert_eq!(&e.to_string(), error, "{ctx}");
                errors += 1;
            }
            Expected::Url { url, parts } => {
                let ep = ours.unwrap_or_else(|e| panic!("{ctx}: {e}"));
                urls += 1;
                if p.endpoint.is_none() {
                    assert_eq!(&url_of(&ep), url, "{ctx}");
                    assert!(ep.partition().is_some(), "{ctx}");
                    continue;
                }
                // Custom endpoint: botocore returns the string verbatim; compare components as
                // Python's urlsplit sees them, then the whole URL where it is already normalized.
                let parts = parts.as_ref().expect("urlsplit parsed a URL we accept");
                let scheme = match ep.scheme() {
                    Scheme::Http => "http",
                    Scheme::Https => "https",
                };
                assert_eq!(scheme, parts.scheme, "{ctx}");
                let mut hb = [0u8; 256];
                let mut w = Writer::new(&mut hb);
                ep.write_host(&mut w);
                let n = w.finish().unwrap();
                assert_eq!(&hb[..n], parts.host.as_bytes(), "{ctx}");
                let default = if scheme == "https" { 443 } else { 80 };
                assert_eq!(u32::from(ep.port()), parts.port.unwrap_or(default), "{ctx}");
                assert_eq!(ep.base_path(), parts.path.trim_end_matches('/'), "{ctx}");
                let normalized = url.starts_with(&format!("{}://", parts.scheme))
                    && parts.port.is_none_or(|p| p != default)
                    && !parts.path.ends_with('/');
                if normalized {
                    assert_eq!(&url_of(&ep), url, "{ctx}");
                }
                assert!(ep.partition().is_none());
            }
        }
    }

    // The deliberate-difference lists must stay in step with the generated data.
    for r in &bad_regions {
        assert!(
            seen_regions.contains(r),
            "no vector for rejected region {r:?}"
        );
    }
    for (e, _) in &bad_endpoints {
        assert!(
            seen_endpoints.contains(e),
            "no vector for rejected endpoint {e:?}"
        );
    }
    // Guards against the data shrinking to nothing unnoticed (382 / 190 / 103 when generated).
    assert_eq!(urls + errors + deliberate, file.vectors.len());
    assert!(
        urls > 300 && errors > 150 && deliberate > 90,
        "{urls} {errors} {deliberate}"
    );
}

/// Every region the table lists must round-trip to its own partition, and the vectors must cover it.
#[test]
fn every_listed_region_is_covered() {
    let file = load();
    let covered: BTreeSet<&str> = file
        .vectors
        .iter()
        .filter_map(|v| v.params.region.as_deref())
        .collect();
    let mut ids = BTreeSet::new();
    for p in Partition::all() {
        ids.insert(p.id());
        for r in p.regions() {
            assert!(covered.contains(r), "{r} has no vector");
            assert_eq!(Partition::of(r).id(), p.id(), "{r}");
        }
    }
    let want = [
        "aws",
        "aws-cn",
        "aws-eusc",
        "aws-iso",
        "aws-iso-b",
        "aws-iso-e",
        "aws-iso-f",
        "aws-us-gov",
    ];
    assert_eq!(ids, want.into_iter().collect());
}
