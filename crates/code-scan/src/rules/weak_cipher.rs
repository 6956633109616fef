//! `weak-cipher` (CWE-327): DES, 3DES, RC2, RC4, Blowfish, or a block
//! cipher in ECB mode.
//!
//! Why: short keys are brute-forced, RC4's output is biased, and ECB
//! encrypts equal blocks to equal ciphertext, leaking structure. Java's
//! `Cipher.getInstance("AES")` silently means `AES/ECB/PKCS5Padding`.
//!
//! Example: `Cipher.getInstance("DES/CBC/PKCS5Padding")`,
//! `AES.new(key, AES.MODE_ECB)`, `crypto.createCipheriv('aes-128-ecb', k, null)`.
//!
//! Fix: AES-GCM or ChaCha20-Poly1305 with a fresh random nonce.

use super::{Cx, Raw};
use crate::ir::Expr;
use crate::visit::{walk, Node};
use report::Confidence;

fn weak_transformation(t: &str) -> bool {
    let l = t.to_ascii_lowercase();
    let algo = l.split(['/', '-']).next().unwrap_or("");
    matches!(
        algo,
        "des"
            | "desede"
            | "tripledes"
            | "3des"
            | "rc2"
            | "rc4"
            | "arcfour"
            | "blowfish"
            | "bf"
            | "des3"
    ) || l == "aes"
        || l.contains("/ecb/")
        || l.ends_with("-ecb")
        || l.ends_with("/ecb")
        || l.starts_with("des-")
}

pub(crate) fn check(cx: &Cx, out: &mut Vec<Raw>) {
    for (_, f) in cx.functions() {
        walk(f, &mut |n| {
            let Node::Expr(Expr::Call(c)) = n else { return };
            let path = cx.path(c);
            let last2: Vec<&str> = path.rsplitn(3, '.').collect();
            let why = match path.as_str() {
                "Cipher.getInstance"
                | "crypto.createCipheriv"
                | "crypto.createDecipheriv"
                | "KeyGenerator.getInstance"
                | "SecretKeyFactory.getInstance" => cx
                    .lit(c.positional(0))
                    .filter(|t| weak_transformation(t))
                    .map(|t| format!("the transformation \"{t}\"")),
                "crypto.createCipher" | "crypto.createDecipher" => {
                    Some("createCipher, which derives the key with MD5 and uses no IV".into())
                }
                _ if last2.len() >= 2
                    && last2[0] == "new"
                    && matches!(
                        last2[1],
                        "DES" | "DES3" | "ARC4" | "ARC2" | "Blowfish" | "CAST"
                    ) =>
                {
                    Some(last2[1].to_string())
                }
                _ if last2.len() >= 2 && last2[0] == "new" && last2[1] == "AES" => c
                    .args
                    .iter()
                    .any(|a| cx.text(a.value.pos()).ends_with("MODE_ECB"))
                    .then(|| "AES in ECB mode".into()),
                _ if path.contains("algorithms.")
                    && matches!(
                        last2[0],
                        "TripleDES" | "ARC4" | "Blowfish" | "IDEA" | "CAST5" | "SEED"
                    ) =>
                {
                    Some(last2[0].to_string())
                }
                _ if path.ends_with("modes.ECB") => Some("ECB mode".into()),
                "new DESKeySpec" | "new DESedeKeySpec" => Some("a DES key".into()),
                _ => None,
            };
            let Some(why) = why else { return };
            out.push(Raw {
                rule: "weak-cipher",
                pos: c.name_pos,
                message: format!("Encryption uses {why}; use AES-GCM or ChaCha20-Poly1305."),
                confidence: Confidence::High,
                path: None,
            });
        });
    }
}
