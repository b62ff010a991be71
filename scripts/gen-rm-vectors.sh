#!/usr/bin/env bash
# Generates Revenue Monster signing test vectors with tools independent of the Rust code:
#   - openssl makes a 2048-bit RSA key (PKCS#1 and PKCS#8 PEM, plus the SPKI public key) and signs;
#   - python3 computes the canonical body by its own implementation of what the official Go SDK does
#     (rm-go-sdk, signature.go: mxj decodes the body into map[string]interface{}, so every number is a float64,
#     and encoding/json re-encodes it): keys sorted at every level, compact, `<` `>` `&` and U+2028/U+2029
#     escaped, and numbers printed by Go's floatEncoder rules (shortest round-trip digits; exponent form
#     `1e+21` / `1e-7` below 1e-6 and from 1e21 on, with Go's `e-07` → `e-7` clean-up; plain digits otherwise,
#     `100` not `100.0`), then its Base64 and the plain text that is signed. Callback vectors leave `requestUrl`
#     out of the plain text, as RM's signature docs (doc-v2 docs/quickstart/signature-algorithm.md, step 3) say.
# Output: tests/fixtures/revenue-monster/signing/{private.pem, private-pkcs8.pem, public.pem, vector.json}.
# `cargo test --lib revenue_monster::sign` then checks that the Rust signer reproduces every byte.
# The key is kept when private.pem exists (other tests sign with it); `--new-key` makes a new one.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$here/tests/fixtures/revenue-monster/signing"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out"

if [[ "${1:-}" == "--new-key" || ! -f "$out/private.pem" ]]; then
  openssl genrsa -traditional -out "$out/private.pem" 2048 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$out/private.pem" -out "$out/private-pkcs8.pem"
  openssl rsa -in "$out/private.pem" -pubout -out "$out/public.pem" 2>/dev/null
fi
grep -q 'BEGIN RSA PRIVATE KEY' "$out/private.pem"
grep -q 'BEGIN PRIVATE KEY' "$out/private-pkcs8.pem"

# 1. Python: canonical bodies and plain texts, one file per vector.
python3 - "$tmp" <<'PY'
import base64, decimal, json, sys
tmp = sys.argv[1]
url = "https://sb-open.revenuemonster.my/v3/service"
notify = "https://merchant.example/ekyc/hook"
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
    {
        "name": "numbers as Go prints a float64",
        "method": "post", "url": url, "nonce": "GoNumbers1", "timestamp": 1733100000,
        "body": {
            "service": "ekyc", "version": "v1", "function": "get-ekyc-result",
            "request": {
                "id": "x", "big": 1e21, "below_big": 1e20, "huge": 1.2345678901234567e+23,
                "small": 1e-6, "smaller": 1e-7, "tiny": 1.5e-10, "neg_tiny": -2.5e-7,
                "past_2_53": 9007199254740993, "int": 42, "negative": -17, "whole_float": 100.0,
                "neg_zero": -0.0, "zero": 0, "fraction": 0.1, "similarity": 92.7,
                "uint64_max": 18446744073709551615,
            },
        },
    },
    {
        "name": "nested objects, arrays of objects, unicode, U+2028, < > &",
        "method": "post", "url": url, "nonce": "Nested0bj", "timestamp": 1733100001,
        "body": {
            "service": "ekyc", "version": "v1", "function": "get-ekyc-result",
            "request": {
                "id": "62201d48a694817dede84b35",
                "results": [
                    {"z": 1, "data": {"name": "SITI NUR'AIN <BINTI> ALI & CO", "address": {"state": "Pulau Pinang", "city": "Gēorge Town"}}, "a": [3.0, {"y": True, "b": None}]},
                    {"scores": {"total": 0.935, "ocr": 1}, "faces": [{"confidence": 0.9999999}]},
                ],
                "note": "line\u2028sep\u2029para \u00e9\u4e2d\u6587 \U0001F600 tab\t nl\n quote\" back\\ ctl\u0001",
                "emptyObj": {}, "emptyArr": [],
            },
        },
    },
    {
        "name": "callback to notify_url: requestUrl left out",
        "method": "post", "url": None, "callback": True, "nonce": "CbN0nce9", "timestamp": 1733100002,
        "body": {
            "code": "SUCCESS", "function": "id-mykad", "requestID": "62201d48a694817dede84b35",
            "item": {"id": "62201d48a694817dede84b35", "status": "SUCCESS", "action": "NONE_REQUIRED",
                     "results": [{"duration": 1.0, "scores": {"total": 0.97}}], "createdAt": "2024-03-03T09:12:08Z"},
        },
    },
]

def go_float(f):
    # encoding/json floatEncoder (bits = 64): 'e' format below 1e-6 and from 1e21 on, else 'f'; precision -1
    # (the shortest digits that parse back to f: Python's repr gives exactly those digits).
    a = abs(f)
    if a != 0 and (a < 1e-6 or a >= 1e21):
        s = repr(f)                          # e.g. '1e+21', '1.5e-10', '1e-07'
        mant, exp = s.split("e")
        sign, digits = exp[0], exp[1:]
        digits = digits.rjust(2, "0")        # strconv's 'e' prints at least two exponent digits
        if sign == "-" and len(digits) == 2 and digits[0] == "0":
            digits = digits[1]               # Go: "clean up e-09 to e-9"
        return f"{mant}e{sign}{digits}"
    d = decimal.Decimal(repr(f))             # the same shortest digits, written out in plain notation
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s

def go_string(s):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"': out.append('\\"')
        elif ch == "\\": out.append("\\\\")
        elif ch == "\n": out.append("\\n")
        elif ch == "\r": out.append("\\r")
        elif ch == "\t": out.append("\\t")
        elif ch == "\b": out.append("\\b")    # Go >= 1.22; earlier versions print \u0008
        elif ch == "\f": out.append("\\f")    # Go >= 1.22; earlier versions print \u000c
        elif o < 0x20 or ch in "<>&" or o in (0x2028, 0x2029): out.append("\\u%04x" % o)
        else: out.append(ch)
    out.append('"')
    return "".join(out)

def canonical(v):
    # Go's decoder (mxj → encoding/json into interface{}) makes every number a float64 first.
    if v is None: return "null"
    if v is True: return "true"
    if v is False: return "false"
    if isinstance(v, (int, float)): return go_float(float(v))
    if isinstance(v, str): return go_string(v)
    if isinstance(v, list): return "[" + ",".join(canonical(x) for x in v) + "]"
    if isinstance(v, dict):
        keys = sorted(v, key=lambda k: k.encode("utf-8"))   # Go sorts map keys by their bytes
        return "{" + ",".join(go_string(k) + ":" + canonical(v[k]) for k in keys) + "}"
    raise TypeError(v)

for i, v in enumerate(vectors):
    parts = []
    if v["body"] not in (None, {}):
        v["canonical"] = canonical(v["body"])
        v["data"] = base64.b64encode(v["canonical"].encode("utf-8")).decode("ascii")
        parts.append("data=" + v["data"])
    else:
        v["canonical"] = None
        v["data"] = None
    parts += ["method=" + v["method"], "nonceStr=" + v["nonce"]]
    if not v.get("callback"):
        parts.append("requestUrl=" + v["url"])
    parts += ["signType=sha256", "timestamp=" + str(v["timestamp"])]
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
    "about": "Made by scripts/gen-rm-vectors.sh with openssl (RSA PKCS#1 v1.5 SHA-256) and python3 (canonical JSON by "
             "Go's encoding/json rules, numbers as float64). "
             "Key: private.pem (PKCS#1) = private-pkcs8.pem (PKCS#8); public.pem (SPKI).",
    "vectors": vectors,
}
with open(dest, "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, indent=2)
    f.write("\n")
PY

echo "wrote $out/{private.pem,private-pkcs8.pem,public.pem,vector.json}"
