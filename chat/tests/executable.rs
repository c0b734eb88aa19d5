//! The bootstrap is linked position-dependent on Linux with glibc (`chat/build.rs`): no relocations
//! for the loader to apply at each cold start. If a toolchain or linker change brings the default
//! position-independent executable back, this fails rather than the cold start quietly slowing.

/// `e_type` of an ELF header (`frugal_bench::elf`): `ET_EXEC` (2) for a position-dependent
/// executable, `ET_DYN` (3) for a position-independent one.
#[cfg(all(
    target_os = "linux",
    target_env = "gnu",
    not(target_feature = "crt-static")
))]
#[test]
fn bootstrap_is_a_position_dependent_executable() {
    if matches!(option_env!("FRUGAL_CHAT_PIE"), Some("1" | "true" | "yes")) {
        return;
    }
    let path = env!("CARGO_BIN_EXE_frugal-chat");
    let bytes = std::fs::read(path).expect("read the frugal-chat binary");
    let e_type =
        frugal_bench::elf::elf_type(&bytes).unwrap_or_else(|| panic!("{path} is not an ELF file"));
    assert_eq!(
        e_type,
        frugal_bench::elf::ET_EXEC,
        "{path}: e_type {e_type}, expected ET_EXEC (2): linked as a position-independent executable"
    );
}
