#!/usr/bin/env bash
# install-deps on a machine whose Node is Debian 12's 18.x: it fetches the
# pinned Node from the npm registry into the tools directory, and that Node
# runs the web toolchain. The old Node is a stand-in first on PATH that
# reports v18.19.0 and refuses to run anything; nothing outside a scratch
# directory changes. Everything but --version it hands to the real Node, as
# Debian's Node 18 would run Debian's npm.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/old-node"
real_node=$(command -v node)
cat >"$scratch/old-node/node" <<NODE
#!/bin/sh
[ "\${1:-}" = --version ] && { echo v18.19.0; exit 0; }
exec "$real_node" "\$@"
NODE
chmod +x "$scratch/old-node/node"

out=$(PATH="$scratch/old-node:$PATH" ENTITLED_TOOLS_DIR="$scratch/tools" "$repo/scripts/install-deps.sh" 2>&1)
echo "$out"
grep -q "v18.19.0 is older than 20.19; fetching Node" <<<"$out" || { echo "FAIL: did not notice the old Node"; exit 1; }
version=$("$scratch/tools/node/bin/node" --version)
[ "$version" = v20.20.2 ] || { echo "FAIL: fetched $version, not v20.20.2"; exit 1; }
# The fetched Node, first on PATH as the Makefile puts it, runs npm, and the
# web build's own tool when the web packages are installed already.
fetched_path="$scratch/tools/node/bin:$scratch/old-node:$PATH"
echo "npm $(PATH="$fetched_path" npm --version) on $(PATH="$fetched_path" node --version)"
if [ -f "$repo/web/node_modules/vite/bin/vite.js" ]; then
  echo "vite on the fetched Node: $(cd "$repo/web" && PATH="$fetched_path" node node_modules/vite/bin/vite.js --version)"
fi
# A second run finds it and fetches nothing.
again=$(PATH="$scratch/old-node:$PATH" ENTITLED_TOOLS_DIR="$scratch/tools" "$repo/scripts/install-deps.sh" 2>&1)
[ -z "$again" ] || { echo "FAIL: the second run did something: $again"; exit 1; }
echo "PASS"
