//! `include_dir!` does not tell Cargo which files it read on stable Rust,
//! so an edited rule or scenario would not trigger a rebuild. Naming the
//! content directory here makes Cargo rescan it on every build.
fn main() {
    println!("cargo:rerun-if-changed=../../content/threat-model");
}
