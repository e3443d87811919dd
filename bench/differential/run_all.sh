#!/usr/bin/env bash
# Run every differential check in this folder, one after the other.
#
#   bench/differential/run_all.sh [--peer-only] [--sample N] [--timeout S] [--seamcheck-python PY]
#
# A check whose registry (PyPI / npm) is unreachable prints "skipped: <why>" and exits 0.
# Full reports are also kept in bench/.work/logs/<check>.log; summaries in bench/.work/*/summary.json.
# Exit status: 0 when every check ran or skipped, 1 when one failed (e.g. seamcheck crashed).
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="${SEAMCHECK_BENCH_WORK:-$here/../.work}"
py="${SEAMCHECK_PYTHON:-/tmp/venv/bin/python}"
[ -x "$py" ] || py="$(command -v python3)"
mkdir -p "$work/logs"

status=0
for check in python_vs_grimp js_vs_depcruise ts_vs_depcruise rules_vs_depcruise contracts_vs_importlinter \
    contracts_vs_tach; do
    echo "##### $check"
    if ! "$py" "$here/$check.py" "$@" 2>&1 | tee "$work/logs/$check.log"; then
        echo "##### $check FAILED (see $work/logs/$check.log)"
        status=1
    fi
done
exit "$status"
