#!/usr/bin/env bash
# Generates ARGOS decryption test vectors with tools independent of the Rust code:
#   key     = sha256(secret) by coreutils `sha256sum` (the SDK's assumed derivation), or a raw 32-byte key;
#   ECB     = `openssl enc -aes-256-ecb -K <hex> -nosalt` (PKCS#7 padding), Base64;
#   GCM     = Node.js crypto createCipheriv('aes-256-gcm'), Base64 of iv(12) || ciphertext || tag(16).
# Output: tests/fixtures/argos/crypto/vectors.json (committed; `cargo test` decrypts every vector).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/argos/crypto/vectors.json
mkdir -p "$(dirname "$out")"

secret='argos-project-secret-key-0123456789'
derived_hex=$(printf %s "$secret" | sha256sum | cut -d' ' -f1)
raw_hex='000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'

page='{"Items":[{"submission_id":"sub_enc_001","email":"jane@example.com","created_at":"2024-05-01-10-20-30-123","kyc":{"result":"approved"},"data":{"name":"Jane Doe","nationality":"KOR"}}]}'
webhook='{"webhook_trigger":"approved","submission_id":"sub_enc_001","email":"jane@example.com","userid":"user-42"}'
short='{}'

ecb() { printf %s "$2" | openssl enc -aes-256-ecb -K "$1" -nosalt | base64 -w0; }

SECRET="$secret" DERIVED_HEX="$derived_hex" RAW_HEX="$raw_hex" PAGE="$page" WEBHOOK="$webhook" SHORT="$short" \
ECB_PAGE_DERIVED="$(ecb "$derived_hex" "$page")" ECB_WEBHOOK_RAW="$(ecb "$raw_hex" "$webhook")" \
ECB_SHORT_DERIVED="$(ecb "$derived_hex" "$short")" OUT="$out" node -e '
const crypto = require("crypto");
const fs = require("fs");
const e = process.env;
function gcm(keyHex, ivHex, plain) {
  const c = crypto.createCipheriv("aes-256-gcm", Buffer.from(keyHex, "hex"), Buffer.from(ivHex, "hex"));
  const ct = Buffer.concat([c.update(plain, "utf8"), c.final()]);
  return Buffer.concat([Buffer.from(ivHex, "hex"), ct, c.getAuthTag()]).toString("base64");
}
const v = (name, scheme, key, plaintext, cipherB64) => ({ name, scheme, secret: key === e.DERIVED_HEX ? e.SECRET : null, keyHex: key, plaintext, cipherB64 });
const doc = {
  assumptions: "key = sha256(secret) or raw 32 bytes; GCM: base64(iv(12) || ciphertext || tag(16)); ECB: PKCS#7, base64",
  generator: "scripts/gen-argos-vectors.sh (sha256sum, openssl enc -aes-256-ecb, Node.js crypto aes-256-gcm)",
  vectors: [
    v("gcm-page-derived-key", "gcm", e.DERIVED_HEX, e.PAGE, gcm(e.DERIVED_HEX, "a1a2a3a4a5a6a7a8a9aaabac", e.PAGE)),
    v("gcm-webhook-raw-key", "gcm", e.RAW_HEX, e.WEBHOOK, gcm(e.RAW_HEX, "0f0e0d0c0b0a090807060504", e.WEBHOOK)),
    v("gcm-empty-object", "gcm", e.DERIVED_HEX, e.SHORT, gcm(e.DERIVED_HEX, "000000000000000000000001", e.SHORT)),
    v("ecb-page-derived-key", "ecb", e.DERIVED_HEX, e.PAGE, e.ECB_PAGE_DERIVED),
    v("ecb-webhook-raw-key", "ecb", e.RAW_HEX, e.WEBHOOK, e.ECB_WEBHOOK_RAW),
    v("ecb-empty-object", "ecb", e.DERIVED_HEX, e.SHORT, e.ECB_SHORT_DERIVED),
  ],
};
fs.writeFileSync(e.OUT, JSON.stringify(doc, null, 2) + "\n");
'
echo "wrote $out"
