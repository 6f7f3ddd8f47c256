# Downloads URL $1 into $2 with curl, else wget, and says on stderr what went wrong (the URL, the
# HTTP status, or the client's own words). stdin holds at most one line: a header to send
# (Authorization: Bearer ...), read by the shell's builtin read so it never becomes an argument
# that ps or /proc/PID/cmdline would show: curl reads it from its stdin (-H @-); wget only from a
# file, so it goes in a 0600 file beside $2 that is removed at once after. Returns 4 when neither
# client is installed. stage.sh runs this as the function fetch.
f_url=$1 f_out=$2 f_header= f_status= f_words=
IFS= read -r f_header || :
if command -v curl >/dev/null 2>&1; then
  # -f: an HTTP error is a failure, not a file; -w prints the status even then.
  if [ -n "$f_header" ]; then
    f_words=$(printf '%s\n' "$f_header" | curl -sS -f -L --max-redirs 5 --proto =http,https \
      --connect-timeout 30 -H @- -o "$f_out" -w 'status %{http_code}\n' -- "$f_url" 2>&1)
  else
    f_words=$(curl -sS -f -L --max-redirs 5 --proto =http,https --connect-timeout 30 \
      -o "$f_out" -w 'status %{http_code}\n' -- "$f_url" 2>&1 < /dev/null)
  fi
  f_rc=$?
  f_status=$(printf '%s\n' "$f_words" | awk '$1 == "status" {s = $2} END {print s}')
  f_words=$(printf '%s\n' "$f_words" | grep -v '^status ' | head -n 3)
elif command -v wget >/dev/null 2>&1; then
  # wget reads its --config file twice, so neither a pipe nor /dev/null will do.
  if [ -n "$f_header" ]; then
    f_conf=$(umask 077 && mktemp "$f_out.wgetrc.XXXXXX") || { echo "could not create a file beside $f_out" >&2; return 3; }
    printf 'header = %s\n' "$f_header" > "$f_conf"
    f_words=$(wget --config="$f_conf" -q -S -T 30 -t 1 --max-redirect 5 -O "$f_out" -- "$f_url" 2>&1 < /dev/null)
    f_rc=$?
    rm -f -- "$f_conf"
  else
    f_words=$(wget -q -S -T 30 -t 1 --max-redirect 5 -O "$f_out" -- "$f_url" 2>&1 < /dev/null)
    f_rc=$?
  fi
  f_status=$(printf '%s\n' "$f_words" | awk '/^ *HTTP\// {s = $2} END {print s}')
  f_words=$(printf '%s\n' "$f_words" | grep -v '^ ' | head -n 3)
else
  echo "neither curl nor wget is installed on the host to download $f_url" >&2
  return 4
fi
[ "$f_rc" = 0 ] && return 0
case $f_status in
  '' | 000) echo "could not download $f_url: ${f_words:-the client exited with $f_rc}" >&2 ;;
  *) echo "could not download $f_url: HTTP status $f_status" >&2 ;;
esac
return 3
