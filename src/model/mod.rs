//! Shapes from the API model (service-2.json).
//!
//! Inputs borrow their strings from the caller; outputs own theirs in fixed-capacity
//! `heapless` values. Wire names are camelCase, Rust names their snake_case equivalents.

pub mod errors;
pub mod lifecycle;
pub mod microvm;
pub mod output;
pub mod run_microvm;
pub mod validate;

pub use errors::{
    AccessDeniedException, ConflictException, GetMicrovmError, InsufficientCapacityException,
    InternalServerException, MicrovmActionError, ResourceNotFoundException, ResumeMicrovmError,
    RunMicrovmError, ServiceQuotaExceededException, SuspendMicrovmError, TerminateMicrovmError,
    ThrottlingException, UnknownError, ValidationException,
};
pub use lifecycle::{GetMicrovm, ResumeMicrovm, SuspendMicrovm, TerminateMicrovm};
pub use microvm::{ClientToken, IdlePolicy, Logging, MicrovmState};
pub use output::Microvm;
pub use run_microvm::RunMicrovm;
pub use validate::{Rule, ValidationError};
