//! validate → encode → sign → decode of one RunMicrovm, through the codec's public API.
#![no_std]
#![no_main]

#[path = "../common.rs"]
#[allow(dead_code)] // each binary uses a different subset
mod common;

use common::*;
use lambda_microvms_codec::buf::{Sink, Writer};
use lambda_microvms_codec::endpoint::{Endpoint, Params};
use lambda_microvms_codec::http::response::Response;
use lambda_microvms_codec::json::read::Reader;
use lambda_microvms_codec::model::{ClientToken, IdlePolicy, Logging, RunMicrovm};

/// Validates and encodes the request into the caller's buffers; returns the head's length (0 on
/// any error).
fn encode_sign() -> usize {
    let (head, body) = buffers();
    let connectors = [text(EGRESS_CONNECTOR)];
    let req = RunMicrovm::new(text(IMAGE_IDENTIFIER), ClientToken::new(text(CLIENT_TOKEN)))
        .image_version(text(IMAGE_VERSION))
        .idle_policy(IdlePolicy::new(
            number(MAX_IDLE),
            number(SUSPENDED),
            number(AUTO_RESUME) != 0,
        ))
        .logging(Logging::cloud_watch(text(LOG_GROUP)))
        .maximum_duration_in_seconds(number(MAX_DURATION))
        .egress_network_connectors(&connectors);
    if req.validate().is_err() {
        return 0;
    }
    let Ok(endpoint) = Endpoint::resolve(&Params::region(text(REGION))) else {
        return 0;
    };
    let mut w = Writer::new(&mut body[..]);
    req.write_body(&mut w);
    let Ok(body_len) = w.finish() else {
        return 0;
    };
    let body = &body[..body_len];
    let body_hash = {
        let mut h = <sha2::Sha256 as sha2::Digest>::new();
        h.put(body);
        sha2::Digest::finalize(h)
    };
    let mut w = Writer::new(&mut head[..]);
    w.put_str("POST /2025-09-09/microvms HTTP/1.1\r\nHost: ");
    endpoint.write_authority(&mut w);
    w.put_str("\r\nContent-Length: ");
    w.put_u64(body_len as u64);
    w.put_str("\r\nX-Amz-Date: ");
    w.put_u64(now());
    w.put_str("\r\nX-Amz-Content-Sha256: ");
    w.put_hex(&body_hash);
    w.put_str("\r\n\r\n");
    let n = w.finish().unwrap_or(0);
    publish_bytes(0, &head[..n]);
    publish_bytes(2, body);
    n
}

/// Decodes the response; returns a digest of what was decoded (0 on any error).
fn decode() -> usize {
    let Ok(response) = Response::parse(bytes(RESPONSE)) else {
        return 0;
    };
    if !response.is_success() {
        return 0;
    }
    let request_id = response.request_id().map_or(0, str::len);
    let mut r = Reader::new(response.body());
    let mut id = heapless::String::<64>::new();
    let mut state = heapless::String::<16>::new();
    let mut max = 0;
    let mut started = 0;
    let ok = (|| {
        r.begin_object()?;
        while let Some(k) = r.next_key()? {
            if k.eq_str("microvmId") {
                r.string_into(&mut id)?;
            } else if k.eq_str("state") {
                r.string_into(&mut state)?;
            } else if k.eq_str("maximumDurationInSeconds") {
                max = r.i32()?;
            } else if k.eq_str("startedAt") {
                started = r.timestamp()?.seconds;
            } else {
                r.skip()?;
            }
        }
        Ok::<(), lambda_microvms_codec::json::read::Error>(())
    })()
    .is_ok();
    let digest =
        request_id ^ id.len() ^ (state.len() << 8) ^ ((max as usize) << 16) ^ started as usize;
    publish(4, usize::from(ok));
    publish(5, digest);
    digest
}

#[cortex_m_rt::entry]
fn main() -> ! {
    #[cfg(not(feature = "stack"))]
    {
        encode_sign();
        decode();
        loop {
            core::hint::spin_loop();
        }
    }
    #[cfg(feature = "stack")]
    {
        let (n, used) = stack::measure(encode_sign);
        let (head, body) = buffers();
        stack::print(&head[..n]);
        stack::print(&body[..published(3)]);
        stack::print(b"\n");
        stack::report("encode_sign_stack_bytes", used);
        let (digest, used) = stack::measure(decode);
        stack::report("decode_ok", published(4));
        stack::report("decode_digest", digest);
        stack::report("decode_stack_bytes", used);
        stack::exit()
    }
}
