# Asks URL $1 from the host itself and prints the HTTP status it answered: 000 when none came
# (refused, timed out, not HTTP). $2 "insecure": skip TLS certificate checks, for addresses fleet
# found itself (the question is whether nginx answers as before, not whether its certificate
# names 127.0.0.1). Returns 4, saying why on stderr, when neither curl nor wget is installed.
# targets.sh and soak.sh run this as the function answer.
a_url=$1 a_code=
if command -v curl >/dev/null 2>&1; then
  if [ "$2" = insecure ]; then
    a_code=$(curl -k -s -o /dev/null -m 5 -w '%{http_code}' -- "$a_url")
  else
    a_code=$(curl -s -o /dev/null -m 5 -w '%{http_code}' -- "$a_url")
  fi
elif command -v wget >/dev/null 2>&1; then
  # -t 1: wget tries a timed-out request 20 times by default.
  if [ "$2" = insecure ]; then
    a_code=$(wget -q -S -O /dev/null -T 5 -t 1 --no-check-certificate -- "$a_url" 2>&1 | awk '/^ *HTTP\//{c=$2} END{print c}')
  else
    a_code=$(wget -q -S -O /dev/null -T 5 -t 1 -- "$a_url" 2>&1 | awk '/^ *HTTP\//{c=$2} END{print c}')
  fi
else
  echo "neither curl nor wget is installed on the host to ask $a_url" >&2
  return 4
fi
printf '%s\n' "${a_code:-000}"
