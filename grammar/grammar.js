/**
 * tree-sitter-cbc: Continuation based C (CbC) and the Gears meta level, as an
 * extension of tree-sitter-c (the pinned version is in package.json).
 *
 * Everything that is C stays exactly as tree-sitter-c parses it; this file only
 * adds what CbC and Gears add, each as a `($, original) => choice(original, ...)`
 * override or a new rule:
 *
 *   __code                       a type specifier (code_type): return type of a code
 *                                gear, and of code-gear pointers in every declarator
 *                                position C allows (parameters, fields, arrays,
 *                                typedefs, casts, sizeof) -- all of those come free
 *                                from C's declarator rules once __code is a type.
 *   goto f(args);                gear_goto_statement: continue to a code gear through
 *                                any callee expression; arguments may include `...`.
 *   par goto f(args);            par_goto_statement (spawn a task).
 *   goto *p;                     computed_goto_statement (GNU C; tree-sitter-c lacks it).
 *   &&label                      label_address_expression (GNU C; same).
 *   typedef struct I<T, Impl> {...} I;            interface_definition
 *   typedef struct S <T, Isa> impl I {...} S;     implementation_definition
 *   new T()                      new_expression: allocate a data gear.
 *
 * Keywords and C names.  tree-sitter extracts every string that looks like an
 * identifier as a keyword, and the lexer returns the keyword wherever the parse
 * state accepts it.  `__code` and `impl` are safe as keywords: the first is a
 * reserved name, the second is only ever accepted right after `struct S<...>`.
 * `par` and `new` are not safe: `par = 1;` and `new = alloc();` are valid C at
 * statement start, where a `par goto` or a `new T()` could also begin.  So each is
 * one token that includes what must follow it (`par goto`, `new T`): the lexer
 * takes the longest match, and for `par = 1` or `new = x` that token fails to
 * match and the plain identifier wins.
 */

const C = require('tree-sitter-c/grammar');

const commaSep = C.commaSep;
const commaSep1 = C.commaSep1;
const preprocIf = C.preprocIf;
const PREC = C.PREC;

// `rule` (a seq) with one or more trailing macro_modifiers right after its
// _declaration_specifiers: `void __user *p`, `int __init setup(void) {...}`.
function withTrailingMacros($, rule) {
  const at = rule.type === 'SEQ'
    ? rule.members.findIndex(m => m.type === 'SYMBOL' && m.name === '_declaration_specifiers')
    : -1;
  if (at < 0) {
    throw new Error('withTrailingMacros: no _declaration_specifiers in the rule');
  }
  return seq(
    ...rule.members.slice(0, at + 1),
    repeat1($._trailing_macro_modifier),
    ...rule.members.slice(at + 1),
  );
}

module.exports = grammar(C, {
  name: 'cbc',

  // Where both readings go on until one fails (GLR), each for the macro
  // decorations below:
  conflicts: ($, original) => original.concat([
    // a name before the type: the macro or the type (`EXPORT int x;`, `T x;`),
    [$._leading_macro_modifier, $.type_specifier],
    // or the type of tree-sitter-c's `T long` (`EXPORT long x;`),
    [$._leading_macro_modifier, $.sized_type_specifier],
    // or, in a parameter list, a parenthesized declarator;
    [$._leading_macro_modifier, $._declarator, $.type_specifier],
    // `NAME(` at file scope: a call, a declaration `T (x)`, a macro type
    // `M(T)`, or a macro call with a declaration argument `M(const T x;)`,
    [$.type_specifier, $.expression, $.macro_type_specifier, $.macro_invocation],
    // and after `M(const`, a type name or a declaration.
    [$._declaration_modifiers, $.type_descriptor],
  ]),

  rules: {
    _top_level_item: ($, original) => choice(
      original,
      $.interface_definition,
      $.implementation_definition,
      $.static_assert_declaration,
      $.macro_invocation,
    ),

    // (A block item too: the items of an #if/#ifdef at file scope, as in an
    // include guard, are block items.)
    _block_item: ($, original) => choice(
      original,
      $.interface_definition,
      $.implementation_definition,
      $.static_assert_declaration,
      $.macro_invocation,
    ),

    // __code as a type: `__code f(int x) {...}`, `__code (*k)(int)`, ...
    type_specifier: ($, original) => choice(
      original,
      $.code_type,
      $.typeof_specifier,
      $.atomic_specifier,
    ),

    code_type: _ => '__code',

    _non_case_statement: ($, original) => choice(
      original,
      $.gear_goto_statement,
      $.par_goto_statement,
      $.computed_goto_statement,
    ),

    // goto next(x);  goto (*exit1)(0, env);  goto c->ret(k, sp);  goto CODES[op](i);
    // goto next(...);  goto next(out, ...);
    gear_goto_statement: $ => seq(
      'goto',
      field('function', $._gear_callee),
      field('arguments', $.gear_argument_list),
      ';',
    ),

    // par goto f(args, __exit);
    par_goto_statement: $ => seq(
      alias(token(seq('par', /[ \t\r\n]+/, 'goto')), 'par goto'),
      field('function', $._gear_callee),
      field('arguments', $.gear_argument_list),
      ';',
    ),

    // The callee of a gear goto.  A dereference must be parenthesised,
    // `goto (*p)(x);`, because `goto *p...;` is GNU C's computed goto; so must a
    // call that returns a gear pointer, `goto (pick(op))(x);`, so that the
    // parenthesised list after a name is always the goto's own arguments.
    // The prec(1)s make `goto f(a)` mean "continue to f with (a)" rather than
    // the start of a callee like `f(a).next`.
    _gear_callee: $ => choice(
      prec(1, $.identifier),
      prec(1, $.field_expression),
      prec(1, $.subscript_expression),
      prec(1, $.parenthesized_expression),
    ),

    gear_argument_list: $ => seq(
      '(',
      commaSep(choice($.expression, $.variadic_argument)),
      ')',
    ),

    // `...` in a gear goto: pass the remaining output data gears through.
    variadic_argument: _ => '...',

    // goto *tbl[i];
    computed_goto_statement: $ => seq(
      'goto',
      '*',
      field('target', $.expression),
      ';',
    ),

    _expression_not_binary: ($, original) => choice(
      original,
      $.new_expression,
      $.label_address_expression,
      $.va_arg_expression,
      $.types_compatible_expression,
    ),

    // &&label (GNU labels as values).  Only valid where an operand may start, so
    // `a && b` still lexes as the binary operator.
    label_address_expression: $ => prec(14, seq(
      '&&',
      field('label', alias($.identifier, $.statement_identifier)),
    )),

    // new Node()  -- see the header comment for why `new T` is one token.
    new_expression: $ => seq(
      field('type', alias(
        token(seq('new', /[ \t\r\n]+/, /[A-Za-z_][A-Za-z0-9_]*/)),
        $.new_type,
      )),
      '(',
      ')',
    ),

    // typedef struct Stack<Type, Impl> { union Data* stack; ... __code next(...); } Stack;
    interface_definition: $ => seq(
      'typedef',
      'struct',
      field('name', alias($.identifier, $.type_identifier)),
      field('parameters', $.gear_parameter_list),
      field('body', $.field_declaration_list),
      field('declarator', alias($.identifier, $.type_identifier)),
      ';',
    ),

    // typedef struct SingleLinkedStack <Type, Isa> impl Stack { struct Element* top; } SingleLinkedStack;
    implementation_definition: $ => seq(
      'typedef',
      'struct',
      field('name', alias($.identifier, $.type_identifier)),
      optional(field('parameters', $.gear_parameter_list)),
      'impl',
      field('interface', alias($.identifier, $.type_identifier)),
      field('body', $.field_declaration_list),
      field('declarator', alias($.identifier, $.type_identifier)),
      ';',
    ),

    // <Type, Impl>
    gear_parameter_list: $ => seq(
      '<',
      commaSep(alias($.identifier, $.type_identifier)),
      '>',
    ),

    // ---- C11/GNU C that tree-sitter-c lacks ----
    //
    // Each rule below adds a construct of C11 or of the GNU C that kernels use
    // and that tree-sitter-c 0.23.6 rejects (or parses as something else).
    // Where tree-sitter-c's rule has to change inside, it is redefined whole;
    // it then gives the same tree as before for everything it accepted.
    // The new keywords are reserved names (_Static_assert, __typeof__, ...),
    // keywords of GNU C or C23 (typeof, typeof_unqual, static_assert), or
    // macros of <stdarg.h> (va_arg); as with `offsetof` in tree-sitter-c, such
    // a name is then no longer an identifier where the construct may start.

    // C11 _Thread_local (`thread_local` and GNU `__thread` are already there).
    storage_class_specifier: ($, original) => choice(
      original,
      '_Thread_local',
    ),

    // GNU typeof / C23 typeof_unqual, of an expression or of a type name:
    // `typeof(x)`, `__typeof__(vars[0] + 0)`, `typeof(struct s *)`.  Where both
    // readings are possible (`typeof(a[0])`, `typeof(T)`) the expression wins:
    // that is what kernel code means almost always.
    typeof_specifier: $ => seq(
      choice('typeof', '__typeof__', '__typeof', 'typeof_unqual', '__typeof_unqual__'),
      '(',
      choice(
        prec.dynamic(1, field('value', $.expression)),
        field('type', $.type_descriptor),
      ),
      ')',
    ),

    // C11 _Atomic(type) as a type specifier.  `_Atomic` followed by `(` is
    // always the specifier (C11 6.7.2.4p4), so the prec makes it shift `(`
    // rather than end as the type_qualifier `_Atomic`.
    atomic_specifier: $ => prec(1, seq(
      '_Atomic',
      '(',
      field('type', $.type_descriptor),
      ')',
    )),

    // C11 _Complex / _Imaginary and GNU __complex__, as modifiers in the same
    // place as long and unsigned: `_Complex double`, `long double _Complex`;
    // and GNU's spellings of signed, `typedef __signed__ char __s8;`.
    // (Redefines tree-sitter-c's rule with the longer modifier list.)
    sized_type_specifier: $ => {
      const modifier = choice(
        'signed', 'unsigned', 'long', 'short',
        '_Complex', '__complex__', '__complex', '_Imaginary',
        '__signed', '__signed__',
      );
      return choice(
        seq(
          repeat(modifier),
          field('type', optional(choice(
            prec.dynamic(-1, $._type_identifier),
            $.primitive_type,
          ))),
          repeat1(modifier),
        ),
        seq(
          repeat1(modifier),
          repeat($.type_qualifier),
          field('type', optional(choice(
            prec.dynamic(-1, $._type_identifier),
            $.primitive_type,
          ))),
          repeat(modifier),
        ),
      );
    },

    // GNU `enum __attribute__((packed)) tag {...}` (and the same for union;
    // tree-sitter-c allows it for struct only).
    enum_specifier: ($, original) => choice(
      original,
      seq(
        'enum',
        $.attribute_specifier,
        choice(
          seq(
            field('name', $._type_identifier),
            optional(seq(':', field('underlying_type', $.primitive_type))),
            field('body', optional($.enumerator_list)),
          ),
          field('body', $.enumerator_list),
        ),
        optional($.attribute_specifier),
      ),
    ),

    union_specifier: ($, original) => choice(
      original,
      prec.right(seq(
        'union',
        $.attribute_specifier,
        choice(
          seq(
            field('name', $._type_identifier),
            field('body', optional($.field_declaration_list)),
          ),
          field('body', $.field_declaration_list),
        ),
        optional($.attribute_specifier),
      )),
    ),

    // GNU attributes after a declarator: `int x __attribute__((unused)) = 1;`,
    // `char v[] __attribute__((section(".x"))) = "...";`.  The same node as
    // C23's `int x [[maybe_unused]];`.  (A function declarator keeps its own
    // trailing attributes, and so does a parameter declaration: hence the -1.)
    attributed_declarator: ($, original) => choice(
      original,
      prec.right(-1, seq(
        $._declarator,
        repeat1($.attribute_specifier),
      )),
    ),

    // GNU statement attributes: `__attribute__((fallthrough));`, and an
    // attribute after a label, `out: __attribute__((unused));`.
    attributed_statement: ($, original) => choice(
      original,
      seq(
        repeat1($.attribute_specifier),
        $.statement,
      ),
    ),

    // GNU case ranges: `case 'a' ... 'z':`.  Also lets a case body hold a
    // _Static_assert, as any block may.  (Redefines tree-sitter-c's rule.)
    case_statement: $ => prec.right(seq(
      choice(
        seq('case', field('value', choice($.expression, $.case_range))),
        'default',
      ),
      ':',
      repeat(choice(
        $._non_case_statement,
        $.declaration,
        $.type_definition,
        $.static_assert_declaration,
      )),
    )),

    case_range: $ => seq(
      field('start', $.expression),
      '...',
      field('end', $.expression),
    ),

    // C11 _Static_assert (C23 static_assert), at file scope, in a block and as
    // a struct member.  The message is optional from C23 (and in GCC).
    static_assert_declaration: $ => seq(
      choice('_Static_assert', 'static_assert'),
      '(',
      field('condition', $.expression),
      optional(seq(',', field('message', choice($.string_literal, $.concatenated_string)))),
      ')',
      ';',
    ),

    _field_declaration_list_item: ($, original) => choice(
      original,
      $.static_assert_declaration,
    ),

    // Unnamed bit-fields: `unsigned : 8;`, `int a : 3, : 5, b : 2;`.
    // (Redefines tree-sitter-c's rule.)
    _field_declaration_declarator: $ => commaSep1(choice(
      seq(
        field('declarator', $._field_declarator),
        optional($.bitfield_clause),
      ),
      $.bitfield_clause,
    )),

    // #if/#ifdef/#else/#endif around entries of an initializer list, each
    // branch holding complete `x,` entries (or nested conditionals).
    // (Redefines tree-sitter-c's rule: the same entries, commas and trees,
    // plus the conditionals; only the non-C `{,}` is no longer accepted.)
    initializer_list: $ => seq(
      '{',
      repeat(choice(
        seq(choice($.initializer_pair, $.expression, $.initializer_list), ','),
        alias($.preproc_if_in_initializer_list, $.preproc_if),
        alias($.preproc_ifdef_in_initializer_list, $.preproc_ifdef),
      )),
      optional(choice($.initializer_pair, $.expression, $.initializer_list)),
      '}',
    ),

    ...preprocIf('_in_initializer_list', $ => choice(
      seq(choice($.initializer_pair, $.expression, $.initializer_list), ','),
      alias($.preproc_if_in_initializer_list, $.preproc_if),
      alias($.preproc_ifdef_in_initializer_list, $.preproc_ifdef),
    )),

    // The same around parameters, each branch holding complete `T x,`
    // parameters (or nested conditionals), the last parameter outside:
    //   int f(int a,
    //   #ifdef CONFIG_X
    //         int b,
    //   #endif
    //         int c);
    // (Redefines tree-sitter-c's rule: the same parameters and trees, plus the
    // conditionals.)
    parameter_list: $ => {
      const parameter = choice($.parameter_declaration, $.variadic_parameter);
      return seq(
        '(',
        choice(
          optional(seq(
            repeat(choice(
              seq(parameter, ','),
              alias($.preproc_if_in_parameter_list, $.preproc_if),
              alias($.preproc_ifdef_in_parameter_list, $.preproc_ifdef),
            )),
            parameter,
          )),
          $.compound_statement,
        ),
        ')',
      );
    },

    ...preprocIf('_in_parameter_list', $ => choice(
      seq($.parameter_declaration, ','),
      alias($.preproc_if_in_parameter_list, $.preproc_if),
      alias($.preproc_ifdef_in_parameter_list, $.preproc_ifdef),
    )),

    // GNU va_arg with its type-name argument: `va_arg(ap, const char *)`,
    // `__builtin_va_arg(ap, int)`.
    va_arg_expression: $ => prec(PREC.CALL, seq(
      choice('va_arg', '__builtin_va_arg'),
      '(',
      field('argument', $.expression),
      ',',
      field('type', $.type_descriptor),
      ')',
    )),

    // GNU __builtin_types_compatible_p(T1, T2).
    types_compatible_expression: $ => prec(PREC.CALL, seq(
      '__builtin_types_compatible_p',
      '(',
      field('left', $.type_descriptor),
      ',',
      field('right', $.type_descriptor),
      ')',
    )),

    // GNU __builtin_offsetof, and a member path in either spelling:
    // `offsetof(struct s, a.b)`, `__builtin_offsetof(struct s, v[3])`.
    // (Redefines tree-sitter-c's rule; `offsetof(T, m)` parses as before.)
    offsetof_expression: $ => prec(PREC.OFFSETOF, seq(
      choice('offsetof', '__builtin_offsetof'),
      '(',
      field('type', $.type_descriptor),
      ',',
      field('member', choice($._field_identifier, $.offsetof_designator)),
      ')',
    )),

    // The member path of offsetof: a.b, a[3], a.b[i].c
    offsetof_designator: $ => seq(
      $._field_identifier,
      repeat1(choice($.field_designator, $.subscript_designator)),
    ),

    // ---- Macro decorations (source mode reads C before preprocessing) ----
    //
    // Real C decorates declarations with macros that expand to storage
    // classes, attributes or nothing: `LUAI_FUNC void luaX_init(lua_State *L);`,
    // `static __init int setup(void)`, `NOINLINE __code g(int x)` before the
    // type, `void __user *p`, `int __init setup(void)` after it.  A name is
    // such a macro_modifier only where no other reading parses, so that every
    // tree tree-sitter-c gave stays as it was:
    //
    //  - before the type: `EXPORT T x;` and `T x;` both start with a name
    //    and a name, so both readings go on (the conflict below) until one
    //    fails; where both parse (`T f(x);` is a prototype, not `T`
    //    decorating `f (x)`), the dynamic precedence makes the old tree win;
    //  - after the type, before the declarator: a name followed by a name or
    //    a `*` cannot be the declarator; followed by anything else it is (the
    //    static precedence), so `int __init (f)(void)` is not taken.
    _declaration_specifiers: $ => prec.right(seq(
      repeat(choice($._declaration_modifiers, $._leading_macro_modifier)),
      field('type', $.type_specifier),
      repeat($._declaration_modifiers),
    )),

    _leading_macro_modifier: $ => prec.dynamic(-2, alias($.identifier, $.macro_modifier)),

    _trailing_macro_modifier: $ => prec.dynamic(-3, prec(-1, alias($.identifier, $.macro_modifier))),

    declaration: ($, original) => choice(original, withTrailingMacros($, original)),

    function_definition: ($, original) => choice(original, withTrailingMacros($, original)),

    parameter_declaration: ($, original) => choice(original, withTrailingMacros($, original)),

    field_declaration: ($, original) => choice(original, withTrailingMacros($, original)),

    // And in a type name, as in casts: `(void __user *)arg`, `(T __force)x`,
    // `sizeof(struct page __rcu *)`: followed by pointers only, so that a
    // name followed by `[` or `(` stays a declarator wherever one may be;
    // and where a declaration may also begin, `FOO(T x[3];)`, the -1 lets it.
    type_descriptor: ($, original) => choice(
      original,
      prec(-1, seq(
        repeat($.type_qualifier),
        field('type', $.type_specifier),
        repeat($.type_qualifier),
        repeat1($._trailing_macro_modifier),
        field('declarator', optional($.abstract_pointer_declarator)),
      )),
    ),

    // A macro call that stands for declarations at file scope, without a
    // `;` after it: `DEFINE_SPINLOCK(l)` followed by the next declaration,
    // `module_init(f)` at the end of a file.  (With the `;` it is an
    // expression statement, as before; the -1 keeps it that.  Where another
    // reading parses, it wins: `for_each_class(c) { ... }` in a function
    // stays what tree-sitter-c made of it, a nested function definition.)
    //
    // And a macro call at file scope whose argument is a declaration, as
    // Lua's `LUAI_DDEC(const char *const luaT_typenames_[LUA_TOTALTYPES];)`.
    macro_invocation: $ => choice(
      prec.dynamic(-20, prec(-1, $.call_expression)),
      prec.dynamic(-1, seq(
        field('macro', $.identifier),
        '(',
        field('declaration', $.declaration),
        ')',
      )),
    ),

    // The value of a #define (and the argument of other directives) with a
    // block comment inside it, before more of the value on the line or on
    // a continuation line:
    //   #define setcistrecst(ci,st)  \
    //     check_exp(((st) & 7) == (st),   /* must fit in three bits */  \
    //               ((ci)->callstatus = ...))
    // tree-sitter-c's preproc_arg stops at the comment, and the rest of the
    // value then parses as C.  The token now takes such a comment in (the
    // value is one preproc_arg, as before); a comment that ends the value
    // stays a comment node after it, as in tree-sitter-c.  (Redefines
    // tree-sitter-c's token with one more alternative.)
    preproc_arg: _ => {
      const blockComment = /\/\*([^*]|\*+[^*\/])*\*+\//;
      const moreValue = /[ \t]*(\\\r?\n|[^\s\/])/;
      return token(prec(-1, seq(
        /\S/,
        repeat(choice(
          /[^\/\n]/,
          /\/[^*]/,
          /\\\r?\n/,
          seq(blockComment, moreValue),
        )),
      )));
    },

    // ---- GNU spellings that preprocessed system headers use ----
    //
    // glibc's and Linux's headers, once preprocessed, spell qualifiers and
    // modifiers the GNU way (`__const`, `__restrict`, `typedef __signed__
    // char __s8;`) and put asm labels on declarations.  (The _FloatN types
    // stay names, type_identifier, as in tree-sitter-c: clang's headers
    // typedef them, `typedef float _Float32;`, and gearsc resolves them
    // through that typedef; as primitive_type gearsc would take them for
    // integers.)

    // `__const`, `__volatile__`, `__restrict` (which tree-sitter-c knew only
    // as the MS pointer modifier after `*`: that reading stays there, hence
    // the -1; elsewhere, as in `int a[__restrict 2]`, it is a qualifier).
    type_qualifier: ($, original) => choice(
      original,
      '__const',
      '__const__',
      '__volatile',
      '__volatile__',
      prec(-1, '__restrict'),
    ),

    // `asm __volatile (...)` (`__volatile__` is already there).
    gnu_asm_qualifier: ($, original) => choice(
      original,
      '__volatile',
    ),

    // GNU C's imaginary constants: a number with an `i` or `j` among its
    // suffixes, `3.0i`, `2i`, `1.5fi`, `4j`, `1if`.  (The token is
    // tree-sitter-c's, optionally followed by such a suffix.)
    number_literal: ($, original) => {
      if (original.type !== 'TOKEN') {
        throw new Error('tree-sitter-c number_literal is no longer a token');
      }
      return token(seq(
        original.content,
        optional(/[iIjJ][uUlLwWfFbBdDiIjJ]*/),
      ));
    },

    // GNU __real__ x and __imag__ x: unary operators like `-x`.
    unary_expression: ($, original) => choice(
      original,
      prec.left(PREC.UNARY, seq(
        field('operator', choice('__real__', '__real', '__imag__', '__imag')),
        field('argument', $.expression),
      )),
    ),

    // An asm label on a declarator that has an initializer, as on GNU
    // register variables: `register long x0 __asm__("x0") = num;`.  (Without
    // an initializer, tree-sitter-c already takes `int x __asm__("y");`.)
    init_declarator: ($, original) => choice(
      original,
      seq(
        field('declarator', $._declaration_declarator),
        $.gnu_asm_expression,
        '=',
        field('value', choice($.initializer_list, $.expression)),
      ),
    ),
  },
});
