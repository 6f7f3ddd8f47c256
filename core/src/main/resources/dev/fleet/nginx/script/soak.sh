# Verify's looks as one command, with probe.sh and targets.sh (and what it runs) defined before it
# as functions: the new master with its executable's digest; then the health check's record
# ("health", then an "answer URL STATUS" per address asked, or "answer-error WHY"); then, after
# the soak, the same processes again (the workers must still be the same ones). An empty line
# ends each record.
# $1 the new master's pid, $2 the soak in seconds ("0", "2.5"), $3 what to ask and $4 with what:
# "url URL" (certificates checked), "insecure URLS" (the addresses preflight found, one per line,
# certificates not checked), "listeners MAX" (what the new master listens on: preflight's answers
# are not known), or "off" and nothing; $5 the error log offset both looks report lines after
# (probe.sh's second); then where nginx is, passed on whole to each look (probe.sh's last
# arguments). Each look says itself what it reads.
# Each record after the first waits for fleet to ask for it: a line "fleet_more" on stdin
# (RecordStream.MORE); any other line, or the end of stdin, ends this at once. So a health check
# fleet has already failed is never soaked.
s_pid=$1 s_soak=$2 s_ask=$3 s_with=$4 s_offset=$5
shift 5
probe "exe:$s_pid" "$s_offset" "$@"
echo
IFS= read -r s_go && [ "$s_go" = fleet_more ] || exit 0
echo health
case $s_ask in
  url) targets "$s_pid" url "$s_with" ;;
  listeners) targets "$s_pid" listeners "$s_with" ;;
  insecure)
    while IFS= read -r s_url; do
      [ -n "$s_url" ] || continue # none answered in preflight: nothing to ask
      # answer's stdin is not the list it is in.
      if s_code=$(answer "$s_url" insecure 2>&1 < /dev/null); then
        printf 'answer %s %s\n' "$s_url" "$s_code"
      else
        # One line: an empty one would end the record.
        printf 'answer-error %s\n' "$(printf '%s' "$s_code" | tr '\n' ' ')"
        break
      fi
    done <<EOF
$s_with
EOF
    ;;
esac
echo
IFS= read -r s_go && [ "$s_go" = fleet_more ] || exit 0
if [ "$s_soak" != 0 ]; then
  sleep "$s_soak"
fi
probe quick "$s_offset" "$@"
echo
