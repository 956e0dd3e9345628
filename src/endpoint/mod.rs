//! Endpoint resolution: region, FIPS, dual-stack and custom endpoints, per the service rule set.
//!
//! This is the service's `endpoint-rule-set-1.json` evaluated by hand over the partition table of
//! `partitions.json` (generated into `partitions.rs` by `scripts/gen_endpoint_vectors.py`), checked
//! against botocore's own rule engine by `tests/endpoint.rs`. Nothing is allocated: the resolved
//! [`Endpoint`] borrows the region or custom URL from [`Params`] and the DNS suffix from the static
//! table, and is written out through a [`Sink`] when a request is framed.
//!
//! Where this module is stricter than the rule set (botocore builds a URL from anything):
//! - a region must be one RFC 1123 host label (`[A-Za-z0-9-]{1,63}`, no leading or trailing `-`),
//!   otherwise [`Error::InvalidRegion`]. The rule set interpolates the region into the host
//!   unchecked, so `us-east-1.evil.com`, `us-east-1@evil` or a region carrying CR/LF would change
//!   which host we talk to or break the request head.
//! - a custom endpoint must be an `http`/`https` URL with a valid host, optional port `1..=65535`,
//!   optional path and no userinfo, query or fragment, otherwise [`Error::InvalidEndpointUrl`].
//!   botocore passes the string through verbatim and fails later, or never.
//!
//! The FIPS/dual-stack checks on a custom endpoint come first, as in the rule set, so a custom
//! endpoint with FIPS enabled reports the rule set's FIPS error whatever the URL looks like.

mod partitions;

use crate::buf::Sink;

/// Inputs of the rule set (`Region`, `UseFIPS`, `UseDualStack`, `Endpoint`).
///
/// `region` is still needed with a custom endpoint for signing, but resolution ignores it then.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Params<'a> {
    /// `AWS::Region`, e.g. `us-east-1`.
    pub region: Option<&'a str>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: a custom endpoint URL such as `http://localhost:4566/base`.
    pub endpoint: Option<&'a str>,
}

impl<'a> Params<'a> {
    /// No region, no custom endpoint, FIPS and dual-stack off (resolves to [`Error::MissingRegion`]).
    pub const fn new() -> Self {
        Self {
            region: None,
            use_fips: false,
            use_dual_stack: false,
            endpoint: None,
        }
    }

    /// The regional endpoint of `region`.
    pub const fn region(region: &'a str) -> Self {
        Self::new().with_region(region)
    }

    /// A custom endpoint URL (`SDK::Endpoint`).
    pub const fn custom(endpoint: &'a str) -> Self {
        Self::new().with_endpoint(endpoint)
    }

    /// Sets the region.
    pub const fn with_region(mut self, region: &'a str) -> Self {
        self.region = Some(region);
        self
    }

    /// Sets the custom endpoint URL.
    pub const fn with_endpoint(mut self, endpoint: &'a str) -> Self {
        self.endpoint = Some(endpoint);
        self
    }

    /// Sets `UseFIPS`.
    pub const fn fips(mut self, on: bool) -> Self {
        self.use_fips = on;
        self
    }

    /// Sets `UseDualStack`.
    pub const fn dual_stack(mut self, on: bool) -> Self {
        self.use_dual_stack = on;
        self
    }
}

/// URL scheme of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Scheme {
    /// `http` (custom endpoints only, e.g. a local emulator).
    Http,
    /// `https`.
    Https,
}

impl Scheme {
    /// `"http"` or `"https"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }

    /// 80 or 443.
    pub const fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }
}

/// Host of a resolved endpoint, kept in pieces so nothing has to be concatenated into a buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Host<'a> {
    /// `{prefix}.{region}.{dns_suffix}`.
    Regional {
        /// `lambda` or `lambda-fips`.
        prefix: &'static str,
        /// The caller's region, a validated host label.
        region: &'a str,
        /// The partition's `dnsSuffix` or `dualStackDnsSuffix`.
        dns_suffix: &'static str,
    },
    /// Host of a custom endpoint exactly as given: a DNS name, an IPv4 address, or a bracketed IPv6
    /// address (`[::1]`, brackets included because the `Host` header needs them).
    Custom(&'a str),
}

impl Host<'_> {
    /// Writes the host name.
    pub fn write(&self, sink: &mut impl Sink) {
        match *self {
            Host::Regional {
                prefix,
                region,
                dns_suffix,
            } => {
                sink.put_str(prefix);
                sink.put_byte(b'.');
                sink.put_str(region);
                sink.put_byte(b'.');
                sink.put_str(dns_suffix);
            }
            Host::Custom(host) => sink.put_str(host),
        }
    }
}

/// One partition of `partitions.json`: a group of regions sharing DNS suffixes and capabilities.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Partition {
    id: &'static str,
    dns_suffix: &'static str,
    dual_stack_dns_suffix: &'static str,
    supports_fips: bool,
    supports_dual_stack: bool,
    implicit_global_region: &'static str,
    /// Position in [`Partition::all`], which is also where its `regions()` are.
    index: usize,
    /// The listed regions that `region_pattern` does not already assign here (see the
    /// generator): all `Partition::of` needs, a fraction of the full list's flash.
    extra_regions: &'static [&'static str],
    region_pattern: RegionPattern,
}

/// `regionRegex`, which always has the shape `^(p1|p2|..)\-\w+\-\d+$`; the generator refuses any
/// other shape, so matching by hand needs no regex engine in firmware.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
struct RegionPattern {
    /// The literal alternatives including their trailing `-`, e.g. `us-`, `eusc-de-`.
    prefixes: &'static [&'static str],
}

impl RegionPattern {
    fn matches(&self, region: &str) -> bool {
        self.prefixes.iter().any(|p| {
            region.strip_prefix(p).is_some_and(|rest| {
                // `\w+` cannot contain '-', so the first '-' is the split point, and `\d+$` none.
                // ASCII classes suffice: Python's Unicode `\w`/`\d` only differ on non-ASCII
                // regions, which are rejected as host labels before we get here.
                // Bytes, not `str::split_once`: its char searcher is ~0.2 KB of flash here.
                let rest = rest.as_bytes();
                rest.iter().position(|&b| b == b'-').is_some_and(|i| {
                    let (word, digits) = rest.split_at(i);
                    let digits = digits.get(1..).unwrap_or_default();
                    !word.is_empty()
                        && word.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_')
                        && !digits.is_empty()
                        && digits.iter().all(u8::is_ascii_digit)
                })
            })
        })
    }
}

impl Partition {
    /// The partition `aws.partition` assigns to `region`, exactly as botocore does: the first
    /// partition (in file order) that lists `region` or whose `regionRegex` matches it, else `aws`.
    ///
    /// ```
    /// use lambda_microvms_codec::endpoint::Partition;
    /// assert_eq!(Partition::of("cn-north-1").id(), "aws-cn");
    /// assert_eq!(Partition::of("us-gov-east-1").id(), "aws-us-gov");
    /// assert_eq!(Partition::of("mars-north-1").id(), "aws");
    /// ```
    pub fn of(region: &str) -> &'static Partition {
        let all = Self::all();
        all.iter()
            .find(|p| p.extra_regions.contains(&region) || p.region_pattern.matches(region))
            // The table is generated non-empty with `aws` first: the rule set's fallback.
            .unwrap_or(&all[0])
    }

    /// Every known partition, `aws` first.
    pub fn all() -> &'static [Partition] {
        partitions::PARTITIONS
    }

    /// Partition id, e.g. `aws-us-gov`.
    pub fn id(&self) -> &'static str {
        self.id
    }

    /// `dnsSuffix`, e.g. `amazonaws.com`.
    pub fn dns_suffix(&self) -> &'static str {
        self.dns_suffix
    }

    /// `dualStackDnsSuffix`, e.g. `api.aws`.
    pub fn dual_stack_dns_suffix(&self) -> &'static str {
        self.dual_stack_dns_suffix
    }

    /// `supportsFIPS`.
    pub fn supports_fips(&self) -> bool {
        self.supports_fips
    }

    /// `supportsDualStack`.
    pub fn supports_dual_stack(&self) -> bool {
        self.supports_dual_stack
    }

    /// `implicitGlobalRegion`, the region global services sign for.
    pub fn implicit_global_region(&self) -> &'static str {
        self.implicit_global_region
    }

    /// Regions listed explicitly for this partition.
    pub fn regions(&self) -> &'static [&'static str] {
        partitions::REGIONS
            .get(self.index)
            .copied()
            .unwrap_or_default()
    }
}

/// Why a custom endpoint URL was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum UrlError {
    /// No `scheme://`, or a scheme other than `http`/`https`.
    Scheme,
    /// `user@` or `user:password@` before the host.
    Userinfo,
    /// Empty or malformed host (DNS name, IPv4, or bracketed IPv6).
    Host,
    /// Port not a decimal number in `1..=65535`.
    Port,
    /// Path with a character outside RFC 3986 `pchar` or a bad percent-escape.
    Path,
    /// A query (`?`) or fragment (`#`): a base URL cannot carry them.
    QueryOrFragment,
}

impl UrlError {
    fn as_str(self) -> &'static str {
        match self {
            UrlError::Scheme => "scheme must be http or https",
            UrlError::Userinfo => "userinfo is not allowed",
            UrlError::Host => "invalid host",
            UrlError::Port => "invalid port",
            UrlError::Path => "invalid path",
            UrlError::QueryOrFragment => "query and fragment are not allowed",
        }
    }
}

impl core::fmt::Display for UrlError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UrlError {}

/// Endpoint resolution failed. `Display` is the rule set's message where the rule set has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// Neither a region nor a custom endpoint.
    MissingRegion,
    /// The region is not one RFC 1123 host label (stricter than the rule set, see the module docs).
    InvalidRegion,
    /// FIPS requested together with a custom endpoint.
    FipsWithCustomEndpoint,
    /// Dual-stack requested together with a custom endpoint.
    DualStackWithCustomEndpoint,
    /// FIPS requested in a partition without FIPS endpoints.
    FipsNotSupported,
    /// Dual-stack requested in a partition without dual-stack endpoints.
    DualStackNotSupported,
    /// FIPS and dual-stack requested in a partition lacking one or both.
    FipsAndDualStackNotSupported,
    /// The custom endpoint is not a usable base URL (stricter than the rule set).
    InvalidEndpointUrl(UrlError),
}

impl core::fmt::Display for Error {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let text = match self {
            Error::MissingRegion => "Invalid Configuration: Missing Region",
            Error::InvalidRegion => "Invalid Configuration: Region is not a valid host label",
            Error::FipsWithCustomEndpoint => {
                "Invalid Configuration: FIPS and custom endpoint are not supported"
            }
            Error::DualStackWithCustomEndpoint => {
                "Invalid Configuration: Dualstack and custom endpoint are not supported"
            }
            Error::FipsNotSupported => "FIPS is enabled but this partition does not support FIPS",
            Error::DualStackNotSupported => {
                "DualStack is enabled but this partition does not support DualStack"
            }
            Error::FipsAndDualStackNotSupported => {
                "FIPS and DualStack are enabled, but this partition does not support one or both"
            }
            Error::InvalidEndpointUrl(e) => {
                f.write_str("Invalid Configuration: custom endpoint is not a valid URL: ")?;
                e.as_str()
            }
        };
        f.write_str(text)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for Error {}

/// A resolved endpoint: scheme, host, optional port and base path, borrowed from [`Params`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Endpoint<'a> {
    scheme: Scheme,
    host: Host<'a>,
    port: Option<u16>,
    base_path: &'a str,
    partition: Option<&'static Partition>,
}

impl<'a> Endpoint<'a> {
    /// Evaluates the rule set for `params`.
    ///
    /// ```
    /// use lambda_microvms_codec::buf::Writer;
    /// use lambda_microvms_codec::endpoint::{Endpoint, Error, Params};
    ///
    /// let ep = Endpoint::resolve(&Params::region("us-gov-west-1").fips(true).dual_stack(true))?;
    /// let mut buf = [0u8; 64];
    /// let mut w = Writer::new(&mut buf);
    /// ep.write_url(&mut w);
    /// let n = w.finish().unwrap();
    /// assert_eq!(&buf[..n], b"https://lambda-fips.us-gov-west-1.api.aws");
    ///
    /// // A custom endpoint: default port dropped, trailing slash of the base path dropped.
    /// let ep = Endpoint::resolve(&Params::custom("http://localhost:4566/base/"))?;
    /// assert_eq!((ep.port(), ep.base_path()), (4566, "/base"));
    ///
    /// assert_eq!(
    ///     Endpoint::resolve(&Params::custom("https://example.com").fips(true)),
    ///     Err(Error::FipsWithCustomEndpoint)
    /// );
    /// assert_eq!(Endpoint::resolve(&Params::new()), Err(Error::MissingRegion));
    /// # Ok::<(), Error>(())
    /// ```
    pub fn resolve(params: &Params<'a>) -> Result<Endpoint<'a>, Error> {
        if let Some(url) = params.endpoint {
            if params.use_fips {
                return Err(Error::FipsWithCustomEndpoint);
            }
            if params.use_dual_stack {
                return Err(Error::DualStackWithCustomEndpoint);
            }
            return parse_url(url).map_err(Error::InvalidEndpointUrl);
        }
        let region = params.region.ok_or(Error::MissingRegion)?;
        if !is_host_label(region) {
            return Err(Error::InvalidRegion);
        }
        Self::regional(
            Partition::of(region),
            region,
            params.use_fips,
            params.use_dual_stack,
        )
    }

    /// The rule set's regional branch, table-driven on the partition's capabilities.
    fn regional(
        p: &'static Partition,
        region: &'a str,
        fips: bool,
        dual_stack: bool,
    ) -> Result<Endpoint<'a>, Error> {
        let (prefix, dns_suffix) = match (fips, dual_stack) {
            (true, true) if p.supports_fips && p.supports_dual_stack => {
                ("lambda-fips", p.dual_stack_dns_suffix)
            }
            (true, true) => return Err(Error::FipsAndDualStackNotSupported),
            (true, false) if p.supports_fips => ("lambda-fips", p.dns_suffix),
            (true, false) => return Err(Error::FipsNotSupported),
            (false, true) if p.supports_dual_stack => ("lambda", p.dual_stack_dns_suffix),
            (false, true) => return Err(Error::DualStackNotSupported),
            (false, false) => ("lambda", p.dns_suffix),
        };
        Ok(Endpoint {
            scheme: Scheme::Https,
            host: Host::Regional {
                prefix,
                region,
                dns_suffix,
            },
            port: None,
            base_path: "",
            partition: Some(p),
        })
    }

    /// Writes the host name (no port).
    pub fn write_host(&self, sink: &mut impl Sink) {
        self.host.write(sink);
    }

    /// Writes `host[:port]` as the `Host` header wants it: the port only if it is not the scheme's
    /// default, so `https://h:443` and `https://h` sign identically.
    pub fn write_authority(&self, sink: &mut impl Sink) {
        self.host.write(sink);
        if let Some(port) = self.port.filter(|&p| p != self.scheme.default_port()) {
            sink.put_byte(b':');
            sink.put_u64(u64::from(port));
        }
    }

    /// Writes `scheme://authority` followed by the base path (empty, or `/...` without a trailing
    /// slash).
    pub fn write_url(&self, sink: &mut impl Sink) {
        sink.put_str(self.scheme.as_str());
        sink.put_str("://");
        self.write_authority(sink);
        sink.put_str(self.base_path);
    }

    /// The host.
    pub fn host(&self) -> Host<'a> {
        self.host
    }

    /// The scheme (`Https` for every regional endpoint).
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The port to connect to: the explicit one, else the scheme's default.
    pub fn port(&self) -> u16 {
        self.port.unwrap_or(self.scheme.default_port())
    }

    /// The custom endpoint's path, to be prefixed to every operation path: `""` or `/segments`
    /// with trailing slashes removed, so `base_path + "/2025-09-09/..."` never doubles a slash.
    pub fn base_path(&self) -> &'a str {
        self.base_path
    }

    /// The partition of a regional endpoint; `None` for a custom endpoint.
    pub fn partition(&self) -> Option<&'static Partition> {
        self.partition
    }
}

/// RFC 1123 label, as the rule language's `isValidHostLabel` (ASCII only, unlike Python's `\d`).
fn is_host_label(s: &str) -> bool {
    let b = s.as_bytes();
    (1..=63).contains(&b.len())
        && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

fn parse_url(url: &str) -> Result<Endpoint<'_>, UrlError> {
    let (scheme, rest) = url.split_once("://").ok_or(UrlError::Scheme)?;
    let scheme = if scheme.eq_ignore_ascii_case("https") {
        Scheme::Https
    } else if scheme.eq_ignore_ascii_case("http") {
        Scheme::Http
    } else {
        return Err(UrlError::Scheme);
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') {
        return Err(UrlError::Userinfo);
    }
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (inner, after) = bracketed.split_once(']').ok_or(UrlError::Host)?;
        // '[' and ']' are one byte each.
        let host = authority.get(..inner.len() + 2).ok_or(UrlError::Host)?;
        if !is_ipv6(inner) {
            return Err(UrlError::Host);
        }
        match after {
            "" => (host, None),
            _ => (host, Some(after.strip_prefix(':').ok_or(UrlError::Host)?)),
        }
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if !host.starts_with('[') && !is_reg_name_or_ipv4(host) {
        return Err(UrlError::Host);
    }
    let port = port.map(parse_port).transpose()?;
    if tail.contains(['?', '#']) {
        return Err(UrlError::QueryOrFragment);
    }
    if !is_path(tail) {
        return Err(UrlError::Path);
    }
    Ok(Endpoint {
        scheme,
        host: Host::Custom(host),
        port,
        base_path: tail.trim_end_matches('/'),
        partition: None,
    })
}

fn parse_port(s: &str) -> Result<u16, UrlError> {
    if s.is_empty() || s.len() > 5 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UrlError::Port);
    }
    // At most 5 digits: fits in u32 without overflow.
    let n = s.bytes().fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    match u16::try_from(n) {
        Ok(p) if p != 0 => Ok(p),
        _ => Err(UrlError::Port),
    }
}

/// A DNS name (labels of `[A-Za-z0-9_-]`, underscore allowed for container host names such as
/// `my_service`), or a dotted-quad IPv4 address when the last label is numeric, as WHATWG URL
/// parsing decides. No empty labels, so no trailing dot.
fn is_reg_name_or_ipv4(host: &str) -> bool {
    if host.is_empty() || host.len() > 253 {
        return false;
    }
    let last = host.rsplit('.').next().unwrap_or(host);
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return is_ipv4(host);
    }
    host.split('.').all(|label| {
        (1..=63).contains(&label.len())
            && label
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_')
            && !label.starts_with('-')
            && !label.ends_with('-')
    })
}

fn is_ipv4(s: &str) -> bool {
    let mut parts = 0;
    for octet in s.split('.') {
        parts += 1;
        let ok = (1..=3).contains(&octet.len())
            && octet.bytes().all(|b| b.is_ascii_digit())
            // A leading zero reads as octal to some resolvers: refuse the ambiguity.
            && (octet.len() == 1 || !octet.starts_with('0'))
            && octet.parse::<u16>().is_ok_and(|v| v <= 255);
        if !ok || parts > 4 {
            return false;
        }
    }
    parts == 4
}

/// RFC 4291 text form without zone id: eight 16-bit groups, one `::` at most, an optional
/// dotted-quad tail.
fn is_ipv6(s: &str) -> bool {
    let (head, tail, compressed) = match s.split_once("::") {
        Some((h, t)) => (h, t, true),
        None => (s, "", false),
    };
    if compressed && tail.contains("::") {
        return false;
    }
    let groups = |part: &str, v4_tail: bool| -> Option<usize> {
        if part.is_empty() {
            return Some(0);
        }
        let mut n = 0usize;
        let mut it = part.split(':').peekable();
        while let Some(g) = it.next() {
            let last = it.peek().is_none();
            if last && v4_tail && g.contains('.') {
                if !is_ipv4(g) {
                    return None;
                }
                n += 2;
            } else if (1..=4).contains(&g.len()) && g.bytes().all(|b| b.is_ascii_hexdigit()) {
                n += 1;
            } else {
                return None;
            }
            if n > 8 {
                return None;
            }
        }
        Some(n)
    };
    if compressed {
        match (groups(head, false), groups(tail, true)) {
            (Some(h), Some(t)) => h + t <= 7,
            _ => false,
        }
    } else {
        groups(head, true) == Some(8)
    }
}

/// `*( "/" *pchar )` of RFC 3986: the path may be empty, otherwise starts with '/'.
fn is_path(p: &str) -> bool {
    if p.is_empty() {
        return true;
    }
    let b = p.as_bytes();
    if b.first() != Some(&b'/') {
        return false;
    }
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let hex = |j: usize| b.get(j).is_some_and(|h| h.is_ascii_hexdigit());
            if !(hex(i + 1) && hex(i + 2)) {
                return false;
            }
            i += 3;
            continue;
        }
        if !(c.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&c)) {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use crate::buf::Writer;
    use std::string::{String, ToString};

    fn url(p: Params<'_>) -> Result<String, Error> {
        let ep = Endpoint::resolve(&p)?;
        let mut b = [0u8; 128];
        let mut w = Writer::new(&mut b);
        ep.write_url(&mut w);
        let n = w.finish().unwrap();
        Ok(String::from_utf8(b[..n].to_vec()).unwrap())
    }

    fn url_err(u: &str) -> Error {
        Endpoint::resolve(&Params::custom(u)).unwrap_err()
    }

    #[test]
    fn rule_errors() {
        assert_eq!(url(Params::new()), Err(Error::MissingRegion));
        assert_eq!(url(Params::new().fips(true)), Err(Error::MissingRegion));
        assert_eq!(
            url(Params::custom("https://h").fips(true).dual_stack(true)),
            Err(Error::FipsWithCustomEndpoint)
        );
        assert_eq!(
            url(Params::custom("https://h").dual_stack(true)),
            Err(Error::DualStackWithCustomEndpoint)
        );
        // The rule set checks FIPS before it looks at the URL.
        assert_eq!(
            url(Params::custom("bogus").fips(true)),
            Err(Error::FipsWithCustomEndpoint)
        );
        for r in [
            "", "-a", "a-", "a.b", "a_b", "a b", "a\r\n", "\u{fc}", "a:1", "a@b",
        ] {
            assert_eq!(url(Params::region(r)), Err(Error::InvalidRegion), "{r:?}");
        }
        let long = "a".repeat(64);
        assert_eq!(url(Params::region(&long)), Err(Error::InvalidRegion));
        assert!(url(Params::region(&long[..63])).is_ok());
    }

    /// No shipped partition lacks FIPS or dual-stack, so exercise the table-driven branches on a
    /// synthetic one through the same decision code.
    #[test]
    fn unsupported_partition_errors() {
        const NONE: Partition = Partition {
            id: "test",
            dns_suffix: "example",
            dual_stack_dns_suffix: "ds.example",
            supports_fips: false,
            supports_dual_stack: false,
            implicit_global_region: "x-1",
            index: usize::MAX,
            extra_regions: &[],
            region_pattern: RegionPattern { prefixes: &[] },
        };
        static FIPS_ONLY: Partition = Partition {
            supports_fips: true,
            ..NONE
        };
        static DS_ONLY: Partition = Partition {
            supports_dual_stack: true,
            ..NONE
        };
        let check = |p: &'static Partition, fips, ds| {
            Endpoint::regional(p, "x-1", fips, ds).map(|e| match e.host() {
                Host::Regional {
                    prefix, dns_suffix, ..
                } => (prefix, dns_suffix),
                Host::Custom(_) => unreachable!(),
            })
        };
        assert_eq!(check(&NONE, true, false), Err(Error::FipsNotSupported));
        assert_eq!(check(&NONE, false, true), Err(Error::DualStackNotSupported));
        assert_eq!(
            check(&FIPS_ONLY, true, true),
            Err(Error::FipsAndDualStackNotSupported)
        );
        assert_eq!(
            check(&DS_ONLY, true, true),
            Err(Error::FipsAndDualStackNotSupported)
        );
        assert_eq!(check(&DS_ONLY, false, true), Ok(("lambda", "ds.example")));
        assert_eq!(
            check(&FIPS_ONLY, true, false),
            Ok(("lambda-fips", "example"))
        );
        assert_eq!(check(&NONE, false, false), Ok(("lambda", "example")));
        // The shipped table: every partition supports both today.
        assert!(
            Partition::all()
                .iter()
                .all(|p| p.supports_fips() && p.supports_dual_stack())
        );
    }

    #[test]
    fn display_texts() {
        assert_eq!(
            Error::MissingRegion.to_string(),
            "Invalid Configuration: Missing Region"
        );
        assert_eq!(
            Error::InvalidEndpointUrl(UrlError::Port).to_string(),
            "Invalid Configuration: custom endpoint is not a valid URL: invalid port"
        );
    }

    #[test]
    fn url_edges() {
        use UrlError::*;
        for (u, e) in [
            ("", Scheme),
            ("example.com", Scheme),
            ("ftp://h", Scheme),
            ("https:/h", Scheme),
            ("https://", Host),
            ("https://u@h", Userinfo),
            ("https://h:0", Port),
            ("https://h:65536", Port),
            ("https://h:099999", Port),
            ("https://h:", Port),
            ("https://h:+1", Port),
            ("https://h:1:2", Port),
            ("https://h?x", QueryOrFragment),
            ("https://h/a#b", QueryOrFragment),
            ("https://h/a b", Path),
            ("https://h/%zz", Path),
            ("https://h/%4", Path),
            ("https://h\\p", Host),
            ("https://h\r\n", Host),
            ("https://h\0", Host),
            ("https://h.", Host),
            ("https://.h", Host),
            ("https://h..c", Host),
            ("https://-h", Host),
            ("https://1.2.3", Host),
            ("https://1.2.3.256", Host),
            ("https://01.2.3.4", Host),
            ("https://1.2.3.4.5", Host),
            ("https://[::1", Host),
            ("https://[::1]x", Host),
            ("https://[]", Host),
            ("https://[:::]", Host),
            ("https://[1::2::3]", Host),
            ("https://[1:2:3:4:5:6:7:8:9]", Host),
            ("https://[1:2:3:4:5:6:7]", Host),
            ("https://[1:2:3:4:5:6:7::8]", Host),
            ("https://[12345::]", Host),
            ("https://[fe80::1%25eth0]", Host),
            ("https://[::1.2.3]", Host),
            ("https://[1.2.3.4::]", Host),
        ] {
            assert_eq!(url_err(u), Error::InvalidEndpointUrl(e), "{u:?}");
        }
        for (u, want) in [
            ("HTTPS://Example.COM", "https://Example.COM"),
            ("http://h:80/", "http://h"),
            ("https://h:80/", "https://h:80"),
            ("http://h:443", "http://h:443"),
            ("https://h/base//", "https://h/base"),
            ("https://h//", "https://h"),
            ("http://[::1]:4566", "http://[::1]:4566"),
            ("https://[1:2:3:4:5:6:7:8]", "https://[1:2:3:4:5:6:7:8]"),
            ("https://[::]", "https://[::]"),
            ("https://[1:2:3:4:5:6::]", "https://[1:2:3:4:5:6::]"),
            (
                "https://[1:2:3:4:5:6:1.2.3.4]",
                "https://[1:2:3:4:5:6:1.2.3.4]",
            ),
            ("https://[::ffff:0.0.0.0]", "https://[::ffff:0.0.0.0]"),
            (
                "https://255.255.255.255:1/a%2Fb",
                "https://255.255.255.255:1/a%2Fb",
            ),
            (
                "https://h/a:b@c!$&'()*+,;=-._~",
                "https://h/a:b@c!$&'()*+,;=-._~",
            ),
        ] {
            assert_eq!(url(Params::custom(u)).as_deref(), Ok(want), "{u:?}");
        }
        let ep = Endpoint::resolve(&Params::custom("https://[::1]:8443/x/")).unwrap();
        assert_eq!(ep.host(), super::Host::Custom("[::1]"));
        assert_eq!(
            (ep.scheme(), ep.port(), ep.base_path()),
            (super::Scheme::Https, 8443, "/x")
        );
        assert_eq!(ep.partition(), None);
    }

    #[test]
    fn regex_shape() {
        let aws = &Partition::all()[0];
        assert_eq!(aws.id(), "aws");
        for (r, m) in [
            ("us-east-1", true),
            ("us-a_B9-0", true),
            ("us--1", false),
            ("us-east-", false),
            ("us-east-1a", false),
            ("us-gov-west-1", false),
            ("xx-east-1", false),
        ] {
            assert_eq!(aws.region_pattern.matches(r), m, "{r}");
        }
        assert_eq!(Partition::of("aws-iso-b-global").id(), "aws-iso-b");
        assert_eq!(Partition::of("eusc-de-x-1").id(), "aws-eusc");
    }

    #[test]
    fn authority_and_host() {
        let ep = Endpoint::resolve(&Params::region("eu-west-1").dual_stack(true)).unwrap();
        let mut b = [0u8; 64];
        let mut w = Writer::new(&mut b);
        ep.write_authority(&mut w);
        let n = w.finish().unwrap();
        assert_eq!(&b[..n], b"lambda.eu-west-1.api.aws");
        assert_eq!(ep.port(), 443);
        assert_eq!(ep.partition().map(Partition::id), Some("aws"));
        let mut small = [0u8; 4];
        let mut w = Writer::new(&mut small);
        ep.write_host(&mut w);
        assert_eq!(w.finish().unwrap_err().required, n);
    }
}
