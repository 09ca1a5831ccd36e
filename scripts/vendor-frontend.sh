#!/usr/bin/env bash
# Refresh the web app's vendored front-end files from npm (a clean clone needs none of this:
# the files are committed). Cytoscape.js is vendored once, in kennisgraaf/graph/vendor/.
set -euo pipefail
CODEMIRROR=5.65.20
dest="$(cd "$(dirname "$0")/.." && pwd)/kennisgraaf/web/static/vendor/codemirror"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "codemirror@$CODEMIRROR" >/dev/null && tar xzf codemirror-*.tgz)
mkdir -p "$dest"
cp "$tmp/package/lib/codemirror.js" "$tmp/package/lib/codemirror.css" \
   "$tmp/package/mode/sparql/sparql.js" "$tmp/package/LICENSE" "$dest/"
(cd "$dest" && sha256sum codemirror.js codemirror.css sparql.js)
