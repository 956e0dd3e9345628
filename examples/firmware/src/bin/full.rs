//! validate → encode → sign → decode of one RunMicrovm, through the codec's public API: exactly
//! what a device does, minus the transport.
#![no_std]
#![no_main]

#[path = "../common.rs"]
#[allow(dead_code)] // each binary uses a different subset
mod common;

use common::*;
use lambda_microvms_codec::endpoint::{Endpoint, Params};
use lambda_microvms_codec::http::Response;
use lambda_microvms_codec::model::{ClientToken, IdlePolicy, Logging, RunMicrovm};
use lambda_microvms_codec::ops::Outcome;
use lambda_microvms_codec::sigv4::{Credentials, Signer};

/// Error messages kept from a service error.
const MESSAGE_CAPACITY: usize = 128;

/// Validates, encodes and signs the request into the transmit buffer; returns its length (0 on
/// any error).
///
/// The signer is created here, so this includes deriving the day's signing key (four HMACs), the
/// first and costliest signature of a day.
fn encode_sign() -> usize {
    let buf = request_buffer();
    let Ok(endpoint) = Endpoint::resolve(&Params::region(text(REGION))) else {
        return 0;
    };
    let token = Some(text(SESSION_TOKEN)).filter(|t| !t.is_empty());
    let Ok(credentials) = Credentials::new(text(ACCESS_KEY_ID), text(SECRET_ACCESS_KEY), token)
    else {
        return 0;
    };
    let Ok(mut signer) = Signer::new(credentials, text(REGION), "lambda") else {
        return 0;
    };
    let connectors = [text(EGRESS_CONNECTOR)];
    let input = RunMicrovm::new(text(IMAGE_IDENTIFIER), ClientToken::new(text(CLIENT_TOKEN)))
        .image_version(text(IMAGE_VERSION))
        .idle_policy(IdlePolicy::new(
            number(MAX_IDLE),
            number(SUSPENDED),
            number(AUTO_RESUME) != 0,
        ))
        .logging(Logging::cloud_watch(text(LOG_GROUP)))
        .maximum_duration_in_seconds(number(MAX_DURATION))
        .egress_network_connectors(&connectors);
    match input.encode(&endpoint, &mut signer, now() as i64, &mut buf[..]) {
        Ok(request) => {
            publish_bytes(0, request.as_bytes());
            publish(2, request.head().len());
            request.len()
        }
        Err(_) => 0,
    }
}

/// Parses the response and decodes it into the output; returns a digest of what was decoded
/// (0 on any error).
fn decode() -> usize {
    // SAFETY: `main` wrote a value into the slot before calling this.
    let out = unsafe { output_slot().assume_init_mut() };
    let Ok(response) = Response::parse(bytes(RESPONSE)) else {
        return 0;
    };
    let digest = match RunMicrovm::decode_into::<STRING_CAPACITY, LIST_CAPACITY, MESSAGE_CAPACITY>(
        &response, out,
    ) {
        Ok(Outcome::Ok(())) => {
            out.microvm_id.len()
                ^ (out.state.as_str().len() << 8)
                ^ ((out.maximum_duration_in_seconds as usize) << 16)
                ^ out.started_at.seconds as usize
        }
        Ok(Outcome::Err(e)) => usize::from(e.is_retryable()) + 1,
        Err(_) => 0,
    };
    publish(4, out as *const Output as usize);
    publish(5, digest);
    digest
}

#[cortex_m_rt::entry]
fn main() -> ! {
    // The output lives as long as the firmware and is initialized once, at boot.
    output_slot().write(Output::default());
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
        stack::print(&request_buffer()[..n]);
        stack::print(b"\n");
        stack::report("encode_sign_stack_bytes", used);
        let (digest, used) = stack::measure(decode);
        // SAFETY: initialized above.
        let out = unsafe { output_slot().assume_init_ref() };
        stack::print(b"microvmId=");
        stack::print(out.microvm_id.as_bytes());
        stack::print(b" state=");
        stack::print(out.state.as_str().as_bytes());
        stack::print(b"\n");
        stack::report("decode_digest", digest);
        stack::report("decode_stack_bytes", used);
        stack::exit()
    }
}
