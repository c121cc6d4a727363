#!/usr/bin/env bash
# Fetch pinned front-end libraries from the npm registry and copy only the
# distribution files we serve (plus their licence files) into
# houqin/static/vendor/<lib>/.
#
# Nothing is ever loaded from a CDN at run time: the pages reference these
# files through {% static %} only.
#
# Reproducible: every version is pinned below together with the registry's
# sha512 integrity of the tarball; a mismatch aborts the run.
# Idempotent: each vendor/<lib>/ directory is removed and rewritten, and
# VERSIONS.txt is regenerated, so running twice yields the same tree.
#
# Source-map comments are stripped from the copied .js/.css files, because
# Django's ManifestStaticFilesStorage would otherwise require the .map files.
#
# Usage: scripts/vendor.sh        (needs: npm, node, tar)
set -euo pipefail

# ---------------------------------------------------------------- pins ----
BOOTSTRAP_VERSION="5.3.9"
BOOTSTRAP_ICONS_VERSION="1.13.2"
HTMX_VERSION="2.0.11"
ECHARTS_VERSION="5.6.0"
JSQR_VERSION="1.4.0"

BOOTSTRAP_INTEGRITY="sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w=="
BOOTSTRAP_ICONS_INTEGRITY="sha512-fAU1Ly3dH7hwRg+CB8EZ0Vl0fF80zgXHeUVJyfUOKzoURr+TbwISbCW5tKUoQLERaWYG2emTCybcPbD96hdD1A=="
HTMX_INTEGRITY="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="
ECHARTS_INTEGRITY="sha512-oTbVTsXfKuEhxftHqL5xprgLoc0k7uScAwtryCgWF6hPYFLRwOUHiFmHGCBKP5NPFNkDVopOieyUqYGH8Fa3kA=="
JSQR_INTEGRITY="sha512-dxLob7q65Xg2DvstYkRpkYtmKm2sPJ9oFhrhmudT1dZvNFFTlroai3AWSpLey/w5vMcLBXRgOJsbXpdN9HzU/A=="
# --------------------------------------------------------------------------

umask 022
export LC_ALL=C

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
VENDOR_DIR="$ROOT/houqin/static/vendor"

for tool in npm node tar; do
    command -v "$tool" >/dev/null 2>&1 || { echo "vendor.sh: '$tool' not found" >&2; exit 1; }
done

WORK="$(mktemp -d "${TMPDIR:-/tmp}/houqin-vendor.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT

VERSIONS_ROWS=()

die() { echo "vendor.sh: $*" >&2; exit 1; }

# fetch <npm-name> <version> <integrity>  -> prints the extracted package dir
fetch() {
    local name="$1" version="$2" integrity="$3"
    local dest="$WORK/$name"
    mkdir -p "$dest"
    local tgz
    tgz="$(cd "$dest" && npm pack "${name}@${version}" --pack-destination "$dest" \
            --ignore-scripts --silent | tail -n 1)"
    [ -f "$dest/$tgz" ] || die "npm pack ${name}@${version} produced no tarball"
    local actual
    actual="$(node -e '
        const fs = require("fs"), crypto = require("crypto");
        const h = crypto.createHash("sha512").update(fs.readFileSync(process.argv[1]));
        process.stdout.write("sha512-" + h.digest("base64"));
    ' "$dest/$tgz")"
    [ "$actual" = "$integrity" ] || die "integrity mismatch for ${name}@${version}: got $actual"
    tar -xzf "$dest/$tgz" -C "$dest" --no-same-owner --no-same-permissions
    local pkg="$dest/package"
    local got
    got="$(node -p 'require(process.argv[1]).version' "$pkg/package.json")"
    [ "$got" = "$version" ] || die "${name}: expected version $version, tarball says $got"
    echo "$pkg"
}

# licence_of <package dir>
licence_of() {
    node -p 'const p = require(process.argv[1]); p.license || (p.licenses || []).map(l => l.type || l).join(" OR ") || "UNKNOWN"' \
        "$1/package.json"
}

# reset_lib <lib>  -> removes and recreates vendor/<lib>/
reset_lib() {
    local lib="$1"
    [ -n "$lib" ] || die "empty lib name"
    rm -rf "${VENDOR_DIR:?}/$lib"
    mkdir -p "$VENDOR_DIR/$lib"
}

# put <src> <dst>: copy a file; .js/.css files have source-map comments removed.
put() {
    local src="$1" dst="$2"
    [ -s "$src" ] || die "missing or empty source file: $src"
    mkdir -p "$(dirname "$dst")"
    case "$dst" in
        *.js|*.css)
            # Drop lines that are only a source-map comment
            #   //# sourceMappingURL=...      /*# sourceMappingURL=... */
            # and a trailing /*# sourceMappingURL=... */ glued to the end of a line.
            sed -E \
                -e '/^[[:space:]]*\/\/[#@][[:space:]]*sourceMappingURL=[^[:space:]]*[[:space:]]*$/d' \
                -e '/^[[:space:]]*\/\*[#@][[:space:]]*sourceMappingURL=[^*]*\*\/[[:space:]]*$/d' \
                -e 's/\/\*[#@][[:space:]]*sourceMappingURL=[^*]*\*\/[[:space:]]*$//' \
                "$src" > "$dst"
            # Same patterns Django's ManifestStaticFilesStorage looks for.
            if grep -Eq '^//# sourceMappingURL=|^/\*#[[:space:]]sourceMappingURL=' "$dst"; then
                die "sourceMappingURL comment left in $dst"
            fi
            ;;
        *)
            cp "$src" "$dst"
            ;;
    esac
    chmod 0644 "$dst"
}

record() { VERSIONS_ROWS+=("$1|$2|$3"); }

mkdir -p "$VENDOR_DIR"

# --- bootstrap -------------------------------------------------------------
pkg="$(fetch bootstrap "$BOOTSTRAP_VERSION" "$BOOTSTRAP_INTEGRITY")"
reset_lib bootstrap
put "$pkg/dist/css/bootstrap.min.css"        "$VENDOR_DIR/bootstrap/bootstrap.min.css"
put "$pkg/dist/js/bootstrap.bundle.min.js"   "$VENDOR_DIR/bootstrap/bootstrap.bundle.min.js"
put "$pkg/LICENSE"                           "$VENDOR_DIR/bootstrap/LICENSE"
record bootstrap "$BOOTSTRAP_VERSION" "$(licence_of "$pkg")"

# --- bootstrap-icons -------------------------------------------------------
# The css references url("fonts/bootstrap-icons.woff2?...") relative to itself.
pkg="$(fetch bootstrap-icons "$BOOTSTRAP_ICONS_VERSION" "$BOOTSTRAP_ICONS_INTEGRITY")"
reset_lib bootstrap-icons
put "$pkg/font/bootstrap-icons.min.css"        "$VENDOR_DIR/bootstrap-icons/bootstrap-icons.min.css"
put "$pkg/font/fonts/bootstrap-icons.woff2"    "$VENDOR_DIR/bootstrap-icons/fonts/bootstrap-icons.woff2"
put "$pkg/font/fonts/bootstrap-icons.woff"     "$VENDOR_DIR/bootstrap-icons/fonts/bootstrap-icons.woff"
put "$pkg/LICENSE"                             "$VENDOR_DIR/bootstrap-icons/LICENSE"
grep -q 'url("fonts/bootstrap-icons.woff2' "$VENDOR_DIR/bootstrap-icons/bootstrap-icons.min.css" \
    || die "bootstrap-icons css no longer references fonts/bootstrap-icons.woff2"
record bootstrap-icons "$BOOTSTRAP_ICONS_VERSION" "$(licence_of "$pkg")"

# --- htmx ------------------------------------------------------------------
pkg="$(fetch htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY")"
reset_lib htmx
put "$pkg/dist/htmx.min.js"   "$VENDOR_DIR/htmx/htmx.min.js"
put "$pkg/LICENSE"            "$VENDOR_DIR/htmx/LICENSE"
record htmx.org "$HTMX_VERSION" "$(licence_of "$pkg")"

# --- echarts ---------------------------------------------------------------
pkg="$(fetch echarts "$ECHARTS_VERSION" "$ECHARTS_INTEGRITY")"
reset_lib echarts
put "$pkg/dist/echarts.min.js"   "$VENDOR_DIR/echarts/echarts.min.js"
put "$pkg/LICENSE"               "$VENDOR_DIR/echarts/LICENSE"
if [ -f "$pkg/NOTICE" ]; then
    put "$pkg/NOTICE"            "$VENDOR_DIR/echarts/NOTICE"
fi
# LICENSE points to /licenses/LICENSE-d3 for the embedded d3 code.
if [ -f "$pkg/licenses/LICENSE-d3" ]; then
    put "$pkg/licenses/LICENSE-d3" "$VENDOR_DIR/echarts/licenses/LICENSE-d3"
fi
record echarts "$ECHARTS_VERSION" "$(licence_of "$pkg")"

# --- jsQR ------------------------------------------------------------------
pkg="$(fetch jsqr "$JSQR_VERSION" "$JSQR_INTEGRITY")"
reset_lib jsqr
put "$pkg/dist/jsQR.js"   "$VENDOR_DIR/jsqr/jsQR.js"
put "$pkg/LICENSE"        "$VENDOR_DIR/jsqr/LICENSE"
record jsqr "$JSQR_VERSION" "$(licence_of "$pkg")"

# --- VERSIONS.txt ------------------------------------------------------------
{
    echo "# Generated by scripts/vendor.sh -- do not edit by hand."
    echo "# Fetched from the npm registry; served locally, never from a CDN."
    printf '%-18s %-10s %s\n' "lib" "version" "licence"
    for row in "${VERSIONS_ROWS[@]}"; do
        IFS='|' read -r lib ver lic <<<"$row"
        printf '%-18s %-10s %s\n' "$lib" "$ver" "$lic"
    done
} > "$VENDOR_DIR/VERSIONS.txt"
chmod 0644 "$VENDOR_DIR/VERSIONS.txt"

echo "vendor.sh: wrote $VENDOR_DIR"
(cd "$VENDOR_DIR" && find . -type f | sort | while read -r f; do
    printf '  %10s  %s\n' "$(wc -c <"$f" | tr -d ' ')" "${f#./}"
done)
