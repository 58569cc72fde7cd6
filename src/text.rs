//! Normalizing what people type and what documents print: names across
//! scripts, dates in every written form, ID numbers. Pure functions, no I/O;
//! scoring two normalized values is left to `compare`.

pub mod date;
pub mod id_number;
pub mod name;
pub mod romanize;
