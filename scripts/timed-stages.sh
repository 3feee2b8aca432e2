#!/usr/bin/env bash
# Runs `make STAGE` for each stage in order, stopping at the first failure,
# and prints how long each took at the end (also when one failed), so a slow
# `make test` shows where its time goes.
set -uo pipefail
make_cmd=${MAKE:-make}
names=()
times=()
status=0
for stage in "$@"; do
    start=$(date +%s)
    "$make_cmd" --no-print-directory "$stage"
    status=$?
    names+=("$stage")
    times+=($(($(date +%s) - start)))
    [ "$status" -ne 0 ] && break
done
total=0
echo
echo "stage times:"
for i in "${!names[@]}"; do
    printf '  %-14s %4d:%02d\n' "${names[$i]}" $((times[i] / 60)) $((times[i] % 60))
    total=$((total + times[i]))
done
printf '  %-14s %4d:%02d%s\n' total $((total / 60)) $((total % 60)) "$([ "$status" -ne 0 ] && echo "  (stopped: ${names[-1]} failed)")"
exit "$status"
