//! What `baseline` and `full` share: the inputs, the output buffers, the result sink and (with the
//! `stack` feature) the stack high-water-mark probe with its semihosting report.
//!
//! Inputs live in flash but are reached only through pointers read with `read_volatile`, so the
//! optimizer cannot see their contents and cannot constant-fold the codec away. Only the
//! (pointer, length) pairs are read volatilely: a volatile read of a whole array would be
//! unrolled into one load per byte, kilobytes of code that would drown the measurement.

use core::ptr::{addr_of, addr_of_mut, read_volatile, write_volatile};

/// A borrowed input as the firmware would hold it: where it is and how long it is.
#[repr(C)]
pub struct Input {
    ptr: *const u8,
    len: usize,
}

// SAFETY: only ever read, and it points at immutable statics.
unsafe impl Sync for Input {}

const fn input(bytes: &'static [u8]) -> Input {
    Input {
        ptr: bytes.as_ptr(),
        len: bytes.len(),
    }
}

pub const REGION: usize = 0;
pub const ACCESS_KEY_ID: usize = 1;
pub const SECRET_ACCESS_KEY: usize = 2;
pub const SESSION_TOKEN: usize = 3;
pub const IMAGE_IDENTIFIER: usize = 4;
pub const CLIENT_TOKEN: usize = 5;
pub const RESPONSE: usize = 6;
pub const IMAGE_VERSION: usize = 7;
pub const LOG_GROUP: usize = 8;
pub const EGRESS_CONNECTOR: usize = 9;
const INPUT_COUNT: usize = 10;

/// A RunMicrovm 200 response as the service sends it (head + JSON body).
const RESPONSE_BYTES: &[u8] = b"HTTP/1.1 200 OK\r\n\
x-amzn-RequestId: 6f1c2a0e-0b7e-4b43-9a53-2a7c4f0e9d11\r\n\
Content-Type: application/json\r\n\
Content-Length: 370\r\n\
\r\n\
{\"microvmId\":\"mvm-0123456789abcdef0\",\"state\":\"PENDING\",\
\"endpoint\":\"mvm-0123456789abcdef0.microvm.us-east-1.on.aws\",\
\"imageArn\":\"arn:aws:lambda:us-east-1:123456789012:microvm-image/sensor-gw\",\
\"imageVersion\":\"3\",\"maximumDurationInSeconds\":3600,\"startedAt\":1.764253500123E9,\
\"idlePolicy\":{\"maxIdleDurationSeconds\":300,\"suspendedDurationSeconds\":600,\"autoResumeEnabled\":true}}";

#[unsafe(no_mangle)]
pub static FW_INPUTS: [Input; INPUT_COUNT] = [
    input(b"us-east-1"),
    input(b"AKIDEXAMPLE"),
    input(b"wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    input(b"IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQDexampleexampleexampleexampleAiB0example+example/example=="),
    input(b"arn:aws:lambda:us-east-1:123456789012:microvm-image/sensor-gw"),
    input(b"3f1b7a2c-5d4e-4f60-8a9b-0c1d2e3f4a5b"),
    input(RESPONSE_BYTES),
    input(b"3"),
    input(b"/microvms/sensor-gw"),
    input(b"arn:aws:lambda:us-east-1:123456789012:network-connector/nc-0123456789abcdef0"),
];

/// Numeric configuration: idle seconds, suspended seconds, auto-resume, maximum duration.
pub const MAX_IDLE: usize = 0;
pub const SUSPENDED: usize = 1;
pub const AUTO_RESUME: usize = 2;
pub const MAX_DURATION: usize = 3;

#[unsafe(no_mangle)]
pub static FW_NUMBERS: [i32; 4] = [300, 3600, 1, 3600];

/// Numeric input `i`, opaque to the optimizer.
pub fn number(i: usize) -> i32 {
    // SAFETY: plain read of an initialized static.
    unsafe { read_volatile(addr_of!(FW_NUMBERS[i])) }
}

/// Seconds since the epoch, as an RTC or SNTP client would provide it.
#[unsafe(no_mangle)]
pub static FW_NOW: u64 = 1_764_253_500;

/// Input `i`, opaque to the optimizer.
#[inline(never)]
pub fn bytes(i: usize) -> &'static [u8] {
    let entry = &FW_INPUTS[i];
    // SAFETY: `FW_INPUTS` holds (pointer, length) pairs of `'static` byte strings; the volatile
    // reads return exactly those values, the optimizer just cannot know them.
    unsafe {
        let ptr = read_volatile(addr_of!(entry.ptr));
        let len = read_volatile(addr_of!(entry.len));
        core::slice::from_raw_parts(ptr, len)
    }
}

/// Input `i` as text (configuration strings are `&str` in real firmware).
pub fn text(i: usize) -> &'static str {
    // SAFETY: every input above is an ASCII literal.
    unsafe { core::str::from_utf8_unchecked(bytes(i)) }
}

pub fn now() -> u64 {
    // SAFETY: plain read of an initialized static.
    unsafe { read_volatile(addr_of!(FW_NOW)) }
}

/// The caller's memory. Statics rather than locals so the stack measurement counts only what the
/// code under test itself puts on the stack.
///
/// - the transmit buffer: the whole signed request (head and body);
/// - the decoded output: a `Microvm` with 128-byte strings and up to 2 connectors per list, the
///   capacities a device would choose. `baseline` reserves the same memory (it only names the
///   type, which links no code), so the RAM delta is the codec's own RAM.
pub const REQUEST_CAPACITY: usize = 2048;
pub const STRING_CAPACITY: usize = 128;
pub const LIST_CAPACITY: usize = 2;
pub type Output = lambda_microvms_codec::model::Microvm<STRING_CAPACITY, LIST_CAPACITY>;

static mut REQUEST: [u8; REQUEST_CAPACITY] = [0; REQUEST_CAPACITY];
static mut OUTPUT: core::mem::MaybeUninit<Output> = core::mem::MaybeUninit::uninit();

/// The transmit buffer; a borrow from an earlier call must not be used after a later call.
pub fn request_buffer() -> &'static mut [u8; REQUEST_CAPACITY] {
    // SAFETY: single-threaded; callers hold one borrow at a time (see above).
    unsafe { &mut *addr_of_mut!(REQUEST) }
}

/// The output's memory (uninitialized until the firmware writes a value into it); a borrow from
/// an earlier call must not be used after a later call.
pub fn output_slot() -> &'static mut core::mem::MaybeUninit<Output> {
    // SAFETY: single-threaded; callers hold one borrow at a time (see above).
    unsafe { &mut *addr_of_mut!(OUTPUT) }
}

#[unsafe(no_mangle)]
static mut FW_OUT: [usize; 8] = [0; 8];

/// Publishes a result where the optimizer must assume someone reads it (a register, a DMA
/// descriptor), so everything it depends on is kept.
pub fn publish(slot: usize, value: usize) {
    // SAFETY: single-threaded; `slot` is in bounds or this panics (a halt).
    unsafe { write_volatile(addr_of_mut!(FW_OUT[slot]), value) }
}

/// Reads back a published value (for the `stack` feature's report).
pub fn published(slot: usize) -> usize {
    // SAFETY: single-threaded; `slot` is in bounds or this panics (a halt).
    unsafe { read_volatile(addr_of!(FW_OUT[slot])) }
}

/// Publishes a buffer: its address escapes, so the writes into it cannot be elided.
pub fn publish_bytes(slot: usize, bytes: &[u8]) {
    publish(slot, bytes.as_ptr() as usize);
    publish(slot + 1, bytes.len());
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    loop {
        core::hint::spin_loop();
    }
}

#[cfg(feature = "stack")]
pub mod stack {
    //! Stack high-water mark by painting: fill the free stack with a pattern, run a stage, find
    //! the deepest word that no longer holds the pattern.
    //!
    //! Painting and reading the stack pointer are done in inline assembly inside `measure`, at a
    //! point where `measure`'s own frame is already set up, so the pattern is written only below
    //! the stack pointer the stage is called with and the result is exactly the stage's own use
    //! (its frames, its callees' frames, the spills of everything inlined into it).

    use core::arch::asm;

    const PATTERN: u32 = 0xC0DE_5AC5;

    unsafe extern "C" {
        /// End of .bss/.uninit, from cortex-m-rt's link.x: the lowest address the stack may reach.
        static mut __sheap: u32;
    }

    /// Runs `stage` on painted stack and returns (its result, bytes of stack it used).
    #[inline(never)]
    pub fn measure(stage: fn() -> usize) -> (usize, usize) {
        let bottom = core::ptr::addr_of_mut!(__sheap) as usize;
        let sp: usize;
        // SAFETY: writes only the free region between the end of .bss and the current stack
        // pointer, which holds no live data.
        unsafe {
            asm!(
                "mov {sp}, sp",
                "2:",
                "cmp {p}, {sp}",
                "bhs 3f",
                "str {pat}, [{p}], #4",
                "b 2b",
                "3:",
                sp = out(reg) sp,
                p = inout(reg) bottom => _,
                pat = in(reg) PATTERN,
                options(nostack),
            );
        }
        let result = stage();
        let mut p = bottom;
        // SAFETY: reads words of the free region painted above.
        while p < sp && unsafe { core::ptr::read_volatile(p as *const u32) } == PATTERN {
            p += 4;
        }
        (result, sp - p)
    }

    /// ARM semihosting call (SYS_* operation `op`, parameter block or value `arg`).
    fn semihost(op: usize, arg: usize) -> usize {
        let r: usize;
        // SAFETY: `bkpt 0xab` traps to the debugger/QEMU, which reads r0/r1 and the block.
        unsafe {
            asm!("bkpt #0xab", inout("r0") op => r, in("r1") arg, options(nostack));
        }
        r
    }

    /// Writes bytes to the host's stdout (SYS_WRITE on the handle of `:tt`).
    pub fn print(bytes: &[u8]) {
        // SYS_OPEN ":tt" mode "w" (4) gives the host's stdout.
        static mut TT: usize = usize::MAX;
        // SAFETY: single-threaded.
        let mut fd = unsafe { core::ptr::read_volatile(core::ptr::addr_of!(TT)) };
        if fd == usize::MAX {
            let name = b":tt\0";
            let open = [name.as_ptr() as usize, 4, 3];
            fd = semihost(0x01, open.as_ptr() as usize);
            // SAFETY: single-threaded.
            unsafe { core::ptr::write_volatile(core::ptr::addr_of_mut!(TT), fd) };
        }
        let block = [fd, bytes.as_ptr() as usize, bytes.len()];
        semihost(0x05, block.as_ptr() as usize);
    }

    /// `name=value\n` without core::fmt.
    pub fn report(name: &str, value: usize) {
        let mut digits = [0u8; 20];
        let mut i = digits.len();
        let mut n = value;
        loop {
            i -= 1;
            digits[i] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        print(name.as_bytes());
        print(b"=");
        print(&digits[i..]);
        print(b"\n");
    }

    /// Ends the QEMU run (SYS_EXIT, ADP_Stopped_ApplicationExit: exit status 0).
    pub fn exit() -> ! {
        semihost(0x18, 0x20026);
        loop {
            core::hint::spin_loop();
        }
    }
}
