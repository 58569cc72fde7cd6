//! Caps on untrusted input, checked before decoding and before OCR.
//! `Default` is safe for a service; lifting a cap takes an explicit choice.

/// Caps on what a submission may contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest image file, in bytes.
    pub max_file_bytes: u64,
    /// Largest image width or height, in pixels.
    pub max_dimension: u32,
    /// Largest image area, in pixels.
    pub max_pixels: u64,
    /// Largest decoder allocation, in bytes.
    pub max_alloc_bytes: u64,
    /// Longest accepted text field, in characters.
    pub max_field_chars: usize,
}

impl Default for Limits {
    /// 25 MB files, 12000 px sides, 50 megapixels (a 48 MP phone photo fits),
    /// 512 MB of decoder memory, 256-character fields.
    fn default() -> Self {
        Limits {
            max_file_bytes: 25 * 1024 * 1024,
            max_dimension: 12_000,
            max_pixels: 50_000_000,
            max_alloc_bytes: 512 * 1024 * 1024,
            max_field_chars: 256,
        }
    }
}

impl Limits {
    /// No caps at all: only for trusted input.
    pub fn unbounded() -> Limits {
        Limits {
            max_file_bytes: u64::MAX,
            max_dimension: u32::MAX,
            max_pixels: u64::MAX,
            max_alloc_bytes: u64::MAX,
            max_field_chars: usize::MAX,
        }
    }
}
