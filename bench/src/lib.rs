//! Criterion benches for Frugal; see `bench/README.md`.
