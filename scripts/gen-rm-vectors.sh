#!/usr/bin/env bash
# Generates Revenue Monster signing test vectors with tools independent of the Rust code:
#   - openssl makes a 2048-bit RSA key (PKCS#1 and PKCS#8 PEM, plus the SPKI public key) and signs;
#   - python3 computes the canonical body (keys sorted at every level, compact, `<` `>` `&` and U+2028/U+2029
#     escaped as Go's encoding/json does), its Base64, and the plain text that is signed.
# Output: tests/fixtures/revenue-monster/signing/{private.pem, private-pkcs8.pem, public.pem, vector.json}.
# `cargo test --lib revenue_monster::sign` then checks that the Rust signer reproduces every byte.
# Running it again makes a new key, so commit the outputs together.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$here/tests/fixtures/revenue-monster/signing"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

openssl genrsa -traditional -out "$out/private.pem" 2048 2>/dev/null
openssl pkcs8 -topk8 -nocrypt -in "$out/private.pem" -out "$out/private-pkcs8.pem"
openssl rsa -in "$out/private.pem" -pubout -out "$out/public.pem" 2>/dev/null
grep -q 'BEGIN RSA PRIVATE KEY' "$out/private.pem"
grep -q 'BEGIN PRIVATE KEY' "$out/private-pkcs8.pem"

# 1. Python: canonical bodies and plain texts, one file per vector.
python3 - "$tmp" <<'PY'
import base64, json, sys
tmp = sys.argv[1]
url = "https://sb-open.revenuemonster.my/v3/service"
vectors = [
    {
        "name": "id-mykad with characters that must be escaped",
        "method": "post", "url": url, "nonce": "kTq3VbX9pLm2Ns8R", "timestamp": 1700000000,
        "body": {
            "version": "v1", "service": "ekyc", "function": "id-mykad",
            "request": {
                "query_image_content": "/9j/4AAQSkZJRgABAQAAAQABAAD+2wBDAAgGBgcGBQ==",
                "notify_url": "https://merchant.example/ekyc/hook?a=1&b=<2>&name=Zoë",
            },
        },
    },
    {
        "name": "get-ekyc-result with nested includes",
        "method": "post", "url": url, "nonce": "N0nce42", "timestamp": 1717171717,
        "body": {
            "service": "ekyc", "version": "v1", "function": "get-ekyc-result",
            "request": {"includes": ["selfieImage", "mykadImage"], "id": "62201d48a694817dede84b35"},
        },
    },
    {
        "name": "no body: data left out",
        "method": "get", "url": "https://sb-open.revenuemonster.my/v3/merchant", "nonce": "abc123",
        "timestamp": 1600000000, "body": None,
    },
]

def canonical(obj):
    s = json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for a, b in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        s = s.replace(a, b)
    return s

for i, v in enumerate(vectors):
    parts = []
    if v["body"] not in (None, {}):
        v["canonical"] = canonical(v["body"])
        v["data"] = base64.b64encode(v["canonical"].encode("utf-8")).decode("ascii")
        parts.append("data=" + v["data"])
    else:
        v["canonical"] = None
        v["data"] = None
    parts += ["method=" + v["method"], "nonceStr=" + v["nonce"], "requestUrl=" + v["url"], "signType=sha256",
              "timestamp=" + str(v["timestamp"])]
    v["plaintext"] = "&".join(parts)
    with open(f"{tmp}/{i}.txt", "wb") as f:
        f.write(v["plaintext"].encode("utf-8"))
with open(f"{tmp}/vectors.json", "w", encoding="utf-8") as f:
    json.dump(vectors, f, ensure_ascii=False)
PY

# 2. openssl: sign each plain text (RSA PKCS#1 v1.5, SHA-256) and check with the public key.
n="$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$tmp/vectors.json")"
for ((i = 0; i < n; i++)); do
  openssl dgst -sha256 -sign "$out/private.pem" -out "$tmp/$i.sig" "$tmp/$i.txt"
  openssl dgst -sha256 -verify "$out/public.pem" -signature "$tmp/$i.sig" "$tmp/$i.txt" >/dev/null
  openssl base64 -A -in "$tmp/$i.sig" >"$tmp/$i.sig.b64"
done

# 3. Assemble vector.json.
python3 - "$tmp" "$out/vector.json" <<'PY'
import json, sys
tmp, dest = sys.argv[1], sys.argv[2]
vectors = json.load(open(f"{tmp}/vectors.json", encoding="utf-8"))
for i, v in enumerate(vectors):
    v["signature"] = open(f"{tmp}/{i}.sig.b64").read().strip()
doc = {
    "about": "Made by scripts/gen-rm-vectors.sh with openssl (RSA PKCS#1 v1.5 SHA-256) and python3 (canonical JSON). "
             "Key: private.pem (PKCS#1) = private-pkcs8.pem (PKCS#8); public.pem (SPKI).",
    "vectors": vectors,
}
with open(dest, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=2)
    f.write("\n")
PY

echo "wrote $out/{private.pem,private-pkcs8.pem,public.pem,vector.json}"
