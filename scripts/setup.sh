#!/usr/bin/env bash
# Installs whatever `make test` / `make demo` need and is missing; a second run installs nothing.
# Tools: the wasm32 target, wasm-bindgen-cli at the version pinned in Cargo.toml, wasm-pack, the npm
# dev-dependencies (binaryen's wasm-opt, esbuild, workerd, playwright-core), Debian's chromium + chromedriver.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf 'setup: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"; rustup target add wasm32-unknown-unknown
fi
for c in rustfmt clippy; do
  rustup component list --installed | grep -q "^$c" || { say "adding $c"; rustup component add "$c"; }
done

# The CLI must be exactly the version of the wasm-bindgen crate (its JS glue and the wasm's schema must match).
want=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' Cargo.toml)
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ "$have" != "$want" ]; then
  say "installing wasm-bindgen-cli $want (have: ${have:-none}; ~3 min)"
  cargo install wasm-bindgen-cli --version "=$want" --force
fi
if ! command -v wasm-pack >/dev/null; then
  say "installing wasm-pack (~3 min)"; cargo install wasm-pack
fi

# Fuzzing (make fuzz, make fuzz-smoke): cargo-fuzz on the nightly toolchain (libFuzzer needs -Z flags).
if ! rustup toolchain list | grep -q '^nightly'; then
  say "adding the nightly toolchain (cargo-fuzz)"; rustup toolchain install nightly --profile minimal
fi
if ! command -v cargo-fuzz >/dev/null; then
  say "installing cargo-fuzz (~1 min)"; cargo install cargo-fuzz
fi

# npm dev-dependencies: install when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm dev-dependencies"; npm ci --no-audit --no-fund
fi

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  say "installing Debian's chromium and chromium-driver"
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq chromium chromium-driver >/dev/null
fi
# The document-detection test set (scripts/testset/documents.py, run by tests/document_set.rs): Pillow, and the
# photographs of Debian's wallpaper packages as backgrounds.
python3 -c 'import PIL' 2>/dev/null || { say "installing Pillow"; python3 -m pip install --user --quiet pillow; }
if [ ! -d /usr/share/wallpapers/Path ] || [ ! -e /usr/share/backgrounds/Bridge_by_Sander_Klootwijk.jpg ]; then
  say "installing Debian's wallpaper photographs"
  sudo_=""; [ "$(id -u)" -eq 0 ] || sudo_="sudo"
  $sudo_ apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_ apt-get install -y -qq --no-install-recommends \
    plasma-workspace-wallpapers lomiri-wallpapers >/dev/null
fi
say "ok"
