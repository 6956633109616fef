// Rebuild when the embedded content changes: include_dir! does not track
// files on its own.
fn main() {
    println!("cargo:rerun-if-changed=../../content/code-scan");
}
