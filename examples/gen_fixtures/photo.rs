//! "Photo on a table": a rendered card or passport page seen by a phone camera: tilted out of
//! its plane (a perspective of up to 20°), turned in its plane (a right angle plus a few
//! degrees), and composited onto a wood, cloth or desk texture with a little lens blur and
//! vignetting. Deterministic: every pixel is a function of the shot and the card image.

use image::RgbImage;
use imageproc::geometric_transformations::Projection;

use crate::draw::Rgb;

/// The surface the document lies on.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Table {
    /// Mid-brown wood with grain.
    Wood,
    /// Dark blue-grey woven cloth.
    Cloth,
    /// A light grey desk: little contrast with the card.
    Desk,
}

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::Wood => "wood",
            Table::Cloth => "cloth",
            Table::Desk => "desk",
        }
    }
}

/// How one photo is taken.
#[derive(Clone, Copy, Debug)]
pub struct Shot {
    /// Tilt of the card about its horizontal axis, degrees (top edge away from the camera
    /// when positive).
    pub tilt_x: f32,
    /// Tilt about its vertical axis, degrees (right edge away when positive).
    pub tilt_y: f32,
    /// Turn in the photo's plane, degrees clockwise (0, 90, 180 or 270 plus a little skew).
    pub turn: f32,
    /// The surface.
    pub table: Table,
    /// The photo's size; a portrait frame for a card turned a quarter, as a phone is held.
    pub size: (u32, u32),
    /// How much of the frame the card's bounding box spans (0..1).
    pub fill: f32,
    /// Offset of the card's centre from the frame's, as fractions of the frame (a non-zero
    /// offset with a large fill pushes a corner out of the photo).
    pub shift: (f32, f32),
}

/// The photo, and where the card's own corners (top left, top right, bottom right, bottom
/// left of the upright card) landed in it.
pub fn shoot(card: &RgbImage, corner_radius: f32, shot: &Shot) -> (RgbImage, [(f32, f32); 4]) {
    let (cw, ch) = (card.width() as f32, card.height() as f32);
    let (pw, ph) = (shot.size.0 as f32, shot.size.1 as f32);
    let own = [(0.0, 0.0), (cw, 0.0), (cw, ch), (0.0, ch)];
    // A pinhole camera at 1.8 card widths, as for a phone held over a card.
    let distance = 1.8 * cw;
    let (turn, ax, ay) = (
        shot.turn.to_radians(),
        shot.tilt_x.to_radians(),
        shot.tilt_y.to_radians(),
    );
    let project = |(x, y): (f32, f32)| {
        let (x, y) = (x - cw / 2.0, y - ch / 2.0);
        let (x, y) = (
            x * turn.cos() - y * turn.sin(),
            x * turn.sin() + y * turn.cos(),
        );
        // Tilt about the horizontal axis, then the vertical one.
        let (y, z) = (y * ax.cos(), -y * ax.sin());
        let (x, z) = (x * ay.cos(), z - x * ay.sin());
        let d = distance + z;
        (distance * x / d, distance * y / d)
    };
    let raw = own.map(project);
    let min_x = raw.iter().map(|p| p.0).fold(f32::MAX, f32::min);
    let max_x = raw.iter().map(|p| p.0).fold(f32::MIN, f32::max);
    let min_y = raw.iter().map(|p| p.1).fold(f32::MAX, f32::min);
    let max_y = raw.iter().map(|p| p.1).fold(f32::MIN, f32::max);
    let k = (shot.fill * pw / (max_x - min_x)).min(shot.fill * ph / (max_y - min_y));
    let (cx, cy) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    let corners = raw.map(|(x, y)| {
        (
            (x - cx) * k + pw / 2.0 + shot.shift.0 * pw,
            (y - cy) * k + ph / 2.0 + shot.shift.1 * ph,
        )
    });
    let to_card = Projection::from_control_points(corners, own)
        .expect("the four projected corners of a card are in general position");

    let mut photo = RgbImage::new(shot.size.0, shot.size.1);
    let r = corner_radius;
    for (x, y, p) in photo.enumerate_pixels_mut() {
        let mut table = table_colour(shot.table, x, y);
        // 2x2 supersampling of the card's rounded outline.
        let mut acc = [0.0f32; 3];
        let mut hits = 0.0;
        for (sx, sy) in [(0.25, 0.25), (0.75, 0.25), (0.25, 0.75), (0.75, 0.75)] {
            let (u, v) = to_card * (x as f32 + sx, y as f32 + sy);
            if inside_rounded(u, v, cw, ch, r) {
                let c = bilinear(card, u - 0.5, v - 0.5);
                for i in 0..3 {
                    acc[i] += c[i];
                }
                hits += 1.0;
            }
        }
        for i in 0..3 {
            let t = f32::from(table[i]);
            let card_part = if hits > 0.0 { acc[i] / hits } else { 0.0 };
            let mixed = t * (1.0 - hits / 4.0) + card_part * hits / 4.0;
            // Vignetting: 12% darker in the far corners.
            let (dx, dy) = (x as f32 / pw - 0.5, y as f32 / ph - 0.5);
            let gain = 1.0 - 0.24 * (dx * dx + dy * dy);
            table[i] = (mixed * gain).round().clamp(0.0, 255.0) as u8;
        }
        p.0 = table;
    }
    let photo = imageproc::filter::gaussian_blur_f32(&photo, 0.6);
    (photo, corners)
}

fn inside_rounded(u: f32, v: f32, w: f32, h: f32, r: f32) -> bool {
    if !(0.0..w).contains(&u) || !(0.0..h).contains(&v) {
        return false;
    }
    let cx = u.clamp(r, w - r);
    let cy = v.clamp(r, h - r);
    (u - cx).hypot(v - cy) <= r
}

fn bilinear(img: &RgbImage, x: f32, y: f32) -> [f32; 3] {
    let (w, h) = (img.width() as i32, img.height() as i32);
    let (x0, y0) = (x.floor(), y.floor());
    let (fx, fy) = (x - x0, y - y0);
    let px = |xi: i32, yi: i32| {
        img.get_pixel(xi.clamp(0, w - 1) as u32, yi.clamp(0, h - 1) as u32)
            .0
    };
    let (x0, y0) = (x0 as i32, y0 as i32);
    let (a, b, c, d) = (
        px(x0, y0),
        px(x0 + 1, y0),
        px(x0, y0 + 1),
        px(x0 + 1, y0 + 1),
    );
    std::array::from_fn(|i| {
        let top = f32::from(a[i]) * (1.0 - fx) + f32::from(b[i]) * fx;
        let bottom = f32::from(c[i]) * (1.0 - fx) + f32::from(d[i]) * fx;
        top * (1.0 - fy) + bottom * fy
    })
}

/// A hash of a pixel position, uniform in [0, 1).
fn noise(x: u32, y: u32, salt: u32) -> f32 {
    let mut h = x.wrapping_mul(0x9E37_79B1) ^ y.wrapping_mul(0x85EB_CA77) ^ salt;
    h ^= h >> 15;
    h = h.wrapping_mul(0x2C1B_3C6D);
    h ^= h >> 12;
    h = h.wrapping_mul(0x297A_2D39);
    h ^= h >> 15;
    (h >> 8) as f32 / (1u32 << 24) as f32
}

/// Smooth value noise on a grid of `cell` pixels.
fn smooth_noise(x: u32, y: u32, cell: u32, salt: u32) -> f32 {
    let (gx, gy) = (x / cell, y / cell);
    let (fx, fy) = (
        (x % cell) as f32 / cell as f32,
        (y % cell) as f32 / cell as f32,
    );
    let s = |t: f32| t * t * (3.0 - 2.0 * t);
    let (sx, sy) = (s(fx), s(fy));
    let n00 = noise(gx, gy, salt);
    let n10 = noise(gx + 1, gy, salt);
    let n01 = noise(gx, gy + 1, salt);
    let n11 = noise(gx + 1, gy + 1, salt);
    (n00 * (1.0 - sx) + n10 * sx) * (1.0 - sy) + (n01 * (1.0 - sx) + n11 * sx) * sy
}

fn table_colour(table: Table, x: u32, y: u32) -> Rgb {
    let (xf, yf) = (x as f32, y as f32);
    let shade = |base: Rgb, k: f32| base.map(|c| (f32::from(c) * k).clamp(0.0, 255.0) as u8);
    match table {
        Table::Wood => {
            // Grain: bands along x, bent by low-frequency noise.
            let bend = 40.0 * smooth_noise(x, y, 180, 7);
            let grain = ((yf + bend) / 9.0).sin() * 0.5 + 0.5;
            let fine = smooth_noise(x, y, 6, 11);
            shade([150, 104, 64], 0.82 + 0.14 * grain + 0.06 * fine)
        }
        Table::Cloth => {
            let weave = ((xf * 1.3).sin() * (yf * 1.3).sin()) * 0.5 + 0.5;
            let blotch = smooth_noise(x, y, 120, 3);
            shade([62, 68, 84], 0.85 + 0.10 * weave + 0.12 * blotch)
        }
        Table::Desk => {
            let blotch = smooth_noise(x, y, 200, 5);
            let fine = smooth_noise(x, y, 4, 9);
            shade([206, 204, 198], 0.93 + 0.05 * blotch + 0.03 * fine)
        }
    }
}
