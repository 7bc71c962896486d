//! The runner's parts: the exercise catalog, building and running the workbook with cargo, and
//! the plain-text reports.

pub mod cargo;
pub mod catalog;
pub mod exercises;
pub mod report;
