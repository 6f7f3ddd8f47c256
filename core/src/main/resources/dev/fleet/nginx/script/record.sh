# Prints the first word after the kind of the first record of kind $1 in a look's text $2
# (probe.sh's records: "pidfile PID", "errorlog BYTES"), or nothing when it has none: the one
# reader of probe records on the host's side, as NginxSnapshot is on fleet's.
r_kind=$1
while read -r r_key r_value r_rest; do
  if [ "$r_key" = "$r_kind" ]; then
    printf '%s\n' "$r_value"
    return 0
  fi
done <<EOF
$2
EOF
