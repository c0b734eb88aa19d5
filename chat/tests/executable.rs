//! The bootstrap is linked position-dependent on Linux with glibc (`chat/build.rs`): no relocations
//! for the loader to apply at each cold start. If a toolchain or linker change brings the default
//! position-independent executable back, this fails rather than the cold start quietly slowing.

/// `e_type` of an ELF header: `ET_EXEC` (2) for a position-dependent executable, `ET_DYN` (3) for a
/// position-independent one.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[test]
fn bootstrap_is_a_position_dependent_executable() {
    if option_env!("FRUGAL_CHAT_PIE") == Some("1") {
        return;
    }
    let path = env!("CARGO_BIN_EXE_frugal-chat");
    let header = std::fs::read(path).expect("read the frugal-chat binary");
    assert_eq!(&header[..4], b"\x7fELF", "{path} is not an ELF file");
    let e_type = u16::from_le_bytes([header[16], header[17]]);
    assert_eq!(
        e_type, 2,
        "{path}: e_type {e_type}, expected ET_EXEC (2): linked as a position-independent executable"
    );
}
