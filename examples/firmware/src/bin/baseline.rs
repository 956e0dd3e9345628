//! The same firmware as `full` — same inputs, same buffers, same result sink — without the codec,
//! so `full − baseline` is what the codec costs.
#![no_std]
#![no_main]

#[path = "../common.rs"]
#[allow(dead_code)] // each binary uses a different subset
mod common;

use common::*;

/// Stands in for encode + sign: every input reaches the transmit buffer, nothing is computed.
fn encode_sign() -> usize {
    let buf = request_buffer();
    let mut n = 0;
    for i in [
        REGION,
        ACCESS_KEY_ID,
        SECRET_ACCESS_KEY,
        SESSION_TOKEN,
        IMAGE_IDENTIFIER,
        CLIENT_TOKEN,
        IMAGE_VERSION,
        LOG_GROUP,
        EGRESS_CONNECTOR,
    ] {
        let b = bytes(i);
        let m = b.len().min(buf.len() - n);
        buf[n..n + m].copy_from_slice(&b[..m]);
        n += m;
    }
    let numbers = number(MAX_IDLE) ^ number(SUSPENDED) ^ number(AUTO_RESUME) ^ number(MAX_DURATION);
    publish(2, now() as usize ^ numbers as usize);
    publish_bytes(0, &buf[..n]);
    n
}

/// Stands in for decode: the response is read, nothing is parsed.
fn decode() -> usize {
    let response = bytes(RESPONSE);
    publish(4, output_slot().as_ptr() as usize);
    publish(5, response.len());
    response.len()
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
        let (_, used) = stack::measure(encode_sign);
        stack::report("baseline_encode_sign_stack_bytes", used);
        let (_, used) = stack::measure(decode);
        stack::report("baseline_decode_stack_bytes", used);
        stack::exit()
    }
}
