; Everything the JS/TS extractor needs, in one pass of the query engine. Shared by the
; javascript, typescript and tsx grammars: only node types common to all three appear here.
(import_statement) @import
(export_statement) @export
(function_declaration) @def.function
(generator_function_declaration) @def.function
(function_expression) @def.function
(generator_function) @def.function
(arrow_function) @def.function
(method_definition) @def.method
(class_declaration) @def.class
(class) @def.class
; Most files have no decorator: their definitions are not looked at for one.
(decorator) @decorator
(call_expression) @call
(new_expression) @new
(await_expression (call_expression) @awaited)
(variable_declarator) @assign.declarator
(assignment_expression) @assign.expression
(for_in_statement) @loop
; A name rebound besides `=`: a parameter then holds another value than the caller gave.
(augmented_assignment_expression left: (identifier) @rebind)
(update_expression argument: (identifier) @rebind)
; A member rebound so: it no longer holds what its assignment says.
(augmented_assignment_expression left: (member_expression) @rebind.member)
(return_statement) @return
