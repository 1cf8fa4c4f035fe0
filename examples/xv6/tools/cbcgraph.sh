#!/bin/sh
# cbcgraph.sh -- the transition graph of the code gears in plain CbC files.
#
#   sh tools/cbcgraph.sh [--from NAME]... [--svg OUT.svg | --dot OUT.dot] FILE.cbc...
#
# A STOPGAP until gearsc can write the graph of plain CbC files itself
# (`gearsc graph` reads only Gears manifests today, and `gearsc --emit=tree`
# prints node kinds without their names).  It reads the sources with a small
# tokenizer written in awk -- comments, strings and preprocessor lines
# dropped, no macro expansion, no types -- and finds:
#
#   nodes   every `__code NAME(...) {` definition (a gear: an ellipse) and
#           every C function whose body contains a gear goto (a box: C
#           entering a chain, like syscall());
#   edges   for each `goto CALLEE(ARGS);` in a body (CALLEE's outer
#           parentheses and a cast are looked through):
#             CALLEE a gear name            -> a solid edge to it
#             CALLEE ending in a member .f  -> dashed edges to every gear
#                or ->f (a gear table       stored into a member f anywhere
#                entry, a saved             (`x.f = (void *)g;`, `.f = g` or
#                continuation)              a positional `{ a, g }` in an
#                                           initializer of a struct whose
#                                           definition is among the FILEs)
#             CALLEE an array element T[i]  -> dashed edges to every gear in
#                                             T's initializer or stored in T[..]
#             CALLEE anything else (a       -> a dotted edge to a grey node
#                continuation parameter)      labelled with the expression
#           and every gear named in ARGS (a continuation handed on) gets a
#           dotted edge from the goto's target to it: "continues there"
#           (with --from, only where the gear that handed it on is kept).
#
# --from NAME keeps only what is reachable from NAME (repeatable), e.g.
# `--from cbc_read` for the read system call (the paper's figure 4).
# Without --svg/--dot the DOT text goes to standard output; --svg needs
# Graphviz's dot.  What it cannot see: gears reached through macros, or
# through pointers copied between variables.
set -e
froms=""
out=""
format=dot
while [ $# -gt 0 ]; do
  case $1 in
    --from) froms="$froms $2"; shift 2 ;;
    --svg) out=$2; format=svg; shift 2 ;;
    --dot) out=$2; format=dot; shift 2 ;;
    --help|-h) sed -n '2,35p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "cbcgraph: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
if [ $# -eq 0 ]; then
  echo "usage: $0 [--from NAME]... [--svg OUT.svg | --dot OUT.dot] FILE.cbc..." >&2
  exit 2
fi

graph() {
awk -v froms="$froms" '
# ---- tokenizer: tok[1..ntok], comments/strings/preprocessor dropped ----
function add(t) { tok[++ntok] = t }
{
  line = $0
  if (!incomment && line ~ /^[ \t]*#/) {        # preprocessor line (and its continuations)
    cont = (line ~ /\\$/)
    next
  }
  if (cont) { cont = (line ~ /\\$/); next }
  while (length(line) > 0) {
    if (incomment) {
      p = index(line, "*/")
      if (p == 0) { line = ""; break }
      line = substr(line, p + 2); incomment = 0; continue
    }
    if (match(line, /^[ \t\r]+/)) { line = substr(line, RLENGTH + 1); continue }
    if (substr(line, 1, 2) == "/*") { incomment = 1; line = substr(line, 3); continue }
    if (substr(line, 1, 2) == "//") break
    if (match(line, /^"([^"\\]|\\.)*"/)) { add("\"\""); line = substr(line, RLENGTH + 1); continue }
    if (match(line, /^\x27([^\x27\\]|\\.)*\x27/)) { add("0"); line = substr(line, RLENGTH + 1); continue }
    if (match(line, /^[A-Za-z_][A-Za-z0-9_]*/)) { add(substr(line, 1, RLENGTH)); line = substr(line, RLENGTH + 1); continue }
    if (match(line, /^[0-9][0-9A-Za-z_.]*/)) { add("0"); line = substr(line, RLENGTH + 1); continue }
    if (substr(line, 1, 2) == "->") { add("->"); line = substr(line, 3); continue }
    add(substr(line, 1, 1)); line = substr(line, 2)
  }
}

# ---- helpers ----
function close_of(i,   d, t) {   # index of the bracket matching tok[i]
  d = 0
  for (; i <= ntok; i++) {
    t = tok[i]
    if (t == "(" || t == "[" || t == "{") d++
    else if (t == ")" || t == "]" || t == "}") { d--; if (d == 0) return i }
  }
  return ntok
}
function text(a, b,   s, i) {
  s = ""
  for (i = a; i <= b; i++) s = s tok[i]
  return s
}
function edge(from, to, style) {
  if (!((from SUBSEP to) in seen_edge) || style == "solid") seen_edge[from, to] = style
}

END {
  # Pass 1: definitions, and what is stored into members and arrays.
  depth = 0; start = 1
  for (i = 1; i <= ntok; i++) {
    t = tok[i]
    if (t == "{" && depth == 0) {
      # A function definition: ... NAME ( ... ) {  (params may follow as K&R: not supported)
      if (tok[i-1] == ")") {
        # find the "(" opening the parameter list of this definition,
        # stepping over __attribute__((...)) groups after it
        j = i
        do {
          d = 0
          for (j = j - 1; j >= start; j--) {
            if (tok[j] == ")") d++
            else if (tok[j] == "(") { d--; if (d == 0) break }
          }
          name = tok[j-1]
          if (name == "__attribute__" || name == "__attribute") j = j - 1
        } while ((name == "__attribute__" || name == "__attribute") && tok[j-1] == ")")
        isgear = 0
        for (k = start; k < j; k++) if (tok[k] == "__code") isgear = 1
        if (name ~ /^[A-Za-z_]/) {
          body_start[name] = i; body_end[name] = close_of(i)
          kind[name] = isgear ? "gear" : "c"
          if (isgear) gear[name] = 1
          order[++nfunc] = name
          i = body_end[name]; start = i + 1; continue
        }
      }
      # An initializer or a struct body at file level.
      depth++
    } else if (t == "{") depth++
    else if (t == "}") { depth--; if (depth == 0) start = i + 1 }
    else if (t == ";" && depth == 0) start = i + 1
  }
  # Stores: "M = g" after a member name, "T[..] = g", and initializers;
  # g may carry a cast: "= (void *)g;".
  for (i = 2; i < ntok; i++) {
    if (tok[i] != "=") continue
    v = i + 1
    if (tok[v] == "(") v = close_of(v) + 1
    if (tok[v] !~ /^[A-Za-z_]/ || (tok[v+1] != ";" && tok[v+1] != "," && tok[v+1] != "}")) continue
    g = tok[v]
    if (tok[i-1] ~ /^[A-Za-z_]/ && (tok[i-2] == "." || tok[i-2] == "->")) member[tok[i-1], g] = 1
    if (tok[i-1] == "]") {          # T[...] = g  or  [IDX] = g inside T = { ... }
      d = 0
      for (j = i - 1; j > 1; j--) { if (tok[j] == "]") d++; else if (tok[j] == "[") { d--; if (d == 0) break } }
      if (tok[j-1] ~ /^[A-Za-z_]/) array[tok[j-1], g] = 1
    }
  }
  # Struct member order (for positional initializers): in "struct S {
  # ... }" each member declaration ends with ";"; its name is the
  # identifier after "(*" (a function pointer), else the last identifier.
  for (i = 1; i < ntok; i++) {
    if (tok[i] != "struct" || tok[i+1] !~ /^[A-Za-z_]/ || tok[i+2] != "{") continue
    sname = tok[i+1]; e = close_of(i + 2); nm = 0; last = ""; fp = ""
    for (k = i + 3; k < e; k++) {
      if (tok[k] == "(" && tok[k+1] == "*" && tok[k+2] ~ /^[A-Za-z_]/ && fp == "") fp = tok[k+2]
      else if (tok[k] == "(" || tok[k] == "[") { k = close_of(k); continue }
      else if (tok[k] ~ /^[A-Za-z_]/) last = tok[k]
      else if (tok[k] == ";") { smember[sname, ++nm] = (fp != "" ? fp : last); last = ""; fp = "" }
    }
  }
  # Array initializers: the declarator NAME[...] before "= {" (also inside
  # a function-pointer declarator, (*NAME[])(...)); every identifier in the
  # braces is a candidate element.
  for (i = 1; i < ntok; i++) {
    if (tok[i] != "=" || tok[i+1] != "{") continue
    arr = ""
    for (j = i - 1; j > 1 && tok[j] != ";" && tok[j] != "}" && tok[j] != "{"; j--)
      if (tok[j] ~ /^[A-Za-z_]/ && tok[j+1] == "[") arr = tok[j]
    if (arr == "") continue
    stype = ""
    for (j = i - 1; j > 1 && tok[j] != ";" && tok[j] != "}" && tok[j] != "{"; j--)
      if (tok[j] == "struct") stype = tok[j+1]
    e = close_of(i + 1)
    for (k = i + 2; k < e; k++) if (tok[k] ~ /^[A-Za-z_]/) array[arr, tok[k]] = 1
    # Positional struct elements "{ g1, g2 }": g1 goes to the first member.
    if (stype == "") continue
    for (k = i + 2; k < e; k++) {
      if (tok[k] != "{") continue
      ge = close_of(k); pos = 1
      for (m = k + 1; m < ge; m++) {
        if (tok[m] == "(" || tok[m] == "[" || tok[m] == "{") { m = close_of(m); continue }
        if (tok[m] == ",") { pos++; continue }
        if (tok[m] ~ /^[A-Za-z_]/ && (tok[m+1] == "," || m + 1 == ge) && tok[m-1] != "." && ((stype, pos) in smember))
          member[smember[stype, pos], tok[m]] = 1
      }
      k = ge
    }
  }

  # Pass 2: the gotos of every body.
  for (f = 1; f <= nfunc; f++) {
    name = order[f]
    for (i = body_start[name]; i < body_end[name]; i++) {
      if (tok[i] != "goto") continue
      # the statement: up to the ";" at this nesting level
      d = 0
      for (e = i + 1; e <= ntok; e++) {
        if (tok[e] == "(" || tok[e] == "[") d++
        else if (tok[e] == ")" || tok[e] == "]") d--
        else if (tok[e] == ";" && d == 0) break
      }
      if (tok[e-1] != ")") continue               # goto label; goto *p;
      d = 0
      for (a = e - 1; a > i; a--) { if (tok[a] == ")") d++; else if (tok[a] == "(") { d--; if (d == 0) break } }
      if (a <= i + 1) continue
      cs = i + 1; ce = a - 1
      while (tok[cs] == "(" && close_of(cs) == ce) { cs++; ce-- }   # (callee)
      if (tok[cs] == "(" && close_of(cs) < ce && tok[close_of(cs) + 1] != "(") cs = close_of(cs) + 1   # a cast
      while (tok[cs] == "(" && close_of(cs) == ce) { cs++; ce-- }
      callee = text(cs, ce)
      nf++
      uses[name] = 1
      targets = ""
      if (cs == ce && (callee in gear)) { edge(name, callee, "solid"); targets = callee }
      else {
        found = 0
        if ((tok[ce-1] == "." || tok[ce-1] == "->") && tok[ce] ~ /^[A-Za-z_]/) {
          for (g in gear) if ((tok[ce], g) in member) { edge(name, g, "dashed"); targets = targets " " g; found = 1 }
        } else if (tok[ce] == "]") {
          d = 0
          for (j = ce; j >= cs; j--) { if (tok[j] == "]") d++; else if (tok[j] == "[") { d--; if (d == 0) break } }
          for (g in gear) if ((tok[j-1], g) in array) { edge(name, g, "dashed"); targets = targets " " g; found = 1 }
        }
        if (!found) {             # one node per gear and expression
          node = name "/" callee
          unresolved[node] = callee
          edge(name, node, "dotted"); targets = node
        }
      }
      # gears handed on as arguments: the target continues there
      d = 0
      for (k = a + 1; k < e - 1; k++) {
        if (tok[k] == "(" || tok[k] == "[") d++
        else if (tok[k] == ")" || tok[k] == "]") d--
        else if (d == 0 && (tok[k] in gear) && (tok[k-1] == "(" || tok[k-1] == ",") && (tok[k+1] == "," || tok[k+1] == ")")) {
          n = split(targets, tl, " ")
          for (m = 1; m <= n; m++) handed[tl[m], tok[k], name] = 1   # via: the gear that handed it on
        }
      }
    }
  }

  # --from: keep what is reachable.
  nroots = split(froms, roots, " ")
  if (nroots > 0) {
    for (r = 1; r <= nroots; r++) keep[roots[r]] = 1
    changed = 1
    while (changed) {
      changed = 0
      for (pair in seen_edge) {
        split(pair, ft, SUBSEP)
        if ((ft[1] in keep) && !(ft[2] in keep)) { keep[ft[2]] = 1; changed = 1 }
      }
      # A continuation counts only where a kept gear handed it on: cbc_sleep
      # resumes the chain that called it, not every chain that sleeps.
      for (triple in handed) {
        split(triple, ft, SUBSEP)
        if ((ft[1] in keep) && (ft[3] in keep) && !(ft[2] in keep)) { keep[ft[2]] = 1; changed = 1 }
      }
    }
  }
  for (triple in handed) {
    split(triple, ft, SUBSEP)
    if (nroots > 0 && !((ft[1] in keep) && (ft[3] in keep))) continue
    edge(ft[1], ft[2], "dotted")
  }

  print "digraph gears {"
  print "  rankdir=LR;"
  print "  node [fontname=\"Helvetica\", fontsize=11];"
  for (f = 1; f <= nfunc; f++) {
    name = order[f]
    if (nroots > 0 && !(name in keep)) continue
    if (kind[name] == "gear") printf "  \"%s\" [shape=ellipse];\n", name
    else if (name in uses) printf "  \"%s\" [shape=box];\n", name
  }
  for (node in unresolved)
    if (nroots == 0 || (node in keep))
      printf "  \"%s\" [label=\"%s\", shape=plaintext, fontcolor=gray40];\n", node, unresolved[node]
  for (pair in seen_edge) {
    split(pair, ft, SUBSEP)
    if (nroots > 0 && !(ft[1] in keep)) continue
    printf "  \"%s\" -> \"%s\" [style=%s];\n", ft[1], ft[2], seen_edge[pair]
  }
  print "}"
}' "$@"
}

# The same sources give the same bytes, whatever awk's order of walking its
# arrays: the nodes in the order of their definitions, then the grey nodes
# and the edges sorted (so a committed .dot can be compared with a new one).
sorted() {
  g=$(graph "$@") || return 1
  printf '%s\n' "$g" | sed -n '1,3p'
  printf '%s\n' "$g" | grep -E '^  "[^"]*" \[shape=(ellipse|box)\];$'
  printf '%s\n' "$g" | grep -E '^  "[^"]*" \[label=' | LC_ALL=C sort
  printf '%s\n' "$g" | grep -E '^  "[^"]*" -> ' | LC_ALL=C sort
  echo "}"
}

if [ -z "$out" ]; then
  sorted "$@"
elif [ "$format" = dot ]; then
  sorted "$@" > "$out"
else
  if ! command -v dot >/dev/null 2>&1; then
    echo "cbcgraph: --svg needs Graphviz (dot)" >&2
    exit 1
  fi
  sorted "$@" | dot -Tsvg -o "$out"
fi
