; TypeScript-only additions to javascript.scm.
(abstract_class_declaration) @def.class
; `namespace X { ... }` (also `export namespace`, `declare namespace`: `_JsExtractor._scoping`).
(internal_module) @def.namespace
(public_field_definition) @assign.field
; Parameters and value-less fields typed with a (maybe dotted) class name: `store: Store`,
; `constructor(private readonly store: Store)`, `@Inject() private store: Store`. Generic,
; union and primitive types are left out here, in C: they name no one class.
(required_parameter
  pattern: (identifier)
  type: (type_annotation [(type_identifier) (nested_type_identifier)])) @typed.parameter
(optional_parameter
  pattern: (identifier)
  type: (type_annotation [(type_identifier) (nested_type_identifier)])) @typed.parameter
; A constructor's parameter property (`private readonly base: string`): `this.base` too.
[(required_parameter [(accessibility_modifier) (override_modifier) "readonly"])
 (optional_parameter [(accessibility_modifier) (override_modifier) "readonly"])] @parameter.property
(public_field_definition
  !value
  type: (type_annotation [(type_identifier) (nested_type_identifier)])) @typed.field
