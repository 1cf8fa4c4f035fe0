; inherits: c
; Scopes, definitions and references that CbC adds (tree-sitter-c ships no
; locals query; editors that have one for C add theirs through the line above).
; A code gear is a scope; its parameters, continuations (`__code next(...)`,
; `__code (*done)(int, void *)`) included, are definitions there; the gear a
; `goto` names is a reference, so `goto next(...)` resolves to the parameter.
; An Interface is a scope for its type parameters (`<Type, Impl>`).

(function_definition
  type: (code_type)) @local.scope

(function_definition
  type: (code_type)
  declarator: (function_declarator
    parameters: (parameter_list
      (parameter_declaration
        declarator: [
          (identifier) @local.definition
          (pointer_declarator
            declarator: (identifier) @local.definition)
          (pointer_declarator
            declarator: (pointer_declarator
              declarator: (identifier) @local.definition))
          (function_declarator
            declarator: (identifier) @local.definition)
          (function_declarator
            declarator: (parenthesized_declarator
              (pointer_declarator
                declarator: (identifier) @local.definition)))
        ]))))

(gear_goto_statement
  function: (identifier) @local.reference)
(par_goto_statement
  function: (identifier) @local.reference)
(gear_argument_list
  (identifier) @local.reference)

(interface_definition) @local.scope
(interface_definition
  parameters: (gear_parameter_list
    (type_identifier) @local.definition))
(implementation_definition) @local.scope
(implementation_definition
  parameters: (gear_parameter_list
    (type_identifier) @local.definition))
(field_declaration_list
  (field_declaration
    type: (code_type)
    declarator: (function_declarator
      parameters: (parameter_list
        (parameter_declaration
          type: (type_identifier) @local.reference)))))
