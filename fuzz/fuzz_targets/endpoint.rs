//! Arbitrary region, FIPS/dual-stack flags and optional custom endpoint → `Endpoint::resolve`.
//! Either an error, or an endpoint whose URL, authority and host are well formed: ASCII, no
//! whitespace/CR/LF/NUL, valid host labels, and for a regional endpoint
//! `https://lambda[-fips].{region}.{suffix}` with exactly the caller's region.
#![no_main]

use lambda_microvms_codec::buf::{Sink, Writer};
use lambda_microvms_codec::endpoint::{Endpoint, Error, Host, Params, Scheme};
use libfuzzer_sys::fuzz_target;

/// The input is framed by hand rather than with `arbitrary`, so that seeds can be written from
/// the endpoint vectors (`scripts/fuzz-seeds.py`) and the strings are plain bytes the
/// dictionary's region names and URL pieces can be spliced into:
///
/// `flags: u8 | known-region index: u8 | region bytes | NUL | endpoint bytes`
///
/// flags: bit 0 FIPS, bit 1 dual-stack, bit 2 region present, bit 3 endpoint present, bit 4 use
/// the known region at the index (so the FIPS/dual-stack table is explored for every partition,
/// not only for the `aws` fallback of made-up names). Bytes that are not UTF-8 are replaced.
#[derive(Debug)]
struct Input {
    region: Option<String>,
    known_region: Option<u8>,
    use_fips: bool,
    use_dual_stack: bool,
    endpoint: Option<String>,
}

impl Input {
    fn parse(data: &[u8]) -> Self {
        let flags = data.first().copied().unwrap_or(0);
        let index = data.get(1).copied().unwrap_or(0);
        let rest = data.get(2..).unwrap_or_default();
        let (region, endpoint) = match rest.iter().position(|&b| b == 0) {
            Some(i) => (&rest[..i], &rest[i + 1..]),
            None => (rest, &[][..]),
        };
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        Input {
            region: (flags & 4 != 0).then(|| text(region)),
            known_region: (flags & 16 != 0).then_some(index),
            use_fips: flags & 1 != 0,
            use_dual_stack: flags & 2 != 0,
            endpoint: (flags & 8 != 0).then(|| text(endpoint)),
        }
    }
}

/// Collects everything (so nothing is cut short) and also writes through a fixed caller buffer,
/// which must hold the same bytes or report exactly the size required.
struct Both<'b> {
    all: Vec<u8>,
    w: Writer<'b>,
}

impl Sink for Both<'_> {
    fn put(&mut self, bytes: &[u8]) {
        self.all.extend_from_slice(bytes);
        self.w.put(bytes);
    }
}

fn written(f: impl Fn(&mut Both<'_>)) -> String {
    let mut buf = [0u8; 128];
    let mut s = Both {
        all: Vec::new(),
        w: Writer::new(&mut buf),
    };
    f(&mut s);
    let Both { all, w } = s;
    match w.finish() {
        Ok(n) => assert_eq!(&buf[..n], &all[..]),
        Err(e) => assert_eq!(e.required, all.len()),
    }
    String::from_utf8(all).expect("endpoint output is UTF-8")
}

fn assert_clean(what: &str, s: &str) {
    assert!(s.is_ascii(), "{what} not ASCII: {s:?}");
    assert!(
        !s.bytes()
            .any(|b| b.is_ascii_whitespace() || b.is_ascii_control()),
        "{what} has whitespace or a control byte: {s:?}"
    );
}

/// RFC 1123 label (`_` allowed only where `underscore` says so, as custom container host names
/// may carry it).
fn is_label(l: &str, underscore: bool) -> bool {
    (1..=63).contains(&l.len())
        && l.bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || (underscore && c == b'_'))
        && !l.starts_with('-')
        && !l.ends_with('-')
}

fuzz_target!(|data: &[u8]| {
    let input = Input::parse(data);
    let region = match input.known_region {
        Some(i) => {
            let all: Vec<&'static str> = lambda_microvms_codec::endpoint::Partition::all()
                .iter()
                .flat_map(|p| p.regions().iter().copied())
                .collect();
            if all.is_empty() {
                input.region.as_deref()
            } else {
                Some(all[usize::from(i) % all.len()])
            }
        }
        None => input.region.as_deref(),
    };
    let params = Params {
        region,
        use_fips: input.use_fips,
        use_dual_stack: input.use_dual_stack,
        endpoint: input.endpoint.as_deref(),
    };
    let ep = match Endpoint::resolve(&params) {
        Ok(ep) => ep,
        Err(e) => {
            // Errors that depend only on the flags are reported whatever the URL looks like.
            if input.endpoint.is_some() && input.use_fips {
                assert_eq!(e, Error::FipsWithCustomEndpoint);
            } else if input.endpoint.is_some() && input.use_dual_stack {
                assert_eq!(e, Error::DualStackWithCustomEndpoint);
            }
            if input.endpoint.is_none() && region.is_none() {
                assert_eq!(e, Error::MissingRegion);
            }
            let _ = e.to_string();
            return;
        }
    };

    let url = written(|s| ep.write_url(s));
    let authority = written(|s| ep.write_authority(s));
    let host = written(|s| ep.write_host(s));
    for (what, s) in [("url", &url), ("authority", &authority), ("host", &host)] {
        assert_clean(what, s);
        assert!(!s.is_empty(), "empty {what}");
    }
    let prefix = format!("{}://", ep.scheme().as_str());
    assert!(url.starts_with(&prefix), "{url}");
    assert_eq!(
        &url[prefix.len()..prefix.len() + authority.len()],
        authority
    );
    assert!(authority.starts_with(&host));
    assert_eq!(
        url.len(),
        prefix.len() + authority.len() + ep.base_path().len()
    );
    assert!(url.ends_with(ep.base_path()));
    assert!(ep.base_path().is_empty() || ep.base_path().starts_with('/'));
    assert!(!ep.base_path().ends_with('/'));
    assert!(!ep.base_path().contains(['?', '#']));
    assert!(ep.port() != 0);
    // The authority carries a port exactly when it is not the scheme's default.
    match &authority[host.len()..] {
        "" => {}
        port => {
            let p: u16 = port
                .strip_prefix(':')
                .expect("':' before port")
                .parse()
                .expect("port");
            assert_eq!(p, ep.port());
            assert_ne!(p, ep.scheme().default_port());
        }
    }

    match ep.host() {
        Host::Regional {
            prefix,
            region: r,
            dns_suffix,
        } => {
            let region = region.expect("regional endpoint without a region");
            assert!(input.endpoint.is_none());
            assert_eq!(r, region, "region must be used verbatim");
            assert_eq!(ep.scheme(), Scheme::Https);
            assert!(url.starts_with("https://lambda"), "{url}");
            assert!(url.contains(region));
            assert_eq!(host, format!("{prefix}.{region}.{dns_suffix}"));
            assert_eq!(prefix == "lambda-fips", input.use_fips);
            assert!(
                is_label(region, false),
                "region {region:?} is not one host label"
            );
            for label in host.split('.') {
                assert!(is_label(label, false), "label {label:?} in {host}");
            }
            let p = ep.partition().expect("regional endpoint has a partition");
            let expected_suffix = if input.use_dual_stack {
                p.dual_stack_dns_suffix()
            } else {
                p.dns_suffix()
            };
            assert_eq!(dns_suffix, expected_suffix);
            assert!(ep.base_path().is_empty());
            assert_eq!(ep.port(), 443);
        }
        Host::Custom(h) => {
            assert!(input.endpoint.as_deref().is_some_and(|e| e.contains(h)));
            assert!(!input.use_fips && !input.use_dual_stack);
            assert!(ep.partition().is_none());
            if let Some(inner) = h.strip_prefix('[') {
                let inner = inner.strip_suffix(']').expect("closing bracket");
                assert!(
                    inner.parse::<std::net::Ipv6Addr>().is_ok(),
                    "bad IPv6 {inner:?}"
                );
            } else if h
                .rsplit('.')
                .next()
                .is_some_and(|l| l.bytes().all(|b| b.is_ascii_digit()))
            {
                assert!(h.parse::<std::net::Ipv4Addr>().is_ok(), "bad IPv4 {h:?}");
            } else {
                assert!(h.len() <= 253);
                for label in h.split('.') {
                    assert!(is_label(label, true), "label {label:?} in {h}");
                }
            }
        }
    }
});
