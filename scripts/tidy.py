#!/usr/bin/env python3
"""clang-tidy over src/ and client/ (the code and the unit tests beside it) with the build's
compile commands, one translation unit per core, every finding an error.

A translation unit is checked again only when something clang-tidy sees has
changed: its key is the hash of clang-tidy's version, .clang-tidy, the compile
command and the preprocessed source (so a changed header counts). Keys of units
that passed are kept in $ENTITLED_TIDY_CACHE (default ~/.cache/entitled-tidy),
as ccache keeps objects; with a warm cache `make tidy` takes seconds.

usage: tidy.py BUILD_DIR [JOBS]"""
import concurrent.futures
import hashlib
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD_DIR = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "build")
JOBS = int(sys.argv[2]) if len(sys.argv) > 2 else os.cpu_count() or 1
CACHE = os.environ.get("ENTITLED_TIDY_CACHE", os.path.expanduser("~/.cache/entitled-tidy"))
# GCC's precompiled header is unreadable to clang; GCC-only warning options are unknown to it;
# where debug info points (ccache's relocation, CMakeLists.txt) does not matter to clang-tidy.
PCH_FLAGS = [r"-Xclang -include-pch -Xclang \S+", r"-Xclang -include -Xclang \S+", r"-include \S+cmake_pch\.hxx",
             r"-Winvalid-pch", r"-fdebug-prefix-map=\S+ ?"]


def clang_command(command):
    for pattern in PCH_FLAGS:
        command = re.sub(pattern, "", command)
    return command


def preprocessed(entry):
    args = shlex.split(entry["command"])
    args[0] = "clang++"
    out = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "-o":
            skip = True
        elif arg == "-c":
            out.append("-E")
        else:
            out.append(arg)
    result = subprocess.run(out + ["-Wno-unknown-warning-option"], cwd=entry["directory"], capture_output=True)
    return result.stdout if result.returncode == 0 else None


def key_of(entry, salt):
    text = preprocessed(entry)
    if text is None:
        return None  # clang cannot even preprocess it: let clang-tidy say why
    # Paths of the checkout and the build directory do not count (like ccache's
    # base_dir): a fresh clone elsewhere finds the keys of this one.
    command = entry["command"].replace(BUILD_DIR, "@BUILD@").replace(REPO, "@REPO@")
    digest = hashlib.sha256(salt)
    digest.update(command.encode())
    digest.update(text.replace(BUILD_DIR.encode(), b"@BUILD@").replace(REPO.encode(), b"@REPO@"))
    return digest.hexdigest()


def check(entry, db_dir, salt):
    key = key_of(entry, salt)
    if key is not None and os.path.exists(os.path.join(CACHE, key)):
        return entry["file"], "cached", ""
    result = subprocess.run(["clang-tidy", "-p", db_dir, "--quiet", "--extra-arg=-Wno-unknown-warning-option",
                             entry["file"]], capture_output=True, text=True)
    findings = result.stdout.strip()
    if result.returncode == 0 and "warning:" not in findings and "error:" not in findings:
        if key is not None:
            open(os.path.join(CACHE, key), "w").close()
        return entry["file"], "clean", ""
    return entry["file"], "findings", findings + result.stderr


def main():
    commands = json.load(open(os.path.join(BUILD_DIR, "compile_commands.json")))
    roots = tuple(os.path.join(REPO, d) + os.sep for d in ("src", "client"))
    entries = []
    for entry in commands:
        if entry["file"].startswith(roots):
            entry = dict(entry, command=clang_command(entry["command"]))
            entries.append(entry)
    os.makedirs(CACHE, exist_ok=True)
    version = subprocess.run(["clang-tidy", "--version"], capture_output=True).stdout
    salt = version + open(os.path.join(REPO, ".clang-tidy"), "rb").read()
    counts = {"cached": 0, "clean": 0, "findings": 0}
    with tempfile.TemporaryDirectory() as db_dir:
        json.dump(entries, open(os.path.join(db_dir, "compile_commands.json"), "w"))
        with concurrent.futures.ThreadPoolExecutor(JOBS) as pool:
            for file, outcome, text in pool.map(lambda e: check(e, db_dir, salt), entries):
                counts[outcome] += 1
                if text:
                    print(text, flush=True)
    print("tidy: %d translation units: %d checked clean, %d unchanged since they passed, %d with findings"
          % (len(entries), counts["clean"], counts["cached"], counts["findings"]))
    return 1 if counts["findings"] else 0


sys.exit(main())
