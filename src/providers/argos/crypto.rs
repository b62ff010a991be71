//! Decryption of ARGOS's encrypted bodies (`{isEncrypted: true, data: "<cipher>"}`), as a pluggable step.
//!
//! **Assumptions — the public docs do not state them; verify against a real encrypted answer of your project:**
//! - Encoding: the cipher text is standard Base64 (URL-safe Base64 is accepted too; whitespace is ignored).
//! - AES-256-GCM ([`Cipher::Gcm`], the current scheme): the decoded bytes are
//!   `iv (12 bytes) || ciphertext || tag (16 bytes)`, no associated data.
//! - AES-256-ECB with PKCS#7 padding ([`Cipher::Ecb`], the legacy scheme). ECB has **no integrity**: a
//!   wrong key is usually caught by the padding check or by the JSON parse that follows, but not always, and
//!   a successful ECB decryption proves nothing about who sent the body.
//! - Key: 32 bytes. How ARGOS derives it from the project's API key or issued secret key is unknown;
//!   [`key_from_secret`] takes SHA-256 of the secret string, and [`AesDecryptor`] also accepts a raw 32-byte
//!   key ([`AesDecryptor::new`]) or 32 bytes given as the secret string itself
//!   ([`AesDecryptor::from_key_bytes`]), so a different derivation only needs a different constructor call.
//!   If none of these fits, implement [`Decryptor`] yourself.
//!
//! Every failure is an [`EkycError`] with code `malformed_response` (bad Base64, input too short, wrong key,
//! tampered data); nothing panics. A webhook parser turns these into `webhook_unauthenticated`.

use aes::cipher::{block_padding::Pkcs7, BlockDecryptMut, KeyInit};
use aes_gcm::aead::Aead;
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use sha2::{Digest, Sha256};

use super::PROVIDER;
use crate::error::{EkycError, Result};

/// The GCM nonce length in the assumed layout.
pub const GCM_IV_LEN: usize = 12;
/// The GCM tag length in the assumed layout.
pub const GCM_TAG_LEN: usize = 16;

/// A way to turn ARGOS's Base64 cipher text into plain bytes.
pub trait Decryptor {
    /// Decrypts `cipher_b64`. Fails with `malformed_response` when it cannot (bad Base64, too short, wrong key).
    fn decrypt(&self, cipher_b64: &str) -> Result<Vec<u8>>;

    /// Whether a successful decryption proves the sender held the key (an AEAD such as GCM does; ECB does not,
    /// so an ECB body could be forged or altered block by block).
    fn authenticates(&self) -> bool {
        false
    }
}

/// The 32-byte key as SHA-256 of `secret` (the project's API key or issued secret key) — an assumption, see
/// the module docs.
pub fn key_from_secret(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

fn fail(message: &str) -> EkycError {
    EkycError::malformed(message.to_string()).with_provider(PROVIDER)
}

fn raw_key(bytes: &[u8]) -> Result<[u8; 32]> {
    <[u8; 32]>::try_from(bytes)
        .map_err(|_| EkycError::invalid_input("an AES-256 key is 32 bytes").with_provider(PROVIDER))
}

/// Decodes standard or URL-safe Base64, with or without padding, ignoring whitespace.
fn decode_b64(text: &str) -> Result<Vec<u8>> {
    use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD};
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if compact.is_empty() {
        return Err(fail("the encrypted ARGOS body is empty"));
    }
    [STANDARD, STANDARD_NO_PAD, URL_SAFE, URL_SAFE_NO_PAD]
        .iter()
        .find_map(|engine| engine.decode(&compact).ok())
        .ok_or_else(|| fail("the encrypted ARGOS body is not Base64"))
}

/// ARGOS's two encryption schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize, tsify::Tsify)]
#[serde(rename_all = "lowercase")]
pub enum Cipher {
    /// AES-256-GCM, layout `iv(12) || ciphertext || tag(16)`: the current scheme, and the only one whose
    /// successful decryption proves the sender.
    #[default]
    Gcm,
    /// AES-256-ECB with PKCS#7 padding: the legacy scheme, without integrity.
    Ecb,
}

/// The AES-256 decryptor of ARGOS bodies, for either [`Cipher`] (see the module docs for the assumed layouts).
#[derive(Clone)]
pub struct AesDecryptor {
    cipher: Cipher,
    key: [u8; 32],
}

impl AesDecryptor {
    /// A decryptor with a raw 32-byte key.
    pub fn new(cipher: Cipher, key: [u8; 32]) -> Self {
        AesDecryptor { cipher, key }
    }

    /// A decryptor keyed with [`key_from_secret`]`(secret)`.
    pub fn from_secret(cipher: Cipher, secret: &str) -> Self {
        Self::new(cipher, key_from_secret(secret))
    }

    /// A decryptor with a raw key given as a byte slice; `invalid_input` unless it is 32 bytes long.
    pub fn from_key_bytes(cipher: Cipher, key: &[u8]) -> Result<Self> {
        Ok(Self::new(cipher, raw_key(key)?))
    }

    /// The scheme.
    pub fn cipher(&self) -> Cipher {
        self.cipher
    }
}

impl Decryptor for AesDecryptor {
    fn authenticates(&self) -> bool {
        self.cipher == Cipher::Gcm
    }

    fn decrypt(&self, cipher_b64: &str) -> Result<Vec<u8>> {
        let bytes = decode_b64(cipher_b64)?;
        match self.cipher {
            Cipher::Gcm => {
                if bytes.len() < GCM_IV_LEN + GCM_TAG_LEN {
                    return Err(fail("the encrypted ARGOS body is shorter than iv + tag"));
                }
                let (iv, sealed) = bytes.split_at(GCM_IV_LEN);
                Aes256Gcm::new(&self.key.into()).decrypt(Nonce::from_slice(iv), sealed).map_err(|_| {
                    fail("cannot decrypt the ARGOS body with AES-256-GCM (wrong key, layout, or tampered data)")
                })
            }
            Cipher::Ecb => {
                if bytes.is_empty() || bytes.len() % 16 != 0 {
                    return Err(fail("the encrypted ARGOS body is not a whole number of AES blocks"));
                }
                ecb::Decryptor::<aes::Aes256>::new(&self.key.into())
                    .decrypt_padded_vec_mut::<Pkcs7>(&bytes)
                    .map_err(|_| fail("cannot decrypt the ARGOS body with AES-256-ECB (wrong key or corrupt data)"))
            }
        }
    }
}

impl std::fmt::Debug for AesDecryptor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AesDecryptor {{ cipher: {:?}, key: <redacted> }}", self.cipher)
    }
}
