//! Links the `frugal-chat` bootstrap as a position-dependent executable on Linux with glibc.
//!
//! A position-independent executable (the toolchain's default) carries a relocation for every
//! pointer in its read-only data — about 25,000 in this binary, 600 KB of `.rela.dyn` — which the
//! loader reads and applies at every cold start, copying each page it writes (~100 pages). Linked
//! with `-no-pie` the pointers are fixed at link time: no relocations to apply, the data pages stay
//! shared with the page cache, and the binary is 600 KB smaller (bench/README.md, "Step 7").
//!
//! The price is that the executable's own image is not randomised (the stack, heap, mappings and
//! shared libraries still are), as with Go binaries, which are position-dependent by default: code
//! addresses are known in advance, which makes return-oriented exploits of a memory-safety bug easier.
//! Set `FRUGAL_CHAT_PIE=1` at build time to keep the default position-independent executable.
//! `zig cc`, which cargo-lambda links with, honours it: an arm64 bootstrap built with cargo-zigbuild
//! is an `executable`, not a `pie executable` (`file`; bench/README.md, "Step 7").

fn main() {
    println!("cargo:rerun-if-env-changed=FRUGAL_CHAT_PIE");
    let var = |name: &str| std::env::var(name).unwrap_or_default();
    let keep_pie = matches!(var("FRUGAL_CHAT_PIE").as_str(), "1" | "true" | "yes");
    // A statically linked glibc build (`+crt-static`) is linked `-static-pie` by rustc: leave it.
    let static_crt = var("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|feature| feature == "crt-static");
    if var("CARGO_CFG_TARGET_OS") == "linux"
        && var("CARGO_CFG_TARGET_ENV") == "gnu"
        && !static_crt
        && !keep_pie
    {
        println!("cargo:rustc-link-arg-bin=frugal-chat=-no-pie");
    }
}
