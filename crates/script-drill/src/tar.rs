//! A minimal ustar writer: the file-search exercise's input tree travels
//! into the sandbox as one archive (the sandbox writes flat files only) and
//! is unpacked there before the user's command starts.

/// A ustar archive of regular files (`path`, `content`). Directories are
/// implied by the paths and created by `tar -x`. Paths must be relative,
/// at most 100 bytes, without `..`.
pub fn ustar(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (path, content) in files {
        assert!(
            path.len() <= 100 && !path.starts_with('/') && !path.split('/').any(|p| p == ".."),
            "bad archive path {path}"
        );
        let mut h = [0u8; 512];
        h[..path.len()].copy_from_slice(path.as_bytes());
        octal(&mut h[100..108], 0o644);
        octal(&mut h[108..116], 0);
        octal(&mut h[116..124], 0);
        octal(&mut h[124..136], content.len() as u64);
        octal(&mut h[136..148], 0);
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| b as u32).sum();
        let s = format!("{sum:06o}\0 ");
        h[148..156].copy_from_slice(s.as_bytes());
        out.extend_from_slice(&h);
        out.extend_from_slice(content);
        out.resize(out.len().div_ceil(512) * 512, 0);
    }
    out.resize(out.len() + 1024, 0);
    out
}

fn octal(field: &mut [u8], v: u64) {
    let s = format!("{v:0width$o}\0", width = field.len() - 1);
    field.copy_from_slice(s.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn system_tar_lists_the_archive() {
        let a = ustar(&[
            ("data/a.txt".into(), b"hello\n".to_vec()),
            ("data/sub/b.cfg".into(), vec![b'x'; 700]),
        ]);
        assert_eq!(a.len() % 512, 0);
        let dir = std::env::temp_dir().join(format!("script-drill-tar-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("t.tar"), &a).unwrap();
        let out = std::process::Command::new("tar")
            .arg("-xf")
            .arg("t.tar")
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(std::fs::read(dir.join("data/a.txt")).unwrap(), b"hello\n");
        assert_eq!(
            std::fs::read(dir.join("data/sub/b.cfg")).unwrap().len(),
            700
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
