//! Empty: this crate exists for its dependency on `foundations` (see its Cargo.toml).
