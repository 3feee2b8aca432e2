#!/bin/sh
# Runs every fuzz target for SECONDS, all at once (one per core: there are
# two), starting from the seed corpora in fuzz/corpus (new inputs go to a
# scratch directory, the repo is not touched). Exits non-zero, keeping the
# crashing input, if any target fails.
set -eu
build_dir=${1:-build-fuzz}
seconds=${2:-300}
targets="http_request member_csv"
scratch=$(mktemp -d)
for target in $targets; do
    mkdir -p "$scratch/$target"
    echo "fuzz: $target for ${seconds}s"
    # Leak checks are off: connection and statement caches outlive single inputs by design.
    ( "$build_dir/${target}_fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 \
        -detect_leaks=0 -print_final_stats=1 -artifact_prefix="$scratch/$target-" \
        "$scratch/$target" "fuzz/corpus/$target" >"$scratch/$target.log" 2>&1
      echo $? >"$scratch/$target.status" ) &
done
wait
status=0
for target in $targets; do
    if [ "$(cat "$scratch/$target.status")" -ne 0 ]; then
        status=1
        echo "fuzz: $target FAILED; input and log kept in $scratch"
        tail -n 40 "$scratch/$target.log"
    fi
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$scratch/$target.log" | grep -o '[0-9]*$' || echo 0)
    cov=$(grep -o 'cov: [0-9]*' "$scratch/$target.log" | tail -n 1 || true)
    echo "fuzz: $target ran $runs inputs ($cov)"
done
[ "$status" -eq 0 ] && rm -rf "$scratch"
exit "$status"
