//! ARGOS decryption: arbitrary cipher text through both decryptors and the `{isEncrypted, data}` envelope
//! (typed errors only), plus a round trip: what AES-256-GCM seals with the key must open to the same bytes,
//! and one flipped bit must make it fail (GCM authenticates).
#![no_main]

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use ekyc_bridge::providers::argos::{decrypt_if_encrypted, AesDecryptor, Cipher, Decryptor};
use libfuzzer_sys::fuzz_target;

const SECRET: &str = "fuzz-project-secret";

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else { return };
    let gcm = AesDecryptor::from_secret(Cipher::Gcm, SECRET);
    let ecb = AesDecryptor::from_secret(Cipher::Ecb, SECRET);
    let text = String::from_utf8_lossy(rest);
    match mode % 4 {
        // Arbitrary text as cipher text.
        0 => {
            let _ = gcm.decrypt(&text);
            let _ = ecb.decrypt(&text);
        }
        // Arbitrary text as a JSON body that may be an encrypted envelope.
        1 => {
            if let Ok(value) = serde_json::from_slice(rest) {
                let _ = decrypt_if_encrypted(value, Some(&gcm as &dyn Decryptor));
            }
        }
        // Arbitrary bytes as a raw key.
        2 => {
            let _ =
                AesDecryptor::from_key_bytes(Cipher::Gcm, rest).map(|d| d.decrypt("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
            let _ = AesDecryptor::from_key_bytes(Cipher::Ecb, rest);
        }
        // Round trip: the first 12 bytes are the IV, the rest the plain text.
        _ => {
            if rest.len() < 12 {
                return;
            }
            let (iv, plain) = rest.split_at(12);
            let key = ekyc_bridge::providers::argos::key_from_secret(SECRET);
            let sealed = Aes256Gcm::new(&key.into()).encrypt(Nonce::from_slice(iv), plain).expect("GCM seals");
            let mut wire = iv.to_vec();
            wire.extend_from_slice(&sealed);
            let b64 = base64::engine::general_purpose::STANDARD.encode(&wire);
            assert_eq!(gcm.decrypt(&b64).expect("own cipher text opens"), plain);
            let bit = (usize::from(mode >> 2) * 7919 + plain.len() * 31) % (wire.len() * 8);
            wire[bit / 8] ^= 1 << (bit % 8);
            let forged = base64::engine::general_purpose::STANDARD.encode(&wire);
            assert!(gcm.decrypt(&forged).is_err(), "a flipped bit must not decrypt");
        }
    }
});
