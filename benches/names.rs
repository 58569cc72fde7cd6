//! Placeholder until the names bench lands.
fn main() {}
