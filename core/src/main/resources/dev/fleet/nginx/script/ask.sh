# The health check's asks from the host itself, answered: an "answer URL STATUS" line per address
# asked (000: no HTTP answer), or "answer-error WHY".
# $1 the master's pid, $2 what to ask and $3 with what: "url URL" (certificates checked),
# "insecure URLS" (addresses found on the host, one per line, certificates not checked),
# "listeners MAX" (what the master listens on, see targets.sh), or "off" and nothing.
# soak.sh runs this as the function ask, for what fleet does not ask itself over the SSH
# connection (HealthAsks); fleet runs it alone for plain-http URLs a host would not let it ask.
k_pid=$1 k_ask=$2 k_with=$3
case $k_ask in
  url) targets "$k_pid" url "$k_with" ;;
  listeners) targets "$k_pid" listeners "$k_with" ;;
  insecure)
    while IFS= read -r k_url; do
      [ -n "$k_url" ] || continue # none to ask
      # answer's stdin is not the list it is in.
      if k_code=$(answer "$k_url" insecure 2>&1 < /dev/null); then
        printf 'answer %s %s\n' "$k_url" "$k_code"
      else
        # One line: an empty one would end soak.sh's record.
        printf 'answer-error %s\n' "$(printf '%s' "$k_code" | tr '\n' ' ')"
        break
      fi
    done <<ASKED
$k_with
ASKED
    ;;
esac
