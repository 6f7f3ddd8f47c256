# Verify's looks as one command, with probe.sh and targets.sh (and what it runs) defined before it
# as functions: the new master with its executable's digest; then the health check's record
# ("health", then an "answer URL STATUS" per address asked, or "answer-error WHY"); then, after
# the soak, the same processes again (the workers must still be the same ones). An empty line
# ends each record.
# $1 the new master's pid, $2 the soak in seconds ("0", "2.5"), $3..$8 probe.sh's six (its $4,
# what to read, is set here for each look), then what to ask: "url URL" (certificates checked),
# "insecure URL..." (addresses preflight found, certificates not checked), "listeners MAX" (what
# the new master listens on: preflight's answers are not known), or nothing.
s_pid=$1 s_soak=$2
shift 2
probe "$1" "$2" "$3" "exe:$s_pid" "$5" "$6"
echo
s_p1=$1 s_p2=$2 s_p3=$3 s_p5=$5 s_p6=$6
shift 6
echo health
case $1 in
  url) targets "$s_pid" url "$2" ;;
  listeners) targets "$s_pid" listeners "$2" ;;
  insecure)
    shift
    for s_url in "$@"; do
      if s_code=$(answer "$s_url" insecure 2>&1); then
        printf 'answer %s %s\n' "$s_url" "$s_code"
      else
        # One line: an empty one would end the record.
        printf 'answer-error %s\n' "$(printf '%s' "$s_code" | tr '\n' ' ')"
        break
      fi
    done ;;
esac
echo
if [ "$s_soak" != 0 ]; then
  sleep "$s_soak"
fi
probe "$s_p1" "$s_p2" "$s_p3" quick "$s_p5" "$s_p6"
echo
