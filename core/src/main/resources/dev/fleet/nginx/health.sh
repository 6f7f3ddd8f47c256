# Asks the health URL from the host itself and compares the status code.
# $1 url, $2 expected status
url=$1 want=$2
if command -v curl >/dev/null 2>&1; then
  code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' -- "$url")
elif command -v wget >/dev/null 2>&1; then
  code=$(wget -q -S -O /dev/null -T 5 -- "$url" 2>&1 | awk '/^ *HTTP\//{c=$2} END{print c}')
else
  echo "neither curl nor wget is installed on the host to probe $url" >&2; exit 4
fi
if [ "$code" != "$want" ]; then
  echo "health check $url answered ${code:-nothing}, expected $want" >&2; exit 3
fi
