//! Readers for the AWS SigV4 test suite's own file formats (`context.json`, `request.txt` in
//! tests/data/aws-signing-test-suite/v4/<case>/), shared by the suite test and the `mvm sigv4`
//! tool, which includes this file with `#[path]`. Errors are strings: both callers only report
//! them.

use lambda_microvms_codec::sigv4::Settings;
use lambda_microvms_codec::sigv4::time::DateTime;
use lambda_microvms_codec::uri;
use serde_json::Value;

/// One `request.txt`: an HTTP/1.1 request head with `\n` line ends, a blank line, the body.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    /// The request target exactly as written (may hold spaces and raw UTF-8).
    pub target: String,
    pub version: String,
    /// Header lines exactly as in request.txt (continuation lines included).
    pub head_lines: Vec<String>,
    /// Header fields; an obs-fold continuation stays part of its field's value, newline included.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// Parses request.txt.
    pub fn parse(text: &str) -> Result<Self, String> {
        let (head, body) = match text.find("\n\n") {
            Some(i) => (&text[..i], text.as_bytes()[i + 2..].to_vec()),
            None => (text.trim_end_matches('\n'), Vec::new()),
        };
        let mut lines = head.split('\n');
        let start = lines.next().unwrap_or_default();
        // The target may contain spaces (get-space-*), so split at the first and last space.
        let (Some(first), Some(last)) = (start.find(' '), start.rfind(' ')) else {
            return Err(format!(
                "request line without method and version: {start:?}"
            ));
        };
        if first == last {
            return Err(format!("request line without a target: {start:?}"));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        let mut head_lines = Vec::new();
        for line in lines {
            head_lines.push(line.to_string());
            if line.starts_with(' ') || line.starts_with('\t') {
                let Some(last) = headers.last_mut() else {
                    return Err(format!("continuation line before any header: {line:?}"));
                };
                last.1.push('\n');
                last.1.push_str(line);
            } else {
                let Some((n, v)) = line.split_once(':') else {
                    return Err(format!("header line without ':': {line:?}"));
                };
                headers.push((n.to_string(), v.to_string()));
            }
        }
        Ok(Request {
            method: start[..first].to_string(),
            target: start[first + 1..last].to_string(),
            version: start[last + 1..].to_string(),
            head_lines,
            headers,
            body,
        })
    }

    /// The target's path as written and its query as raw (percent-decoded) pairs in order, as
    /// `SignableRequest` wants them.
    pub fn path_and_query(&self) -> Result<(String, Vec<(String, String)>), String> {
        let (path, raw_query) = match self.target.split_once('?') {
            Some((p, q)) => (p.to_string(), q),
            None => (self.target.clone(), ""),
        };
        let mut query = Vec::new();
        for pair in raw_query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            query.push((percent_decode(k)?, percent_decode(v)?));
        }
        Ok((path, query))
    }
}

fn percent_decode(s: &str) -> Result<String, String> {
    let mut out = vec![0u8; s.len()];
    let n = uri::percent_decode(s.as_bytes(), &mut out).map_err(|e| e.to_string())?;
    out.truncate(n);
    String::from_utf8(out).map_err(|_| format!("query part {s:?} is not UTF-8 once decoded"))
}

/// One `context.json`: credentials, scope, time and the signing options of a suite case.
#[derive(Debug, Clone)]
pub struct Context {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub token: Option<String>,
    pub region: String,
    pub service: String,
    pub unix_seconds: i64,
    pub settings: Settings,
    /// `expiration_in_seconds`, for the presigned (query) variant.
    pub expires_in: u32,
}

impl Context {
    /// Reads context.json's value.
    pub fn parse(ctx: &Value) -> Result<Self, String> {
        let s = |v: &Value, name: &str| -> Result<String, String> {
            v.get(name)
                .and_then(Value::as_str)
                .map(str::to_owned)
                .ok_or_else(|| format!("context: `{name}` must be a string"))
        };
        let flag = |name: &str| -> Result<bool, String> {
            match ctx.get(name) {
                None | Some(Value::Null) => Ok(false),
                Some(Value::Bool(b)) => Ok(*b),
                Some(_) => Err(format!("context: `{name}` must be a boolean")),
            }
        };
        let creds = ctx
            .get("credentials")
            .ok_or("context: `credentials` is missing")?;
        let sign_body = flag("sign_body")?;
        let expires_in = ctx
            .get("expiration_in_seconds")
            .and_then(Value::as_u64)
            .and_then(|n| u32::try_from(n).ok())
            .ok_or("context: `expiration_in_seconds` must be a 32-bit unsigned integer")?;
        Ok(Context {
            access_key_id: s(creds, "access_key_id")?,
            secret_access_key: s(creds, "secret_access_key")?,
            token: creds
                .get("token")
                .and_then(Value::as_str)
                .map(str::to_owned),
            region: s(ctx, "region")?,
            service: s(ctx, "service")?,
            unix_seconds: unix_seconds(&s(ctx, "timestamp")?)?,
            settings: Settings {
                normalize_path: flag("normalize")?,
                double_encode_path: true,
                content_sha256_header: sign_body,
                omit_session_token: flag("omit_session_token")?,
            },
            expires_in,
        })
    }
}

/// Borrowed `(name, value)` pairs, as `SignableRequest` takes them, from owned ones.
pub fn refs(pairs: &[(String, String)]) -> Vec<(&str, &str)> {
    pairs
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// `YYYY-MM-DDTHH:MM:SSZ` (the suite's and the `mvm` cases' time format) to Unix seconds.
/// Strict: exactly that shape, a real calendar date, years 1970 to 9999.
pub fn unix_seconds(text: &str) -> Result<i64, String> {
    let bad = || format!("time {text:?} is not YYYY-MM-DDTHH:MM:SSZ");
    let b = text.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return Err(bad());
    }
    let num = |from: usize, to: usize| -> Result<u16, String> {
        let digits = &b[from..to];
        if !digits.iter().all(u8::is_ascii_digit) {
            return Err(bad());
        }
        Ok(digits
            .iter()
            .fold(0u16, |n, d| n * 10 + u16::from(d - b'0')))
    };
    let small = |from, to| num(from, to).map(|n| n as u8);
    let t = DateTime {
        year: num(0, 4)?,
        month: small(5, 7)?,
        day: small(8, 10)?,
        hour: small(11, 13)?,
        minute: small(14, 16)?,
        second: small(17, 19)?,
    };
    let secs = t.to_unix_seconds();
    // The round trip rejects what `to_unix_seconds` would silently carry over (Feb 30, 25:00).
    match DateTime::from_unix_seconds(secs) {
        Ok(back) if back == t => Ok(secs),
        _ => Err(format!("time {text:?} is not a valid date and time")),
    }
}
