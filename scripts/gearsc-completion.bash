# bash completion for gearsc (installed as share/bash-completion/completions/gearsc).
# Try it in place: source scripts/gearsc-completion.bash
_gearsc()
{
    local cur prev words cword
    if declare -F _init_completion >/dev/null; then
        _init_completion -n = || return
    else
        cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
        words=("${COMP_WORDS[@]}") cword=$COMP_CWORD
    fi
    local cmd=
    [ "$cword" -gt 1 ] && cmd=${words[1]}
    case $prev in
        -o|--output) COMPREPLY=($(compgen -f -- "$cur")); return ;;
        -I) COMPREPLY=($(compgen -d -- "$cur")); return ;;
        --from) COMPREPLY=(); return ;;   # gearsc graph: a gear's name
    esac
    local opts files
    case $cmd in
        link)
            opts="-o --tables= --include= --help"
            files=$(compgen -f -X '!*.json' -- "$cur"; compgen -d -- "$cur") ;;
        graph)
            opts="--dot -o --from -I --help"
            files=$(compgen -f -X '!*.@(json|cbc|c|h)' -- "$cur"; compgen -d -- "$cur") ;;
        skeleton)
            opts="-I -o --help"
            files=$(compgen -f -X '!*.h' -- "$cur"; compgen -d -- "$cur") ;;
        cc)
            opts="-c -S -E -o -D -U -I -iquote -isystem -include -std= --target= -MD -MMD -MF -MT -MP -save-temps -v --cc= --gears --manifest= --context-header= --no-line -mgeneral-regs-only -mno-sse --help -w -Werror -Werror= -Wall -Wextra -Wunused-gear-parameter -Wgear-fall-off -Wno-unused-gear-parameter -Wno-gear-fall-off -fdiagnostics-color= -ffile-prefix-map= -fdebug-prefix-map= -fmacro-prefix-map="
            files=$(compgen -f -X '!*.@(cbc|c|S|s|o|a)' -- "$cur"; compgen -d -- "$cur") ;;
        *)
            opts="-o -I -D --preprocess --emit=c --emit=tree --check --gears --manifest= --context-header= --layout= --no-line --help --version -w -Werror -Werror= -Wall -Wextra -Wunused-gear-parameter -Wgear-fall-off -Wno-unused-gear-parameter -Wno-gear-fall-off -fdiagnostics-color= -ffile-prefix-map= -fdebug-prefix-map= -fmacro-prefix-map="
            files=$(compgen -f -X '!*.@(cbc|h|c)' -- "$cur"; compgen -d -- "$cur")
            [ "$cword" -eq 1 ] && opts="link skeleton graph cc $opts" ;;
    esac
    case $cur in
        --layout=*)
            COMPREPLY=($(compgen -P --layout= -W "portable x86_64 aarch64 x86_64-int aarch64-int" -- "${cur#--layout=}"))
            return ;;
        -fdiagnostics-color=*)
            COMPREPLY=($(compgen -P -fdiagnostics-color= -W "never always auto" -- "${cur#-fdiagnostics-color=}"))
            return ;;
        -Werror=*)
            COMPREPLY=($(compgen -P -Werror= -W "unused-gear-parameter gear-fall-off" -- "${cur#-Werror=}"))
            return ;;
        --tables=*|--manifest=*|--include=*|--context-header=*|--output=*)
            local value=${cur#*=}
            COMPREPLY=($(compgen -f -- "$value"))
            return ;;
        -*) COMPREPLY=($(compgen -W "$opts" -- "$cur")) ;;
        *)
            COMPREPLY=($files)
            [ "$cword" -eq 1 ] && COMPREPLY+=($(compgen -W "link skeleton graph cc" -- "$cur")) ;;
    esac
    [[ ${COMPREPLY[0]-} == *= ]] && compopt -o nospace 2>/dev/null
    return 0
}
complete -F _gearsc gearsc
