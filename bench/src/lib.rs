//! Support for Frugal's benches: a local Lambda Runtime API, a Bedrock and DynamoDB stand-in (plain
//! HTTP or TLS, with a local certificate authority) and a
//! whole-process cold-start measurement, all on `std` (threads and blocking sockets) so that the
//! measuring side adds as little as possible to what it measures. See `bench/README.md`.

pub mod coldstart;
pub mod elf;
pub mod event_stream;
pub mod http1;
pub mod runtime_api;
pub mod stand_in;
pub mod tls;
