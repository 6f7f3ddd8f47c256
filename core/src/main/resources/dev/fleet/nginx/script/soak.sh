# Verify's looks as one command, with probe.sh and ask.sh (and what it runs) defined before it as
# functions: the new master with its executable's digest; then the health check's record
# ("health", then an "answer URL STATUS" per address asked, or "answer-error WHY"); then, after
# the soak, the same processes again (the workers must still be the same ones). An empty line
# ends each record.
# $1 the new master's pid, $2 the soak in seconds ("0", "2.5"), $3 what the host asks and $4 with
# what (ask.sh's: "insecure" gets the addresses preflight found, "listeners" is for a resumed run,
# which never saw preflight's answers; fleet asks plain-http URLs itself, so often "off"); $5 the
# error log offset both looks report lines after (probe.sh's second); then where nginx is, passed
# on whole to each look (probe.sh's last arguments). Each look says itself what it reads.
# Each record after the first waits for fleet to ask for it: a line "fleet_more" on stdin
# (RecordStream.MORE); any other line, or the end of stdin, ends this at once. So a health check
# fleet has already failed is never soaked.
s_pid=$1 s_soak=$2 s_ask=$3 s_with=$4 s_offset=$5
shift 5
probe "exe:$s_pid" "$s_offset" "$@"
echo
IFS= read -r s_go && [ "$s_go" = fleet_more ] || exit 0
echo health
ask "$s_pid" "$s_ask" "$s_with"
echo
IFS= read -r s_go && [ "$s_go" = fleet_more ] || exit 0
if [ "$s_soak" != 0 ]; then
  sleep "$s_soak"
fi
probe quick "$s_offset" "$@"
echo
