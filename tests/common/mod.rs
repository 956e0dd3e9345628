//! Helpers shared by integration tests (each test crate uses a subset).
#![allow(dead_code)]

pub mod params;
pub mod suite;
