; inherits: c
; Tags that CbC adds to tree-sitter-c's queries/tags.scm (which already tags
; every gear definition and prototype, as it tags C functions): Interfaces,
; their methods, implementations, and gotos as calls.  (`new T()` is one
; token, "new T", so it cannot name T here.)

(interface_definition
  name: (type_identifier) @name) @definition.interface

(interface_definition
  body: (field_declaration_list
    (field_declaration
      type: (code_type)
      declarator: (function_declarator
        declarator: (field_identifier) @name)) @definition.method))

(implementation_definition
  name: (type_identifier) @name) @definition.class

(implementation_definition
  interface: (type_identifier) @name) @reference.implementation

(gear_goto_statement
  function: [
    (identifier) @name
    (field_expression field: (field_identifier) @name)
  ]) @reference.call

(par_goto_statement
  function: [
    (identifier) @name
    (field_expression field: (field_identifier) @name)
  ]) @reference.call
