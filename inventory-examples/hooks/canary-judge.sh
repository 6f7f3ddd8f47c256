#!/bin/sh
# canary-judge.sh -- an after_batch gate: after the canary batch, compares the canary hosts' rate
# of 5xx answers with the rest of the fleet's, from nginx access logs, and fails the gate
# (fleet halts and rolls the canary back per upgrade.rollback) when the canary does worse.
#
#   upgrade:
#     hooks:
#       after_batch: ./hooks/canary-judge.sh
#
# How it judges: when the batch is the canary (FLEET_CANARY=1: the first of several batches;
# or, with CANARY_BATCH set, the batch of that number), it notes how long
# every log is, then reads only the lines appended after that: every one of them was answered
# after the canary's upgrade. It waits until the canary hosts together and the other hosts
# together have each answered CANARY_MIN_REQUESTS requests (at most CANARY_WINDOW_TIMEOUT; not
# enough traffic to judge is a failure, since "no news" is not "good news"), then passes when
#     canary 5xx per mille <= others' 5xx per mille + CANARY_MAX_EXTRA_PER_MILLE.
# Any other batch passes at once, and so does a run of one batch (it has no canary), such as
# `fleet rollback`, which runs the same hooks.
#
# Where the logs are: on this machine, one file per host, found through a path template in which
# {host} stands for the host's inventory name, e.g. logs shipped to a central log host and
# mounted here, or fetched by an earlier hook:
#     CANARY_ACCESS_LOG=/srv/logs/{host}/nginx/access.log
# The status is read from nginx's `combined` or `common` format (the field after the quoted
# request line); other formats must keep that order.
#
# From fleet:  FLEET_BATCH (1-based), FLEET_CANARY (1 for the canary batch), FLEET_BATCH_HOSTS
#              (the batch's hosts, space-separated).
# Settings (environment):
#   CANARY_ACCESS_LOG           the path template above.  default /var/log/fleet/{host}/access.log
#   CANARY_BASELINE_HOSTS       the hosts to compare with, space-separated. default: every host
#                               with a log matching the template, except the batch's hosts
#   CANARY_BATCH                judge this batch instead of the canary.  default: the canary
#   CANARY_MIN_REQUESTS         requests each side must answer before judging.       default 100
#   CANARY_MAX_EXTRA_PER_MILLE  how much worse (per mille) the canary may be.        default 10
#   CANARY_WINDOW_TIMEOUT       seconds to wait for that much traffic.               default 120
#   CANARY_POLL                 seconds between two looks at the logs.               default 1
# Keep upgrade.hook_timeout above CANARY_WINDOW_TIMEOUT, so this script's verdict, not the
# kill, ends the gate. Exit codes: 0 passed, 1 failed (why on stderr), 2 usage or settings error.
set -eu
set -f  # host names are split on spaces, never glob-expanded

me=canary-judge
die() { printf '%s: %s\n' "$me" "$*" >&2; exit 1; }
usage() { printf '%s: %s\n' "$me" "$*" >&2; exit 2; }

template=${CANARY_ACCESS_LOG:-/var/log/fleet/{host\}/access.log}
canary_batch=${CANARY_BATCH:-0}
min=${CANARY_MIN_REQUESTS:-100}
extra=${CANARY_MAX_EXTRA_PER_MILLE:-10}
window=${CANARY_WINDOW_TIMEOUT:-120}
poll=${CANARY_POLL:-1}
for setting in "CANARY_BATCH=$canary_batch" "CANARY_MIN_REQUESTS=$min" "CANARY_MAX_EXTRA_PER_MILLE=$extra" \
    "CANARY_WINDOW_TIMEOUT=$window" "CANARY_POLL=$poll"; do
  case ${setting#*=} in '' | *[!0-9]*) usage "${setting%%=*} '${setting#*=}' is not a whole number" ;; esac
done
[ "$poll" -gt 0 ] || usage "CANARY_POLL must be above 0"
[ "$min" -gt 0 ] || usage "CANARY_MIN_REQUESTS must be above 0"
case $template in *'{host}'*) ;; *) usage "CANARY_ACCESS_LOG '$template' has no {host}" ;; esac
case $template in *[*?[]*) usage "CANARY_ACCESS_LOG '$template' has glob characters" ;; esac
prefix=${template%%\{host\}*}
suffix=${template#*\{host\}}

batch=${FLEET_BATCH:-}
case $batch in '' | *[!0-9]*) usage "FLEET_BATCH '$batch' is not a batch number (fleet sets it for after_batch)" ;; esac
if [ "$canary_batch" -gt 0 ]; then
  judged=$([ "$batch" -eq "$canary_batch" ] && echo 1 || echo 0)
elif [ -n "${FLEET_CANARY:-}" ]; then
  judged=$FLEET_CANARY
else
  judged=$([ "$batch" -eq 1 ] && echo 1 || echo 0)  # a fleet that does not say: the first batch
fi
if [ "$judged" != 1 ]; then
  echo "$me: batch $batch is not the canary: passes"
  exit 0
fi

# A host's log; host names come from fleet, so one that could leave the template's directory
# is refused rather than read.
log_of() {
  case $1 in '' | . | .. | */*) die "host name '$1' cannot name a log file" ;; esac
  printf '%s%s%s' "$prefix" "$1" "$suffix"
}

canary=${FLEET_BATCH_HOSTS:-}
[ -n "$canary" ] || usage "FLEET_BATCH_HOSTS is empty (fleet sets it for after_batch)"
if [ -n "${CANARY_BASELINE_HOSTS:-}" ]; then
  baseline=$CANARY_BASELINE_HOSTS
else
  baseline=""
  set +f
  for file in "$prefix"*"$suffix"; do
    [ -f "$file" ] || continue
    name=${file#"$prefix"}
    name=${name%"$suffix"}
    case " $canary " in *" $name "*) ;; *) baseline="$baseline $name" ;; esac
  done
  set -f
fi
[ -n "$(echo $baseline)" ] || die "no other host to compare the canary with (no log matches $template; set CANARY_BASELINE_HOSTS)"

# Notes each log's length now, as "host offset" lines; only what is appended later is judged.
marks=""
for host in $canary $baseline; do
  file=$(log_of "$host")
  [ -r "$file" ] || die "$host: cannot read its access log $file (CANARY_ACCESS_LOG)"
  marks="$marks$host $(wc -c <"$file" | tr -d ' ')
"
done

# "answers 5xx" of the hosts given, counting only lines after each host's mark.
count() {
  total=0 errors=0
  for host in "$@"; do
    file=$(log_of "$host")
    offset=$(printf '%s' "$marks" | H=$host awk '$1 == ENVIRON["H"] { print $2; exit }')
    size=$(wc -c <"$file" | tr -d ' ')
    [ "$size" -ge "$offset" ] || offset=0  # rotated: read the new file from its start
    set -- $(tail -c +$((offset + 1)) "$file" | awk -F'"' '
      NF >= 3 { split($3, f, " "); n++; if (f[1] ~ /^5[0-9][0-9]$/) e++ }
      END { print n + 0, e + 0 }')
    total=$((total + $1)) errors=$((errors + $2))
  done
  echo "$total $errors"
}

echo "$me: judging $(echo $canary) against $(echo $baseline) on what they answer from now on ($min requests each)"
start=$(date +%s)
while :; do
  set -- $(count $canary)
  canary_total=$1 canary_errors=$2
  set -- $(count $baseline)
  baseline_total=$1 baseline_errors=$2
  [ "$canary_total" -ge "$min" ] && [ "$baseline_total" -ge "$min" ] && break
  if [ $(($(date +%s) - start)) -ge "$window" ]; then
    die "not enough traffic to judge within ${window}s: canary ($(echo $canary)) answered $canary_total, the others $baseline_total, of $min requests each"
  fi
  sleep "$poll"
done

canary_rate=$((canary_errors * 1000 / canary_total))
baseline_rate=$((baseline_errors * 1000 / baseline_total))
verdict="canary ($(echo $canary)): $canary_errors 5xx of $canary_total ($canary_rate per mille); others: $baseline_errors of $baseline_total ($baseline_rate per mille)"
if [ "$canary_rate" -gt $((baseline_rate + extra)) ]; then
  die "failed: $verdict; allowed: $((baseline_rate + extra)) per mille"
fi
echo "$me: passed: $verdict"
