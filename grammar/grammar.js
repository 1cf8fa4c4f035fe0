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

module.exports = grammar(C, {
  name: 'cbc',

  rules: {
    _top_level_item: ($, original) => choice(
      original,
      $.interface_definition,
      $.implementation_definition,
    ),

    _block_item: ($, original) => choice(
      original,
      $.interface_definition,
      $.implementation_definition,
    ),

    // __code as a type: `__code f(int x) {...}`, `__code (*k)(int)`, ...
    type_specifier: ($, original) => choice(
      original,
      $.code_type,
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
  },
});
