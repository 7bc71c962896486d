//! Reading the pickle's bytes: fixed-size arguments, length-prefixed data and newline-ended
//! lines, each checked against the bytes that are really there before anything is sliced.

use super::Machine;

impl<'a> Machine<'a> {
    /// Errors unless `len` more bytes are present.
    pub(super) fn check_remaining(&self, len: u64) -> Result<usize, String> {
        let remaining = self.input.len() - self.pos;
        match usize::try_from(len) {
            Ok(len) if len <= remaining => Ok(len),
            _ => Err(format!(
                "expected {len} more bytes, found only {remaining} before the end of the input \
                 (truncated or corrupt file)"
            )),
        }
    }

    /// The next `len` bytes, borrowed; the length is checked before anything is sliced.
    pub(super) fn take(&mut self, len: u64) -> Result<&'a [u8], String> {
        let len = self.check_remaining(len)?;
        let bytes = &self.input[self.pos..self.pos + len];
        self.pos += len;
        Ok(bytes)
    }

    pub(super) fn array<const N: usize>(&mut self) -> Result<[u8; N], String> {
        let bytes = self.take(N as u64)?;
        let mut out = [0; N];
        out.copy_from_slice(bytes);
        Ok(out)
    }

    pub(super) fn u8(&mut self) -> Result<u8, String> {
        Ok(self.array::<1>()?[0])
    }

    pub(super) fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.array()?))
    }

    pub(super) fn u64(&mut self) -> Result<u64, String> {
        Ok(u64::from_le_bytes(self.array()?))
    }

    /// The bytes up to the next newline, which must come within `max` bytes; the newline is
    /// consumed but not returned (the arguments of the text opcodes).
    pub(super) fn line(&mut self, max: usize) -> Result<&'a [u8], String> {
        let rest = &self.input[self.pos..];
        let end = rest
            .iter()
            .take(max)
            .position(|&b| b == b'\n')
            .ok_or_else(|| {
                if max < rest.len() {
                    format!("expected a newline within {max} bytes")
                } else {
                    "expected a newline before the end of the input".to_string()
                }
            })?;
        self.pos += end + 1;
        Ok(&rest[..end])
    }

    /// A newline-terminated ASCII module or name of at most 256 bytes (`GLOBAL`'s arguments).
    pub(super) fn name_line(&mut self) -> Result<&'a str, String> {
        let line = self.line(256)?;
        std::str::from_utf8(line)
            .ok()
            .filter(|s| s.is_ascii())
            .ok_or_else(|| "expected an ASCII module or name".to_string())
    }
}
