//! Operations: each binds a model input and output to an HTTP method, path and error set.
