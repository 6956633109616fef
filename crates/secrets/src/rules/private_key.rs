//! # private-key: PEM and OpenSSH private keys
//!
//! **Finds** `-----BEGIN ... PRIVATE KEY-----` blocks (RSA, EC, DSA,
//! OpenSSH, PKCS#8, encrypted PKCS#8, PGP private key blocks), also when
//! the newlines are escaped (`\n` inside a JSON or YAML string). The block
//! must carry a body of at least 64 base64 characters, so documentation
//! that shows only the header (`-----BEGIN RSA PRIVATE KEY-----\n...`) is
//! not reported.
//!
//! **Why it matters.** A private key is the identity itself: TLS server
//! keys allow impersonation and decryption, SSH keys give shell access,
//! signing keys let an attacker forge releases or tokens.
//!
//! **Example.** `-----BEGIN OPENSSH PRIVATE KEY-----` followed by the
//! base64 body.
//!
//! **Fix.** Treat the key as compromised: revoke or rotate it (new key
//! pair, remove the old public key from `authorized_keys`, reissue the
//! certificate), and keep keys in a secret store or KMS/CloudHSM where
//! they are never exported. Encrypted keys are reported at lower severity.

use super::{Candidate, FileCtx, Line, Rule, RuleInfo};
use report::{Confidence, Severity};

pub const INFO: RuleInfo = RuleInfo {
    id: "private-key",
    title: "Private key",
    severity: Severity::Critical,
    confidence: Confidence::High,
    cwe: &[321, 798],
    finds: "PEM and OpenSSH private key blocks with a real body (escaped newlines included).",
    why: "A private key is the identity: it allows impersonation, decryption, shell access or forged signatures.",
    fix: "Rotate the key pair, revoke the old one, and keep keys in a secret store or KMS",
    service: "AWS Secrets Manager / AWS KMS",
    parameter: "generate a new key pair, remove the old public key from authorized_keys or revoke its certificate; store private keys in Secrets Manager or use KMS asymmetric keys that never leave the HSM",
    metric: "the old public key fingerprint no longer appears in authorized_keys, ACM or the certificate inventory",
    priority: 0,
};

pub struct PrivateKey;

const BEGIN: &[u8] = b"-----BEGIN ";
/// How far past the header the body is looked for.
const MAX_BLOCK: usize = 16 * 1024;

impl Rule for PrivateKey {
    fn info(&self) -> &'static RuleInfo {
        &INFO
    }

    fn anchors(&self, _: &[String]) -> Vec<String> {
        vec!["-----BEGIN ".into()]
    }

    fn scan(&self, cx: &FileCtx<'_>, line: Line<'_>, out: &mut Vec<Candidate>) {
        let t = line.text;
        for s in memchr::memmem::find_iter(t, BEGIN) {
            let rest = &t[s + BEGIN.len()..];
            let Some(close) = memchr::memmem::find(&rest[..rest.len().min(64)], b"-----") else {
                continue;
            };
            let label = &rest[..close];
            if !label.ends_with(b"PRIVATE KEY") && !label.ends_with(b"PRIVATE KEY BLOCK") {
                continue;
            }
            let label_str = String::from_utf8_lossy(label).into_owned();
            let header_end = s + BEGIN.len() + close + 5;
            // The body: from after the header in the file, up to END.
            let abs = line.offset + header_end;
            let tail = &cx.bytes[abs..cx.bytes.len().min(abs + MAX_BLOCK)];
            let end = memchr::memmem::find(tail, b"-----END").unwrap_or(tail.len());
            let block = &tail[..end];
            let encrypted = label.starts_with(b"ENCRYPTED")
                || memchr::memmem::find(block, b"ENCRYPTED").is_some();
            let Some(body) = body_chars(block) else {
                continue;
            };
            if body.len() < 64 {
                continue;
            }
            // The value is the body; the span is the header, which is not
            // secret and stays readable; what follows it on the line (an
            // escaped body) is redacted.
            let header_end = header_end.min(t.len());
            let mut c = Candidate::new(&INFO, header_end, t.len(), t);
            c.secret = crate::Secret::new(String::from_utf8_lossy(&body).into_owned());
            c.span = Some((s, header_end));
            out.push(if encrypted {
                c.severity(Severity::High)
                    .confidence(Confidence::Medium)
                    .what(format!("encrypted private key ({label_str}), body"))
            } else {
                c.what(format!("private key ({label_str}), body"))
            });
        }
    }
}

/// The base64 characters of a block, skipping whitespace, escaped newlines
/// (`\n`, `\r`), quotes and header lines (`Proc-Type: ...`). `None` when
/// the block holds prose (a space between two word characters), i.e. the
/// header was quoted in documentation.
fn body_chars(block: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(block.len());
    let mut i = 0;
    while i < block.len() {
        let b = block[i];
        if b == b'\\' && matches!(block.get(i + 1), Some(b'n' | b'r')) {
            i += 2;
            continue;
        }
        if b == b':' {
            // A header such as `Proc-Type: 4,ENCRYPTED`: drop this line's
            // collected part and skip to the end of the line.
            while out
                .last()
                .is_some_and(|c: &u8| c.is_ascii_alphanumeric() || *c == b'-')
            {
                out.pop();
            }
            while i < block.len() && block[i] != b'\n' && block[i] != b'\\' {
                i += 1;
            }
            continue;
        }
        if b == b' '
            && i > 0
            && block[i - 1].is_ascii_alphanumeric()
            && block.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
        {
            return None;
        }
        if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || b == b'=' {
            out.push(b);
        }
        i += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::check;

    fn body() -> String {
        "MIIEowIBAAKCAQEAx3k9Qp2Lm7Vd4Hs8Tn1Rb6Wc0Yf5Zg3Kj2Pq9Xe7Ua4Io1Ly8\n\
         Tz6Bh3Vn0Mc5Sd2Fr7Gw4Ek9Jq1Hp6Nx8Ct3Ym0Ub5Ls2Oa7Di4Kf9Wz1Rv6Gj3Qe8\n"
            .to_string()
    }

    #[test]
    fn finds_pem_openssh_and_escaped_keys() {
        let src = format!(
            "-----BEGIN RSA PRIVATE KEY-----\n{}-----END RSA PRIVATE KEY-----\n\
             {{\"key\": \"-----BEGIN OPENSSH PRIVATE KEY-----\\n{}\\n-----END OPENSSH PRIVATE KEY-----\"}}\n",
            body(),
            body().replace('\n', "\\n")
        );
        let h = check(&PrivateKey, "id_rsa", &src);
        assert_eq!(h.iter().map(|x| x.0).collect::<Vec<_>>(), vec![1, 5]);
        assert_eq!(h[0].1, h[1].1, "same body, escaped or not");
        assert_eq!(h[0].2, Severity::Critical);
    }

    #[test]
    fn encrypted_keys_are_lower() {
        let src = format!(
            "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F1A\n\n{}-----END RSA PRIVATE KEY-----\n",
            body()
        );
        let h = check(&PrivateKey, "k.pem", &src);
        assert_eq!(h.len(), 1);
        assert_eq!(h[0].2, Severity::High);
        assert!(h[0].1.starts_with("MIIE"));
    }

    #[test]
    fn ignores_headers_without_a_body_and_public_keys() {
        let src = "\
Paste your key (it starts with -----BEGIN RSA PRIVATE KEY-----) below.
pattern = \"-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\"
-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAx3k9Qp2Lm7Vd4Hs8Tn1Rb6Wc0Yf5Zg3
-----END PUBLIC KEY-----
";
        assert_eq!(check(&PrivateKey, "README.md", src), vec![]);
    }
}
