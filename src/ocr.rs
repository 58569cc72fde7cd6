//! What an OCR engine saw: words with text, confidence and box, grouped into lines.
//!
//! The [`Ocr`] trait is the seam between kycmatch and an engine. The Tesseract
//! implementation lives in `ocr/tesseract.rs` behind the `tesseract` feature;
//! [`OcrPage::from_text`] builds a page from plain text for `verify_text` and
//! logic tests. Reading the words (which line is the name, which the MRZ) is
//! left to `documents`.

use serde::Serialize;

#[cfg(feature = "tesseract")]
pub(crate) mod tesseract;

/// A rectangle in image pixels: left, top, width, height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct BBox {
    /// Left edge.
    pub x: u32,
    /// Top edge.
    pub y: u32,
    /// Width in pixels.
    pub w: u32,
    /// Height in pixels.
    pub h: u32,
}

impl BBox {
    /// The right edge (exclusive).
    pub fn right(&self) -> u32 {
        self.x + self.w
    }
    /// The bottom edge (exclusive).
    pub fn bottom(&self) -> u32 {
        self.y + self.h
    }
    /// The vertical centre.
    pub fn cy(&self) -> u32 {
        self.y + self.h / 2
    }
    /// The smallest box holding both.
    pub fn union(&self, o: &BBox) -> BBox {
        let x = self.x.min(o.x);
        let y = self.y.min(o.y);
        BBox {
            x,
            y,
            w: self.right().max(o.right()) - x,
            h: self.bottom().max(o.bottom()) - y,
        }
    }
}

/// One recognized character of a word, where the engine placed it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Glyph {
    /// The character as recognized.
    pub text: String,
    /// The engine's confidence, 0 (none) to 100 (certain).
    pub conf: f32,
    /// Where the character is on the image (Tesseract's LSTM places it
    /// from its time steps: good to about half a character).
    pub bbox: BBox,
}

/// One recognized word.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Word {
    /// The word's text as recognized.
    pub text: String,
    /// The engine's confidence, 0 (none) to 100 (certain).
    pub conf: f32,
    /// Where the word is on the image.
    pub bbox: BBox,
    /// Its characters with their boxes, when the request asked for them
    /// ([`Request::glyphs`]); empty otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub glyphs: Vec<Glyph>,
}

/// One text line: words left to right.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    /// The words, left to right.
    pub words: Vec<Word>,
}

impl Line {
    /// The words joined with single spaces.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(&w.text);
        }
        s
    }
    /// The words joined with nothing between them (Chinese text, MRZ lines).
    pub fn text_joined(&self) -> String {
        self.words.iter().map(|w| w.text.as_str()).collect()
    }
    /// The line's box; all zero for an empty line.
    pub fn bbox(&self) -> BBox {
        let mut it = self.words.iter();
        match it.next() {
            None => BBox::default(),
            Some(first) => it.fold(first.bbox, |b, w| b.union(&w.bbox)),
        }
    }
    /// The lowest word confidence on the line, 0 to 100; 0 for an empty line.
    pub fn min_conf(&self) -> f32 {
        self.words
            .iter()
            .map(|w| w.conf)
            .fold(None, |m: Option<f32>, c| Some(m.map_or(c, |m| m.min(c))))
            .unwrap_or(0.0)
    }
}

/// What the engine read on one image (or one region of it), as lines top to bottom.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct OcrPage {
    /// Lines, top to bottom.
    pub lines: Vec<Line>,
}

impl OcrPage {
    /// A page from plain text: one line per text line, words split on
    /// whitespace, confidence 100, and made-up boxes (20 px per line, 20 px
    /// per character) so position-based readers see the text's own layout.
    pub fn from_text(text: &str) -> OcrPage {
        let lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(row, l)| {
                let mut col = 0u32;
                let mut words = Vec::new();
                for piece in l.split_inclusive(char::is_whitespace) {
                    let word = piece.trim();
                    let n = piece.chars().count() as u32;
                    if !word.is_empty() {
                        words.push(Word {
                            text: word.to_string(),
                            conf: 100.0,
                            bbox: BBox {
                                x: col * 20,
                                y: row as u32 * 40,
                                w: word.chars().count() as u32 * 20,
                                h: 20,
                            },
                            glyphs: Vec::new(),
                        });
                    }
                    col += n;
                }
                Line { words }
            })
            .collect();
        OcrPage { lines }
    }

    /// A page from Tesseract's TSV output (`get_tsv_text`, or the `tesseract
    /// IMG - tsv` command; a header row is skipped): level-5 rows are words,
    /// grouped into lines by Tesseract's own block/paragraph/line numbers.
    /// Boxes are offset by `(dx, dy)` so a region's words land on the full image.
    pub fn from_tsv(tsv: &str, dx: u32, dy: u32) -> OcrPage {
        let mut lines: Vec<((u32, u32, u32), Line)> = Vec::new();
        for row in tsv.lines() {
            let c: Vec<&str> = row.split('\t').collect();
            if c.len() < 12 || c[0] != "5" {
                continue;
            }
            let n = |i: usize| c[i].trim().parse::<i64>().unwrap_or(0).max(0) as u32;
            let text = c[11].trim();
            if text.is_empty() {
                continue;
            }
            let key = (n(2), n(3), n(4));
            let word = Word {
                text: text.to_string(),
                conf: c[10].trim().parse::<f32>().unwrap_or(0.0).clamp(0.0, 100.0),
                bbox: BBox {
                    x: n(6) + dx,
                    y: n(7) + dy,
                    w: n(8),
                    h: n(9),
                },
                glyphs: Vec::new(),
            };
            match lines.iter_mut().find(|(k, _)| *k == key) {
                Some((_, l)) => l.words.push(word),
                None => lines.push((key, Line { words: vec![word] })),
            }
        }
        let mut lines: Vec<Line> = lines.into_iter().map(|(_, l)| l).collect();
        for l in &mut lines {
            l.words.sort_by_key(|w| w.bbox.x);
        }
        lines.sort_by_key(|l| (l.bbox().y, l.bbox().x));
        OcrPage { lines }
    }

    /// Gives each word its characters from Tesseract's hOCR output made with
    /// `hocr_char_boxes` (`ocrx_cinfo` spans with `x_bboxes` and `x_conf`),
    /// matching words by their boxes (hOCR and TSV walk the same results),
    /// offset by `(dx, dy)` as [`from_tsv`](OcrPage::from_tsv) offsets them.
    /// A word hOCR does not name keeps no glyphs.
    pub fn attach_hocr_glyphs(&mut self, hocr: &str, dx: u32, dy: u32) {
        let mut by_word: Vec<(BBox, Vec<Glyph>)> = Vec::new();
        for chunk in hocr.split("class='ocrx_word'").skip(1) {
            let Some(bbox) = hocr_box(chunk, "bbox ") else {
                continue;
            };
            let glyphs = chunk
                .split("class='ocrx_cinfo'")
                .skip(1)
                .filter_map(|g| {
                    let bbox = hocr_box(g, "x_bboxes ")?;
                    let conf = g
                        .split_once("x_conf ")
                        .and_then(|(_, r)| r.split(['\'', ';']).next())
                        .and_then(|c| c.trim().parse::<f32>().ok())?;
                    let text = g.split_once('>')?.1.split('<').next()?;
                    let text = unescape_xml(text);
                    (!text.is_empty()).then(|| Glyph {
                        text,
                        conf: conf.clamp(0.0, 100.0),
                        bbox: BBox {
                            x: bbox.x + dx,
                            y: bbox.y + dy,
                            ..bbox
                        },
                    })
                })
                .collect();
            by_word.push((
                BBox {
                    x: bbox.x + dx,
                    y: bbox.y + dy,
                    ..bbox
                },
                glyphs,
            ));
        }
        for word in self.lines.iter_mut().flat_map(|l| &mut l.words) {
            if let Some(i) = by_word.iter().position(|(b, _)| *b == word.bbox) {
                word.glyphs = by_word.swap_remove(i).1;
            }
        }
    }

    /// All lines' text, one per line, words joined with spaces.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for l in &self.lines {
            s.push_str(&l.text());
            s.push('\n');
        }
        s
    }

    /// Mean word confidence, 0 to 100; 0 for an empty page.
    pub fn mean_conf(&self) -> f32 {
        let (sum, n) = self
            .lines
            .iter()
            .flat_map(|l| &l.words)
            .fold((0.0, 0usize), |(s, n), w| (s + w.conf, n + 1));
        if n == 0 {
            0.0
        } else {
            sum / n as f32
        }
    }

    /// Groups loose words into lines by vertical overlap, each sorted left to right.
    pub fn from_words(mut words: Vec<Word>) -> OcrPage {
        words.sort_by_key(|w| (w.bbox.cy(), w.bbox.x));
        let mut lines: Vec<Line> = Vec::new();
        for w in words {
            let joined = lines.iter_mut().rev().take(3).find(|l| {
                let b = l.bbox();
                let overlap = b.bottom().min(w.bbox.bottom()) as i64 - b.y.max(w.bbox.y) as i64;
                overlap * 2 > b.h.min(w.bbox.h) as i64
            });
            match joined {
                Some(l) => l.words.push(w),
                None => lines.push(Line { words: vec![w] }),
            }
        }
        for l in &mut lines {
            l.words.sort_by_key(|w| w.bbox.x);
        }
        lines.sort_by_key(|l| l.bbox().y);
        OcrPage { lines }
    }
}

/// The box after `key` in an hOCR title (`bbox 82 130 517 180`: left, top,
/// right, bottom).
fn hocr_box(s: &str, key: &str) -> Option<BBox> {
    let title = s.split_once("title='")?.1.split('\'').next()?;
    let rest = title.split_once(key)?.1;
    let n: Vec<u32> = rest
        .split(';')
        .next()?
        .split_whitespace()
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    match n[..] {
        [x0, y0, x1, y1] if x1 >= x0 && y1 >= y0 => Some(BBox {
            x: x0,
            y: y0,
            w: x1 - x0,
            h: y1 - y0,
        }),
        _ => None,
    }
}

/// XML's five escapes undone (hOCR writes `<` as `&lt;`).
fn unescape_xml(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Which trained language model to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// English (`eng`): MRZ and Latin visual zones.
    Eng,
    /// Simplified Chinese (`chi_sim`): Chinese ID cards.
    ChiSim,
    /// Traditional Chinese (`chi_tra`).
    ChiTra,
}

impl Lang {
    /// Tesseract's name for the model.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Eng => "eng",
            Lang::ChiSim => "chi_sim",
            Lang::ChiTra => "chi_tra",
        }
    }
}

/// Tesseract's page-segmentation modes that kycmatch uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segmentation {
    /// One uniform block of text (PSM 6): the MRZ band.
    Block,
    /// A single text line (PSM 7).
    Line,
    /// Sparse text in no particular order (PSM 11): ID-card fields.
    Sparse,
}

/// What to recognize on an image.
#[derive(Debug, Clone, PartialEq)]
pub struct Request<'a> {
    /// The language model.
    pub lang: Lang,
    /// How the engine should segment the page.
    pub segmentation: Segmentation,
    /// Only these characters may be recognized; `None` allows all.
    pub whitelist: Option<&'a str>,
    /// Recognize only this region of the image; `None` is the whole image.
    pub region: Option<BBox>,
    /// Also return each word's characters with their boxes
    /// ([`Word::glyphs`]): the MRZ reader places them in the zone's
    /// fixed-pitch cells. Costs one more walk over the results.
    pub glyphs: bool,
}

/// An OCR engine. Implementations hold warm models and need `&mut self`;
/// use one per thread (the `Verifier` keeps a pool).
pub trait Ocr: Send {
    /// Recognizes `image` as `request` says. Errs only when the engine
    /// fails (missing language data, an engine error); an image with no
    /// text gives an empty page.
    fn recognize(
        &mut self,
        image: &image::GrayImage,
        request: &Request<'_>,
    ) -> Result<OcrPage, crate::Error>;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_text_keeps_lines_and_positions() {
        let p = OcrPage::from_text("姓名 张三\n\n出生 1990年1月2日\n");
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].words[1].text, "张三");
        assert_eq!(p.lines[0].words[1].bbox.x, 60);
        assert!(p.lines[1].bbox().y > p.lines[0].bbox().y);
    }

    #[test]
    fn from_tsv_reads_words_and_offsets() {
        let tsv = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n\
                   5\t1\t1\t1\t1\t2\t50\t10\t30\t20\t91.5\tWORLD\n\
                   5\t1\t1\t1\t1\t1\t5\t10\t30\t20\t96\tHELLO\n\
                   4\t1\t1\t1\t1\t0\t5\t10\t75\t20\t-1\t\n\
                   5\t1\t2\t1\t1\t1\t5\t60\t30\t20\t80\tNEXT\n";
        let p = OcrPage::from_tsv(tsv, 100, 0);
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].text(), "HELLO WORLD");
        assert_eq!(p.lines[0].words[0].bbox.x, 105);
        assert_eq!(p.lines[1].min_conf(), 80.0);
    }

    /// Glyphs come from hOCR `ocrx_cinfo` spans (as Tesseract 5 writes them
    /// with `hocr_char_boxes`), unescaped, offset, and matched to the TSV
    /// word with the same box; a word hOCR does not name keeps none.
    #[test]
    fn hocr_glyphs_attach_to_their_words() {
        let hocr = "<span class='ocr_line' id='line_1_6' title=\"bbox 34 146 927 179\">\n\
            <span class='ocrx_word' id='word_1_13' title='bbox 379 146 414 179; x_wconf 91'>\n\
            <span class='ocrx_cinfo' title='x_bboxes 379 153 395 173; x_conf 99.029785'>H</span>\n\
            <span class='ocrx_cinfo' title='x_bboxes 396 146 404 179; x_conf 91.078552'>K</span>\n\
            <span class='ocrx_cinfo' title='x_bboxes 399 155 414 171; x_conf 94.482574'>&lt;</span>\n\
            </span>\n\
            <span class='ocrx_word' id='word_1_14' title='bbox 420 155 434 171; x_wconf 97'>\n\
            <span class='ocrx_cinfo' title='x_bboxes 420 155 434 171; x_conf bad'>&lt;</span>\n\
            </span>";
        let word = |text: &str, bbox| Word {
            text: text.into(),
            conf: 91.0,
            bbox,
            glyphs: Vec::new(),
        };
        let mut page = OcrPage {
            lines: vec![Line {
                words: vec![
                    word(
                        "HK<",
                        BBox {
                            x: 389,
                            y: 166,
                            w: 35,
                            h: 33,
                        },
                    ),
                    word(
                        "<",
                        BBox {
                            x: 430,
                            y: 175,
                            w: 14,
                            h: 16,
                        },
                    ),
                    word(
                        "Z",
                        BBox {
                            x: 0,
                            y: 0,
                            w: 9,
                            h: 9,
                        },
                    ),
                ],
            }],
        };
        page.attach_hocr_glyphs(hocr, 10, 20);
        let words = &page.lines[0].words;
        let texts: Vec<&str> = words[0].glyphs.iter().map(|g| g.text.as_str()).collect();
        assert_eq!(texts, ["H", "K", "<"]);
        assert_eq!(
            words[0].glyphs[1].bbox,
            BBox {
                x: 406,
                y: 166,
                w: 8,
                h: 33
            }
        );
        assert!((words[0].glyphs[2].conf - 94.48).abs() < 0.01);
        // An unreadable confidence drops the glyph, not the word.
        assert!(words[1].glyphs.is_empty());
        assert!(words[2].glyphs.is_empty());
    }

    #[test]
    fn from_words_groups_by_row() {
        let w = |t: &str, x, y| Word {
            text: t.into(),
            conf: 90.0,
            bbox: BBox { x, y, w: 30, h: 20 },
            glyphs: Vec::new(),
        };
        let p = OcrPage::from_words(vec![w("b", 100, 52), w("c", 0, 100), w("a", 0, 50)]);
        assert_eq!(p.lines.len(), 2);
        assert_eq!(p.lines[0].text(), "a b");
        assert_eq!(p.lines[1].text(), "c");
    }
}
