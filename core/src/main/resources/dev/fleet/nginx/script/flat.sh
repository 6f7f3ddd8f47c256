# Sets f_out to $1 with every control character (tab, CR, newline...) as a space: what the lock
# and the history keep is one line a value, tab-separated. By expansions, not tr: a fork and an
# exec less for each value on every host.
f_rest=$1 f_out=
while :; do
  case $f_rest in
    *[[:cntrl:]]*) f_out=$f_out${f_rest%%[[:cntrl:]]*}' ' f_rest=${f_rest#*[[:cntrl:]]} ;;
    *) f_out=$f_out$f_rest; return 0 ;;
  esac
done
