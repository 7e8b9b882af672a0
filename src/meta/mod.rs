//! APP-META.xml: writing it from the model (reading is `crate::xml` plus the lint rules).

pub mod write;
