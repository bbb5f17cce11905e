#!/usr/bin/env bash
# Bash completion (completions/zones.bash, installed by meson once per
# command in bash-completion's completionsdir): `complete -p` for every
# tool once bash-completion loaded it, and scripted completions (COMP_WORDS,
# COMP_CWORD, COMP_LINE, the function, COMPREPLY) against real zones in four
# states: cc configured, ci installed, cy ready, cr running.
source "$(dirname "$0")/lib.sh"
ZONES=(cc ci cy cr)
cleanup() {
  remove_zones "${ZONES[@]}"
  rm -rf /zones
}
on_exit cleanup
need_zoneadmd
if [ ! -f /usr/share/bash-completion/bash_completion ]; then
  skip_rest "bash-completion is not installed (tools/scripts/deps.sh)"
fi
plan 42

# comp WORD... : the sorted completions of the last word (use "" for an
# empty one), as bash's programmable completion would ask for them. With
# CWORD=N set, the cursor is at word N instead (a word after it stays).
cat >"$WORK/comp.sh" <<'SH'
source /usr/share/bash-completion/bash_completion
cword=${CWORD:-$(($# - 1))}
COMP_WORDS=("$@"); COMP_CWORD=$cword
COMP_LINE="$*"; COMP_POINT=0
for ((i = 0; i <= cword; i++)); do COMP_POINT=$((COMP_POINT + ${#COMP_WORDS[i]} + (i > 0))); done
_completion_loader "$1"
spec=$(complete -p "$1") || exit 3
f=${spec##*-F }; f=${f%% *}
COMPREPLY=()
"$f" "$1" "${COMP_WORDS[cword]}" "${COMP_WORDS[cword - 1]}"
printf '%s\n' "${COMPREPLY[@]}" | sort | tr '\n' ' ' | sed 's/ $//'
SH
comp() { bash "$WORK/comp.sh" "$@" 2>"$WORK/comp.err"; }

for z in "${ZONES[@]}"; do zonecfg -z $z "create; set zonepath=/zones/$z" >/dev/null; done
for z in ci cy cr; do zoneadm -z $z install >/dev/null; done
zoneadm -z cy ready >/dev/null
check "boot cr" zoneadm -z cr boot

dir=$(pkg-config --variable=completionsdir bash-completion)
check "installed in bash-completion's completionsdir ($dir)" test -f "$dir/zoneadm"
for t in zoneadm zonecfg zlogin zonestat ztop zps zpgrep zpkill; do
  run bash -c "source /usr/share/bash-completion/bash_completion; _completion_loader $t; complete -p $t"
  check_match "complete -p $t (loaded on demand)" "^complete -F _[a-z]+ $t\$" "$out"
done

# --- zoneadm ----------------------------------------------------------------
check_eq "zoneadm -z <TAB>: every zone" "cc ci cr cy" "$(comp zoneadm -z "")"
check_eq "zoneadm -z c<TAB>" "cc ci cr cy" "$(comp zoneadm -z c)"
check_eq "zoneadm -z <TAB> boot: the zones boot applies to (installed, ready)" "ci cy" "$(CWORD=2 comp zoneadm -z "" boot)"
check_eq "zoneadm -z <TAB> halt: ready and running zones" "cr cy" "$(CWORD=2 comp zoneadm -z "" halt)"
check_eq "zoneadm -z <TAB> install: configured zones" "cc" "$(CWORD=2 comp zoneadm -z "" install)"
check_eq "zoneadm -z <TAB> shutdown: running zones" "cr" "$(CWORD=2 comp zoneadm -z "" shutdown)"
out=$(comp zoneadm -z ci "")
check_match "zoneadm -z ci (installed) <TAB>: boot" '(^| )boot( |$)' "$out"
check_eq "... all an installed zone takes" "boot clone detach help list log mark move ready uninstall verify" "$out"
check "... not halt, shutdown, install" bash -c "! grep -Eq '(^| )(halt|shutdown|install)( |\$)' <<<'$out'"
out=$(comp zoneadm -z cr "")
check_eq "zoneadm -z cr (running) <TAB>: what a running zone takes" "apply halt help list log reboot shutdown verify" "$out"
check_eq "zoneadm -z cc (configured) <TAB>" "attach help install list log verify" "$(comp zoneadm -z cc "")"
check_eq "zoneadm <TAB>: every subcommand" \
  "apply attach boot clone detach halt help install list log mark move ready reboot shutdown uninstall verify" "$(comp zoneadm "")"
check_eq "zoneadm list -<TAB>" "-c -i -o -p -v" "$(comp zoneadm list -)"
check_eq "zoneadm -z ci mark <TAB>" "incomplete" "$(comp zoneadm -z ci mark "")"

# --- zonecfg ----------------------------------------------------------------
check_eq "zonecfg -z <TAB>: every zone" "cc ci cr cy" "$(comp zonecfg -z "")"
out=$(comp zonecfg -z cc "")
check_match "zonecfg -z cc <TAB>: subcommands" '(^| )add .*(^| )export .*(^| )set( |$)' "$out"
out=$(comp zonecfg -z cc add "")
check_eq "zonecfg -z cc add <TAB>: every resource type of 'help add'" \
  "$(zonecfg help add | sed -n '/:=/,/^$/p' | sed 's/.*:=//' | tr '|' '\n' | tr -d ' \t' | grep . | sort | tr '\n' ' ' | sed 's/ $//')" "$out"
check_match "... net and capped-memory among them" '(^| )capped-memory( |$).*(^| )net( |$)' "$out"
check_match "zonecfg -z cc set <TAB>: global properties with =" '(^| )autoboot=( |$).*(^| )zonepath=( |$)' "$(comp zonecfg -z cc set "")"
check_eq "zonecfg -z cc add net \\; set <TAB>: net's properties" \
  "address= allowed-address= defrouter= linkname= physical=" "$(comp zonecfg -z cc add net '\;' set "")"
check_eq "zonecfg -z cc add capped-memory\\; set s<TAB>" "swap=" "$(comp zonecfg -z cc add 'capped-memory;' set s)"
check_eq "zonecfg -z cc select fs <TAB>" "dir= options= raw= special= type=" "$(comp zonecfg -z cc select fs "")"
check_eq "zonecfg -z cc create -<TAB>" "-F -a -b -t" "$(comp zonecfg -z cc create -)"

# --- zlogin, zonestat, zps, zpgrep, zpkill ------------------------------------
check_eq "zlogin <TAB>: running zones" "cr" "$(comp zlogin "")"
check_eq "zlogin -C <TAB>: ready and running zones (a console)" "cr cy" "$(comp zlogin -C "")"
check_match "zlogin cr <TAB>: a command" '(^| )zonename( |$)' "$(comp zlogin cr zonen)"
check_eq "zonestat -z <TAB>: zones with usage" "cr cy" "$(comp zonestat -z "")"
check_eq "zonestat -z cr,<TAB>: the next of a list" "cr,cr cr,cy" "$(comp zonestat -z cr,)"
check_eq "ztop -z <TAB>: zones with usage" "cr cy" "$(comp ztop -z "")"
check_eq "zps -z <TAB>: global and the zones up" "cr cy global" "$(comp zps -z "")"
check_match "zpgrep -z cr <TAB>: names of cr's processes" '(^| )zinit( |$)' "$(comp zpgrep -z cr "")"
check_eq "zpkill -z <TAB>" "cr cy global" "$(comp zpkill -z "")"
