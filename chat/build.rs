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
//! (`startup-<target>.order`, lld's `--symbol-ordering-file`): a greeting's code otherwise lies
//! scattered over the 5 MB of `.text`, and the kernel maps it 64 KB at a time, page fault by page
//! fault (37 faults on a greeting cold start; 6 with the order; bench/README.md, "Step 8"). The
//! names carry the crates' metadata hashes, so a file only matches the build it was made from: its
//! target (x86_64 glibc, or x86_64 musl for the static bootstrap), the release profile, this lock
//! file and toolchain. It is passed only where the linker is known to be lld: on x86_64 glibc the
//! toolchain's default (no linker configured); on x86_64 musl the toolchain's own lld, which the C
//! compiler driver is pointed at (`-fuse-ld=lld`, as rustc does itself on glibc). `zig cc`
//! (cargo-lambda) rejects the option, and other targets would match nothing.
//! `scripts/startup-order.sh [target]` remakes a file and says how much of the old one still
//! matched. `FRUGAL_CHAT_STARTUP_ORDER=0` at build time leaves it out.

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

/// Passes `startup-<target>.order` to lld: on x86_64 glibc, where lld is the toolchain's default
/// linker, and on x86_64 musl, where the C compiler driver is told to use the toolchain's own lld.
fn startup_order(var: &dyn Fn(&str) -> String) {
    for name in [
        "FRUGAL_CHAT_STARTUP_ORDER",
        "FRUGAL_CHAT_LINK_MAP",
        "RUSTC_LINKER",
    ] {
        println!("cargo:rerun-if-env-changed={name}");
    }
    let target = var("TARGET");
    let order =
        std::path::Path::new(&var("CARGO_MANIFEST_DIR")).join(format!("startup-{target}.order"));
    let has_order = order.is_file();
    // A path that does not exist counts as changed at every build: watch the file only when the
    // target has one (a new file is noticed once this script runs again, e.g. after `cargo clean`).
    if has_order {
        println!("cargo:rerun-if-changed={}", order.display());
    } else {
        println!("cargo:rerun-if-changed=build.rs");
    }
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
    // The link map `scripts/startup-order.sh` reads to make the file (before there is one). Without
    // either, nothing here changes the link: on x86_64 musl the system's linker is then used.
    let map = var("FRUGAL_CHAT_LINK_MAP");
    if !(wanted && default_linker && (has_order || !map.is_empty())) {
        return;
    }
    let lld_flags = match target.as_str() {
        "x86_64-unknown-linux-gnu" => Some(Vec::new()),
        // Linked by `cc` with the system's linker by default: use the lld the toolchain ships
        // (`gcc-ld/ld.lld`, as rustc itself does on x86_64 glibc), when it is there.
        "x86_64-unknown-linux-musl" => toolchain_lld(var)
            .map(|dir| vec!["-fuse-ld=lld".to_owned(), format!("-B{}", dir.display())]),
        _ => None,
    };
    let Some(lld_flags) = lld_flags else {
        return;
    };
    for flag in lld_flags {
        println!("cargo:rustc-link-arg-bin=frugal-chat={flag}");
    }
    if has_order {
        println!(
            "cargo:rustc-link-arg-bin=frugal-chat=-Wl,--symbol-ordering-file={}",
            order.display()
        );
        // Names the build no longer has (after a dependency update) are skipped, not errors.
        println!("cargo:rustc-link-arg-bin=frugal-chat=-Wl,--no-warn-symbol-ordering");
    }
    if !map.is_empty() {
        println!("cargo:rustc-link-arg-bin=frugal-chat=-Wl,-Map={map}");
    }
}

/// The toolchain's `gcc-ld` folder (an `ld.lld` that runs its `rust-lld`), if it has one.
fn toolchain_lld(var: &dyn Fn(&str) -> String) -> Option<std::path::PathBuf> {
    let rustc = var("RUSTC");
    let output = std::process::Command::new(if rustc.is_empty() { "rustc" } else { &rustc })
        .args(["--print", "sysroot"])
        .output()
        .ok()?;
    let sysroot = String::from_utf8(output.stdout).ok()?;
    let dir = std::path::Path::new(sysroot.trim())
        .join("lib/rustlib")
        .join(var("HOST"))
        .join("bin/gcc-ld");
    dir.join("ld.lld").is_file().then_some(dir)
}
