//! Image measures taken before OCR, and the image reasons they give: sharpness
//! and blur, glare blobs, exposure (paper and ink levels), the document's
//! size in pixels and edit traces (the EXIF `Software` tag). Every pixel
//! measure is taken on the document's analysis copy (`geometry::Work`, 800 px
//! wide), so it describes the document, not the photo's resolution. Finding
//! the document on the photo is `geometry`'s job, and `survey` hands
//! [`measure_document`] the card straightened out of a photo; [`measure`]
//! takes a rectangle of the image, or the whole image. Thresholds come from
//! `Policy`; `verify` decides what a flag does to the decision.

use image::imageops;

use crate::geometry::{normalized_size, work_copy, Work};
use crate::resample::{self, Filter};
use image::{GrayImage, Luma};
use imageproc::region_labelling::{connected_components, Connectivity};
use serde::Serialize;

use crate::ocr::BBox;
use crate::policy::Policy;
use crate::report::{ImageSide, Reason, ReasonCode};

/// Glare is looked for on cells of this many normalized pixels square.
const GLARE_CELL: u32 = 4;
/// A cell whose mean brightness reaches this is saturated (specular).
const GLARE_LEVEL: u32 = 253;
/// Share of a blob's row spans that must be saturated for it to be glare
/// rather than clipped paper with print in it.
const GLARE_MIN_SOLIDITY: f64 = 0.9;
/// Largest share of ink pixels within a glare blob's rows: glare hides print.
const GLARE_MAX_INK_INSIDE: f64 = 0.005;
/// Longest a glare blob's box may be for its width: a highlight is roundish,
/// while a white strip (a scanner's margin, a white form field on a
/// specimen) is long and thin.
const GLARE_MAX_ASPECT: u32 = 4;

/// Measures of one image. The first seven keys are the report's contract; the
/// others are `None` (and left out of the JSON) when nothing was measured, as
/// in `verify_text`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct QualityMeasures {
    /// Variance of the Laplacian at the 800 px analysis width: ~1000 sharp,
    /// under ~50 blurry.
    pub sharpness: f64,
    /// Fraction of pixels that are saturated (≥ 250), 0 to 1.
    pub glare: f64,
    /// Mean brightness, 0 (black) to 1 (white).
    pub brightness: f64,
    /// Standard deviation of brightness, 0 to 0.5.
    pub contrast: f64,
    /// Image width in pixels.
    pub width: u32,
    /// Image height in pixels.
    pub height: u32,
    /// The EXIF `Software` tag of the file, if any (an editing app leaves its name here).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub software: Option<String>,
    /// Blur, 0 (sharp) to 1 (nothing but blur): the blur effect of
    /// Crété-Roffet et al. at 800 px document width, along rows, columns or
    /// a diagonal, whichever is worst (so a motion smear in one direction
    /// shows). `None`
    /// on an image without edges.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub blur: Option<f64>,
    /// Paper level: the 90th percentile of brightness on the document, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub white: Option<f64>,
    /// Ink level: the 0.5th percentile of brightness on the document, 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub black: Option<f64>,
    /// The largest saturated blob on paper that is not itself saturated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub glare_blob: Option<GlareBlob>,
    /// The document's long side in pixels (the whole image's while the
    /// document is not located).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document_px: Option<u32>,
    /// The rectangle measured, when it was not the whole image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<BBox>,
    /// The same measures of the back image, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub back: Option<Box<QualityMeasures>>,
}

/// A saturated blob: where it is, how much it covers, and whether print runs
/// under it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GlareBlob {
    /// Fraction of the document it covers, 0 to 1.
    pub area: f64,
    /// Its bounding box on the image.
    #[serde(rename = "box")]
    pub bbox: BBox,
    /// Fraction of ink pixels on the blob's flanks (left and right of it, as
    /// high as it, half as wide), 0 to 1: a text line that runs under the
    /// glare shows here.
    pub ink_around: f64,
}

/// Measures `gray`, or the rectangle `region` of it (the document, once it
/// is located; a rectangle outside the image counts as none). Takes a few
/// milliseconds; never panics, whatever the size or content.
pub fn measure(gray: &GrayImage, region: Option<BBox>) -> QualityMeasures {
    let (width, height) = gray.dimensions();
    let region = region.and_then(|r| clamp(r, width, height));
    let cropped;
    let document = match region {
        Some(r) => {
            cropped = imageops::crop_imm(gray, r.x, r.y, r.w, r.h).to_image();
            &cropped
        }
        None => gray,
    };
    let mut m = measure_document(document, &work_copy(document));
    if let (Some(r), Some(blob)) = (region, m.glare_blob.as_mut()) {
        blob.bbox.x += r.x;
        blob.bbox.y += r.y;
    }
    m.width = width;
    m.height = height;
    m.region = region;
    m
}

/// Measures `document` (the whole image, or the card straightened out of a
/// photo) from its analysis copy `work` ([`work_copy`]), which at the
/// normalized size (800 px wide, or 1600 px high for a very tall
/// document) is what the pixel measures look at; a smaller document is
/// enlarged to it. The glare box is in `document`'s pixels.
pub(crate) fn measure_document(document: &GrayImage, work: &Work) -> QualityMeasures {
    let (width, height) = document.dimensions();
    let mut m = QualityMeasures {
        width,
        height,
        document_px: Some(width.max(height)),
        ..QualityMeasures::default()
    };
    if width < 3 || height < 3 {
        return m;
    }
    let (nw, nh, scale) = normalized_size(width, height);
    let (nw, nh, scale) = (nw.max(3), nh.max(3), f64::from(scale));
    let resized;
    let norm = if work.image.dimensions() == (nw, nh) {
        &work.image
    } else {
        let filter = if scale < 1.0 {
            Filter::Area
        } else {
            Filter::Bilinear
        };
        resized = resample::resize(document, nw, nh, filter);
        &resized
    };

    let px = norm.as_raw();
    let hist = histogram(px);
    let n = px.len() as f64;
    let mean = hist
        .iter()
        .enumerate()
        .map(|(v, &c)| v as f64 * c as f64)
        .sum::<f64>()
        / n;
    let var = hist
        .iter()
        .enumerate()
        .map(|(v, &c)| (v as f64 - mean).powi(2) * c as f64)
        .sum::<f64>()
        / n;
    let saturated = hist[250..].iter().sum::<u64>() as f64 / n;
    let white = percentile(&hist, 0.90);
    let black = percentile(&hist, 0.005);
    let paper = percentile(&hist, 0.50);
    let edges = edges(norm);

    m.sharpness = round3(edges.laplacian_var);
    m.glare = round3(saturated);
    m.brightness = round3(mean / 255.0);
    m.contrast = round3(var.sqrt() / 255.0);
    m.blur = edges.blur.map(round3);
    m.white = Some(round3(f64::from(white) / 255.0));
    m.black = Some(round3(f64::from(black) / 255.0));
    if u32::from(paper) < GLARE_LEVEL {
        let ink_level = ((u32::from(black) + u32::from(white)) / 2) as u8;
        m.glare_blob = glare_blob(norm, ink_level).map(|(area_frac, cells, ink)| GlareBlob {
            area: round3(area_frac),
            bbox: {
                let x = ((f64::from(cells.x * GLARE_CELL) / scale) as u32).min(width - 1);
                let y = ((f64::from(cells.y * GLARE_CELL) / scale) as u32).min(height - 1);
                let w = (f64::from(cells.w * GLARE_CELL) / scale).ceil() as u32;
                let h = (f64::from(cells.h * GLARE_CELL) / scale).ceil() as u32;
                BBox {
                    x,
                    y,
                    w: w.clamp(1, width - x),
                    h: h.clamp(1, height - y),
                }
            },
            ink_around: round3(ink),
        });
    }
    m
}

/// How many of `pixels` have each grey level. Counted in four interleaved
/// arrays, so consecutive equal pixels do not wait on one another's
/// increment.
pub(crate) fn histogram(pixels: &[u8]) -> [u64; 256] {
    let mut counts = [[0u64; 256]; 4];
    let mut quads = pixels.chunks_exact(4);
    for q in quads.by_ref() {
        for (c, &p) in counts.iter_mut().zip(q) {
            c[usize::from(p)] += 1;
        }
    }
    for &p in quads.remainder() {
        counts[0][usize::from(p)] += 1;
    }
    let mut hist = [0u64; 256];
    for (v, h) in hist.iter_mut().enumerate() {
        *h = counts.iter().map(|c| c[v]).sum();
    }
    hist
}

fn round3(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// `r` cut to the image; `None` when nothing of it is left.
fn clamp(r: BBox, width: u32, height: u32) -> Option<BBox> {
    let x = r.x.min(width);
    let y = r.y.min(height);
    let w = r.w.min(width - x);
    let h = r.h.min(height - y);
    (w > 0 && h > 0).then_some(BBox { x, y, w, h })
}

/// The smallest level at or below which a fraction `q` of the pixels lie.
fn percentile(hist: &[u64; 256], q: f64) -> u8 {
    let total: u64 = hist.iter().sum();
    let want = (total as f64 * q).ceil() as u64;
    let mut seen = 0;
    for (v, &c) in hist.iter().enumerate() {
        seen += c;
        if seen >= want.max(1) {
            return v as u8;
        }
    }
    255
}

struct Edges {
    laplacian_var: f64,
    blur: Option<f64>,
}

/// Half the width of the re-blurring box of the blur measure: 9 px at the
/// 800 px analysis width, the same share of the document as the 11 px it
/// was at 1000 px when the thresholds were first set.
const REBLUR_HALF: usize = 4;

/// Laplacian variance, and the blur effect of Crété-Roffet et al. ("The
/// blur effect: perception and estimation with a new no-reference perceptual
/// blur metric", SPIE 2007): blur the image again with a 9 px box along an
/// axis and see how much of the variation between neighbours survives. A
/// sharp image loses most of it (blur near 0.1), an already blurred one
/// little (toward 1). It is a ratio, so contrast and exposure cancel out, and
/// a box-shaped motion smear that keeps sharp-looking stroke ends still shows.
/// The worst of rows, columns and the two diagonals is the blur.
fn edges(img: &GrayImage) -> Edges {
    let (w, h) = img.dimensions();
    let (w, h) = (w as usize, h as usize);
    let p = img.as_raw();
    let row = |y: usize| &p[y * w..(y + 1) * w];
    let (mut lap_sum, mut lap_sq) = (0i64, 0i64);
    for y in 1..h - 1 {
        let (up, mid, down) = (row(y - 1), row(y), row(y + 1));
        // In runs of 1024 pixels, whose sums fit 32 bits (|l| ≤ 1020).
        for x0 in (1..w - 1).step_by(1024) {
            let x1 = (x0 + 1024).min(w - 1);
            let around = mid[x0 - 1..x1 - 1].iter().zip(&mid[x0 + 1..x1 + 1]);
            let vertical = up[x0..x1].iter().zip(&down[x0..x1]);
            let (mut s, mut sq) = (0i32, 0u32);
            for (((&l, &r), (&u, &d)), &c) in around.zip(vertical).zip(&mid[x0..x1]) {
                let l =
                    i32::from(l) + i32::from(r) + i32::from(u) - 4 * i32::from(c) + i32::from(d);
                s += l;
                sq += (l * l) as u32;
            }
            lap_sum += i64::from(s);
            lap_sq += i64::from(sq);
        }
    }
    let count = ((w - 2) * (h - 2)) as f64;
    let lap_mean = lap_sum as f64 / count;
    let laplacian_var = lap_sq as f64 / count - lap_mean * lap_mean;

    // Sums of 11·|d| (neighbour differences) and of what survives
    // re-blurring, along rows, columns, the diagonal and the antidiagonal:
    // d = p(x) - p(x - step), re-blurred 11·d = p(x + 5 step) - p(x - 6 step).
    // Each direction is one pass over aligned slices of three rows, which
    // the compiler vectorizes.
    let box_w = 2 * REBLUR_HALF as i32 + 1;
    let (a, b) = (REBLUR_HALF, REBLUR_HALF + 1);
    let mut total = [0i64; 4];
    let mut kept = [0i64; 4];
    // One direction on one row: `at` the pixels, `back` their neighbours one
    // step back, `ahead` and `behind` the ends of the re-blurring box.
    let mut direction = |j: usize, at: &[u8], back: &[u8], ahead: &[u8], behind: &[u8]| {
        let (mut t, mut k) = (0i32, 0i32);
        for (((&c, &p), &f), &r) in at.iter().zip(back).zip(ahead).zip(behind) {
            let d = box_w * (i32::from(c) - i32::from(p)).abs();
            let reblurred = (i32::from(f) - i32::from(r)).abs();
            t += d;
            k += (d - reblurred).max(0);
        }
        total[j] += i64::from(t);
        kept[j] += i64::from(k);
    };
    if w > 2 * b && h > a + b {
        let (s, e) = (b, w - b);
        for y in b..h - a {
            let (r0, rm1, rpa, rmb) = (row(y), row(y - 1), row(y + a), row(y - b));
            let here = &r0[s..e];
            let (ahead, behind) = (s + a..e + a, s - b..e - b);
            direction(
                0,
                here,
                &r0[s - 1..e - 1],
                &r0[ahead.clone()],
                &r0[behind.clone()],
            );
            direction(1, here, &rm1[s..e], &rpa[s..e], &rmb[s..e]);
            direction(2, here, &rm1[s - 1..e - 1], &rpa[ahead], &rmb[behind]);
            direction(
                3,
                here,
                &rm1[s + 1..e + 1],
                &rpa[s - a..e - a],
                &rmb[s + b..e + b],
            );
        }
    }
    // Below a mean neighbour difference of 0.1 grey levels there is nothing to judge.
    let blur = (0..4)
        .filter(|&k| total[k] as f64 / (f64::from(box_w) * count) >= 0.1)
        .map(|k| (total[k] - kept[k]) as f64 / total[k] as f64)
        .fold(None, |acc: Option<f64>, s| {
            Some(acc.map_or(s, |a| a.max(s)))
        });
    Edges {
        laplacian_var,
        blur,
    }
}

/// The largest solid blob of saturated cells: its share of the image, its
/// box in cells, and the share of ink pixels (darker than `ink_level`) on
/// its flanks.
fn glare_blob(norm: &GrayImage, ink_level: u8) -> Option<(f64, BBox, f64)> {
    let (w, h) = norm.dimensions();
    let (cw, ch) = (w / GLARE_CELL, h / GLARE_CELL);
    if cw == 0 || ch == 0 {
        return None;
    }
    let p = norm.as_raw();
    let mut sums = vec![0u32; (cw * ch) as usize];
    let (wu, cwu, cell) = (w as usize, cw as usize, GLARE_CELL as usize);
    for (y, line) in p.chunks_exact(wu).take(ch as usize * cell).enumerate() {
        let cells = &mut sums[y / cell * cwu..][..cwu];
        for (sum, run) in cells.iter_mut().zip(line.chunks_exact(cell)) {
            *sum += run.iter().map(|&v| u32::from(v)).sum::<u32>();
        }
    }
    let cell_px = GLARE_CELL * GLARE_CELL;
    let mask = GrayImage::from_fn(cw, ch, |x, y| {
        Luma([u8::from(
            sums[(y * cw + x) as usize] >= GLARE_LEVEL * cell_px,
        )])
    });
    let labels = connected_components(&mask, Connectivity::Eight, Luma([0u8]));
    // Per label: area, min x, min y, max x, max y.
    let mut blobs: Vec<(u32, u32, u32, u32, u32, u32)> = Vec::new();
    for (x, y, l) in labels.enumerate_pixels() {
        let l = l.0[0];
        if l == 0 {
            continue;
        }
        if blobs.len() < l as usize {
            blobs.resize(l as usize, (0, 0, u32::MAX, u32::MAX, 0, 0));
        }
        let b = &mut blobs[l as usize - 1];
        *b = (l, b.1 + 1, b.2.min(x), b.3.min(y), b.4.max(x), b.5.max(y));
    }
    blobs.sort_by_key(|b| std::cmp::Reverse(b.1));
    // A specular blob is roundish (not a white strip). It hides everything
    // under it, print included, so it is solid: each of its rows is saturated from end to end, with no ink
    // between (paper that clips around dark print is full of holes, and the
    // print is still there). And it outshines the paper
    // around it: the median cell of a ring half its size wide is not
    // saturated (paper clipped all over is overexposure, not glare).
    let &(_, cells, x0, y0, x1, y1) = blobs.iter().take(8).find(|b| {
        let (label, cells, x0, y0, x1, y1) = **b;
        let (long, short) = ((x1 - x0).max(y1 - y0) + 1, (x1 - x0).min(y1 - y0) + 1);
        if long > GLARE_MAX_ASPECT * short {
            return false;
        }
        let (mut span, mut ink, mut span_px) = (0, 0u32, 0u32);
        for y in y0..=y1 {
            let mut row = (x0..=x1).filter(|&x| labels.get_pixel(x, y).0[0] == label);
            if let Some(first) = row.next() {
                let last = row.next_back().unwrap_or(first);
                span += last - first + 1;
                for py in y * GLARE_CELL..(y + 1) * GLARE_CELL {
                    let line = &p[(py * w) as usize..((py + 1) * w) as usize];
                    let cols = (first * GLARE_CELL) as usize..((last + 1) * GLARE_CELL) as usize;
                    ink += line[cols.clone()]
                        .iter()
                        .filter(|&&v| v < ink_level)
                        .count() as u32;
                    span_px += cols.len() as u32;
                }
            }
        }
        if f64::from(cells) < GLARE_MIN_SOLIDITY * f64::from(span)
            || f64::from(ink) > GLARE_MAX_INK_INSIDE * f64::from(span_px)
        {
            return false;
        }
        let pad = (x1 - x0).max(y1 - y0) / 2 + 1;
        let mut ring: Vec<u32> = Vec::new();
        for y in y0.saturating_sub(pad)..(y1 + pad + 1).min(ch) {
            for x in x0.saturating_sub(pad)..(x1 + pad + 1).min(cw) {
                if !((x0..=x1).contains(&x) && (y0..=y1).contains(&y)) {
                    ring.push(sums[(y * cw + x) as usize]);
                }
            }
        }
        let mid = ring.len() / 2;
        !ring.is_empty() && *ring.select_nth_unstable(mid).1 < GLARE_LEVEL * cell_px
    })?;
    let bbox = BBox {
        x: x0,
        y: y0,
        w: x1 - x0 + 1,
        h: y1 - y0 + 1,
    };
    // The flanks: as high as the blob and half as wide, left and right of
    // it, in normalized pixels. Text lines run across, so print that goes
    // under the blob shows on its flanks.
    let pad = bbox.w * GLARE_CELL / 2;
    let (bx0, by0) = (x0 * GLARE_CELL, y0 * GLARE_CELL);
    let (bx1, by1) = ((x1 + 1) * GLARE_CELL, (y1 + 1) * GLARE_CELL);
    let (mut ink, mut total) = (0u64, 0u64);
    for y in by0..by1.min(h) {
        let left = bx0.saturating_sub(pad)..bx0;
        let right = bx1.min(w)..(bx1 + pad).min(w);
        for x in left.chain(right) {
            total += 1;
            ink += u64::from(p[(y * w + x) as usize] < ink_level);
        }
    }
    let ink = if total == 0 {
        0.0
    } else {
        ink as f64 / total as f64
    };
    Some((f64::from(cells) / f64::from(cw * ch), bbox, ink))
}

/// The image reasons `m` gives under `policy`, for the image on `side`:
/// blur, glare (with its box), too dark, overexposed, low resolution, edit
/// traces. Empty for measures of no image (`QualityMeasures::default()`).
/// Does not look at `m.back`.
pub fn reasons(m: &QualityMeasures, side: ImageSide, policy: &Policy) -> Vec<Reason> {
    let mut out = Vec::new();
    let what = side.as_str();
    let make = |code, message: String, bbox: Option<BBox>| {
        let mut r = Reason::new(code, None, message);
        r.image = Some(side);
        r.bbox = bbox;
        r
    };
    if let Some(px) = m.document_px {
        if px < policy.min_document_px {
            out.push(make(
                ReasonCode::LowResolution,
                format!(
                    "{what} image: the document is {px} px wide; at least {} px are needed",
                    policy.min_document_px
                ),
                None,
            ));
        }
    }
    if let Some(white) = m.white {
        if white < policy.min_white {
            out.push(make(
                ReasonCode::ImageTooDark,
                format!(
                    "{what} image: the paper is at {:.0}% brightness; at least {:.0}% is needed",
                    white * 100.0,
                    policy.min_white * 100.0
                ),
                None,
            ));
        }
    }
    if let Some(black) = m.black {
        if black > policy.max_black && m.white.unwrap_or(0.0) >= policy.overexposed_white {
            out.push(make(
                ReasonCode::ImageOverexposed,
                format!(
                    "{what} image: the darkest print is at {:.0}% brightness (washed out; at most {:.0}%)",
                    black * 100.0,
                    policy.max_black * 100.0
                ),
                None,
            ));
        }
    }
    if let Some(blur) = m.blur {
        if blur > policy.max_blur {
            out.push(make(
                ReasonCode::ImageBlurry,
                format!(
                    "{what} image: blur {blur:.2} (0 sharp, 1 blurred; at most {:.2})",
                    policy.max_blur
                ),
                None,
            ));
        }
    }
    if let Some(g) = &m.glare_blob {
        let over_text = g.ink_around >= policy.glare_min_ink_around;
        if g.area >= policy.max_glare_area || (over_text && g.area >= policy.max_glare_area_on_text)
        {
            let (hint, hint_zh) = if over_text {
                (
                    "move away from the lamp or window: glare covers text on the document",
                    "避开灯光或窗户：反光遮挡了证件上的文字",
                )
            } else {
                ReasonCode::ImageGlare.hints()
            };
            let b = g.bbox;
            let mut r = make(
                ReasonCode::ImageGlare,
                format!(
                    "{what} image: glare covers {:.1}% of the document{} at x {}, y {}, {}×{} px",
                    g.area * 100.0,
                    if over_text { ", over text," } else { "" },
                    b.x,
                    b.y,
                    b.w,
                    b.h
                ),
                Some(b),
            );
            r.hint = hint.to_string();
            r.hint_zh = hint_zh.to_string();
            out.push(r);
        }
    }
    if let Some(app) = m.software.as_deref().and_then(|s| editor(s, policy)) {
        out.push(make(
            ReasonCode::ImageEdited,
            format!("{what} image: the EXIF Software tag names an editing app ({app})"),
            None,
        ));
    }
    out
}

/// The editor in `policy.editing_software` that the EXIF `Software` value
/// names, matched case-insensitively as a substring.
fn editor<'a>(software: &str, policy: &'a Policy) -> Option<&'a str> {
    let s = software.to_lowercase();
    policy
        .editing_software
        .iter()
        .find(|e| s.contains(&e.to_lowercase()))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;

    /// Light paper with lines of dark "glyphs": bars and boxes of
    /// irregular widths and gaps, like print.
    fn text_like(w: u32, h: u32) -> GrayImage {
        let mut img = GrayImage::from_pixel(w, h, Luma([230]));
        let mut seed = 12345u32;
        let mut next = |n: u32| {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
            (seed >> 16) % n
        };
        for y in (40..h.saturating_sub(60)).step_by(36) {
            let mut x = 40;
            while x + 30 < w - 40 {
                let gw = 8 + next(14);
                let gh = 14 + next(8);
                for dy in 0..gh {
                    for dx in 0..gw {
                        let edge = dx < 3 || dy < 3 || dx + 3 >= gw || dy + 3 >= gh;
                        if edge && (next(5) > 0 || dy < 3) {
                            img.put_pixel(x + dx, y + dy, Luma([25]));
                        }
                    }
                }
                x += gw + 4 + next(10);
            }
        }
        img
    }

    #[test]
    fn blur_lowers_sharpness_independent_of_size() {
        let img = text_like(800, 500);
        let sharp = measure(&img, None);
        let blurred = measure(&imageproc::filter::gaussian_blur_f32(&img, 2.5), None);
        assert!(
            sharp.sharpness > 5.0 * blurred.sharpness,
            "{sharp:?} {blurred:?}"
        );
        assert!(blurred.blur > sharp.blur, "{sharp:?} {blurred:?}");
        // The same picture twice the size is measured at the same 800 px,
        // after the analysis copy's linear filter has softened its finest
        // detail (this drawn text is sharper than any photo: blur 0.03):
        // the blur that flags an image stays far under its limit, and the
        // Laplacian's variance (reported, not judged) keeps its order of
        // magnitude. Photos scaled 1.7× agree within 0.05 (tests/it/quality.rs).
        let big = measure(
            &imageops::resize(&img, 1600, 1000, imageops::FilterType::Nearest),
            None,
        );
        let ratio = big.sharpness / sharp.sharpness;
        assert!((0.2..5.0).contains(&ratio), "{ratio}");
        let (b, s) = (big.blur.unwrap_or(1.0), sharp.blur.unwrap_or(0.0));
        assert!((b - s).abs() < 0.1, "blur {b} vs {s}");
        assert!(sharp.brightness > 0.8);
    }

    #[test]
    fn blur_rises_with_gaussian_and_motion_blur() {
        let img = text_like(1000, 600);
        let blur = |g: &GrayImage| measure(g, None).blur.unwrap_or_default();
        let sharp = blur(&img);
        let soft = blur(&imageproc::filter::gaussian_blur_f32(&img, 3.0));
        // A horizontal smear of 15 px: the box filter of imageproc.
        let smeared = blur(&imageproc::filter::box_filter(&img, 7, 0));
        assert!(sharp < 0.3, "{sharp}");
        assert!(soft > sharp + 0.2, "{sharp} {soft}");
        assert!(smeared > sharp + 0.1, "{sharp} {smeared}");
    }

    #[test]
    fn degenerate_images_do_not_panic() {
        for (w, h) in [(1, 1), (2, 2), (3, 3), (1, 500), (500, 1), (4, 3000)] {
            for v in [0u8, 255] {
                let m = measure(&GrayImage::from_pixel(w, h, Luma([v])), None);
                assert_eq!((m.width, m.height), (w, h));
                let _ = reasons(&m, ImageSide::Front, &Policy::default());
            }
        }
        let m = measure(
            &GrayImage::new(10, 10),
            Some(BBox {
                x: 20,
                y: 20,
                w: 5,
                h: 5,
            }),
        );
        assert_eq!(m.region, None);
    }

    #[test]
    fn black_and_white_images_are_flagged() {
        let p = Policy::default();
        let codes = |v: u8| -> Vec<ReasonCode> {
            reasons(
                &measure(&GrayImage::from_pixel(1000, 630, Luma([v])), None),
                ImageSide::Front,
                &p,
            )
            .iter()
            .map(|r| r.code)
            .collect()
        };
        assert_eq!(codes(0), vec![ReasonCode::ImageTooDark]);
        assert_eq!(codes(255), vec![ReasonCode::ImageOverexposed]);
    }

    #[test]
    fn glare_is_a_round_blob_not_a_white_strip() {
        let p = Policy::default();
        let glare = |img: &GrayImage| {
            reasons(&measure(img, None), ImageSide::Front, &p)
                .iter()
                .any(|r| r.code == ReasonCode::ImageGlare)
        };
        let paper = text_like(1000, 630);
        assert!(!glare(&paper));
        let mut blob = paper.clone();
        imageproc::drawing::draw_filled_ellipse_mut(&mut blob, (500, 300), 90, 60, Luma([255]));
        assert!(glare(&blob));
        let mut strip = paper;
        imageproc::drawing::draw_filled_rect_mut(
            &mut strip,
            imageproc::rect::Rect::at(100, 300).of_size(700, 24),
            Luma([255]),
        );
        assert!(!glare(&strip));
    }

    #[test]
    fn no_measures_no_reasons() {
        let m = QualityMeasures::default();
        assert!(reasons(&m, ImageSide::Front, &Policy::default()).is_empty());
    }

    #[test]
    fn region_is_measured_alone() {
        let mut img = GrayImage::from_pixel(1200, 800, Luma([0]));
        let card = text_like(800, 500);
        imageops::replace(&mut img, &card, 200, 150);
        let r = BBox {
            x: 200,
            y: 150,
            w: 800,
            h: 500,
        };
        let m = measure(&img, Some(r));
        assert_eq!(m.document_px, Some(800));
        assert_eq!(m.white, measure(&card, None).white);
    }
}
