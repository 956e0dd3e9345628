//! Percent-encoding of URI paths and query strings, as SigV4 requires (RFC 3986 unreserved set).
