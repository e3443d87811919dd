; JavaScript-only additions to javascript.scm (the TypeScript grammars name these differently).
(field_definition) @assign.field
