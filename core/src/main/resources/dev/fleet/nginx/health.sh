# Asks the health URL from the host itself and compares the status code; soak.sh runs this as
# the function health, so it returns (never exits) and says why on stderr.
# $1 url, $2 expected status
h_url=$1 h_want=$2 h_code=
if command -v curl >/dev/null 2>&1; then
  h_code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' -- "$h_url")
elif command -v wget >/dev/null 2>&1; then
  h_code=$(wget -q -S -O /dev/null -T 5 -- "$h_url" 2>&1 | awk '/^ *HTTP\//{c=$2} END{print c}')
else
  echo "neither curl nor wget is installed on the host to probe $h_url" >&2; return 4
fi
if [ "$h_code" != "$h_want" ]; then
  echo "health check $h_url answered ${h_code:-nothing}, expected $h_want" >&2; return 3
fi
