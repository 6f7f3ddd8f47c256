# Prints the TCP addresses the nginx master $1 listens on, one "listen ADDRESS PORT" per line, at
# most $2 of them: the sockets among the master's open files (its /proc/PID/fd links
# "socket:[INODE]") that the tables of its own network namespace (/proc/PID/net/tcp, tcp6) list as
# listening. That is what the running master serves, whatever the configuration on disk says now,
# and no configuration has to be parsed. A wildcard is asked on loopback (0.0.0.0 as 127.0.0.1,
# :: as ::1); IPv6 comes bracketed for a URL, an IPv4-mapped one (::ffff:a.b.c.d) as IPv4.
# targets.sh runs this as the function listeners.
l_pid=$1 l_max=$2
l_inodes=$(ls -l "/proc/$l_pid/fd" 2>/dev/null | sed -n 's/.* -> socket:\[\([0-9]*\)\]$/\1/p')
[ -n "$l_inodes" ] || return 0
# The tables print each 32-bit word of an address in the CPU's byte order.
case $(printf '\001\000' | od -An -tu2) in
  *256*) l_little=0 ;;
  *) l_little=1 ;;
esac
l_tables=
for l_table in "/proc/$l_pid/net/tcp" "/proc/$l_pid/net/tcp6"; do
  [ -r "$l_table" ] && l_tables="$l_tables $l_table"
done
[ -n "$l_tables" ] || return 0
# Paths from /proc and a pid: no spaces, so the unquoted list splits as meant.
printf '%s\n' "$l_inodes" | awk -v max="$l_max" -v little="$l_little" '
  function hex(s,   i, n) {
    n = 0
    for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789abcdef", tolower(substr(s, i, 1))) - 1
    return n
  }
  # The 4 bytes of an address word in memory (network) order, as numbers in b[1..4].
  function word(w, b,   k) {
    for (k = 1; k <= 4; k++) b[k] = hex(substr(w, little ? 9 - 2 * k : 2 * k - 1, 2))
  }
  function v4(w,   b) { word(w, b); return b[1] "." b[2] "." b[3] "." b[4] }
  function v6(s,   i, k, b, B, text) {
    for (i = 0; i < 4; i++) {
      word(substr(s, 8 * i + 1, 8), b)
      for (k = 1; k <= 4; k++) B[4 * i + k] = b[k]
    }
    for (i = 1; i <= 10 && B[i] == 0; i++) ;
    if (i == 11 && B[11] == 255 && B[12] == 255) return B[13] "." B[14] "." B[15] "." B[16]
    text = ""
    for (i = 1; i <= 16; i += 2) text = text (i > 1 ? ":" : "") sprintf("%x", B[i] * 256 + B[i + 1])
    # The leftmost run of zero groups becomes "::" (any valid form works; this one reads well).
    text = ":" text ":"
    if (match(text, /:0(:0)+:/)) text = substr(text, 1, RSTART - 1) "::" substr(text, RSTART + RLENGTH)
    if (text ~ /^:[^:]/) text = substr(text, 2)
    if (text ~ /[^:]:$/) text = substr(text, 1, length(text) - 1)
    return "[" text "]"
  }
  FILENAME == "-" { held[$1] = 1; next }
  FNR == 1 { next }
  $4 == "0A" && ($10 in held) {
    split($2, local, ":")
    if (length(local[1]) == 8) {
      address = v4(local[1])
      if (address == "0.0.0.0") address = "127.0.0.1"
    } else {
      address = v6(local[1])
      if (address == "[::]") address = "[::1]"
      if (address == "0.0.0.0") address = "127.0.0.1"
    }
    port = hex(local[2])
    if ((address " " port) in seen || count >= max) next
    seen[address " " port] = 1
    count++
    print "listen " address " " port
  }
' - $l_tables
