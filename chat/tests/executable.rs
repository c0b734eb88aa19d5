//! The bootstrap is linked position-dependent on Linux with glibc (`chat/build.rs`): no relocations
//! for the loader to apply at each cold start. If a toolchain or linker change brings the default
//! position-independent executable back, this fails rather than the cold start quietly slowing.

/// `e_type` of an ELF header: `ET_EXEC` (2) for a position-dependent executable, `ET_DYN` (3) for a
/// position-independent one.
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
    use std::io::Read;
    let path = env!("CARGO_BIN_EXE_frugal-chat");
    let mut header = [0u8; 18];
    std::fs::File::open(path)
        .and_then(|mut file| file.read_exact(&mut header))
        .expect("read the frugal-chat binary's ELF header");
    assert_eq!(&header[..4], b"\x7fELF", "{path} is not an ELF file");
    // EI_DATA: 1 little-endian, 2 big-endian.
    let bytes = [header[16], header[17]];
    let e_type = if header[5] == 2 {
        u16::from_be_bytes(bytes)
    } else {
        u16::from_le_bytes(bytes)
    };
    assert_eq!(
        e_type, 2,
        "{path}: e_type {e_type}, expected ET_EXEC (2): linked as a position-independent executable"
    );
}
