#!/usr/bin/env bash
# Refreshes the vendored Chart.js of the progress page from Maven Central's
# webjar (this project's machines reach Maven Central, not npm).
# Usage: bash scripts/vendor_chartjs.sh [version]   (default 4.5.1)
set -euo pipefail
version="${1:-4.5.1}"
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="$root/ckanext-tmopendata/ckanext/tmopendata/progress/assets/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
curl -fsSL -o "$tmp/chart.jar" \
  "https://repo1.maven.org/maven2/org/webjars/npm/chart.js/$version/chart.js-$version.jar"
(cd "$tmp" && unzip -q chart.jar)
base="$tmp/META-INF/resources/webjars/chart.js/$version"
cp "$base/dist/chart.umd.min.js" "$dest/chart.umd.min.js"
cp "$base/LICENSE.md" "$dest/chart.js-LICENSE.md"
echo "Chart.js $version -> $dest (sha256 $(sha256sum "$dest/chart.umd.min.js" | cut -d' ' -f1));"
echo "update the version and checksum in $dest/README.md and progress/assets/webassets.yml."
