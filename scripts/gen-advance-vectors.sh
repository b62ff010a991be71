#!/usr/bin/env bash
# Generates the ADVANCE.AI token-signature test vectors with tools independent of the Rust code:
#   signature = lowercase hex(sha256(accessKey + secretKey + timestamp))
# computed by coreutils `sha256sum` (and cross-checked with `openssl dgst -sha256`).
# Output: tests/fixtures/advance-ai/signing/vector.json (committed; `cargo test` reproduces it).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/advance-ai/signing/vector.json
mkdir -p "$(dirname "$out")"

sign() { printf %s "$1$2$3" | sha256sum | cut -d' ' -f1; }
sign_openssl() { printf %s "$1$2$3" | openssl dgst -sha256 -r | cut -d' ' -f1; }

cases=(
  "ak_1234567890abcdef|sk_fedcba0987654321|1700000000000"
  "a1b2c3d4e5f6|s3cr3t-k3y/with+symbols=|1665993522952"
  "ACCESSKEY|SECRET|9999999999999"
)

{
  echo '{'
  echo '  "algorithm": "lowercase hex(sha256(accessKey + secretKey + timestamp))",'
  echo '  "generator": "scripts/gen-advance-vectors.sh (coreutils sha256sum, checked with openssl dgst)",'
  echo '  "cases": ['
  n=${#cases[@]}
  for i in "${!cases[@]}"; do
    IFS='|' read -r ak sk ts <<<"${cases[$i]}"
    sig=$(sign "$ak" "$sk" "$ts")
    [ "$sig" = "$(sign_openssl "$ak" "$sk" "$ts")" ] || { echo "sha256sum and openssl disagree" >&2; exit 1; }
    sep=','; [ "$i" -eq $((n - 1)) ] && sep=''
    printf '    {"accessKey": "%s", "secretKey": "%s", "timestamp": "%s", "signature": "%s"}%s\n' "$ak" "$sk" "$ts" "$sig" "$sep"
  done
  echo '  ]'
  echo '}'
} >"$out"
echo "wrote $out"
