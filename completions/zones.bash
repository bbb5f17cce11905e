# bash completion for the zones tools: zoneadm, zonecfg, zlogin, zonestat,
# ztop, zps, zpgrep, zpkill. Installed once per command name in bash-completion's
# completionsdir, so whichever is completed first loads them all. Zone
# names come from the service (zoneadm list -cp); resource types and
# property names from zonecfg's own help, so they follow the tool.

# _zones_names [STATE...]: the zones (not global) in one of these states
# (all zones without a state).
_zones_names()
{
    local want=" $* " id name state rest
    command zoneadm list -cp 2>/dev/null | while IFS=: read -r id name state rest; do
        [[ $name == global || -z $name ]] && continue
        [[ $want == "  " || $want == *" $state "* ]] && printf '%s\n' "$name"
    done
}

# _zones_state ZONE: its state ("" when unknown).
_zones_state()
{
    command zoneadm -z "$1" list -p 2>/dev/null | cut -d: -f3
}

# The states in which a zoneadm subcommand applies to a zone.
_zoneadm_states()
{
    case $1 in
        boot) echo installed ready ;;
        ready) echo installed ready ;;
        halt) echo ready running shutting_down down ;;
        shutdown | reboot) echo running ;;
        apply) echo ready running ;;
        install | attach) echo configured ;;
        uninstall) echo installed incomplete ;;
        mark | move | detach | clone) echo installed ;;
        verify) echo configured installed ready running ;;
        *) echo "" ;;
    esac
}

_zoneadm_verbs="help list log install uninstall verify ready boot halt shutdown reboot mark apply clone move detach attach"

# zone list after -z with a comma list (zonestat, zps, zpgrep): complete
# the name after the last comma.
_zones_complete_list()
{
    local prefix="" word=$cur
    if [[ $cur == *,* ]]; then prefix=${cur%,*},; word=${cur##*,}; fi
    local IFS=$'\n'
    COMPREPLY=($(compgen -P "$prefix" -W "$*" -- "$word"))
    [[ ${#COMPREPLY[@]} == 1 ]] && compopt -o nospace 2>/dev/null
}

_zoneadm()
{
    local cur prev words cword
    _init_completion || return
    cur=${cur//[[:space:]]/}   # the cursor between two blanks: an empty word
    local i zone="" verb="" verb_at=0
    for ((i = 1; i < ${#words[@]}; i++)); do
        ((i == cword)) && continue
        if [[ ${words[i - 1]} == -z ]]; then zone=${words[i]}
        elif [[ -z $verb && ${words[i]} != -* && ${words[i - 1]} != -[zu] ]]; then
            verb=${words[i]}; verb_at=$i
        fi
    done
    if [[ $prev == -z ]]; then
        # With a subcommand on the line, the zones it applies to.
        COMPREPLY=($(compgen -W "$(_zones_names $(_zoneadm_states "$verb"))" -- "$cur"))
        return
    fi
    if [[ $prev == -u ]]; then
        COMPREPLY=($(compgen -W "$(command zoneadm list -cp 2>/dev/null | cut -d: -f5 | grep .)" -- "$cur"))
        return
    fi
    if [[ -z $verb || $verb_at == "$cword" ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W '-z -u' -- "$cur"))
            return
        fi
        local verbs=$_zoneadm_verbs
        if [[ -n $zone ]]; then
            # Only what applies to the zone in its state.
            local state v
            state=$(_zones_state "$zone")
            if [[ -n $state ]]; then
                verbs="help list log"
                for v in $_zoneadm_verbs; do
                    [[ " $(_zoneadm_states "$v") " == *" $state "* ]] && verbs+=" $v"
                done
            fi
        fi
        COMPREPLY=($(compgen -W "$verbs" -- "$cur"))
        return
    fi
    case $verb in
        list)
            [[ $prev == -o ]] && { COMPREPLY=($(compgen -W json -- "$cur")); return; }
            COMPREPLY=($(compgen -W '-c -i -p -v -o' -- "$cur")) ;;
        install)
            case $prev in
                -a) _filedir; return ;;
                -d) _filedir -d; return ;;
                -x) COMPREPLY=($(compgen -W nodataset -- "$cur")); return ;;
            esac
            COMPREPLY=($(compgen -W '-a -d -x' -- "$cur")) ;;
        uninstall) COMPREPLY=($(compgen -W '-F' -- "$cur")) ;;
        ready | boot | halt) [[ $prev == "$verb" ]] && COMPREPLY=($(compgen -W '-v' -- "$cur")) ;;
        log) [[ $prev != -n ]] && COMPREPLY=($(compgen -W '-n' -- "$cur")) ;;
        shutdown) [[ $prev == shutdown ]] && COMPREPLY=($(compgen -W '-r' -- "$cur")) ;;
        mark) [[ $prev == mark ]] && COMPREPLY=($(compgen -W incomplete -- "$cur")) ;;
        move) _filedir -d ;;
        clone)
            case $prev in
                -m) COMPREPLY=($(compgen -W copy -- "$cur")); return ;;
                -s) return ;;
            esac
            if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W '-m -s' -- "$cur"))
            else COMPREPLY=($(compgen -W "$(_zones_names installed)" -- "$cur")); fi ;;
        detach) COMPREPLY=($(compgen -W '-n' -- "$cur")) ;;
        attach)
            [[ $prev == -n ]] && { _filedir; return; }
            COMPREPLY=($(compgen -W '-F -n' -- "$cur")) ;;
        help) COMPREPLY=($(compgen -W "$_zoneadm_verbs" -- "$cur")) ;;
    esac
}

# zonecfg's command names, resource types, global properties and each
# resource type's properties, from `zonecfg help commands` / `help add`.
_zonecfg_help()
{
    [[ -n ${_zonecfg_cmds-} ]] && return
    _zonecfg_cmds=$(command zonecfg help commands 2>/dev/null | awk '/^[a-z]/ {print $1}' | sort -u | tr '\n' ' ')
    local add
    add=$(command zonecfg help add 2>/dev/null)
    _zonecfg_types=$(printf '%s\n' "$add" | awk '/:=/ {on = 1} on {print} on && !/\|$/ {exit}' |
        sed 's/.*:=//' | tr '|' '\n' | tr -d ' \t' | grep . | tr '\n' ' ')
    _zonecfg_globals=$(printf '%s\n' "$add" | awk -F'\t' '$2 == "(global)" {print $3}' | tr '\n' ' ')
    _zonecfg_props=$(printf '%s\n' "$add" | awk -F'\t+' '/^\t[a-z]/ && $2 != "(global)" {print $2 ":" $3}' | tr -d ' ')
}
# _zonecfg_props_of TYPE
_zonecfg_props_of()
{
    printf '%s\n' "$_zonecfg_props" | awk -F: -v t="$1" '$1 == t {gsub(",", " ", $2); print $2}'
}

_zonecfg()
{
    local cur prev words cword
    _init_completion -n = || return
    _zonecfg_help
    case $prev in
        -z) COMPREPLY=($(compgen -W "$(_zones_names)" -- "$cur")); return ;;
        -f) _filedir; return ;;
    esac
    local i zone="" start=0
    for ((i = 1; i < cword; i++)); do
        if [[ ${words[i]} == -z ]]; then zone=${words[i + 1]}
        elif [[ ${words[i]} == -f ]]; then start=-1
        elif [[ ${words[i - 1]} != -[zf] && ${words[i]} != -* && $start == 0 ]]; then start=$i
        fi
    done
    if [[ -z $zone ]]; then
        [[ $cword == 1 ]] && COMPREPLY=($(compgen -W '-z help' -- "$cur"))
        return
    fi
    if ((start <= 0)); then
        [[ $start == 0 ]] && COMPREPLY=($(compgen -W "-f $_zonecfg_cmds" -- "$cur"))
        return
    fi
    # Argument mode: commands separated by ";" (a word of its own or at a
    # word's end); the resource being added or selected gives the scope.
    local scope="" cmd="" cmdpos=0
    for ((i = start; i < cword; i++)); do
        local raw=${words[i]} w
        w=${raw%\\;}; w=${w%;}; w=${w%\\}   # "net;", "net\;", "net\" before ";"
        [[ -z $w ]] && { cmd=""; continue; }
        if [[ -z $cmd ]]; then cmd=$w; cmdpos=$i
            [[ $cmd == end || $cmd == cancel ]] && scope=""
        elif [[ ($cmd == add || $cmd == select) && $i == $((cmdpos + 1)) && -z $scope ]]; then
            scope=$w
        fi
        [[ $raw == *";" ]] && cmd=""
    done
    if [[ -z $cmd ]]; then
        COMPREPLY=($(compgen -W "$_zonecfg_cmds" -- "$cur"))
        return
    fi
    local argn=$((cword - cmdpos))
    case $cmd in
        add | select)
            if [[ -z $scope || $argn == 1 && $cmdpos == $((cword - 1)) && $scope == "$cur" ]]; then
                COMPREPLY=($(compgen -W "$_zonecfg_types" -- "$cur"))
            elif [[ $cmd == select ]]; then
                COMPREPLY=($(compgen -S = -W "$(_zonecfg_props_of "$scope")" -- "$cur"))
                compopt -o nospace 2>/dev/null
            fi ;;
        remove | info)
            if [[ $argn == 1 ]]; then
                local extra=""
                [[ $cmd == remove ]] && extra=-F
                [[ $cmd == info ]] && extra="-o $_zonecfg_globals"
                COMPREPLY=($(compgen -W "$_zonecfg_types $extra" -- "$cur"))
            fi ;;
        set | clear)
            [[ $argn == 1 ]] || return
            local props=$_zonecfg_globals
            [[ -n $scope ]] && props=$(_zonecfg_props_of "$scope")
            if [[ $cmd == set ]]; then
                COMPREPLY=($(compgen -S = -W "$props" -- "$cur"))
                compopt -o nospace 2>/dev/null
            else
                COMPREPLY=($(compgen -W "$props" -- "$cur"))
            fi ;;
        create)
            case $prev in
                -t) COMPREPLY=($(compgen -W "$(_zones_names) SUNWdefault SUNWblank" -- "$cur")) ;;
                -a) _filedir -d ;;
                *) COMPREPLY=($(compgen -W '-F -a -b -t' -- "$cur")) ;;
            esac ;;
        export)
            case $prev in
                -f) _filedir ;;
                -o) COMPREPLY=($(compgen -W json -- "$cur")) ;;
                *) COMPREPLY=($(compgen -W '-o -f' -- "$cur")) ;;
            esac ;;
        delete | exit | revert) COMPREPLY=($(compgen -W '-F' -- "$cur")) ;;
        help) COMPREPLY=($(compgen -W "commands syntax usage $_zonecfg_cmds" -- "$cur")) ;;
    esac
}

_zlogin()
{
    local cur prev words cword
    _init_completion || return
    case $prev in
        -e) return ;;
        -l) COMPREPLY=($(compgen -u -- "$cur")); return ;;
    esac
    local i console=""
    for ((i = 1; i < cword; i++)); do
        case ${words[i]} in
            -l | -e) ((i++)) ;;
            -*C*) console=1 ;;
            -*) ;;
            *) _command_offset $((i + 1)); return ;;   # after the zone: a command
        esac
    done
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '-C -d -E -e -l -n -Q -S' -- "$cur"))
    elif [[ -n $console ]]; then
        COMPREPLY=($(compgen -W "$(_zones_names ready running)" -- "$cur"))
    else
        COMPREPLY=($(compgen -W "$(_zones_names running)" -- "$cur"))
    fi
}

_zonestat()
{
    local cur prev words cword
    _init_completion || return
    case $prev in
        -z) _zones_complete_list $(_zones_names ready running shutting_down); return ;;
        -o) COMPREPLY=($(compgen -W json -- "$cur")); return ;;
    esac
    [[ $cur == -* ]] && COMPREPLY=($(compgen -W '-z -o' -- "$cur"))
}

_ztop()
{
    local cur prev words cword
    _init_completion || return
    if [[ $prev == -z ]]; then
        _zones_complete_list $(_zones_names ready running shutting_down)
        return
    fi
    [[ $cur == -* ]] && COMPREPLY=($(compgen -W '-z' -- "$cur"))
}

# zps: -z is zps's; every other option is ps(1)'s.
_zps()
{
    local cur prev words cword
    _init_completion || return
    if [[ $prev == -z ]]; then
        _zones_complete_list global $(_zones_names ready running shutting_down)
        return
    fi
    [[ $cur == -* ]] && COMPREPLY=($(compgen -W '-z -e -f -F -l -j -o -p -u -U -g -G -t -H -L' -- "$cur"))
}

# zpgrep/zpkill: -z is theirs; the rest is procps pgrep's completion, with
# the pattern taken from the names of the processes of the zones given.
_zpgrep()
{
    local cur prev words cword
    _init_completion || return
    if [[ $prev == -z ]]; then
        _zones_complete_list global $(_zones_names ready running shutting_down)
        return
    fi
    local i zones=""
    for ((i = 1; i < cword; i++)); do
        [[ ${words[i]} == -z ]] && zones+=${zones:+,}${words[i + 1]}
    done
    if [[ -n $zones && $cur != -* ]]; then
        COMPREPLY=($(compgen -W "$(command zps -z "$zones" -o comm= 2>/dev/null | awk '{print $2}' | sort -u)" -- "$cur"))
        return
    fi
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W '-z' -- "$cur"))
    fi
    if declare -F _completion_loader >/dev/null && ! declare -F _pgrep >/dev/null; then
        _completion_loader pgrep
    fi
    if declare -F _pgrep >/dev/null; then
        local keep=("${COMPREPLY[@]}")
        _pgrep "$@"
        COMPREPLY+=("${keep[@]}")
    fi
}

complete -F _zoneadm zoneadm
complete -F _zonecfg zonecfg
complete -F _zlogin zlogin
complete -F _zonestat zonestat
complete -F _ztop ztop
complete -F _zps zps
complete -F _zpgrep zpgrep zpkill
