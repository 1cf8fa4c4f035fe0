; inherits: c
; CbC and Gears highlights, on top of tree-sitter-c's queries/highlights.scm:
; only what CbC adds.  The tree-sitter CLI loads C's file first, then this one
; (package.json); Neovim and Helix do the same through the line above.

(code_type) @type.builtin

[
  "goto"
  "par goto"
  "impl"
] @keyword

(new_expression type: (new_type) @keyword)

(gear_goto_statement
  function: (identifier) @function)
(gear_goto_statement
  function: (field_expression
    field: (field_identifier) @function.method))
(par_goto_statement
  function: (identifier) @function)

(variadic_argument) @punctuation.special

(interface_definition
  name: (type_identifier) @type.definition)
(interface_definition
  body: (field_declaration_list
    (field_declaration
      type: (code_type)
      declarator: (function_declarator
        declarator: (field_identifier) @function.method))))
(implementation_definition
  name: (type_identifier) @type.definition
  interface: (type_identifier) @type)
(gear_parameter_list
  (type_identifier) @type.parameter)

((identifier) @variable.builtin
 (#match? @variable.builtin "^(__return|__environment|_CbC_return|_CbC_environment)$"))
