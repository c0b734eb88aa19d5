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
//!
//! It also places the functions a cold start runs next to each other at the start of `.text`
//! (`startup-x86_64.order`, lld's `--symbol-ordering-file`): a greeting's code otherwise lies
//! scattered over the 5 MB of `.text`, and the kernel maps it 64 KB at a time, page fault by page
//! fault (37 faults on a greeting cold start; 6 with the order; bench/README.md, "Step 8"). The
//! names carry the crates' metadata hashes, so the file only matches the build it was made from: the
//! x86_64 glibc target, the release profile, this lock file and toolchain. It is passed only where
//! the linker is known to be lld (the toolchain's default on that target, no linker configured);
//! `zig cc` (cargo-lambda) rejects the option, and other targets would match nothing.
//! `scripts/startup-order.sh` remakes the file and says how much of the old one still matched.
//! `FRUGAL_CHAT_STARTUP_ORDER=0` at build time leaves it out.

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
    startup_order(&var);
}

/// Passes `startup-x86_64.order` to lld when the default linker links for x86_64 glibc.
fn startup_order(var: &dyn Fn(&str) -> String) {
    for name in [
        "FRUGAL_CHAT_STARTUP_ORDER",
        "FRUGAL_CHAT_LINK_MAP",
        "RUSTC_LINKER",
    ] {
        println!("cargo:rerun-if-env-changed={name}");
    }
    let order = std::path::Path::new(&var("CARGO_MANIFEST_DIR")).join("startup-x86_64.order");
    println!("cargo:rerun-if-changed={}", order.display());
    let wanted = !matches!(
        var("FRUGAL_CHAT_STARTUP_ORDER").as_str(),
        "0" | "false" | "no"
    );
    // A linker chosen by the user (`RUSTC_LINKER` is set when one is configured, e.g. by
    // cargo-zigbuild) or by flags may not be lld.
    let flags = var("CARGO_ENCODED_RUSTFLAGS");
    let default_linker = var("RUSTC_LINKER").is_empty()
        && !["linker", "fuse-ld", "link-self-contained"]
            .iter()
            .any(|flag| flags.contains(flag));
    let lld_target = var("TARGET") == "x86_64-unknown-linux-gnu";
    if wanted && default_linker && lld_target && order.is_file() {
        println!(
            "cargo:rustc-link-arg-bin=frugal-chat=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        // Names the build no longer has (after a dependency update) are skipped, not errors.
        println!("cargo:rustc-link-arg-bin=frugal-chat=-Wl,--no-warn-symbol-ordering");
        // The link map `scripts/startup-order.sh` reads to remake the file.
        let map = var("FRUGAL_CHAT_LINK_MAP");
        if !map.is_empty() {
            println!("cargo:rustc-link-arg-bin=frugal-chat=-Wl,-Map={map}");
        }
    }
}
