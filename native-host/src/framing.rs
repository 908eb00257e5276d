//! Native messaging framing: a 32-bit little-endian length, then that many
//! bytes. Framing does framing only; what the bytes mean is `dispatch`'s job.
//!
//! The declared length is checked against the cap *before* anything is
//! allocated, and an oversized body is skipped through a fixed buffer, so a
//! hostile length costs no memory.

use std::io::{self, Read, Write};

use byteorder::{LittleEndian, ReadBytesExt, WriteBytesExt};

/// Largest frame the host accepts from the browser (its own cap; the browsers allow 4 GiB).
pub const MAX_INBOUND: u32 = 64 * 1024 * 1024;
/// Largest frame a browser accepts from a native host.
pub const MAX_OUTBOUND: usize = 1024 * 1024;

/// What one read from the browser produced.
#[derive(Debug, PartialEq, Eq)]
pub enum Inbound {
    /// A complete frame body (not yet known to be JSON).
    Frame(Vec<u8>),
    /// A frame longer than the cap: its body of `declared` bytes was read and discarded.
    TooLarge { declared: u32 },
}

/// Why reading stopped.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    /// Input ended cleanly at a frame boundary.
    #[error("input closed")]
    Closed,
    /// Input ended inside a length prefix or a body: the browser went away.
    #[error("input closed inside a frame")]
    Truncated,
    /// The underlying read failed.
    #[error("read failed: {0}")]
    Io(#[from] io::Error),
}

impl FrameError {
    /// Both kinds of end-of-input mean "the browser has gone": exit cleanly.
    pub fn is_end_of_input(&self) -> bool {
        matches!(self, FrameError::Closed | FrameError::Truncated)
    }
}

/// Reads one frame, enforcing `cap` on the declared length.
pub fn read_frame<R: Read>(reader: &mut R, cap: u32) -> Result<Inbound, FrameError> {
    let mut prefix = [0u8; 4];
    let got = read_full(reader, &mut prefix)?;
    if got == 0 {
        return Err(FrameError::Closed);
    }
    if got < prefix.len() {
        return Err(FrameError::Truncated);
    }
    let declared = (&prefix[..]).read_u32::<LittleEndian>()?;
    if declared > cap {
        let skipped = io::copy(&mut reader.take(u64::from(declared)), &mut io::sink())?;
        if skipped < u64::from(declared) {
            return Err(FrameError::Truncated);
        }
        return Ok(Inbound::TooLarge { declared });
    }
    let mut body = vec![0u8; declared as usize];
    if read_full(reader, &mut body)? < body.len() {
        return Err(FrameError::Truncated);
    }
    Ok(Inbound::Frame(body))
}

/// Fills `buf` as far as the input allows; returns how many bytes were read.
/// Unlike `read_exact`, a short read at EOF is reported, not an error, so the
/// caller can tell "closed at a boundary" from "closed mid-frame".
fn read_full<R: Read>(reader: &mut R, buf: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

/// Writes one frame and flushes it. Refuses a body over [`MAX_OUTBOUND`]:
/// shrinking a response to fit is the caller's job (see `dispatch::encode_response`).
pub fn write_frame<W: Write>(writer: &mut W, body: &[u8]) -> io::Result<()> {
    if body.len() > MAX_OUTBOUND {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "frame of {} bytes exceeds the 1 MiB outbound cap",
                body.len()
            ),
        ));
    }
    writer.write_u32::<LittleEndian>(body.len() as u32)?;
    writer.write_all(body)?;
    writer.flush()
}

/// Frames `body` into a new buffer (for tests and clients).
pub fn encode(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len() + 4);
    out.extend_from_slice(&(body.len() as u32).to_le_bytes());
    out.extend_from_slice(body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A reader that hands out at most one byte per call, like a slow pipe.
    struct Trickle<'a>(&'a [u8]);
    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() || buf.is_empty() {
                return Ok(0);
            }
            buf[0] = self.0[0];
            self.0 = &self.0[1..];
            Ok(1)
        }
    }

    #[test]
    fn reads_consecutive_frames_then_closed() {
        let mut input = encode(b"{\"a\":1}");
        input.extend(encode(b"{}"));
        let mut r = Cursor::new(input);
        assert_eq!(
            read_frame(&mut r, MAX_INBOUND).unwrap(),
            Inbound::Frame(b"{\"a\":1}".to_vec())
        );
        assert_eq!(
            read_frame(&mut r, MAX_INBOUND).unwrap(),
            Inbound::Frame(b"{}".to_vec())
        );
        assert!(matches!(
            read_frame(&mut r, MAX_INBOUND),
            Err(FrameError::Closed)
        ));
    }

    #[test]
    fn short_reads_are_reassembled() {
        let input = encode(b"{\"type\":\"hello\"}");
        let mut r = Trickle(&input);
        assert_eq!(
            read_frame(&mut r, MAX_INBOUND).unwrap(),
            Inbound::Frame(b"{\"type\":\"hello\"}".to_vec())
        );
    }

    #[test]
    fn eof_inside_the_length_is_truncated() {
        for n in 1..4 {
            let mut r = Cursor::new(vec![5u8; n]);
            assert!(
                matches!(read_frame(&mut r, MAX_INBOUND), Err(FrameError::Truncated)),
                "{n}"
            );
        }
    }

    #[test]
    fn eof_inside_the_body_is_truncated() {
        let mut input = encode(b"0123456789");
        input.truncate(8);
        let mut r = Cursor::new(input);
        assert!(matches!(
            read_frame(&mut r, MAX_INBOUND),
            Err(FrameError::Truncated)
        ));
    }

    #[test]
    fn cap_boundary_one_mib() {
        let cap = 1024 * 1024;
        for (len, fits) in [(cap - 1, true), (cap, true), (cap + 1, false)] {
            let mut input = encode(&vec![b'x'; len as usize]);
            input.extend(encode(b"{}"));
            let mut r = Cursor::new(input);
            match read_frame(&mut r, cap).unwrap() {
                Inbound::Frame(body) => assert!(fits && body.len() == len as usize),
                Inbound::TooLarge { declared } => assert!(!fits && declared == len),
            }
            // The next frame is still read correctly: the oversized body was skipped exactly.
            assert_eq!(
                read_frame(&mut r, cap).unwrap(),
                Inbound::Frame(b"{}".to_vec())
            );
        }
    }

    #[test]
    fn oversized_declaration_with_short_body_is_truncated_not_allocated() {
        // Declares 4 GiB - 1 but carries 3 bytes: must not try to allocate 4 GiB.
        let mut input = u32::MAX.to_le_bytes().to_vec();
        input.extend_from_slice(b"abc");
        let mut r = Cursor::new(input);
        assert!(matches!(
            read_frame(&mut r, MAX_INBOUND),
            Err(FrameError::Truncated)
        ));
    }

    #[test]
    fn writes_little_endian_prefix_and_refuses_oversize() {
        let mut out = Vec::new();
        write_frame(&mut out, b"{}").unwrap();
        assert_eq!(out, vec![2, 0, 0, 0, b'{', b'}']);
        let mut out = Vec::new();
        assert!(write_frame(&mut out, &vec![b' '; MAX_OUTBOUND + 1]).is_err());
        assert!(out.is_empty());
        write_frame(&mut out, &vec![b' '; MAX_OUTBOUND]).unwrap();
        assert_eq!(out.len(), MAX_OUTBOUND + 4);
    }
}
