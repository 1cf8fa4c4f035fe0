; CbC and Gears highlights, on top of tree-sitter-c's queries/highlights.scm
; (editors load C's file first, then this one): only what CbC adds.

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
(implementation_definition
  name: (type_identifier) @type.definition
  interface: (type_identifier) @type)
(gear_parameter_list
  (type_identifier) @type.parameter)

((identifier) @variable.builtin
 (#match? @variable.builtin "^(__return|__environment|_CbC_return|_CbC_environment)$"))
