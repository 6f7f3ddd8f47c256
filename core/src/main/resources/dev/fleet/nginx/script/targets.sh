# What the health check asks on this host and what each answers now, one fact per line:
#   answer URL STATUS (000: no HTTP answer) | answer-error WHY (nothing could be asked)
# Nothing for "off", or when the master holds no TCP listener.
# $1 the master's pid, $2 "url" (ask $3, certificates checked), "listeners" (ask what the master
# listens on, at most $3 addresses; see listeners.sh) or "off".
# preflight.sh, inspect.sh and soak.sh run this as the function targets.
t_pid=$1 t_mode=$2 t_value=$3
case $t_mode in
  off) return 0 ;;
  url)
    if t_code=$(answer "$t_value" 2>&1); then
      printf 'answer %s %s\n' "$t_value" "$t_code"
    else
      printf 'answer-error %s\n' "$t_code"
    fi
    return 0 ;;
esac
if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
  echo 'answer-error neither curl nor wget is installed on the host'
  return 0
fi
# Plain HTTP first: nginx answers it on a TLS port with 400 ("The plain HTTP request was sent
# to HTTPS port"), and only then is HTTPS worth a second request.
listeners "$t_pid" "$t_value" | while read -r _ t_address t_port; do
  t_url=http://$t_address:$t_port/
  t_code=$(answer "$t_url" insecure)
  if [ "$t_code" = 400 ]; then
    t_tls=$(answer "https://$t_address:$t_port/" insecure)
    if [ "$t_tls" != 000 ]; then
      t_url=https://$t_address:$t_port/ t_code=$t_tls
    fi
  fi
  printf 'answer %s %s\n' "$t_url" "$t_code"
done
