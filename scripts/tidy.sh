#!/bin/sh
# clang-tidy over src/ with the build's compile commands, minus GCC's
# precompiled header (clang cannot read a .gch).
set -eu
build_dir=${1:-build}
out=$(mktemp -d)
python3 - "$build_dir/compile_commands.json" "$out/compile_commands.json" <<'PY'
import json, re, sys
commands = json.load(open(sys.argv[1]))
for c in commands:
    cmd = c["command"]
    cmd = re.sub(r"-Xclang -include-pch -Xclang \S+", "", cmd)
    cmd = re.sub(r"-Xclang -include -Xclang \S+", "", cmd)
    cmd = re.sub(r"-include \S+cmake_pch\.hxx", "", cmd)
    c["command"] = cmd.replace("-Winvalid-pch", "")
json.dump(commands, open(sys.argv[2], "w"))
PY
run-clang-tidy -p "$out" -quiet 'src/'
