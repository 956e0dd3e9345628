//! Signs a RunMicrovm-like POST with example credentials and prints the signed HTTP request.
//!
//! `cargo run --example sign`

use lambda_microvms_codec::buf::Writer;
use lambda_microvms_codec::sigv4::{Credentials, Payload, Settings, SignableRequest, Signer};
use std::time::{SystemTime, UNIX_EPOCH};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let body = br#"{"clientToken":"3f1c6d1e-5a3b-4b7e-9b1a-2f7d9c0e4a11","name":"edge-vm","memorySizeMiB":1024}"#;
    let content_length = body.len().to_string();
    let headers = [
        ("Host", "lambda.us-east-1.amazonaws.com"),
        ("Content-Type", "application/json"),
        ("Content-Length", content_length.as_str()),
    ];
    let request = SignableRequest {
        method: "POST",
        path: "/2025-09-09/microvms",
        query: &[],
        headers: &headers,
        payload: Payload::Bytes(body),
    };

    // AWS documentation's example keys: the signature is real, the credentials are not.
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    )
    .map_err(|e| e.to_string())?;
    let mut signer = Signer::new(credentials, "us-east-1", "lambda").map_err(|e| e.to_string())?;
    let now = i64::try_from(SystemTime::now().duration_since(UNIX_EPOCH)?.as_secs())?;
    let signature = signer
        .sign(&request, now, &Settings::default())
        .map_err(|e| e.to_string())?;

    let mut out = [0u8; 2048];
    let mut w = Writer::new(&mut out);
    signature.write_headers(&mut w);
    let n = w.finish().map_err(|e| e.to_string())?;

    print!("{} {} HTTP/1.1\r\n", request.method, request.path);
    for (name, value) in headers {
        print!("{name}: {value}\r\n");
    }
    print!("{}\r\n", std::str::from_utf8(&out[..n])?);
    println!("{}", std::str::from_utf8(body)?);
    Ok(())
}
