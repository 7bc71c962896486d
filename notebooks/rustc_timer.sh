#!/usr/bin/env bash
# RUSTC_WRAPPER used only by notebooks/latency.py, never by the course itself. Cargo runs it as
# `rustc_timer.sh RUSTC ARGS...`. Every crate compiles untouched except evcxr's cell crate
# (crate name `ctx`): for it, this records in $LATENCY_LOG when rustc started and ended and how
# long its front end, code generation and linking took, as `-Z time-passes` reports them
# (RUSTC_BOOTSTRAP=1 lets the stable compiler take that one unstable flag).
# One line per compile: start end total codegen link (seconds; start and end since 1970).
set -u
rustc=$1
shift
case " $* " in
  *" --crate-name ctx "*) ;;
  *) exec "$rustc" "$@" ;;
esac
passes=$(mktemp)
start=$(date +%s.%N)
RUSTC_BOOTSTRAP=1 "$rustc" "$@" -Ztime-passes 2> "$passes"
status=$?
end=$(date +%s.%N)
grep -v '^time:' "$passes" >&2
awk -v start="$start" -v end="$end" '
  /^time:/ { split($2, t, ";"); took[$NF] = t[1] }
  END { printf "%s %s %s %s %s\n", start, end, took["total"] + 0,
        took["codegen_crate"] + took["finish_ongoing_codegen"], took["link"] + 0 }
' "$passes" >> "$LATENCY_LOG"
rm -f "$passes"
exit "$status"
