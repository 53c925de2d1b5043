#!/usr/bin/env sh
# Install code-server (VS Code in a browser) from the npm registry into a cache folder, for
# tests/test_vscode_e2e.py. Run by `make code-server` (and so by .ci/run); a second run does nothing.
#
#   CODE_SERVER_VERSION   default 4.100.3 (4.100.x runs on Node.js 20, which the machine has)
#   SYNCDSL_E2E_CACHE     default ${XDG_CACHE_HOME:-$HOME/.cache}/syncdsl-e2e
#
# It needs Node.js 20 with its headers (/usr/include/node), a C++ toolchain, python3, pkg-config, the
# Kerberos headers (libkrb5-dev) for code-server's native modules, and ripgrep (Debian's `ripgrep`):
#
# - As root, npm only runs code-server's postinstall with unsafe-perm; npm_config_yes answers npx.
# - The native modules' prebuilt-binary downloads (GitHub) are not reachable; they fall back to
#   building from source against the local Node.js headers (npm_config_nodedir), not downloaded ones.
# - @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache folder,
#   $TMPDIR/vscode-ripgrep-cache-<package version>/, already holds the release archive it wants. The
#   archive is made here from Debian's rg, under the name that version's postinstall.js asks for.
set -eu

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE="${SYNCDSL_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/syncdsl-e2e}"
PREFIX="$CACHE/code-server-$VERSION"
BIN="$PREFIX/node_modules/.bin/code-server"

if [ -f "$PREFIX/.installed" ] && [ -x "$BIN" ]; then
  echo "code-server $VERSION is installed: $BIN"
  exit 0
fi

fail() {
  echo "install-code-server.sh: $*" >&2
  exit 1
}
command -v node >/dev/null 2>&1 || fail "needs Node.js 20 (node)"
command -v npm >/dev/null 2>&1 || fail "needs npm"
RG="$(command -v rg || true)"
[ -n "$RG" ] || fail "needs ripgrep (apt-get install ripgrep): @vscode/ripgrep would download it from GitHub"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" = 20 ] || fail "code-server $VERSION needs Node.js 20, this is $(node --version)"

rm -rf "$PREFIX"
mkdir -p "$PREFIX/tmp"
export TMPDIR="$PREFIX/tmp"
export npm_config_unsafe_perm=true
export npm_config_yes=true
export npm_config_update_notifier=false
export npm_config_fund=false
export npm_config_audit=false
if [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi

echo "--- code-server $VERSION into $PREFIX (scripts later)"
npm install --prefix "$PREFIX" --ignore-scripts --no-save "code-server@$VERSION"

echo "--- ripgrep cache from $RG"
work="$PREFIX/tmp/rg-probe"
mkdir -p "$work/bin"
cp "$RG" "$work/bin/rg"
for shrinkwrap in "$PREFIX"/node_modules/code-server/lib/vscode/npm-shrinkwrap.json \
  "$PREFIX"/node_modules/code-server/lib/vscode/remote/npm-shrinkwrap.json; do
  [ -f "$shrinkwrap" ] || continue
  for rg_version in $(node -e '
    const lock = require(process.argv[1]);
    const seen = new Set();
    for (const [name, entry] of Object.entries(lock.packages || {})) {
      if (name.endsWith("node_modules/@vscode/ripgrep") && entry.version) seen.add(entry.version);
    }
    console.log([...seen].join(" "));' "$shrinkwrap"); do
    [ -d "$TMPDIR/vscode-ripgrep-cache-$rg_version" ] && continue
    (cd "$work" && npm pack --silent "@vscode/ripgrep@$rg_version" >/dev/null)
    mkdir -p "$work/pkg-$rg_version"
    tar xzf "$work/vscode-ripgrep-$rg_version.tgz" -C "$work/pkg-$rg_version"
    # The asset name, exactly as that version's postinstall.js and download.js build it.
    asset="$(node -e '
      const fs = require("fs");
      const dir = process.argv[1];
      const post = fs.readFileSync(dir + "/package/lib/postinstall.js", "utf8");
      const version = post.match(/const VERSION = .(v[^"\x27]+)/)[1];
      const arch = process.arch;
      const target = arch === "x64" ? "x86_64-unknown-linux-musl" : arch === "arm64" ? "aarch64-unknown-linux-musl" : null;
      if (target === null) { console.error("no ripgrep target for " + arch); process.exit(1); }
      console.log(["ripgrep", version, target].join("-") + ".tar.gz");' "$work/pkg-$rg_version")"
    mkdir -p "$TMPDIR/vscode-ripgrep-cache-$rg_version"
    tar czf "$TMPDIR/vscode-ripgrep-cache-$rg_version/$asset" -C "$work/bin" rg
    echo "    @vscode/ripgrep $rg_version: $TMPDIR/vscode-ripgrep-cache-$rg_version/$asset"
  done
done

echo "--- install scripts: code-server's postinstall (VS Code's dependencies), native modules from source"
(cd "$PREFIX" && npm rebuild --foreground-scripts)

[ -x "$BIN" ] || fail "no $BIN after the install"
XDG_CONFIG_HOME="$PREFIX/tmp" XDG_DATA_HOME="$PREFIX/tmp" "$BIN" --version  # it writes a config file otherwise
find "$PREFIX/node_modules/code-server/lib/vscode/node_modules/@vscode/ripgrep/bin" -name rg -type f | grep -q . \
  || fail "code-server's ripgrep binary is missing"
rm -rf "$PREFIX/tmp"
touch "$PREFIX/.installed"
echo "code-server $VERSION is installed: $BIN"
