; TypeScript-only additions to javascript.scm.
(abstract_class_declaration) @def.class
(public_field_definition) @assign.field
