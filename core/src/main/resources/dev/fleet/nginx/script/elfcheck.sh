# Succeeds when file $1 is an ELF executable for one of the e_machine numbers in $2 (decimal,
# space-separated: what the host's uname -m runs), or a #! script; else says why on stdout.
# stage.sh runs this as the function elfcheck on a downloaded binary, which fleet never read.
e_want=$2
set -- $(od -An -tu1 -N20 -- "$1")
if [ "$1" = 35 ] && [ "$2" = 33 ]; then
  return 0
fi
if [ "$#" -lt 20 ] || [ "$1" != 127 ] || [ "$2" != 69 ] || [ "$3" != 76 ] || [ "$4" != 70 ]; then
  echo "is neither an ELF executable nor a #! script"
  return 1
fi
shift 5
e_little=$1
shift 13
if [ "$e_little" = 1 ]; then e_machine=$(($1 + $2 * 256)); else e_machine=$(($2 + $1 * 256)); fi
case " $e_want " in
  *" $e_machine "*) return 0 ;;
esac
echo "is built for ELF machine $e_machine, not for this host's $(uname -m)"
return 1
