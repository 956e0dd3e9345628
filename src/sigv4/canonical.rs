//! Validation and canonical form of one request.
//!
//! Sorting: the canonical headers and query are ordered through a fixed array of `u8` indices
//! (at most [`MAX_HEADERS`] + 3 and [`MAX_QUERY`] + 6 entries) with an insertion sort. It is
//! stable, which repeated headers need (their values are joined in wire order), it is a few
//! dozen bytes of code (flash matters more than the at most ~1200 comparisons of the bound), and
//! entries the signer adds (`x-amz-date`, `X-Amz-Credential`, ...) are just reserved index
//! values, so they merge into the order without being copied anywhere. Comparison of query
//! entries runs on the percent-encoded forms lazily ([`Encoded`]), because encoding does not
//! preserve order.

use super::{
    ALGORITHM, Credentials, Error, MAX_EXPIRES, MAX_HEADERS, MAX_PATH_DEPTH, MAX_QUERY, Mode,
    Payload, Settings, SignableRequest, UNSIGNED_HEADERS, UNSIGNED_PAYLOAD,
};
use crate::buf::Sink;
use crate::uri::{self, Encoded};
use core::cmp::Ordering;
use sha2::{Digest, Sha256};

// Index values above any real position stand for entries the signer adds.
const H_CONTENT_SHA256: u8 = 0xF0;
const H_DATE: u8 = 0xF1;
const H_TOKEN: u8 = 0xF2;
const Q_ALGORITHM: u8 = 0xE0;
const Q_CREDENTIAL: u8 = 0xE1;
const Q_DATE: u8 = 0xE2;
const Q_EXPIRES: u8 = 0xE3;
const Q_SIGNED_HEADERS: u8 = 0xE4;
const Q_TOKEN: u8 = 0xE5;

const RESERVED_QUERY: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Security-Token",
    "X-Amz-Signature",
];

/// Lowercase hex of a 32-byte digest, built in one buffer so it reaches a hash in one call.
/// Branch- and table-free (a nibble above 9 gets `'a' - '0' - 10` added), so the compiler
/// vectorizes it: it runs twice per signature.
pub(crate) fn hex32(bytes: &[u8; 32]) -> [u8; 64] {
    fn digit(n: u8) -> u8 {
        // `9 - n` wraps (top bit set) exactly when n > 9.
        n + b'0' + ((9u8.wrapping_sub(n) >> 7) * 39)
    }
    let mut out = [0u8; 64];
    for (pair, &b) in out.chunks_exact_mut(2).zip(bytes) {
        pair[0] = digit(b >> 4);
        pair[1] = digit(b & 0x0f);
    }
    out
}

/// RFC 7230 `tchar`, as a table: it is checked for every byte of every header name.
const TCHAR: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        b += 1;
    }
    t
};

fn is_tchar(b: u8) -> bool {
    TCHAR[usize::from(b)]
}

pub(super) fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().fold(true, |ok, b| ok & is_tchar(b))
}

/// Whether `v` holds any control byte (C0 or DEL); branch-free so it vectorizes.
pub(super) fn has_ctl(v: &[u8]) -> bool {
    v.iter()
        .fold(false, |acc, &b| acc | (b < b' ') | (b == 0x7f))
}

/// Field value check: no control characters except HTAB and obs-fold line continuations
/// (CRLF or LF followed by SP/HTAB, as in the suite's `get-header-value-multiline`), which
/// cannot start a new header line and so cannot inject one.
fn is_field_value(v: &[u8]) -> bool {
    // Common case first, as a branch-free pass the compiler vectorizes: no control byte at all.
    if !has_ctl(v) {
        return true;
    }
    let mut i = 0;
    while let Some(&b) = v.get(i) {
        match b {
            b'\r' if v.get(i + 1) == Some(&b'\n') => {}
            b'\n' if matches!(v.get(i + 1), Some(b' ' | b'\t')) => {}
            b'\t' => {}
            0..=0x1f | 0x7f => return false,
            _ => {}
        }
        i += 1;
    }
    true
}

/// Starts with `/` and holds no `?`, `#` or control byte (branch-free, so it vectorizes).
pub(super) fn is_wire_path(path: &[u8]) -> bool {
    path.first() == Some(&b'/')
        && !path.iter().fold(false, |bad, &b| {
            bad | (b < b' ') | (b == 0x7f) | (b == b'?') | (b == b'#')
        })
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn lower_cmp(a: &[u8], b: &[u8]) -> Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

/// Stable insertion sort of `idx` by `cmp`.
fn insertion_sort(idx: &mut [u8], cmp: impl Fn(u8, u8) -> Ordering) {
    for i in 1..idx.len() {
        let mut j = i;
        while j > 0 && cmp(idx[j - 1], idx[j]) == Ordering::Greater {
            idx.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Writes `name` lowercased (and percent-encoded if `encode`), in chunks rather than byte by
/// byte because the sink is usually a hash.
fn put_lower<S: Sink + ?Sized>(sink: &mut S, name: &[u8], encode: bool) {
    // Names that are lowercase already (the signer's own `x-amz-*`) need no copy.
    if !encode && !name.iter().fold(false, |up, b| up | b.is_ascii_uppercase()) {
        sink.put(name);
        return;
    }
    for chunk in name.chunks(32) {
        let mut buf = [0u8; 32];
        // Lowercased while copied: one pass, no `memcpy` call for these short pieces.
        for (d, s) in buf.iter_mut().zip(chunk) {
            *d = s.to_ascii_lowercase();
        }
        let out = buf.get(..chunk.len()).unwrap_or_default();
        if encode {
            uri::write_encoded(sink, out);
        } else {
            sink.put(out);
        }
    }
}

/// Trims and collapses whitespace runs (including obs-folds) to one space.
pub(super) fn put_trimmed<S: Sink + ?Sized>(sink: &mut S, value: &[u8]) {
    // Most values (content types, hosts, dates) hold no whitespace at all: one put.
    if !value.iter().fold(false, |ws, &b| ws | is_ws(b)) {
        sink.put(value);
        return;
    }
    let mut first = true;
    for word in value.split(|&b| is_ws(b)).filter(|w| !w.is_empty()) {
        if !first {
            sink.put_byte(b' ');
        }
        sink.put(word);
        first = false;
    }
}

fn header_name<'r>(headers: &[(&'r str, &'r str)], i: u8) -> &'r [u8] {
    match i {
        H_CONTENT_SHA256 => b"x-amz-content-sha256",
        H_DATE => b"x-amz-date",
        H_TOKEN => b"x-amz-security-token",
        _ => headers.get(usize::from(i)).map_or(&[], |h| h.0.as_bytes()),
    }
}

fn query_key<'r>(query: &[(&'r str, &'r str)], i: u8) -> &'r [u8] {
    let fixed: &'static str = match i {
        Q_ALGORITHM => "X-Amz-Algorithm",
        Q_CREDENTIAL => "X-Amz-Credential",
        Q_DATE => "X-Amz-Date",
        Q_EXPIRES => "X-Amz-Expires",
        Q_SIGNED_HEADERS => "X-Amz-SignedHeaders",
        Q_TOKEN => "X-Amz-Security-Token",
        _ => return query.get(usize::from(i)).map_or(&[], |q| q.0.as_bytes()),
    };
    fixed.as_bytes()
}

fn query_cmp(query: &[(&str, &str)], a: u8, b: u8) -> Ordering {
    Encoded::new(query_key(query, a))
        .cmp(Encoded::new(query_key(query, b)))
        .then_with(|| {
            // Only caller pairs can share a key (signer keys are reserved), so values of signer
            // entries never need comparing.
            match (query.get(usize::from(a)), query.get(usize::from(b))) {
                (Some(x), Some(y)) if a < 0xE0 && b < 0xE0 => {
                    Encoded::new(x.1.as_bytes()).cmp(Encoded::new(y.1.as_bytes()))
                }
                _ => Ordering::Equal,
            }
        })
}

/// A validated request with its canonical orderings, ready to be written or hashed.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan<'r> {
    method: &'r str,
    path: &'r str,
    query: &'r [(&'r str, &'r str)],
    headers: &'r [(&'r str, &'r str)],
    settings: Settings,
    mode: Mode,
    amz_date: [u8; 16],
    credentials: Credentials<'r>,
    region: &'r str,
    service: &'r str,
    payload_hash: [u8; 64],
    payload_hash_len: u8,
    header_order: [u8; MAX_HEADERS + 3],
    header_count: u8,
    query_order: [u8; MAX_QUERY + 6],
    query_count: u8,
}

impl<'r> Plan<'r> {
    pub(super) fn new(
        request: &SignableRequest<'r>,
        amz_date: [u8; 16],
        mode: Mode,
        settings: &Settings,
        credentials: Credentials<'r>,
        region: &'r str,
        service: &'r str,
    ) -> Result<Self, Error> {
        if !is_token(request.method) {
            return Err(Error::InvalidMethod);
        }
        if !is_wire_path(request.path.as_bytes()) {
            return Err(Error::InvalidPath);
        }
        if let Mode::Query { expires_in } = mode
            && !(1..=MAX_EXPIRES).contains(&expires_in)
        {
            return Err(Error::InvalidExpires);
        }
        let token = credentials.session_token();
        let sign_token = token.is_some() && !settings.omit_session_token;
        let header_mode = mode == Mode::Headers;
        let content_header = header_mode && settings.content_sha256_header;

        if request.headers.len() > MAX_HEADERS {
            return Err(Error::TooManyHeaders);
        }
        let mut header_order = [0u8; MAX_HEADERS + 3];
        let mut header_count = 0usize;
        for (i, (name, value)) in request.headers.iter().enumerate() {
            if !is_token(name) {
                return Err(Error::InvalidHeaderName);
            }
            if !is_field_value(value.as_bytes()) {
                return Err(Error::InvalidHeaderValue);
            }
            let reserved = name.eq_ignore_ascii_case("authorization")
                || name.eq_ignore_ascii_case("x-amz-date")
                || (token.is_some() && name.eq_ignore_ascii_case("x-amz-security-token"))
                || (content_header && name.eq_ignore_ascii_case("x-amz-content-sha256"));
            if reserved {
                return Err(Error::ReservedHeader);
            }
            // With the token left out of the signature, so is any header carrying one (as
            // aws-sigv4's `SessionTokenMode::Exclude` does): it is added after signing.
            if UNSIGNED_HEADERS
                .iter()
                .any(|u| name.eq_ignore_ascii_case(u))
                || (settings.omit_session_token
                    && name.eq_ignore_ascii_case("x-amz-security-token"))
            {
                continue;
            }
            // i < MAX_HEADERS = 32, checked above.
            header_order[header_count] = i as u8;
            header_count += 1;
        }
        let mut push_header = |code: u8| {
            header_order[header_count] = code;
            header_count += 1;
        };
        if header_mode {
            push_header(H_DATE);
            if sign_token {
                push_header(H_TOKEN);
            }
        }
        if content_header {
            push_header(H_CONTENT_SHA256);
        }

        if request.query.len() > MAX_QUERY {
            return Err(Error::TooManyQueryParameters);
        }
        let mut query_order = [0u8; MAX_QUERY + 6];
        let mut query_count = 0usize;
        for (i, (key, _)) in request.query.iter().enumerate() {
            if !header_mode && RESERVED_QUERY.iter().any(|r| key.eq_ignore_ascii_case(r)) {
                return Err(Error::ReservedQueryParameter);
            }
            query_order[query_count] = i as u8;
            query_count += 1;
        }
        if !header_mode {
            for code in [
                Q_ALGORITHM,
                Q_CREDENTIAL,
                Q_DATE,
                Q_EXPIRES,
                Q_SIGNED_HEADERS,
            ] {
                query_order[query_count] = code;
                query_count += 1;
            }
            if sign_token {
                query_order[query_count] = Q_TOKEN;
                query_count += 1;
            }
        }

        let mut payload_hash = [0u8; 64];
        let payload_hash_len = match request.payload {
            Payload::Bytes(body) => {
                let digest: [u8; 32] = Sha256::digest(body).into();
                payload_hash = hex32(&digest);
                64
            }
            Payload::Sha256Hex(hex) => {
                let hex = hex.as_bytes();
                if hex.len() != 64
                    || !hex
                        .iter()
                        .all(|&b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
                {
                    return Err(Error::InvalidPayloadHash);
                }
                payload_hash.copy_from_slice(hex);
                64
            }
            Payload::Unsigned => {
                payload_hash[..UNSIGNED_PAYLOAD.len()].copy_from_slice(UNSIGNED_PAYLOAD.as_bytes());
                UNSIGNED_PAYLOAD.len() as u8
            }
        };

        let mut plan = Self {
            method: request.method,
            path: request.path,
            query: request.query,
            headers: request.headers,
            settings: *settings,
            mode,
            amz_date,
            credentials,
            region,
            service,
            payload_hash,
            payload_hash_len,
            header_order,
            header_count: header_count as u8,
            query_order,
            query_count: query_count as u8,
        };
        // Sort through borrows of the plan's inputs only, so the plan is not copied.
        let Self {
            header_order,
            query_order,
            headers,
            query,
            ..
        } = &mut plan;
        if let Some(order) = header_order.get_mut(..header_count) {
            insertion_sort(order, |a, b| {
                lower_cmp(header_name(headers, a), header_name(headers, b))
            });
        }
        if let Some(order) = query_order.get_mut(..query_count) {
            insertion_sort(order, |a, b| query_cmp(query, a, b));
        }
        Ok(plan)
    }

    pub(super) fn amz_date(&self) -> &[u8; 16] {
        &self.amz_date
    }

    pub(super) fn date_stamp(&self) -> [u8; 8] {
        let mut d = [0u8; 8];
        d.copy_from_slice(&self.amz_date[..8]);
        d
    }

    pub(super) fn session_token(&self) -> Option<&'r str> {
        self.credentials.session_token()
    }

    pub(super) fn content_sha256(&self) -> Option<&[u8]> {
        (self.mode == Mode::Headers && self.settings.content_sha256_header)
            .then(|| self.payload_hash())
    }

    fn payload_hash(&self) -> &[u8] {
        self.payload_hash
            .get(..usize::from(self.payload_hash_len))
            .unwrap_or(&[])
    }

    fn headers_sorted(&self) -> &[u8] {
        self.header_order
            .get(..usize::from(self.header_count))
            .unwrap_or(&[])
    }

    fn query_sorted(&self) -> &[u8] {
        self.query_order
            .get(..usize::from(self.query_count))
            .unwrap_or(&[])
    }

    fn header_name(&self, i: u8) -> &'r [u8] {
        header_name(self.headers, i)
    }

    fn query_key(&self, i: u8) -> &'r [u8] {
        query_key(self.query, i)
    }

    /// Runs of sorted header indices sharing one (case-insensitive) name.
    fn for_each_header_group(&self, mut f: impl FnMut(&[u8])) {
        let sorted = self.headers_sorted();
        let mut start = 0;
        while start < sorted.len() {
            let name = self.header_name(sorted[start]);
            let mut end = start + 1;
            while end < sorted.len() && self.header_name(sorted[end]).eq_ignore_ascii_case(name) {
                end += 1;
            }
            f(&sorted[start..end]);
            start = end;
        }
    }

    pub(super) fn write_signed_headers<S: Sink + ?Sized>(
        &self,
        sink: &mut S,
        separator: &[u8],
        encode: bool,
    ) {
        let mut first = true;
        self.for_each_header_group(|group| {
            if let Some(&i) = group.first() {
                if !first {
                    sink.put(separator);
                }
                put_lower(sink, self.header_name(i), encode);
                first = false;
            }
        });
    }

    fn write_header_value<S: Sink + ?Sized>(&self, sink: &mut S, i: u8) {
        match i {
            H_CONTENT_SHA256 => sink.put(self.payload_hash()),
            H_DATE => sink.put(&self.amz_date),
            H_TOKEN => put_trimmed(sink, self.session_token().unwrap_or("").as_bytes()),
            _ => {
                if let Some(h) = self.headers.get(usize::from(i)) {
                    put_trimmed(sink, h.1.as_bytes());
                }
            }
        }
    }

    fn write_scope<S: Sink + ?Sized>(&self, sink: &mut S, separator: &[u8]) {
        sink.put(&self.amz_date[..8]);
        sink.put(separator);
        sink.put_str(self.region);
        sink.put(separator);
        sink.put_str(self.service);
        sink.put(separator);
        sink.put(b"aws4_request");
    }

    /// `access-key-id/date/region/service/aws4_request`, percent-encoded for a query if `encode`.
    pub(super) fn write_credential<S: Sink + ?Sized>(&self, sink: &mut S, encode: bool) {
        let akid = self.credentials.access_key_id().as_bytes();
        if encode {
            uri::write_encoded(sink, akid);
            sink.put(b"%2F");
            self.write_scope(sink, b"%2F");
        } else {
            sink.put(akid);
            sink.put_byte(b'/');
            self.write_scope(sink, b"/");
        }
    }

    fn write_query_value<S: Sink + ?Sized>(&self, sink: &mut S, i: u8) {
        match i {
            Q_ALGORITHM => sink.put_str(ALGORITHM),
            Q_CREDENTIAL => self.write_credential(sink, true),
            Q_DATE => sink.put(&self.amz_date),
            Q_EXPIRES => {
                if let Mode::Query { expires_in } = self.mode {
                    sink.put_u64(u64::from(expires_in));
                }
            }
            Q_SIGNED_HEADERS => self.write_signed_headers(sink, b"%3B", true),
            Q_TOKEN => uri::write_encoded(sink, self.session_token().unwrap_or("").as_bytes()),
            _ => {
                if let Some(q) = self.query.get(usize::from(i)) {
                    uri::write_encoded(sink, q.1.as_bytes());
                }
            }
        }
    }

    pub(super) fn write_canonical_request<S: Sink + ?Sized>(
        &self,
        sink: &mut S,
    ) -> Result<(), Error> {
        sink.put_str(self.method);
        sink.put_byte(b'\n');
        write_canonical_path(sink, self.path.as_bytes(), &self.settings)?;
        sink.put_byte(b'\n');
        for (n, &i) in self.query_sorted().iter().enumerate() {
            if n > 0 {
                sink.put_byte(b'&');
            }
            uri::write_encoded(sink, self.query_key(i));
            sink.put_byte(b'=');
            self.write_query_value(sink, i);
        }
        sink.put_byte(b'\n');
        self.for_each_header_group(|group| {
            if let Some(&first) = group.first() {
                put_lower(sink, self.header_name(first), false);
                sink.put_byte(b':');
                for (n, &i) in group.iter().enumerate() {
                    if n > 0 {
                        sink.put_byte(b',');
                    }
                    self.write_header_value(sink, i);
                }
                sink.put_byte(b'\n');
            }
        });
        sink.put_byte(b'\n');
        self.write_signed_headers(sink, b";", false);
        sink.put_byte(b'\n');
        sink.put(self.payload_hash());
        Ok(())
    }

    pub(super) fn write_string_to_sign<S: Sink + ?Sized>(
        &self,
        sink: &mut S,
        canonical_hash: &[u8; 32],
    ) {
        sink.put_str(ALGORITHM);
        sink.put_byte(b'\n');
        sink.put(&self.amz_date);
        sink.put_byte(b'\n');
        self.write_scope(sink, b"/");
        sink.put_byte(b'\n');
        sink.put(&hex32(canonical_hash));
    }

    /// `path?query` of a presigned request: the caller's pairs in their order, then the signer's,
    /// in the order the official suite (and the AWS SDKs) write them.
    pub(super) fn write_presigned_target<S: Sink + ?Sized>(
        &self,
        sink: &mut S,
        signature: &[u8; 32],
    ) {
        sink.put_str(self.path);
        sink.put(b"?");
        for (k, v) in self.query {
            uri::write_encoded(sink, k.as_bytes());
            sink.put_byte(b'=');
            uri::write_encoded(sink, v.as_bytes());
            sink.put_byte(b'&');
        }
        for code in [
            Q_ALGORITHM,
            Q_CREDENTIAL,
            Q_DATE,
            Q_SIGNED_HEADERS,
            Q_EXPIRES,
        ] {
            sink.put(self.query_key(code));
            sink.put_byte(b'=');
            self.write_query_value(sink, code);
            sink.put_byte(b'&');
        }
        if self.session_token().is_some() {
            sink.put(b"X-Amz-Security-Token=");
            self.write_query_value(sink, Q_TOKEN);
            sink.put_byte(b'&');
        }
        sink.put(b"X-Amz-Signature=");
        sink.put(&hex32(signature));
    }
}

fn write_path_piece<S: Sink + ?Sized>(sink: &mut S, settings: &Settings, piece: &[u8]) {
    if settings.double_encode_path {
        uri::write_encoded_path(sink, piece);
    } else {
        sink.put(piece);
    }
}

/// The canonical form of a (validated) wire path: shared by the general signer and the
/// fixed-shape one of [`super::simple`], so both normalize identically.
pub(super) fn write_canonical_path<S: Sink + ?Sized>(
    sink: &mut S,
    path: &[u8],
    settings: &Settings,
) -> Result<(), Error> {
    if !settings.normalize_path {
        write_path_piece(sink, settings, path);
        return Ok(());
    }
    // Without an empty, `.` or `..` segment, normalizing changes nothing, and encoding the
    // whole path equals encoding its segments (`/` is kept): the usual case skips the
    // segment stack. Deep paths still take the general path, which enforces the bound.
    let slashes = path.iter().filter(|&&b| b == b'/').count();
    if slashes <= MAX_PATH_DEPTH
        && !path
            .windows(2)
            .any(|w| w[0] == b'/' && (w[1] == b'/' || w[1] == b'.'))
    {
        write_path_piece(sink, settings, path);
        return Ok(());
    }
    // RFC 3986 dot-segment removal plus empty-segment removal, with a bounded stack of
    // kept segments; a trailing slash survives as botocore keeps it.
    let mut stack = [(0usize, 0usize); MAX_PATH_DEPTH];
    let mut depth = 0usize;
    let mut pos = 1usize;
    while pos <= path.len() {
        let rest = path.get(pos..).unwrap_or(&[]);
        let end = pos + rest.iter().position(|&b| b == b'/').unwrap_or(rest.len());
        match path.get(pos..end).unwrap_or(&[]) {
            b"" | b"." => {}
            b".." => depth = depth.saturating_sub(1),
            _ => {
                let slot = stack.get_mut(depth).ok_or(Error::PathTooDeep)?;
                *slot = (pos, end);
                depth += 1;
            }
        }
        pos = end + 1;
    }
    sink.put_byte(b'/');
    for (n, &(s, e)) in stack.iter().take(depth).enumerate() {
        if n > 0 {
            sink.put_byte(b'/');
        }
        write_path_piece(sink, settings, path.get(s..e).unwrap_or(&[]));
    }
    if depth > 0 && path.ends_with(b"/") {
        sink.put_byte(b'/');
    }
    Ok(())
}
