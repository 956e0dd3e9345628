//! The `defmt` feature promises `defmt::Format` for every public type and error (README,
//! "Cargo features"). This file only compiles with the feature (CI's clippy run builds every
//! target with `--all-features`); a public type without the impl fails that build.
#![cfg(feature = "defmt")]

use lambda_microvms_codec as c;

fn format<T: defmt::Format + ?Sized>() {}

#[test]
fn every_public_type_implements_defmt_format() {
    use c::buf::Writer;
    use c::json::write::JsonWriter;
    format::<c::Error>();
    format::<c::buf::BufferTooSmall>();
    format::<c::buf::Counter>();
    format::<Writer<'static>>();
    format::<JsonWriter<'static, Writer<'static>>>();
    format::<c::decode::DecodeError>();
    format::<c::endpoint::Params<'static>>();
    format::<c::endpoint::Scheme>();
    format::<c::endpoint::Host<'static>>();
    format::<c::endpoint::Partition>();
    format::<c::endpoint::UrlError>();
    format::<c::endpoint::Error>();
    format::<c::endpoint::Endpoint<'static>>();
    format::<c::http::request::Error>();
    format::<c::http::EncodedRequest<'static>>();
    format::<c::http::response::Error>();
    format::<c::http::Response<'static>>();
    format::<c::http::response::Headers<'static>>();
    format::<c::json::read::Kind>();
    format::<c::json::read::Error>();
    format::<c::json::read::RawStr<'static>>();
    format::<c::json::read::Reader<'static>>();
    format::<c::json::timestamp::Timestamp>();
    format::<c::model::Microvm>();
    format::<c::model::RunMicrovm<'static>>();
    format::<c::model::IdlePolicy>();
    format::<c::model::Logging<'static>>();
    format::<c::model::MicrovmState>();
    format::<c::model::ClientToken<'static>>();
    format::<c::model::ValidationError>();
    format::<c::model::Rule>();
    format::<c::model::GetMicrovm<'static>>();
    format::<c::model::TerminateMicrovm<'static>>();
    format::<c::model::SuspendMicrovm<'static>>();
    format::<c::model::ResumeMicrovm<'static>>();
    format::<c::model::errors::UnknownError>();
    format::<c::model::errors::InternalServerException>();
    format::<c::model::errors::AccessDeniedException>();
    format::<c::model::errors::InsufficientCapacityException>();
    format::<c::model::errors::ResourceNotFoundException>();
    format::<c::model::errors::ThrottlingException>();
    format::<c::model::errors::ConflictException>();
    format::<c::model::errors::ValidationException>();
    format::<c::model::errors::ServiceQuotaExceededException>();
    format::<c::model::errors::RunMicrovmError>();
    format::<c::model::errors::GetMicrovmError>();
    format::<c::model::errors::TerminateMicrovmError>();
    format::<c::ops::Outcome<c::model::Microvm, c::model::errors::RunMicrovmError>>();
    format::<c::sigv4::Error>();
    format::<c::sigv4::Credentials<'static>>();
    format::<c::sigv4::Payload<'static>>();
    format::<c::sigv4::SignableRequest<'static>>();
    format::<c::sigv4::Settings>();
    format::<c::sigv4::Mode>();
    format::<c::sigv4::Signer<'static>>();
    format::<c::sigv4::Signature<'static>>();
    format::<c::sigv4::time::OutOfRange>();
    format::<c::sigv4::time::DateTime>();
    format::<c::uri::Encoded<'static>>();
}
