; Everything the Python extractor needs, in one pass of the query engine.
(import_statement) @import
(import_from_statement) @import_from
(function_definition) @def.function
(class_definition) @def.class
; The definitions written under decorators: only theirs are looked up.
(decorated_definition [(function_definition) (class_definition)] @decorated)
(lambda) @def.lambda
(call) @call
(await (call) @awaited)
(yield) @yield
(return_statement) @return
(assignment) @assign
(with_item value: (as_pattern)) @with
(for_statement left: (_) @for_target)
; Names a function may rebind besides `=`: its parameters then hold another value.
(augmented_assignment left: (identifier) @rebind)
; An attribute rebound so: it no longer holds what its assignment says.
(augmented_assignment left: (attribute) @rebind.member)
(named_expression name: (identifier) @rebind)
; An entry of a dict changed in place (`kwargs["prefix"] += "/"`, `del kwargs["prefix"]`):
; a `**kwargs` parameter no longer hands on only what the caller gave.
(augmented_assignment left: (subscript) @rebind.entry)
(delete_statement) @delete
; Names a function assigns in the module's or an enclosing function's scope.
(global_statement) @global
(nonlocal_statement) @nonlocal
