//! The PNG chunk walker: signature, then length / type / data / CRC per
//! chunk, up to IEND. It never decodes pixels: image data is skipped by its
//! declared length, so a badge chunk after 10 MB of IDAT costs microseconds.
//!
//! Badge data lives in text chunks (Open Badges baking spec): `iTXt` (or the
//! legacy `tEXt`) with keyword `openbadges` for OB 1.0/2.0, and `iTXt` with
//! keyword `openbadgecredential` for OB 3.0. Compressed text is outside the
//! spec, so a compressed badge chunk is reported as broken.

use std::io::Read;

use super::{BadgeKeyword, Baked, Container, UnbakeError, Unbaked};

/// The 8-byte PNG signature.
pub const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// How much text a compressed badge chunk may inflate to while we look at it
/// to say what it holds. A deflate bomb stops here.
const INFLATE_CAP: u64 = 2 * 1024 * 1024;
/// PNG forbids chunk lengths above 2^31 - 1.
const MAX_CHUNK_LEN: u32 = 0x7fff_ffff;

/// A chunk type, named by its four ASCII letters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChunkType(pub [u8; 4]);

impl ChunkType {
    pub const IHDR: ChunkType = ChunkType(*b"IHDR");
    pub const IEND: ChunkType = ChunkType(*b"IEND");
    pub const ITXT: ChunkType = ChunkType(*b"iTXt");
    pub const TEXT: ChunkType = ChunkType(*b"tEXt");
    pub const ZTXT: ChunkType = ChunkType(*b"zTXt");

    fn is_text(self) -> bool {
        self == Self::ITXT || self == Self::TEXT || self == Self::ZTXT
    }
}

impl std::fmt::Display for ChunkType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&String::from_utf8_lossy(&self.0))
    }
}

/// One chunk as laid out in the file.
#[derive(Debug, Clone, Copy)]
pub struct Chunk<'a> {
    pub kind: ChunkType,
    pub data: &'a [u8],
    /// Offset of the chunk's length field in the file.
    pub start: usize,
    /// Offset just past the chunk's CRC.
    pub end: usize,
    /// The CRC stored in the file.
    pub stored_crc: u32,
}

impl Chunk<'_> {
    /// Checks the stored CRC. Computed on demand, only for the chunks that
    /// matter (badge chunks), so that megabytes of image data are skipped,
    /// never read.
    pub fn crc_ok(&self) -> bool {
        let mut hasher = crc32fast::Hasher::new();
        hasher.update(&self.kind.0);
        hasher.update(self.data);
        hasher.finalize() == self.stored_crc
    }
}

/// Why the walk could not go on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Damage {
    /// The file ends inside the chunk starting at `offset` (or inside its header).
    Truncated {
        offset: usize,
        kind: Option<ChunkType>,
        partial: Vec<u8>,
    },
    /// A declared length above 2^31 - 1.
    BadLength { offset: usize, length: u32 },
    /// No IEND before the end of the file.
    NoIend,
}

/// Walks the chunks of `bytes` (which starts with the signature), calling
/// `visit` for each complete chunk up to and including IEND. Returns the
/// damage that stopped the walk, if any.
pub fn walk<'a>(bytes: &'a [u8], mut visit: impl FnMut(Chunk<'a>)) -> Option<Damage> {
    let mut pos = SIGNATURE.len();
    loop {
        if pos == bytes.len() {
            return Some(Damage::NoIend);
        }
        let Some(header) = bytes.get(pos..pos + 8) else {
            return Some(Damage::Truncated {
                offset: pos,
                kind: None,
                partial: Vec::new(),
            });
        };
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let kind = ChunkType([header[4], header[5], header[6], header[7]]);
        if length > MAX_CHUNK_LEN {
            return Some(Damage::BadLength {
                offset: pos,
                length,
            });
        }
        let data_start = pos + 8;
        let data_end = data_start + length as usize;
        let Some(crc_bytes) = bytes.get(data_end..data_end + 4) else {
            // Keep a little of a truncated text chunk so the caller can tell
            // whether it was a badge chunk (its keyword comes first).
            let partial = if kind.is_text() {
                let avail = &bytes[data_start.min(bytes.len())..];
                avail[..avail.len().min(32)].to_vec()
            } else {
                Vec::new()
            };
            return Some(Damage::Truncated {
                offset: pos,
                kind: Some(kind),
                partial,
            });
        };
        let chunk = Chunk {
            kind,
            data: &bytes[data_start..data_end],
            start: pos,
            end: data_end + 4,
            stored_crc: u32::from_be_bytes([
                crc_bytes[0],
                crc_bytes[1],
                crc_bytes[2],
                crc_bytes[3],
            ]),
        };
        visit(chunk);
        if kind == ChunkType::IEND {
            return None;
        }
        pos = chunk.end;
    }
}

/// Reads a PNG file the way [`walk`] reads it: the signature, every chunk
/// header, and the data of the chunks that matter (text, IHDR, IEND); the
/// bytes of other chunks (megabytes of image data) are never read. They
/// stay zero in a buffer the size of the file, which the system hands out
/// as untouched zero pages, so [`unbake`] on the result finds exactly what
/// it finds in the whole file, at the same offsets, damage included.
/// `None` when the file is not a PNG (the caller reads it whole).
pub fn read_sparse(file: &mut (impl Read + std::io::Seek)) -> std::io::Result<Option<Vec<u8>>> {
    let len = file.seek(std::io::SeekFrom::End(0))?;
    let len = usize::try_from(len).map_err(|_| std::io::Error::other("the file is too large"))?;
    let mut buf = vec![0u8; len];
    // Reads bytes `from..to` of the file into the same range of `buf`
    // (clipped to the file).
    fn fill(
        file: &mut (impl Read + std::io::Seek),
        buf: &mut [u8],
        from: usize,
        to: usize,
    ) -> std::io::Result<()> {
        let to = to.min(buf.len());
        if from < to {
            file.seek(std::io::SeekFrom::Start(from as u64))?;
            file.read_exact(&mut buf[from..to])?;
        }
        Ok(())
    }
    fill(file, &mut buf, 0, SIGNATURE.len())?;
    if len < SIGNATURE.len() || buf[..SIGNATURE.len()] != SIGNATURE {
        return Ok(None);
    }
    let mut pos = SIGNATURE.len();
    while pos < len {
        fill(file, &mut buf, pos, pos + 8)?;
        let Some(header) = buf.get(pos..pos + 8) else {
            break;
        };
        let length = u32::from_be_bytes([header[0], header[1], header[2], header[3]]);
        let kind = ChunkType([header[4], header[5], header[6], header[7]]);
        if length > MAX_CHUNK_LEN {
            break;
        }
        let end = pos + 8 + length as usize + 4;
        // Other chunks' data and CRCs are never looked at by `unbake`.
        if kind.is_text() || kind == ChunkType::IHDR || kind == ChunkType::IEND {
            fill(file, &mut buf, pos + 8, end)?;
        }
        if kind == ChunkType::IEND {
            break;
        }
        pos = end;
    }
    Ok(Some(buf))
}

/// The badge keyword a text chunk's data starts with, if any.
fn badge_keyword(data: &[u8]) -> Option<BadgeKeyword> {
    let end = data.iter().position(|&b| b == 0).unwrap_or(data.len());
    BadgeKeyword::from_png_keyword(&data[..end])
}

/// Finds the badge payload in a PNG.
pub fn unbake(bytes: &[u8]) -> Result<Unbaked, UnbakeError> {
    let mut found: Vec<(Chunk, BadgeKeyword)> = Vec::new();
    let mut chunks = 0usize;
    let damage = walk(bytes, |chunk| {
        chunks += 1;
        if chunk.kind.is_text() {
            if let Some(keyword) = badge_keyword(chunk.data) {
                found.push((chunk, keyword));
            }
        }
    });

    if let Some(damage) = damage {
        // Damage only makes badge data "broken" when it touches badge data:
        // a truncated badge chunk, or a file cut short after a badge chunk.
        // A damaged image with no trace of badge data carries none we can read.
        let touches_badge = match &damage {
            Damage::Truncated {
                kind: Some(k),
                partial,
                ..
            } if k.is_text() => {
                badge_keyword(partial).is_some() || starts_like_badge_keyword(partial)
            }
            _ => false,
        };
        if touches_badge || !found.is_empty() {
            return Err(UnbakeError::Damaged(describe_damage(&damage)));
        }
        return Ok(Unbaked::NoBadge {
            note: Some(format!(
                "the PNG is damaged ({}); no badge data before the damage",
                describe_damage(&damage)
            )),
        });
    }

    match found.len() {
        0 => Ok(Unbaked::NoBadge { note: None }),
        1 => {
            let (chunk, keyword) = found.remove(0);
            if !chunk.crc_ok() {
                return Err(UnbakeError::BadCrc {
                    chunk: chunk.kind.to_string(),
                });
            }
            let text = decode_text_chunk(chunk.kind, chunk.data)?;
            Ok(Unbaked::Found(Baked {
                keyword,
                container: Container::Png,
                text,
            }))
        }
        n => Err(UnbakeError::Ambiguous(format!(
            "the PNG holds {n} badge chunks ({}); a baked badge has exactly one",
            found
                .iter()
                .map(|(c, k)| format!("{} {}", c.kind, k.as_str()))
                .collect::<Vec<_>>()
                .join(", ")
        ))),
    }
}

/// A truncated chunk whose few surviving bytes are a prefix of a badge keyword.
fn starts_like_badge_keyword(partial: &[u8]) -> bool {
    !partial.is_empty()
        && [BadgeKeyword::OpenBadges, BadgeKeyword::OpenBadgeCredential]
            .iter()
            .any(|k| k.as_str().as_bytes().starts_with(partial))
}

fn describe_damage(damage: &Damage) -> String {
    match damage {
        Damage::Truncated {
            offset,
            kind: Some(kind),
            ..
        } => {
            format!("the file ends inside the {kind} chunk at byte {offset}")
        }
        Damage::Truncated {
            offset, kind: None, ..
        } => {
            format!("the file ends inside a chunk header at byte {offset}")
        }
        Damage::BadLength { offset, length } => {
            format!("the chunk at byte {offset} declares an impossible length of {length} bytes")
        }
        Damage::NoIend => "the file ends without an IEND chunk".to_string(),
    }
}

/// Decodes the text of a badge chunk (whose keyword is already known).
fn decode_text_chunk(kind: ChunkType, data: &[u8]) -> Result<String, UnbakeError> {
    let nul = data
        .iter()
        .position(|&b| b == 0)
        .ok_or_else(|| UnbakeError::Malformed(format!("{kind} chunk has no keyword separator")))?;
    let rest = &data[nul + 1..];
    match kind {
        ChunkType::TEXT => Ok(decode_latin1_or_utf8(rest)),
        ChunkType::ZTXT => {
            let what = rest.get(1..).map(peek_inflated).unwrap_or_default();
            Err(UnbakeError::Compressed(format!(
                "zTXt (compressed) badge chunk{what}"
            )))
        }
        _ => {
            // iTXt: compression flag, method, language tag \0, translated keyword \0, text.
            let [flag, _method, tail @ ..] = rest else {
                return Err(UnbakeError::Malformed("iTXt chunk is too short".into()));
            };
            let lang_end = tail.iter().position(|&b| b == 0).ok_or_else(|| {
                UnbakeError::Malformed("iTXt chunk has no language tag terminator".into())
            })?;
            let tail = &tail[lang_end + 1..];
            let tkw_end = tail.iter().position(|&b| b == 0).ok_or_else(|| {
                UnbakeError::Malformed("iTXt chunk has no translated keyword terminator".into())
            })?;
            let text = &tail[tkw_end + 1..];
            if *flag != 0 {
                return Err(UnbakeError::Compressed(format!(
                    "compressed iTXt badge chunk{}",
                    peek_inflated(text)
                )));
            }
            String::from_utf8(text.to_vec()).map_err(|e| {
                UnbakeError::NotUtf8(format!(
                    "iTXt badge text is not UTF-8 (at byte {})",
                    e.utf8_error().valid_up_to()
                ))
            })
        }
    }
}

/// Says how large compressed text inflates to, reading at most [`INFLATE_CAP`] bytes.
fn peek_inflated(compressed: &[u8]) -> String {
    let mut decoder = flate2::read::ZlibDecoder::new(compressed).take(INFLATE_CAP + 1);
    let mut sink = Vec::new();
    match decoder.read_to_end(&mut sink) {
        Ok(n) if n as u64 > INFLATE_CAP => {
            format!(" that inflates to more than {} bytes", INFLATE_CAP)
        }
        Ok(n) => format!(" ({n} bytes once inflated)"),
        Err(_) => " that does not inflate".to_string(),
    }
}

/// tEXt is Latin-1 by the PNG spec, but some bakers write UTF-8 there:
/// valid UTF-8 is taken as such, anything else as Latin-1.
fn decode_latin1_or_utf8(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Builds an uncompressed iTXt chunk (length, type, data, CRC).
pub fn itxt_chunk(keyword: BadgeKeyword, text: &str) -> Vec<u8> {
    let mut data = Vec::with_capacity(keyword.as_str().len() + text.len() + 5);
    data.extend_from_slice(keyword.as_str().as_bytes());
    data.extend_from_slice(&[0, 0, 0, 0, 0]); // keyword \0, flag 0, method 0, no language \0, no translation \0
    data.extend_from_slice(text.as_bytes());
    let mut chunk = Vec::with_capacity(data.len() + 12);
    chunk.extend_from_slice(&(data.len() as u32).to_be_bytes());
    chunk.extend_from_slice(&ChunkType::ITXT.0);
    chunk.extend_from_slice(&data);
    let mut hasher = crc32fast::Hasher::new();
    hasher.update(&ChunkType::ITXT.0);
    hasher.update(&data);
    chunk.extend_from_slice(&hasher.finalize().to_be_bytes());
    chunk
}

/// Returns a copy of the PNG with every badge chunk removed and exactly one
/// uncompressed iTXt badge chunk inserted just before IEND.
pub fn bake(bytes: &[u8], keyword: BadgeKeyword, text: &str) -> Result<Vec<u8>, UnbakeError> {
    let mut out = Vec::with_capacity(bytes.len() + text.len() + 64);
    out.extend_from_slice(&SIGNATURE);
    let new_chunk = itxt_chunk(keyword, text);
    let mut saw_ihdr = false;
    let damage = walk(bytes, |chunk| {
        saw_ihdr |= chunk.kind == ChunkType::IHDR;
        if chunk.kind == ChunkType::IEND {
            out.extend_from_slice(&new_chunk);
        }
        if !(chunk.kind.is_text() && badge_keyword(chunk.data).is_some()) {
            out.extend_from_slice(&bytes[chunk.start..chunk.end]);
        }
    });
    if let Some(damage) = damage {
        return Err(UnbakeError::Damaged(describe_damage(&damage)));
    }
    if !saw_ihdr {
        return Err(UnbakeError::Malformed("the PNG has no IHDR chunk".into()));
    }
    Ok(out)
}
