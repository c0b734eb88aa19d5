//! The two facts of an ELF executable the bootstrap's tests check: whether it is position-dependent
//! (`e_type`) and whether it needs a dynamic loader (a `PT_INTERP` program header).

/// `e_type` of an ELF executable: `ET_EXEC` (2) for a position-dependent one, `ET_DYN` (3) for a
/// position-independent one.
pub const ET_EXEC: u16 = 2;

/// `e_type` from the ELF header (either byte order), or `None` if `bytes` is not an ELF file.
pub fn elf_type(bytes: &[u8]) -> Option<u16> {
    let header = bytes.get(..18)?;
    if &header[..4] != b"\x7fELF" {
        return None;
    }
    let field = [header[16], header[17]];
    // EI_DATA: 1 little-endian, 2 big-endian.
    Some(if header[5] == 2 {
        u16::from_be_bytes(field)
    } else {
        u16::from_le_bytes(field)
    })
}

/// Whether a 64-bit little-endian ELF file has a `PT_INTERP` program header (names a dynamic
/// loader), or `None` if `bytes` is not such a file or its program headers lie outside it.
pub fn has_interpreter(bytes: &[u8]) -> Option<bool> {
    const PT_INTERP: u32 = 3;
    if bytes.get(..6)? != b"\x7fELF\x02\x01" {
        return None;
    }
    let u16_at = |at: usize| Some(u16::from_le_bytes(bytes.get(at..at + 2)?.try_into().ok()?));
    let phoff = usize::try_from(u64::from_le_bytes(bytes.get(32..40)?.try_into().ok()?)).ok()?;
    let (phentsize, phnum) = (usize::from(u16_at(54)?), usize::from(u16_at(56)?));
    let mut found = false;
    for i in 0..phnum {
        let at = phoff.checked_add(i.checked_mul(phentsize)?)?;
        let p_type = u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?);
        found |= p_type == PT_INTERP;
    }
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_test_binary_is_read() {
        let bytes = std::fs::read(std::env::current_exe().expect("own path")).expect("read");
        assert!(elf_type(&bytes).is_some());
        assert!(has_interpreter(&bytes).is_some());
        assert_eq!(elf_type(b"not an ELF file at all"), None);
        assert_eq!(has_interpreter(b"\x7fELF\x02\x01"), None, "truncated");
    }
}
