//! Finding a card or passport page photographed on a background: its outline
//! from Canny edges and contours on a copy shrunk to at most 480 px, the
//! four corners refined by fitting a line to each side, and the card warped
//! flat to its own aspect ratio (snapped to ID-1's 85.6 × 54 mm or a passport
//! page's 125 × 88 mm when close). Which way up the card reads is left to the
//! OCR passes in `verify`; this module only makes a landscape card of it.

use image::GrayImage;
use imageproc::contours::{find_contours, BorderType};
use imageproc::point::Point;
use serde::Serialize;

use crate::ocr::BBox;

/// Longer side of the copy the card is searched on.
const WORK_SIDE: u32 = 480;
/// A card smaller than this fraction of the photo is not looked for (it would
/// be too small to read anyway, and small rectangles are photos and boxes
/// printed on a page).
const MIN_AREA: f64 = 0.15;
/// Long side over short side of a plausible card or page outline: ID-1 is
/// 1.586, a passport page 1.42, and a 20° tilt changes either by up to ~7%.
const ASPECT: (f32, f32) = (1.3, 1.95);
/// Margin around a straightened ID-1 card, as a fraction of its size.
const MARGIN: f32 = 0.015;
/// Fraction of each side that must lie on an edge.
const MIN_SUPPORT: f32 = 0.7;
/// ID-1 (ISO/IEC 7810: 85.60 × 53.98 mm) and a TD3 passport page (125 × 88 mm).
const KNOWN_ASPECTS: [f32; 2] = [85.60 / 53.98, 125.0 / 88.0];

/// A document found in a photo.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Card {
    /// The corners in the photo's pixels, clockwise, starting at the one that
    /// becomes the straightened card's top left (the top edge is a long one).
    pub corners: [(f32, f32); 4],
    /// Part of the card lies outside the photo: a corner beyond the frame, or
    /// a side running along it.
    pub cropped: bool,
    /// Width over height of the straightened card.
    pub aspect: f32,
}

impl Card {
    /// Whether the card all but fills the photo (every corner within 3% of
    /// the photo's own corner): then it is a scan and needs no warp.
    pub fn fills(&self, width: u32, height: u32) -> bool {
        let (w, h) = (width as f32, height as f32);
        let tol = 0.03 * w.max(h);
        let frame = [(0.0, 0.0), (w, 0.0), (w, h), (0.0, h)];
        self.corners
            .iter()
            .all(|c| frame.iter().any(|f| dist(*c, *f) <= tol))
    }

    /// The length of its longest side in the photo, in pixels: how many
    /// pixels the photo spent on the document's width.
    pub fn long_side(&self) -> f32 {
        let c = self.corners;
        (0..4)
            .map(|i| dist(c[i], c[(i + 1) % 4]))
            .fold(0.0, f32::max)
    }
}

/// Finds the largest card-shaped outline in `gray`: four sides each mostly on
/// an edge, the sides framing at least 15% of the photo, long over short side
/// between 1.3 and 1.95. A side running along the photo's border counts
/// (the card is then `cropped`). Returns `None` when there is no such outline,
/// as on a scan that fills the frame. Takes a few milliseconds at any size.
pub fn find_card(gray: &GrayImage) -> Option<Card> {
    let (w, h) = gray.dimensions();
    if w < 64 || h < 64 || w > 16 * h || h > 16 * w {
        return None;
    }
    // Shrunk from the photo itself by whole blocks: the analysis copy,
    // filtered once already, blurs the edges a card is found by.
    let factor = w.max(h).div_ceil(WORK_SIDE);
    let small = shrink(gray, factor);
    let (sw, sh) = small.dimensions();
    let scale = 1.0 / factor.max(1) as f32;
    let thin = canny(&small, 8.0, 24.0);
    // Closing one-pixel gaps keeps a card's outline one contour.
    let edges = dilate(&thin);
    let min_area = MIN_AREA * f64::from(sw) * f64::from(sh);
    let mut best: Option<(f32, Outline)> = None;
    for contour in find_contours::<i32>(&edges) {
        if contour.points.len() < 40 {
            continue;
        }
        let hull = imageproc::geometry::convex_hull(contour.points.as_slice());
        if hull.len() < 4 || imageproc::geometry::contour_area(&hull) < min_area {
            continue;
        }
        let Some(outline) = outline(&hull, &contour.points, &edges) else {
            continue;
        };
        let area = quad_area(&outline.corners);
        let hole_bonus = if contour.border_type == BorderType::Hole {
            1.0
        } else {
            0.99
        };
        if best.as_ref().is_none_or(|b| area * hole_bonus > b.0) {
            best = Some((area * hole_bonus, outline));
        }
    }
    let (_, found) = best?;
    let to_full = |(x, y): (f32, f32)| ((x + 0.5) / scale - 0.5, (y + 0.5) / scale - 0.5);
    let corners = found.corners.map(to_full);
    let corners = canonical_order(corners);
    let (top, side) = sides(&corners);
    let measured = rectangle_aspect(&corners, w, h).unwrap_or(top / side.max(1.0));
    let aspect = KNOWN_ASPECTS
        .iter()
        .copied()
        .min_by(|a, b| (a - measured).abs().total_cmp(&(b - measured).abs()))
        .filter(|a| (a - measured).abs() <= 0.06 * a)
        .unwrap_or(measured);
    // A corner counts as outside beyond a hundredth of the photo: a side
    // fitted to a card scanned up to the frame's edge lands a few pixels
    // past it (passporteye's 100_pass-chn, 500 px wide: 3.4 px), while a
    // card that really goes on beyond the frame does by more (photo08's
    // corner: 80 px of 1600).
    let margin = (0.01 * w.max(h) as f32).max(0.5);
    let outside = corners.iter().any(|&(x, y)| {
        x < -margin || y < -margin || x > w as f32 - 1.0 + margin || y > h as f32 - 1.0 + margin
    });
    let mut card = Card {
        corners,
        cropped: false,
        aspect,
    };
    // A scan filling the frame has its borders on the frame by design.
    card.cropped = (found.cut || outside) && !card.fills(w, h);
    Some(card)
}

/// Canny edges, exactly as `imageproc::edges::canny(image, low, high)`
/// finds them (a test holds the two equal on every fixture), at a fraction
/// of its cost: the same Gaussian blur (σ 1.4, see [`gaussian_blur`]), the Sobel
/// gradients in integer arithmetic on rows instead of a generic kernel
/// per pixel, and the non-maximum suppression (an `atan2` per pixel) only
/// where the gradient reaches `low`: weaker pixels never become edges.
fn canny(image: &GrayImage, low: f32, high: f32) -> GrayImage {
    let (w, h) = image.dimensions();
    let (wu, hu) = (w as usize, h as usize);
    if wu < 3 || hu < 3 || low <= 0.0 || high < low {
        return imageproc::edges::canny(image, low, high);
    }
    let blurred = gaussian_blur(image, 1.4);
    let b = blurred.as_raw();
    // Sobel with the border replicated, as imageproc's filter pads it.
    let mut gx = vec![0i32; wu * hu];
    let mut gy = vec![0i32; wu * hu];
    for y in 0..hu {
        let up = &b[y.saturating_sub(1) * wu..][..wu];
        let mid = &b[y * wu..][..wu];
        let down = &b[(y + 1).min(hu - 1) * wu..][..wu];
        let (gx, gy) = (&mut gx[y * wu..][..wu], &mut gy[y * wu..][..wu]);
        let p = |row: &[u8], i: usize| i32::from(row[i]);
        let at = |x: usize| {
            let (l, r) = (x.saturating_sub(1), (x + 1).min(wu - 1));
            (
                p(up, r) - p(up, l) + 2 * (p(mid, r) - p(mid, l)) + p(down, r) - p(down, l),
                p(down, l) + 2 * p(down, x) + p(down, r) - p(up, l) - 2 * p(up, x) - p(up, r),
            )
        };
        (gx[0], gy[0]) = at(0);
        (gx[wu - 1], gy[wu - 1]) = at(wu - 1);
        // Inside the row the neighbours are x - 1 and x + 1: slices one
        // apart, a loop the compiler vectorizes.
        let n = wu - 2;
        let ((ul, uc, ur), (ml, _, mr), (dl, dc, dr)) = (thirds(up), thirds(mid), thirds(down));
        for k in 0..n {
            let q = |v: &[u8]| i32::from(v[k]);
            gx[k + 1] = q(ur) - q(ul) + 2 * (q(mr) - q(ml)) + q(dr) - q(dl);
            gy[k + 1] = q(dl) + 2 * q(dc) + q(dr) - q(ul) - 2 * q(uc) - q(ur);
        }
    }
    // |∇|: the gradients are integers, so dx² + dy² is exact and its square
    // root is `hypot`'s result (a test compares every pair).
    let mut g = vec![0.0f32; wu * hu];
    for ((m, &dx), &dy) in g.iter_mut().zip(&gx).zip(&gy) {
        *m = ((dx * dx + dy * dy) as f32).sqrt();
    }
    let mut thinned = vec![0.0f32; wu * hu];
    for y in 1..hu - 1 {
        for x in 1..wu - 1 {
            let i = y * wu + x;
            let m = g[i];
            if m < low {
                continue;
            }
            // The neighbour pairs across the four binned directions.
            let pairs = [
                (i - 1, i + 1),
                (i + wu + 1, i - wu - 1),
                (i - wu, i + wu),
                (i + wu - 1, i - wu + 1),
            ];
            let kept = pairs.map(|(a, c)| m >= g[a] && m >= g[c]);
            // The direction decides only when the pairs disagree.
            let keep = if kept.iter().all(|&k| k) {
                true
            } else if !kept.iter().any(|&k| k) {
                false
            } else {
                kept[direction_bin(gx[i], gy[i])]
            };
            if keep {
                thinned[i] = m;
            }
        }
    }
    // Hysteresis as imageproc walks it (six of the eight neighbours).
    let mut out = vec![0u8; wu * hu];
    let mut stack = Vec::new();
    for y in 1..hu - 1 {
        for x in 1..wu - 1 {
            let i = y * wu + x;
            if thinned[i] < high || out[i] != 0 {
                continue;
            }
            out[i] = 255;
            stack.push(i);
            while let Some(j) = stack.pop() {
                for n in [j + 1, j + wu + 1, j + wu, j - wu - 1, j - 1, j + wu - 1] {
                    if thinned[n] >= low && out[n] == 0 {
                        out[n] = 255;
                        stack.push(n);
                    }
                }
            }
        }
    }
    GrayImage::from_raw(w, h, out).unwrap_or_else(|| imageproc::edges::canny(image, low, high))
}

/// Canny's direction as imageproc bins it: the gradient's `atan2` in
/// degrees, folded into [0, 180).
fn atan2_bin(dx: i32, dy: i32) -> usize {
    let mut angle = (dy as f32).atan2(dx as f32) * (180.0 / std::f32::consts::PI);
    if angle < 0.0 {
        angle += 180.0;
    }
    if !(22.5..157.5).contains(&angle) {
        0
    } else if angle < 67.5 {
        1
    } else if angle < 112.5 {
        2
    } else {
        3
    }
}

/// A row's pixels at x - 1, x and x + 1 for x inside it, as three slices.
fn thirds<T>(row: &[T]) -> (&[T], &[T], &[T]) {
    let n = row.len().saturating_sub(2);
    (&row[..n], &row[1..n + 1], &row[2..])
}

/// Which of Canny's four directions a gradient points along, as imageproc
/// bins its angle (`atan2` in degrees, folded into [0, 180): under 22.5 or
/// from 157.5 across, to 67.5 the diagonal, to 112.5 down, else the
/// antidiagonal). Mostly decided by comparing |dy| with |dx|·tan 22.5° and
/// |dx|·tan 67.5°, without an `atan2` per pixel; within a hair of a
/// boundary (where `f32` rounding decides) by imageproc's own `atan2`. A
/// test compares every Sobel gradient (each component within ±1020).
fn direction_bin(dx: i32, dy: i32) -> usize {
    const TAN_22_5: f64 = std::f64::consts::SQRT_2 - 1.0;
    const TAN_67_5: f64 = std::f64::consts::SQRT_2 + 1.0;
    let (across, down) = (f64::from(dx.unsigned_abs()), f64::from(dy.unsigned_abs()));
    let (low, high) = (across * TAN_22_5, across * TAN_67_5);
    let hair = 1e-5 * (across + down);
    if (down - low).abs() <= hair || (down - high).abs() <= hair {
        return atan2_bin(dx, dy);
    }
    if down < low {
        0
    } else if down >= high {
        2
    } else if (dx > 0) == (dy > 0) {
        1
    } else {
        3
    }
}

/// imageproc's `filter::gaussian_blur_f32(image, sigma)`, pixel for pixel (a
/// test holds the two equal): the same kernel, each pass summed tap by tap
/// in the same order in `f32` and cut to a byte the same way, with the
/// border repeated; but each tap is applied to a whole row at once (which
/// the compiler vectorizes) instead of gathering taps pixel by pixel.
fn gaussian_blur(image: &GrayImage, sigma: f32) -> GrayImage {
    let radius = (2.0 * sigma).ceil() as usize;
    let pdf = |x: f32| {
        (sigma * (2.0 * std::f32::consts::PI).sqrt()).recip()
            * (-x.powi(2) / (2.0 * sigma.powi(2))).exp()
    };
    let mut kernel = vec![0.0f32; 2 * radius + 1];
    for i in 0..=radius {
        kernel[radius + i] = pdf(i as f32);
        kernel[radius - i] = pdf(i as f32);
    }
    let sum: f32 = kernel.iter().sum();
    kernel.iter_mut().for_each(|k| *k /= sum);
    // imageproc's `Clamp<f32> for u8`: truncation inside (0, 255).
    let clamp = |v: f32| -> u8 {
        if v < 255.0 {
            if v > 0.0 {
                v as u8
            } else {
                0
            }
        } else {
            255
        }
    };
    let (w, h) = image.dimensions();
    let (wu, hu) = (w as usize, h as usize);
    let mut acc = vec![0.0f32; wu.max(hu)];
    // Along each row, the border repeated.
    let mut across = vec![0u8; wu * hu];
    for (out, row) in across
        .chunks_exact_mut(wu)
        .zip(image.as_raw().chunks_exact(wu))
    {
        let acc = &mut acc[..wu];
        acc.fill(0.0);
        for (i, &k) in kernel.iter().enumerate() {
            // Pixel x takes row[x + i - radius], the border repeated.
            let tap = |x: usize| f32::from(row[(x + i).saturating_sub(radius).min(wu - 1)]) * k;
            let inner = radius..wu.saturating_sub(radius).max(radius);
            for x in (0..inner.start.min(wu)).chain(inner.end..wu) {
                acc[x] += tap(x);
            }
            if !inner.is_empty() {
                let from = &row[inner.start + i - radius..inner.end + i - radius];
                for (a, &p) in acc[inner].iter_mut().zip(from) {
                    *a += f32::from(p) * k;
                }
            }
        }
        for (o, &a) in out.iter_mut().zip(acc.iter()) {
            *o = clamp(a);
        }
    }
    // Down each column: tap by tap over whole rows.
    let mut out = vec![0u8; wu * hu];
    let acc = &mut acc[..wu];
    for (y, out) in out.chunks_exact_mut(wu).enumerate() {
        acc.fill(0.0);
        for (i, &k) in kernel.iter().enumerate() {
            let from = (y + i).saturating_sub(radius).min(hu - 1);
            let row = &across[from * wu..][..wu];
            for (a, &p) in acc.iter_mut().zip(row) {
                *a += f32::from(p) * k;
            }
        }
        for (o, &a) in out.iter_mut().zip(acc.iter()) {
            *o = clamp(a);
        }
    }
    GrayImage::from_raw(w, h, out).unwrap_or_else(|| image.clone())
}

/// `gray` shrunk by an integer `factor`, each pixel the mean of a
/// `factor`×`factor` block (one pass; a partial last block is dropped).
/// Each band of rows is summed into column totals first, a loop the
/// compiler vectorizes, then the totals are summed per block.
fn shrink(gray: &GrayImage, factor: u32) -> GrayImage {
    let k = factor.max(1);
    if k == 1 {
        return gray.clone();
    }
    let (w, h) = gray.dimensions();
    let (sw, sh) = ((w / k).max(1), (h / k).max(1));
    let (wu, ku) = (w as usize, k as usize);
    let src = gray.as_raw();
    let mut out = Vec::with_capacity((sw * sh) as usize);
    let mut columns = vec![0u32; wu];
    let reciprocal = reciprocal(k * k);
    for by in 0..sh {
        columns.fill(0);
        for y in by * k..((by + 1) * k).min(h) {
            let row = &src[y as usize * wu..][..wu];
            for (c, &p) in columns.iter_mut().zip(row) {
                *c += u32::from(p);
            }
        }
        out.extend((0..sw as usize).map(|sx| {
            let start = sx * ku;
            let block = &columns[start..(start + ku).min(wu)];
            divide(block.iter().sum::<u32>(), reciprocal)
        }));
    }
    GrayImage::from_raw(sw, sh, out).unwrap_or_else(|| GrayImage::new(1, 1))
}

/// `⌈2⁴⁰ / d⌉`, with which [`divide`] divides by `d` (1 ≤ d < 2¹⁶).
fn reciprocal(d: u32) -> u64 {
    (1u64 << 40).div_ceil(u64::from(d.max(1)))
}

/// `n / d` as a byte, by multiplying with `reciprocal(d)`: exact while
/// n·d < 2⁴⁰ (rounding the reciprocal up adds less than 1/d to n/d), which
/// holds for any block sum n < 2²⁴ with d < 2¹⁶. A division instruction per
/// pixel was the slowest step of [`shrink`].
fn divide(n: u32, reciprocal: u64) -> u8 {
    ((u64::from(n) * reciprocal) >> 40) as u8
}

/// White wherever `edges` has a non-zero pixel within one pixel (its own or
/// one of its eight neighbours'), black elsewhere: imageproc's
/// `morphology::dilate(edges, Norm::LInf, 1)` (a test holds the two equal),
/// as a 3×3 maximum in two passes instead of a distance transform.
fn dilate(edges: &GrayImage) -> GrayImage {
    let (w, h) = edges.dimensions();
    let (wu, hu) = (w as usize, h as usize);
    if wu == 0 || hu == 0 {
        return edges.clone();
    }
    let src = edges.as_raw();
    // Along rows: each pixel the maximum of itself and its left and right.
    let mut across = vec![0u8; wu * hu];
    for (out, row) in across.chunks_exact_mut(wu).zip(src.chunks_exact(wu)) {
        for (x, o) in out.iter_mut().enumerate() {
            *o = row[x.saturating_sub(1)]
                .max(row[x])
                .max(row[(x + 1).min(wu - 1)]);
        }
    }
    // Down columns, with the rows above and below.
    let mut out = vec![0u8; wu * hu];
    for y in 0..hu {
        let up = &across[y.saturating_sub(1) * wu..][..wu];
        let mid = &across[y * wu..][..wu];
        let down = &across[(y + 1).min(hu - 1) * wu..][..wu];
        for (x, o) in out[y * wu..][..wu].iter_mut().enumerate() {
            *o = if up[x].max(mid[x]).max(down[x]) > 0 {
                255
            } else {
                0
            };
        }
    }
    GrayImage::from_raw(w, h, out).unwrap_or_else(|| edges.clone())
}

/// The card warped flat: as wide as the longer of its top and bottom edges in
/// the photo (16 to 4000 px), `card.aspect` wide over high. Pixels from
/// outside the photo (a cropped card) are white. `None` when the corners or
/// the aspect are not finite or the corners do not span a quadrilateral.
pub fn straighten(gray: &GrayImage, card: &Card) -> Option<GrayImage> {
    let warp = Warp::plan(gray, card)?;
    let (ow, oh) = (warp.width, warp.height);
    let (w, h) = (gray.width() as i32, gray.height() as i32);
    let src = gray.as_raw();
    let at = |x: i32, y: i32| -> u8 {
        if x < 0 || y < 0 || x >= w || y >= h {
            255
        } else {
            src[(y * w + x) as usize]
        }
    };
    // The fractions along a whole step, divided once.
    let fractions: [f32; STEP as usize] = std::array::from_fn(|k| k as f32 / STEP as f32);
    let row_len = ow as usize;
    let mut out = vec![0u8; row_len * oh as usize];
    // Per row, in passes over arrays (which the compiler vectorizes): where
    // each pixel comes from, its four neighbours in the photo, and the
    // bilinear blend; each pixel's arithmetic is the same as one at a time.
    let (mut sx, mut sy) = (vec![0f32; row_len], vec![0f32; row_len]);
    let (mut x0, mut y0) = (vec![0i32; row_len], vec![0i32; row_len]);
    let mut corners = vec![[0u8; 4]; row_len];
    let mut inside = vec![false; row_len];
    for (y, row) in out.chunks_exact_mut(row_len).enumerate() {
        let mut x = 0;
        while x < ow {
            let end = (x + STEP).min(ow);
            let (a, b) = (warp.source(x, y as u32), warp.source(end, y as u32));
            let n = end - x;
            let span = x as usize..end as usize;
            for (k, (px, py)) in sx[span.clone()].iter_mut().zip(&mut sy[span]).enumerate() {
                let t = if n == STEP {
                    fractions[k]
                } else {
                    k as f32 / n as f32
                };
                *px = a.0 + (b.0 - a.0) * t;
                *py = a.1 + (b.1 - a.1) * t;
            }
            x = end;
        }
        // A position beyond ±10⁶ (or not finite) gives a white pixel; within
        // it an i32 holds the floor, and truncation is the floor (floor()
        // is a libm call without SSE4.1) once negatives step down.
        for (i, (&px, &py)) in sx.iter().zip(&sy).enumerate() {
            // Not finite fails the comparison too.
            let within = (px.abs() <= 1e6) & (py.abs() <= 1e6);
            let (px, py) = if within { (px, py) } else { (-2.0, -2.0) };
            inside[i] = within;
            x0[i] = px as i32 - i32::from(px < 0.0);
            y0[i] = py as i32 - i32::from(py < 0.0);
        }
        for (i, c) in corners.iter_mut().enumerate() {
            let (x, y) = (x0[i], y0[i]);
            *c = if x >= 0 && y >= 0 && x + 1 < w && y + 1 < h {
                let above = (y * w + x) as usize;
                let below = above + w as usize;
                [src[above], src[above + 1], src[below], src[below + 1]]
            } else {
                [at(x, y), at(x + 1, y), at(x, y + 1), at(x + 1, y + 1)]
            };
        }
        for (i, o) in row.iter_mut().enumerate() {
            let (px, py) = (sx[i], sy[i]);
            let [p00, p10, p01, p11] = corners[i].map(f32::from);
            let (fx, fy) = (px - x0[i] as f32, py - y0[i] as f32);
            let top = p00 + (p10 - p00) * fx;
            let bottom = p01 + (p11 - p01) * fx;
            let value = (top + (bottom - top) * fy + 0.5).clamp(0.0, 255.0) as u8;
            *o = if inside[i] { value } else { 255 };
        }
    }
    GrayImage::from_raw(ow, oh, out)
}

/// The box in the photo that holds `b`, a box on the card as [`straighten`]
/// makes it (where a measure on the straightened card found something).
/// `None` when the card cannot be straightened.
pub(crate) fn box_in_photo(gray: &GrayImage, card: &Card, b: BBox) -> Option<BBox> {
    let warp = Warp::plan(gray, card)?;
    let corners = [
        (b.x, b.y),
        (b.right(), b.y),
        (b.right(), b.bottom()),
        (b.x, b.bottom()),
    ]
    .map(|(x, y)| warp.source(x, y));
    bounds_in(corners, gray.width(), gray.height())
}

/// The box around four points of a `w`×`h` photo, cut to the photo:
/// whole pixels, from the floor of the least coordinate to the ceiling of
/// the greatest. `None` when it has no area on the photo.
pub(crate) fn bounds_in(points: [(f32, f32); 4], w: u32, h: u32) -> Option<BBox> {
    let (w, h) = (w as f32, h as f32);
    let xs = points.map(|c| c.0.clamp(0.0, w));
    let ys = points.map(|c| c.1.clamp(0.0, h));
    let (x0, x1) = (
        xs.iter().copied().fold(w, f32::min),
        xs.iter().copied().fold(0.0, f32::max),
    );
    let (y0, y1) = (
        ys.iter().copied().fold(h, f32::min),
        ys.iter().copied().fold(0.0, f32::max),
    );
    (x1 > x0 && y1 > y0).then(|| BBox {
        x: x0 as u32,
        y: y0 as u32,
        w: ((x1.ceil() - x0.floor()) as u32).max(1),
        h: ((y1.ceil() - y0.floor()) as u32).max(1),
    })
}

/// The exact source position is computed every STEP output pixels along a
/// row and interpolated linearly in between (the perspective bends a row by
/// far less than a pixel over 8).
const STEP: u32 = 8;

/// Where [`straighten`] samples the photo: the output size and, for each
/// output pixel, its position in the photo.
struct Warp {
    width: u32,
    height: u32,
    /// The margin around an ID-1 card, as a fraction of its size.
    margin: f32,
    /// [`square_to_quad`] of the card's corners.
    map: [f32; 8],
    /// One output pixel's step in the unit square, across and down.
    du: f32,
    dv: f32,
}

impl Warp {
    /// As wide as the longer of the card's top and bottom edges (16 to
    /// 4000 px), `card.aspect` wide over high, plus the margin. `None` when
    /// the corners or the aspect are not finite or the corners do not span
    /// a quadrilateral.
    fn plan(gray: &GrayImage, card: &Card) -> Option<Warp> {
        let c = card.corners;
        if gray.width() == 0
            || gray.height() == 0
            || !card.aspect.is_finite()
            || card.aspect <= 0.0
            || c.iter().any(|p| !(p.0.is_finite() && p.1.is_finite()))
        {
            return None;
        }
        let width = dist(c[0], c[1]).max(dist(c[3], c[2])).clamp(16.0, 4000.0);
        let height = (width / card.aspect).clamp(16.0, 4000.0);
        // Around an ID-1 card, a margin of what surrounds it, as on a scan:
        // the whole-card Chinese ID read found lines near a hard image edge
        // less reliably. A passport page is read by its MRZ band, which a
        // dark margin disturbs (two TD3 specimens of ../shared/realworld
        // failed with one).
        let margin = if (card.aspect - KNOWN_ASPECTS[0]).abs() < 1e-3 {
            MARGIN
        } else {
            0.0
        };
        let (ow, oh) = (
            (width * (1.0 + 2.0 * margin)).round() as u32,
            (height * (1.0 + 2.0 * margin)).round() as u32,
        );
        Some(Warp {
            width: ow,
            height: oh,
            margin,
            map: square_to_quad(c)?,
            du: (1.0 + 2.0 * margin) / (ow - 1).max(1) as f32,
            dv: (1.0 + 2.0 * margin) / (oh - 1).max(1) as f32,
        })
    }

    /// The photo position output pixel (x, y) comes from.
    fn source(&self, x: u32, y: u32) -> (f32, f32) {
        let (map, m) = (&self.map, self.margin);
        let (u, v) = (x as f32 * self.du - m, y as f32 * self.dv - m);
        let d = map[6] * u + map[7] * v + 1.0;
        (
            (map[0] * u + map[1] * v + map[2]) / d,
            (map[3] * u + map[4] * v + map[5]) / d,
        )
    }
}

/// The homography taking the unit square's corners (0,0), (1,0), (1,1),
/// (0,1) to `q` (Heckbert, "Fundamentals of Texture Mapping", 1989):
/// `[a, b, c, d, e, f, g, h]` with x = (au + bv + c) / (gu + hv + 1) and
/// y = (du + ev + f) / (gu + hv + 1). `None` for a degenerate quadrilateral.
fn square_to_quad(q: [(f32, f32); 4]) -> Option<[f32; 8]> {
    let [(x0, y0), (x1, y1), (x2, y2), (x3, y3)] = q;
    let (sx, sy) = (x0 - x1 + x2 - x3, y0 - y1 + y2 - y3);
    let (dx1, dx2, dy1, dy2) = (x1 - x2, x3 - x2, y1 - y2, y3 - y2);
    let den = dx1 * dy2 - dx2 * dy1;
    if den.abs() < 1e-6 {
        return None;
    }
    let g = (sx * dy2 - dx2 * sy) / den;
    let h = (dx1 * sy - sx * dy1) / den;
    let m = [
        x1 - x0 + g * x1,
        x3 - x0 + h * x3,
        x0,
        y1 - y0 + g * y1,
        y3 - y0 + h * y3,
        y0,
        g,
        h,
    ];
    m.iter().all(|v| v.is_finite()).then_some(m)
}

/// Width over height of the rectangle whose perspective image is `c` (top
/// left, top right, bottom right, bottom left), for a pinhole camera centred
/// on the `w`×`h` photo: Zhang and He, "Whiteboard scanning and image
/// enhancement" (2007). The focal length comes from the quadrilateral when
/// both pairs of sides converge, else a phone's (0.9 of the longer side).
/// `None` when the geometry is degenerate.
fn rectangle_aspect(c: &[(f32, f32); 4], w: u32, h: u32) -> Option<f32> {
    type V = [f64; 3];
    let m = |p: (f32, f32)| -> V { [f64::from(p.0), f64::from(p.1), 1.0] };
    let cross = |a: V, b: V| -> V {
        [
            a[1] * b[2] - a[2] * b[1],
            a[2] * b[0] - a[0] * b[2],
            a[0] * b[1] - a[1] * b[0],
        ]
    };
    let dot = |a: V, b: V| a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    let (m1, m2, m3, m4) = (m(c[0]), m(c[1]), m(c[3]), m(c[2]));
    let (d2, d3) = (dot(cross(m2, m4), m3), dot(cross(m3, m4), m2));
    if d2.abs() < 1e-9 || d3.abs() < 1e-9 {
        return None;
    }
    let k2 = dot(cross(m1, m4), m3) / d2;
    let k3 = dot(cross(m1, m4), m2) / d3;
    let n2: V = std::array::from_fn(|i| k2 * m2[i] - m1[i]);
    let n3: V = std::array::from_fn(|i| k3 * m3[i] - m1[i]);
    let (u0, v0) = (f64::from(w) / 2.0, f64::from(h) / 2.0);
    let side = f64::from(w.max(h));
    let zz = n2[2] * n3[2];
    let from_quad = if zz.abs() > 1e-12 {
        -((n2[0] - u0 * n2[2]) * (n3[0] - u0 * n3[2]) + (n2[1] - v0 * n2[2]) * (n3[1] - v0 * n3[2]))
            / zz
    } else {
        0.0
    };
    // Trust the quadrilateral's own focal length only within a phone's range
    // (fields of view of about 30° to 110°).
    let f2 = if (0.12 * side * side..=14.0 * side * side).contains(&from_quad) {
        from_quad
    } else {
        0.81 * side * side
    };
    let norm = |n: V| ((n[0] - u0 * n[2]).powi(2) + (n[1] - v0 * n[2]).powi(2)) / f2 + n[2] * n[2];
    let (a, b) = (norm(n2), norm(n3));
    if !(a.is_finite() && b.is_finite()) || a <= 0.0 || b <= 0.0 {
        return None;
    }
    let aspect = (a / b).sqrt() as f32;
    (0.2..5.0).contains(&aspect).then_some(aspect)
}

/// A four-sided outline on the analysis copy.
struct Outline {
    corners: [(f32, f32); 4],
    /// One of its sides runs along the photo's border with no edge on it:
    /// the card goes on beyond the photo.
    cut: bool,
}

/// The card outline in a contour's convex hull: the largest quadrilateral on
/// the hull's vertices, its sides refined by line fits to the contour, then
/// checked for shape and for edges along each side.
fn outline(hull: &[Point<i32>], contour: &[Point<i32>], edges: &GrayImage) -> Option<Outline> {
    let pts: Vec<(f32, f32)> = hull.iter().map(|p| (p.x as f32, p.y as f32)).collect();
    let rough = largest_quad(&pts)?;
    let (w, h) = (edges.width() as f32, edges.height() as f32);
    let frame: [bool; 4] = std::array::from_fn(|i| along_frame(rough[i], rough[(i + 1) % 4], w, h));
    let frame_sides = frame.iter().filter(|&&f| f).count();
    if frame_sides > 1 {
        return None;
    }
    // The largest quadrilateral on a rounded rectangle's hull cuts its
    // corners, a few pixels inside the sides: a loose fit, then a tight one.
    // (The contour runs about a pixel outside the edge, as it was dilated;
    // straightening keeps a margin anyway.)
    let contour: Vec<(f32, f32)> = contour.iter().map(|p| (p.x as f32, p.y as f32)).collect();
    let corners = refine(rough, &contour, frame, 8.0)
        .and_then(|c| refine(c, &contour, frame, 2.5))
        .unwrap_or(rough);
    if !convex(&corners) {
        return None;
    }
    let (top, side) = sides(&corners);
    let ratio = top.max(side) / top.min(side).max(1.0);
    // What shows of a cut-off card can have any proportions a card cut once can.
    let allowed = if frame_sides == 0 { ASPECT } else { (1.0, 3.0) };
    if !(allowed.0..=allowed.1).contains(&ratio) {
        return None;
    }
    // Opposite sides of similar length, corners near right angles: a 20° tilt
    // keeps every angle within about 25° of square.
    for i in 0..4 {
        let a = corners[i];
        let b = corners[(i + 1) % 4];
        let c = corners[(i + 2) % 4];
        let d = corners[(i + 3) % 4];
        let (l1, l2) = (dist(a, b), dist(c, d));
        if frame_sides == 0 && l1.min(l2) < 0.6 * l1.max(l2) {
            return None;
        }
        let (u, v) = ((a.0 - b.0, a.1 - b.1), (c.0 - b.0, c.1 - b.1));
        let cos = (u.0 * v.0 + u.1 * v.1) / (dist(a, b) * dist(c, b)).max(1e-3);
        if cos.abs() > 0.5 {
            return None;
        }
    }
    let mut cut = false;
    let cx = corners.iter().map(|p| p.0).sum::<f32>() / 4.0;
    let cy = corners.iter().map(|p| p.1).sum::<f32>() / 4.0;
    for i in 0..4 {
        let (a, b) = (corners[i], corners[(i + 1) % 4]);
        let on_edges = support(edges, a, b);
        if frame[i] {
            // A side along the border with the card's own edge on it (Canny
            // finds it a pixel or two inside) is a card touching the frame;
            // without one, the card goes on beyond.
            let inward = |p: (f32, f32)| {
                let (dx, dy) = (cx - p.0, cy - p.1);
                let n = dx.hypot(dy).max(1.0);
                (p.0 + 2.0 * dx / n, p.1 + 2.0 * dy / n)
            };
            cut |= on_edges.max(support(edges, inward(a), inward(b))) < MIN_SUPPORT;
        } else if on_edges < MIN_SUPPORT {
            return None;
        }
    }
    Some(Outline { corners, cut })
}

/// Whether the segment a–b lies along one border of a `w`×`h` image.
fn along_frame(a: (f32, f32), b: (f32, f32), w: f32, h: f32) -> bool {
    let tol = 3.0;
    let near = |v: f32, edge: f32| (v - edge).abs() <= tol;
    (near(a.0, 0.0) && near(b.0, 0.0))
        || (near(a.1, 0.0) && near(b.1, 0.0))
        || (near(a.0, w - 1.0) && near(b.0, w - 1.0))
        || (near(a.1, h - 1.0) && near(b.1, h - 1.0))
}

/// Fraction of points along a–b (its middle 84%) with an edge pixel on them.
fn support(edges: &GrayImage, a: (f32, f32), b: (f32, f32)) -> f32 {
    const N: u32 = 48;
    let mut hits = 0;
    for i in 0..N {
        let t = 0.08 + 0.84 * (i as f32 + 0.5) / N as f32;
        let (x, y) = (a.0 + t * (b.0 - a.0), a.1 + t * (b.1 - a.1));
        let hit = (-1i32..=1).any(|dy| {
            (-1i32..=1).any(|dx| {
                let (px, py) = (x.round() as i32 + dx, y.round() as i32 + dy);
                px >= 0
                    && py >= 0
                    && (px as u32) < edges.width()
                    && (py as u32) < edges.height()
                    && edges.get_pixel(px as u32, py as u32).0[0] > 0
            })
        });
        if hit {
            hits += 1;
        }
    }
    hits as f32 / N as f32
}

/// The largest-area quadrilateral with corners on the vertices of a convex
/// polygon, in the polygon's order; at most 64 vertices are considered.
fn largest_quad(pts: &[(f32, f32)]) -> Option<[(f32, f32); 4]> {
    let step = pts.len().div_ceil(64).max(1);
    let p: Vec<(f32, f32)> = pts.iter().step_by(step).copied().collect();
    let n = p.len();
    if n < 4 {
        return None;
    }
    let tri = |a: (f32, f32), b: (f32, f32), c: (f32, f32)| {
        ((b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0)).abs() / 2.0
    };
    let mut best = (0.0f32, [0usize; 4]);
    for i in 0..n {
        for k in i + 2..n {
            // Best apex on each side of the diagonal i–k.
            let left =
                (i + 1..k).max_by(|&a, &b| tri(p[i], p[a], p[k]).total_cmp(&tri(p[i], p[b], p[k])));
            let right = (k + 1..n + i)
                .map(|j| j % n)
                .filter(|&j| j != i)
                .max_by(|&a, &b| tri(p[i], p[a], p[k]).total_cmp(&tri(p[i], p[b], p[k])));
            if let (Some(j), Some(l)) = (left, right) {
                let area = tri(p[i], p[j], p[k]) + tri(p[i], p[l], p[k]);
                if area > best.0 {
                    best = (area, [i, j, k, l]);
                }
            }
        }
    }
    if best.0 <= 0.0 {
        return None;
    }
    Some(best.1.map(|i| p[i]))
}

/// Corners moved to the intersections of lines fitted to the `points`
/// within `tolerance` of each side (its middle 76%, clear of rounded corners). `None`
/// when a side has too few points or a corner would move implausibly far.
/// Sides along the photo's border (`frame`) keep their rough line.
fn refine(
    rough: [(f32, f32); 4],
    points: &[(f32, f32)],
    frame: [bool; 4],
    tolerance: f32,
) -> Option<[(f32, f32); 4]> {
    let mut lines = [((0.0f32, 0.0f32), (0.0f32, 0.0f32)); 4];
    for (i, line) in lines.iter_mut().enumerate() {
        let (a, b) = (rough[i], rough[(i + 1) % 4]);
        let len = dist(a, b).max(1.0);
        let dir = ((b.0 - a.0) / len, (b.1 - a.1) / len);
        if frame[i] {
            *line = (a, dir);
            continue;
        }
        let near: Vec<(f32, f32)> = points
            .iter()
            .copied()
            .filter(|&q| {
                let (dx, dy) = (q.0 - a.0, q.1 - a.1);
                let t = (dx * dir.0 + dy * dir.1) / len;
                let off = (dx * dir.1 - dy * dir.0).abs();
                (0.12..=0.88).contains(&t) && off <= tolerance
            })
            .collect();
        if near.len() < 8 {
            return None;
        }
        *line = fit_line(&near);
    }
    let mut out = rough;
    for i in 0..4 {
        let p = intersect(lines[(i + 3) % 4], lines[i])?;
        let reach = dist(rough[i], rough[(i + 1) % 4]).min(dist(rough[i], rough[(i + 3) % 4]));
        if dist(p, rough[i]) > 0.15 * reach {
            return None;
        }
        out[i] = p;
    }
    Some(out)
}

/// Total-least-squares line through points: (centroid, unit direction).
fn fit_line(pts: &[(f32, f32)]) -> ((f32, f32), (f32, f32)) {
    let n = pts.len() as f32;
    let (mx, my) = pts
        .iter()
        .fold((0.0, 0.0), |(sx, sy), p| (sx + p.0, sy + p.1));
    let (mx, my) = (mx / n, my / n);
    let (mut sxx, mut sxy, mut syy) = (0.0f32, 0.0f32, 0.0f32);
    for p in pts {
        let (dx, dy) = (p.0 - mx, p.1 - my);
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    let theta = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    ((mx, my), (theta.cos(), theta.sin()))
}

fn intersect(l1: ((f32, f32), (f32, f32)), l2: ((f32, f32), (f32, f32))) -> Option<(f32, f32)> {
    let ((p, d), (q, e)) = (l1, l2);
    let den = d.0 * e.1 - d.1 * e.0;
    if den.abs() < 1e-3 {
        return None;
    }
    let t = ((q.0 - p.0) * e.1 - (q.1 - p.1) * e.0) / den;
    Some((p.0 + t * d.0, p.1 + t * d.1))
}

fn dist(a: (f32, f32), b: (f32, f32)) -> f32 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

fn quad_area(c: &[(f32, f32); 4]) -> f32 {
    let mut s = 0.0;
    for i in 0..4 {
        let (a, b) = (c[i], c[(i + 1) % 4]);
        s += a.0 * b.1 - b.0 * a.1;
    }
    s.abs() / 2.0
}

/// Whether the quadrilateral turns the same way at every corner.
fn convex(c: &[(f32, f32); 4]) -> bool {
    let turns: Vec<f32> = (0..4)
        .map(|i| {
            let (a, b, d) = (c[i], c[(i + 1) % 4], c[(i + 2) % 4]);
            (b.0 - a.0) * (d.1 - b.1) - (b.1 - a.1) * (d.0 - b.0)
        })
        .collect();
    turns.iter().all(|&t| t > 0.0) || turns.iter().all(|&t| t < 0.0)
}

/// Mean lengths of sides 0–1 with 2–3, and 1–2 with 3–0.
fn sides(c: &[(f32, f32); 4]) -> (f32, f32) {
    (
        (dist(c[0], c[1]) + dist(c[2], c[3])) / 2.0,
        (dist(c[1], c[2]) + dist(c[3], c[0])) / 2.0,
    )
}

/// The corners clockwise on screen (y down), starting so that the first side
/// is a long one: for a landscape outline the upper long side, for a portrait
/// one the left long side (as if the photo were turned a quarter clockwise).
fn canonical_order(c: [(f32, f32); 4]) -> [(f32, f32); 4] {
    let cx = c.iter().map(|p| p.0).sum::<f32>() / 4.0;
    let cy = c.iter().map(|p| p.1).sum::<f32>() / 4.0;
    let mut sorted = c;
    // atan2 with y down grows clockwise on screen.
    sorted.sort_by(|a, b| {
        (a.1 - cy)
            .atan2(a.0 - cx)
            .total_cmp(&(b.1 - cy).atan2(b.0 - cx))
    });
    let (l0, l1) = sides(&sorted);
    let candidates = if l0 >= l1 { [0, 2] } else { [1, 3] };
    let key = |s: usize| {
        let (a, b) = (sorted[s], sorted[(s + 1) % 4]);
        let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
        // Landscape: the side higher up; portrait: the side further left.
        if l0 >= l1 {
            mid.1 - cy
        } else {
            mid.0 - cx
        }
    };
    let start = if key(candidates[0]) <= key(candidates[1]) {
        candidates[0]
    } else {
        candidates[1]
    };
    [
        sorted[start],
        sorted[(start + 1) % 4],
        sorted[(start + 2) % 4],
        sorted[(start + 3) % 4],
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use image::Luma;
    use imageproc::geometric_transformations::Projection;

    /// A light card (with a few dark text bars) drawn through a homography
    /// onto a mid-grey textured table.
    pub(super) fn photo(w: u32, h: u32, corners: [(f32, f32); 4]) -> GrayImage {
        let (cw, ch) = (856.0f32, 540.0f32);
        let card = [(0.0, 0.0), (cw, 0.0), (cw, ch), (0.0, ch)];
        let to_card = Projection::from_control_points(corners, card).expect("valid quad");
        GrayImage::from_fn(w, h, |x, y| {
            let (u, v) = to_card * (x as f32, y as f32);
            if (0.0..cw).contains(&u) && (0.0..ch).contains(&v) {
                let bar = (v as u32 / 40) % 2 == 1 && (60.0..500.0).contains(&u) && v > 80.0;
                Luma([if bar { 40 } else { 235 }])
            } else {
                Luma([90 + ((x * 7 + y * 13) % 23) as u8])
            }
        })
    }

    #[test]
    fn finds_a_tilted_card_and_its_corners() {
        let corners = [
            (210.0, 150.0),
            (980.0, 190.0),
            (930.0, 690.0),
            (170.0, 640.0),
        ];
        let img = photo(1200, 900, corners);
        let card = find_card(&img).expect("card found");
        for (got, want) in card.corners.iter().zip(corners) {
            assert!(
                dist(*got, want) < 6.0,
                "{:?} vs {:?}",
                card.corners,
                corners
            );
        }
        assert!(!card.cropped);
        let flat = straighten(&img, &card).expect("straightened");
        assert!((flat.width() as f32 / flat.height() as f32 - 1.586).abs() < 0.05);
        // The print lands where it is on the card: a dark bar at v = 140,
        // paper at v = 100 and in the margin at u = 30.
        assert_eq!(card.aspect, KNOWN_ASPECTS[0]);
        let at = |u: f32, v: f32| {
            let k = 1.0 + 2.0 * MARGIN;
            let x = ((u / 856.0 + MARGIN) / k * (flat.width() - 1) as f32) as u32;
            let y = ((v / 540.0 + MARGIN) / k * (flat.height() - 1) as f32) as u32;
            flat.get_pixel(x, y).0[0]
        };
        assert!(at(280.0, 140.0) < 80, "{}", at(280.0, 140.0));
        assert!(at(280.0, 100.0) > 200, "{}", at(280.0, 100.0));
        assert!(at(30.0, 300.0) > 200, "{}", at(30.0, 300.0));
    }

    #[test]
    fn portrait_outline_starts_on_its_left_side() {
        // The same card turned a quarter: its long sides run up and down.
        let corners = [
            (300.0, 100.0),
            (800.0, 120.0),
            (780.0, 880.0),
            (320.0, 860.0),
        ];
        let img = photo(1100, 1000, corners);
        let card = find_card(&img).expect("card found");
        let (top, side) = sides(&card.corners);
        assert!(top > side, "{:?}", card.corners);
        assert!(card.corners[0].0 < 550.0 && card.corners[1].0 < 550.0);
    }

    #[test]
    fn cut_off_card_is_cropped() {
        let corners = [
            (-150.0, 200.0),
            (700.0, 230.0),
            (680.0, 760.0),
            (-170.0, 730.0),
        ];
        let img = photo(1000, 900, corners);
        let card = find_card(&img).expect("card found");
        assert!(card.cropped, "{card:?}");
    }

    fn fixture_images() -> Vec<std::path::PathBuf> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/images");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "jpg"));
        files.sort();
        files
    }

    /// Every photographed fixture (fixtures/images/photo*): the card is found
    /// where the generator put it (up to a half turn: which way up is the
    /// OCR's call), and it is cropped exactly when the truth says so.
    #[test]
    fn finds_every_photographed_fixture_card() -> Result<(), Box<dyn std::error::Error>> {
        let mut checked = 0;
        for path in fixture_images() {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if !name.starts_with("photo") {
                continue;
            }
            let truth: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(
                path.with_file_name(format!("{name}.truth.json")),
            )?)?;
            let photo = &truth["photo"];
            let want: Vec<(f32, f32)> = photo["corners"]
                .as_array()
                .ok_or("corners")?
                .iter()
                .map(|c| {
                    (
                        c[0].as_f64().unwrap_or(0.0) as f32,
                        c[1].as_f64().unwrap_or(0.0) as f32,
                    )
                })
                .collect();
            let gray = image::open(&path)?.to_luma8();
            let card = find_card(&gray).ok_or(format!("{name}: no card found"))?;
            let cropped = photo["cropped"].as_bool() == Some(true);
            assert_eq!(card.cropped, cropped, "{name}: cropped");
            checked += 1;
            if cropped {
                continue;
            }
            let tol = 0.015 * gray.width().max(gray.height()) as f32;
            let off = |shift: usize| {
                (0..4)
                    .map(|i| dist(card.corners[(i + shift) % 4], want[i]))
                    .fold(0.0f32, f32::max)
            };
            let worst = off(0).min(off(2));
            assert!(
                worst <= tol,
                "{name}: corners {:?}, truth {want:?} (worst {worst:.1} px)",
                card.corners
            );
        }
        assert!(checked >= 10, "only {checked} photo fixtures");
        Ok(())
    }

    /// The straight fixtures are scans filling the frame (or, for `rot3`, a
    /// card turned 3° inside a narrow margin): none is cropped. The bills are
    /// A4 pages, not cards, and the proof of address is read without a card
    /// search.
    #[test]
    fn no_straight_fixture_is_cropped() -> Result<(), Box<dyn std::error::Error>> {
        for path in fixture_images() {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if name.starts_with("photo") || name.starts_with("bill") {
                continue;
            }
            let gray = image::open(&path)?.to_luma8();
            let card = find_card(&gray);
            assert!(card.is_none_or(|c| !c.cropped), "{name}: {card:?}");
        }
        Ok(())
    }

    /// The fast Canny gives imageproc's edges, pixel for pixel, on every
    /// fixture as `find_card` sees it and on a drawn photo.
    #[test]
    fn canny_agrees_with_imageproc() -> Result<(), Box<dyn std::error::Error>> {
        let mut images = vec![photo(
            900,
            700,
            [
                (150.0, 90.0),
                (760.0, 130.0),
                (720.0, 560.0),
                (120.0, 520.0),
            ],
        )];
        for path in fixture_images() {
            let gray = image::open(&path)?.to_luma8();
            let factor = gray.width().max(gray.height()).div_ceil(WORK_SIDE);
            images.push(shrink(&gray, factor));
        }
        images.push(GrayImage::from_pixel(40, 3, Luma([200])));
        for (i, img) in images.iter().enumerate() {
            let blurred = imageproc::filter::gaussian_blur_f32(img, 1.4);
            assert!(
                gaussian_blur(img, 1.4) == blurred,
                "image {i}: blur differs"
            );
            let want = imageproc::edges::canny(img, 8.0, 24.0);
            assert!(canny(img, 8.0, 24.0) == want, "image {i}: canny differs");
            let closed =
                imageproc::morphology::dilate(&want, imageproc::distance_transform::Norm::LInf, 1);
            assert!(dilate(&want) == closed, "image {i}: dilate differs");
        }
        for (w, h) in [(1, 1), (1, 5), (5, 1), (2, 2), (3, 9), (9, 3)] {
            let noise = GrayImage::from_fn(w, h, |x, y| Luma([((x * 97 + y * 61) % 256) as u8]));
            let blurred = imageproc::filter::gaussian_blur_f32(&noise, 1.4);
            assert!(
                gaussian_blur(&noise, 1.4) == blurred,
                "{w}x{h}: blur differs"
            );
        }
        for (w, h) in [(1, 1), (1, 5), (5, 1), (2, 2)] {
            let dot = GrayImage::from_fn(w, h, |x, y| Luma([u8::from(x + y == 0) * 7]));
            let closed =
                imageproc::morphology::dilate(&dot, imageproc::distance_transform::Norm::LInf, 1);
            assert!(dilate(&dot) == closed, "{w}x{h}: dilate differs");
        }
        Ok(())
    }

    /// The square root of the integer dx² + dy² is `hypot(dx, dy)` for
    /// every Sobel gradient (each component within ±1020).
    #[test]
    fn gradient_magnitude_is_hypot() {
        for dx in 0..=1020i32 {
            for dy in 0..=dx {
                let root = ((dx * dx + dy * dy) as f32).sqrt();
                assert_eq!(root, (dx as f32).hypot(dy as f32), "{dx}, {dy}");
            }
        }
    }

    /// The direction bin is the one imageproc's `atan2` gives, for every
    /// Sobel gradient (each component within ±1020) but the zero one,
    /// which never reaches the bins (its magnitude is under any threshold).
    #[test]
    fn direction_bin_is_imageprocs() {
        for dx in -1020i32..=1020 {
            for dy in -1020i32..=1020 {
                if dx == 0 && dy == 0 {
                    continue;
                }
                assert_eq!(direction_bin(dx, dy), atan2_bin(dx, dy), "{dx}, {dy}");
            }
        }
    }

    /// Division by the reciprocal is exact for every block sum of every
    /// shrink factor (up to 25, a 12000 px side shrunk under 480).
    #[test]
    fn divide_by_reciprocal_is_exact() {
        for k in 1..=25u32 {
            let d = k * k;
            let r = reciprocal(d);
            for n in 0..=255 * d {
                assert_eq!(u32::from(divide(n, r)), n / d, "{n} / {d}");
            }
        }
    }

    /// The column-total shrink gives the block means of its definition.
    #[test]
    fn shrink_takes_block_means() {
        let img = GrayImage::from_fn(301, 97, |x, y| Luma([((x * 7 + y * 13) % 251) as u8]));
        for k in [1u32, 2, 3, 4, 9] {
            let small = shrink(&img, k);
            assert_eq!(small.dimensions(), (301 / k, 97 / k));
            for (sx, sy, p) in small.enumerate_pixels() {
                let mut sum = 0u32;
                for y in sy * k..(sy + 1) * k {
                    for x in sx * k..(sx + 1) * k {
                        sum += u32::from(img.get_pixel(x, y).0[0]);
                    }
                }
                assert_eq!(u32::from(p.0[0]), sum / (k * k), "k {k} at {sx},{sy}");
            }
        }
    }

    /// `straighten` as it was written first, one pixel at a time: the
    /// row-pass version must give the same image.
    fn straighten_one_by_one(gray: &GrayImage, card: &Card) -> Option<GrayImage> {
        let warp = Warp::plan(gray, card)?;
        let (ow, oh) = (warp.width, warp.height);
        let (w, h) = (gray.width() as i64, gray.height() as i64);
        let src = gray.as_raw();
        let at = |x: i64, y: i64| -> f32 {
            if x < 0 || y < 0 || x >= w || y >= h {
                255.0
            } else {
                f32::from(src[(y * w + x) as usize])
            }
        };
        let mut out = Vec::with_capacity((ow * oh) as usize);
        let sample = |sx: f32, sy: f32| -> u8 {
            if !(sx.is_finite() && sy.is_finite()) || sx.abs() > 1e6 || sy.abs() > 1e6 {
                return 255;
            }
            // floor() is a libm call without SSE4.1; truncation is not.
            let (x0, y0) = (
                sx as i64 - i64::from(sx < 0.0),
                sy as i64 - i64::from(sy < 0.0),
            );
            let (fx, fy) = (sx - x0 as f32, sy - y0 as f32);
            let (p00, p10, p01, p11) = if x0 >= 0 && y0 >= 0 && x0 + 1 < w && y0 + 1 < h {
                let i = (y0 * w + x0) as usize;
                let j = i + w as usize;
                (
                    f32::from(src[i]),
                    f32::from(src[i + 1]),
                    f32::from(src[j]),
                    f32::from(src[j + 1]),
                )
            } else {
                (
                    at(x0, y0),
                    at(x0 + 1, y0),
                    at(x0, y0 + 1),
                    at(x0 + 1, y0 + 1),
                )
            };
            let top = p00 + (p10 - p00) * fx;
            let bottom = p01 + (p11 - p01) * fx;
            (top + (bottom - top) * fy + 0.5).clamp(0.0, 255.0) as u8
        };
        for y in 0..oh {
            let mut x = 0;
            while x < ow {
                let end = (x + STEP).min(ow);
                let (a, b) = (warp.source(x, y), warp.source(end, y));
                let n = (end - x) as f32;
                for k in 0..end - x {
                    let t = k as f32 / n;
                    out.push(sample(a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t));
                }
                x = end;
            }
        }
        GrayImage::from_raw(ow, oh, out)
    }

    #[test]
    fn straighten_matches_the_one_pixel_at_a_time_warp() -> Result<(), Box<dyn std::error::Error>> {
        let mut checked = 0;
        for path in fixture_images() {
            let gray = image::open(&path)?.to_luma8();
            let Some(card) = find_card(&gray) else {
                continue;
            };
            let want = straighten_one_by_one(&gray, &card);
            assert!(straighten(&gray, &card) == want, "{}", path.display());
            checked += 1;
        }
        assert!(checked >= 10, "only {checked} cards found");
        // A corner far outside the photo (positions beyond ±10⁶ are white),
        // on a strip 4000 × 16 px.
        let img = photo(
            300,
            200,
            [(10.0, 10.0), (290.0, 20.0), (280.0, 190.0), (20.0, 180.0)],
        );
        let card = Card {
            corners: [(-3e6, 10.0), (290.0, 20.0), (280.0, 190.0), (20.0, 180.0)],
            cropped: true,
            aspect: 250.0,
        };
        let strip = straighten(&img, &card);
        assert!(strip.as_ref().is_some_and(|s| s.as_raw().contains(&255)));
        assert!(strip == straighten_one_by_one(&img, &card));
        Ok(())
    }

    #[test]
    fn straighten_refuses_degenerate_cards() {
        let img = GrayImage::new(100, 80);
        let mut card = Card {
            corners: [(10.0, 10.0), (90.0, 10.0), (90.0, 70.0), (10.0, 70.0)],
            cropped: false,
            aspect: 1.5,
        };
        assert!(straighten(&img, &card).is_some());
        card.aspect = f32::NAN;
        assert!(straighten(&img, &card).is_none());
        card.aspect = 1.5;
        card.corners[2] = (f32::INFINITY, 0.0);
        assert!(straighten(&img, &card).is_none());
        card.corners = [(5.0, 5.0); 4];
        let _ = straighten(&img, &card);
        assert!(straighten(&GrayImage::new(0, 0), &card).is_none());
    }

    #[test]
    fn no_card_on_blank_tiny_or_extreme_images() {
        assert_eq!(
            find_card(&GrayImage::from_pixel(800, 600, Luma([255]))),
            None
        );
        assert_eq!(find_card(&GrayImage::new(3, 3)), None);
        assert_eq!(find_card(&GrayImage::new(5000, 2)), None);
        assert_eq!(find_card(&GrayImage::new(1, 1)), None);
    }
}
